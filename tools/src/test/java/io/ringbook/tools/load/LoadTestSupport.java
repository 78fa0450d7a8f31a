package io.ringbook.tools.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Helpers for the load tests: the sample engine config moved to a temp dir and a free port, and waiting for a
 * condition with a deadline.
 */
public final class LoadTestSupport
{
    private LoadTestSupport()
    {
    }

    public static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The repository's {@code config/engine.yaml}, so the tests prove the workload valid on the sample config.
     */
    public static String sampleConfig()
    {
        final String root = System.getProperty("ringbook.root.dir");
        final Path file = root != null ? Path.of(root, "config", "engine.yaml") : Path.of("..", "config", "engine.yaml");
        try
        {
            return Files.readString(file);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The sample config with the engine in {@code dir} on {@code port}, and smaller preallocations for a test JVM.
     */
    public static String sampleConfig(final Path dir, final int port)
    {
        final String text = sampleConfig()
            .replaceFirst("(?m)^  dir: .*$", "  dir: " + dir)
            .replaceFirst("localhost:40100", "localhost:" + port)
            .replaceFirst("(?m)^  ringSize: .*$", "  ringSize: 4096")
            .replaceFirst("(?m)^  clientOrderIdCapacity: .*$", "  clientOrderIdCapacity: 65536")
            .replaceFirst("(?m)^  ordersPerInstrument: .*$", "  ordersPerInstrument: 4096");
        if (!text.contains("localhost:" + port) || !text.contains("dir: " + dir))
        {
            throw new IllegalStateException("config/engine.yaml changed shape; update LoadTestSupport");
        }
        return text;
    }

    public static Path write(final Path file, final String text)
    {
        try
        {
            return Files.writeString(file, text);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Wait until the condition holds, checking every 100 µs or so, or fail after the timeout.
     */
    public static void await(final String what, final long timeoutMs, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what);
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
        }
    }
}
