package io.ringbook.engine.server;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a deadline, doing some work (polling clients) between checks.
 */
public final class Await
{
    private Await()
    {
    }

    public static void until(final String what, final long timeoutMs, final Runnable work, final BooleanSupplier done)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!done.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new AssertionError("timed out after " + timeoutMs + "ms waiting for " + what);
            }
            work.run();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }
}
