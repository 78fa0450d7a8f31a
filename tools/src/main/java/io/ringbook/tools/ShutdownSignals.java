package io.ringbook.tools;

import java.util.concurrent.CountDownLatch;

/**
 * Waits for SIGINT or SIGTERM without letting the JVM start its own shutdown, so a long-running command can close
 * cleanly and exit 0 (the JVM's default handling would exit 130/143 whatever the command did). Uses
 * {@code sun.misc.Signal}, as Agrona's {@code SigInt} does.
 */
final class ShutdownSignals
{
    private final CountDownLatch signalled = new CountDownLatch(1);

    ShutdownSignals()
    {
        for (final String name : new String[]{ "INT", "TERM" })
        {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> signalled.countDown());
        }
    }

    /**
     * Block until a signal arrives.
     */
    void await()
    {
        try
        {
            signalled.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits up to {@code millis} for a signal.
     *
     * @return true if one arrived.
     */
    boolean awaitMillis(final long millis)
    {
        try
        {
            return signalled.await(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /**
     * @return true once a signal has arrived.
     */
    boolean isSignalled()
    {
        return signalled.getCount() == 0;
    }
}
