package io.ringbook.tools.system;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for a condition with a deadline, doing some work (polling clients) between checks and parking briefly, never
 * spinning. A small copy of the engine tests' {@code Await}: test classes of another module are not on this class
 * path.
 */
final class Await
{
    private static final long PARK_NS = TimeUnit.MICROSECONDS.toNanos(500);

    private Await()
    {
    }

    static void until(final String what, final long timeoutMs, final Runnable work, final BooleanSupplier done)
    {
        until(() -> what, timeoutMs, work, done);
    }

    static void until(
        final Supplier<String> what, final long timeoutMs, final Runnable work, final BooleanSupplier done)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("timed out after " + timeoutMs + "ms waiting for " + what.get());
            }
            work.run();
            LockSupport.parkNanos(PARK_NS);
        }
    }
}
