package io.ringbook.tools;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A progress line for long-running commands, redrawn twice a second on stderr, only when the command runs on a
 * terminal (so logs and pipes get none of it), and wiped when the work is done.
 */
public final class Progress implements AutoCloseable
{
    private static final long PERIOD_MS = 500;

    private final PrintWriter err;
    private final String name;
    private final LongSupplier done;
    private final long total;
    private final String unit;
    private final long startNs = System.nanoTime();
    private final Thread thread;
    private volatile boolean running = true;
    private int width;

    private Progress(
        final PrintWriter err, final String name, final LongSupplier done, final long total, final String unit)
    {
        this.err = err;
        this.name = name;
        this.done = done;
        this.total = total;
        this.unit = unit;
        thread = new Thread(this::run, "progress");
        thread.setDaemon(true);
    }

    /**
     * @param done  how much is done so far (read from this class's own thread: a racy read is fine).
     * @param total how much there is, or 0 when unknown.
     * @param unit  what {@code done} counts ("commands", "MB written").
     * @return a running progress line, or one that prints nothing when stderr is not a terminal.
     */
    public static Progress start(
        final PrintWriter err, final String name, final LongSupplier done, final long total, final String unit)
    {
        final Progress progress = new Progress(err, name, done, total, unit);
        if (System.console() != null)
        {
            progress.thread.start();
        }
        return progress;
    }

    /**
     * @return the line as it would be drawn now.
     */
    String line()
    {
        final long value = done.getAsLong();
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        final StringBuilder text = new StringBuilder(name).append(": ")
            .append(String.format(Locale.ROOT, "%,d", value));
        if (total > 0)
        {
            text.append(String.format(Locale.ROOT, " of %,d %s (%d%%)", total, unit,
                Math.min(100, value * 100 / total)));
        }
        else
        {
            text.append(' ').append(unit);
        }
        return text.append(String.format(Locale.ROOT, ", %.0f s", seconds)).toString();
    }

    private void run()
    {
        while (running)
        {
            try
            {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MS); // a redraw period, not a wait for a condition
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            if (running)
            {
                final String line = line();
                synchronized (err)
                {
                    err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
                    err.flush();
                }
                width = line.length();
            }
        }
    }

    public void close()
    {
        running = false;
        thread.interrupt();
        try
        {
            thread.join(1_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        if (width > 0)
        {
            synchronized (err)
            {
                err.print("\r" + " ".repeat(width) + "\r");
                err.flush();
            }
        }
    }
}
