package io.ringbook.tools.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code ringbook engine --config FILE} as a child JVM, started the way the {@code ./ringbook} launcher starts it
 * (the flags of {@code jvm-flags.properties}, plus the JDK 24+ ones) but on the test class path, so it runs the code
 * under test without the shaded jar. Its stdout and stderr are read into line lists by two daemon threads; waits on
 * them have deadlines. {@link #close()} ends the process, forcibly if SIGTERM does not do it in time.
 */
final class EngineProcess implements AutoCloseable
{
    static final String MAIN_CLASS = "io.ringbook.tools.RingbookCli";
    private static final long DESTROY_GRACE_MS = 10_000;

    private final Process process;
    private final Lines stdout;
    private final Lines stderr;

    private EngineProcess(final Process process)
    {
        this.process = process;
        this.stdout = new Lines(process.getInputStream(), "engine-stdout-" + process.pid());
        this.stderr = new Lines(process.getErrorStream(), "engine-stderr-" + process.pid());
    }

    /**
     * Start {@code ringbook engine --config configFile}.
     */
    static EngineProcess start(final Path configFile)
    {
        return startCli(List.of("engine", "--config", configFile.toString()));
    }

    /**
     * Start {@code ringbook ARGS...} (any command, e.g. {@code tail}) the same way.
     */
    static EngineProcess startCli(final List<String> args)
    {
        return startCli(List.of(), args);
    }

    /**
     * Start {@code ringbook ARGS...} inside a network namespace ({@code ip netns exec NAMESPACE java ...}; ip execs
     * the JVM, so {@link #pid()} is the JVM's and signals reach it).
     */
    static EngineProcess startCliInNamespace(final String namespace, final List<String> args)
    {
        return startCli(List.of("ip", "netns", "exec", namespace), args);
    }

    private static EngineProcess startCli(final List<String> prefix, final List<String> args)
    {
        final List<String> command = new ArrayList<>(prefix);
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        // Small and quiet: the machine is shared and has two cores.
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MAIN_CLASS);
        command.addAll(args);
        try
        {
            return new EngineProcess(new ProcessBuilder(command).start());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot start " + command, ex);
        }
    }

    /**
     * The flags of {@code jvm-flags.properties} at the repository root (Surefire names the root in
     * {@code ringbook.root.dir}), read as {@code ./ringbook} reads them, with the JDK 24+ additions.
     */
    static List<String> jvmFlags()
    {
        final String root = System.getProperty("ringbook.root.dir");
        if (root == null)
        {
            throw new IllegalStateException("system property ringbook.root.dir is not set (Surefire sets it)");
        }
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of(root, "jvm-flags.properties"), StandardCharsets.UTF_8))
        {
            properties.load(reader);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        final String flags = properties.getProperty("ringbook.jvm.flags");
        if (flags == null || flags.isBlank())
        {
            throw new IllegalStateException("no ringbook.jvm.flags in " + root + "/jvm-flags.properties");
        }
        final List<String> result = new ArrayList<>(Arrays.asList(flags.trim().split("\\s+")));
        if (Runtime.version().feature() >= 24)
        {
            result.add("--enable-native-access=ALL-UNNAMED");
            result.add("--sun-misc-unsafe-memory-access=allow");
        }
        return result;
    }

    long pid()
    {
        return process.pid();
    }

    boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Send a signal by name ({@code STOP}, {@code CONT}, ...) with {@code kill -NAME pid}.
     */
    void signal(final String name)
    {
        try
        {
            final Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid()))
                .redirectErrorStream(true).start();
            final String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0)
            {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed: " + output);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    /**
     * Wait for a line on stdout that contains the text; fails with everything the process printed, or as soon as
     * the process exits without printing it.
     */
    String awaitStdout(final String contains, final long timeoutMs)
    {
        return awaitLine(stdout, line -> line.contains(contains), "a stdout line containing '" + contains + "'",
            timeoutMs);
    }

    private String awaitLine(final Lines lines, final Predicate<String> match, final String what, final long timeoutMs)
    {
        final String line = lines.await(match, timeoutMs);
        if (line == null)
        {
            throw new AssertionError("engine process " + process.pid() + ": no " + what + " within " + timeoutMs +
                "ms (" + (process.isAlive() ? "still running" : "exited " + process.exitValue()) + ")\n" +
                describe());
        }
        return line;
    }

    /**
     * SIGTERM and wait for the exit. Sent with {@link ProcessHandle#destroy()}: {@link Process#destroy()} sends the
     * same signal on Linux but also closes our ends of the process's pipes, which loses what it prints while it stops.
     *
     * @return the exit code.
     */
    int terminate(final long timeoutMs)
    {
        if (!process.toHandle().destroy())
        {
            throw new AssertionError("could not signal engine process " + process.pid());
        }
        return awaitExit(timeoutMs);
    }

    /**
     * SIGKILL, as a crash: the process gets no chance to flush, drain or say goodbye.
     *
     * @return the exit code (137 on Linux).
     */
    int kill(final long timeoutMs)
    {
        if (!process.toHandle().destroyForcibly())
        {
            throw new AssertionError("could not kill engine process " + process.pid());
        }
        return awaitExit(timeoutMs);
    }

    /**
     * Wait for the process to exit and for its output to be read to the end.
     */
    int awaitExit(final long timeoutMs)
    {
        try
        {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS))
            {
                throw new AssertionError("engine process " + process.pid() + " did not exit within " + timeoutMs +
                    "ms\n" + describe());
            }
            stdout.awaitEnd(timeoutMs);
            stderr.awaitEnd(timeoutMs);
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
    }

    List<String> stdoutLines()
    {
        return stdout.snapshot();
    }

    List<String> stderrLines()
    {
        return stderr.snapshot();
    }

    String describe()
    {
        return "--- stdout ---\n" + String.join("\n", stdout.snapshot()) + "\n--- stderr ---\n" +
            String.join("\n", stderr.snapshot());
    }

    /**
     * End the process if it still runs: SIGTERM, then SIGKILL after a grace period.
     */
    public void close()
    {
        if (process.isAlive())
        {
            process.destroy();
            try
            {
                if (!process.waitFor(DESTROY_GRACE_MS, TimeUnit.MILLISECONDS))
                {
                    process.destroyForcibly();
                    process.waitFor(DESTROY_GRACE_MS, TimeUnit.MILLISECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The lines of one output stream, read by a daemon thread.
     */
    private static final class Lines
    {
        private final List<String> lines = new ArrayList<>();
        private boolean ended;

        Lines(final InputStream in, final String threadName)
        {
            final Thread reader = new Thread(() -> read(in), threadName);
            reader.setDaemon(true);
            reader.start();
        }

        private void read(final InputStream in)
        {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    synchronized (this)
                    {
                        lines.add(line);
                        notifyAll();
                    }
                }
            }
            catch (final IOException ignore)
            {
                // the process went; what was read is kept
            }
            finally
            {
                synchronized (this)
                {
                    ended = true;
                    notifyAll();
                }
            }
        }

        synchronized String await(final Predicate<String> match, final long timeoutMs)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            int checked = 0;
            while (true)
            {
                for (; checked < lines.size(); checked++)
                {
                    if (match.test(lines.get(checked)))
                    {
                        return lines.get(checked);
                    }
                }
                final long leftNs = deadlineNs - System.nanoTime();
                if (ended || leftNs <= 0)
                {
                    return null;
                }
                try
                {
                    // Woken by each new line; the bound only caps the wait.
                    TimeUnit.NANOSECONDS.timedWait(this, Math.min(leftNs, TimeUnit.MILLISECONDS.toNanos(100)));
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
        }

        synchronized void awaitEnd(final long timeoutMs) throws InterruptedException
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (!ended)
            {
                final long leftNs = deadlineNs - System.nanoTime();
                if (leftNs <= 0)
                {
                    return;
                }
                TimeUnit.NANOSECONDS.timedWait(this, leftNs);
            }
        }

        synchronized List<String> snapshot()
        {
            return new ArrayList<>(lines);
        }
    }
}
