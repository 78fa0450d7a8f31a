package io.ringbook.engine.server;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * Agent idle strategies by name, so how a thread waits for work is configuration: {@code busy-spin} only where a core
 * is dedicated to it; {@code backoff} (spin, yield, then park up to 1 ms) by default, which leaves room on small
 * machines; {@code sleeping} parks 1 ms at a time.
 */
public final class IdleStrategies
{
    /** Names accepted by {@link #byName(String)}. */
    public static final String NAMES = "busy-spin, yielding, backoff, sleeping";

    private IdleStrategies()
    {
    }

    public static IdleStrategy byName(final String name)
    {
        switch (name)
        {
            case "busy-spin":
                return new BusySpinIdleStrategy();
            case "yielding":
                return new YieldingIdleStrategy();
            case "backoff":
                return new BackoffIdleStrategy(100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
            case "sleeping":
                return new SleepingMillisIdleStrategy(1);
            default:
                throw new IllegalArgumentException("unknown idle strategy '" + name + "', expected one of: " + NAMES);
        }
    }
}
