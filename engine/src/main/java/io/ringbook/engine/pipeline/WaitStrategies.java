package io.ringbook.engine.pipeline;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * Wait strategies by name, so the idle behaviour of the matching thread is configuration: {@code busy-spin} only
 * where a core is dedicated, {@code yielding} or {@code sleeping} on small machines, {@code blocking} to use no CPU
 * when idle.
 */
public final class WaitStrategies
{
    /** Names accepted by {@link #byName(String)}. */
    public static final String NAMES = "busy-spin, yielding, sleeping, blocking";

    private WaitStrategies()
    {
    }

    /**
     * @param name one of {@link #NAMES}.
     * @return a new wait strategy.
     * @throws IllegalArgumentException for an unknown name, listing the valid ones.
     */
    public static WaitStrategy byName(final String name)
    {
        switch (name)
        {
            case "busy-spin":
                return new BusySpinWaitStrategy();
            case "yielding":
                return new YieldingWaitStrategy();
            case "sleeping":
                return new SleepingWaitStrategy();
            case "blocking":
                return new BlockingWaitStrategy();
            default:
                throw new IllegalArgumentException("unknown wait strategy '" + name + "', expected one of: " + NAMES);
        }
    }
}
