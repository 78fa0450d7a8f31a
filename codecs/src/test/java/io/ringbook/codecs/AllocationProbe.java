package io.ringbook.codecs;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * Measures what a warmed-up loop allocates on the calling thread, for the "no allocation on the hot path" tests.
 */
final class AllocationProbe
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    private AllocationProbe()
    {
    }

    /**
     * Runs {@code loop} to warm it up, then returns the fewest bytes any of several measured runs allocated.
     * The first runs can allocate once (class initialisation, JIT transitions, the MXBean itself); steady state
     * must not, so the minimum is what counts.
     */
    static long steadyStateBytes(final LongSupplier loop)
    {
        long sink = 0;
        for (int i = 0; i < 3; i++)
        {
            sink += loop.getAsLong();
        }

        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 5 && fewest > 0; round++)
        {
            final long before = THREADS.getCurrentThreadAllocatedBytes();
            sink += loop.getAsLong();
            fewest = Math.min(fewest, THREADS.getCurrentThreadAllocatedBytes() - before);
        }

        if (sink == 42)
        {
            System.out.print(""); // keep the loops' results alive
        }
        return fewest;
    }
}
