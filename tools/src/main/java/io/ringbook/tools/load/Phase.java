package io.ringbook.tools.load;

import java.util.concurrent.TimeUnit;

/**
 * One stretch of load at a fixed offered rate: a warm-up, then the measurement. Each of the {@code clients} sends
 * at {@code rate / clients} per second on its own schedule of intended send times, the clients' schedules staggered
 * evenly. A client that falls behind sends at once to catch up, but stops at {@link #hardStopNs}: what it had not
 * sent by then is counted as not sent. Replies are awaited until {@link #drainDeadlineNs()}. Immutable, but for
 * {@link #cancel}, which ends sending at once and the wait for replies one drain time later.
 */
final class Phase
{
    final String name;
    final long rate;
    final int clients;
    final long startNs;
    final long measureStartNs;
    final long endNs;
    final long hardStopNs;
    final long drainDeadlineNs;
    /** Time between one client's intended sends. */
    final double clientIntervalNs;
    private final long drainNs;
    private volatile boolean cancelled;
    private volatile long cancelledDrainDeadlineNs = Long.MAX_VALUE;
    private volatile long cancelledAtNs = Long.MAX_VALUE;

    Phase(final String name, final long rate, final int clients, final long startNs, final long warmupNs,
        final long durationNs, final long drainNs)
    {
        if (rate <= 0 || clients <= 0 || warmupNs < 0 || durationNs <= 0)
        {
            throw new IllegalArgumentException("rate, clients and duration must be positive, warm-up not negative");
        }
        this.name = name;
        this.rate = rate;
        this.clients = clients;
        this.startNs = startNs;
        this.measureStartNs = startNs + warmupNs;
        this.endNs = measureStartNs + durationNs;
        this.hardStopNs = endNs + Math.max(TimeUnit.SECONDS.toNanos(1), (warmupNs + durationNs) / 2);
        this.drainDeadlineNs = hardStopNs + drainNs;
        this.drainNs = drainNs;
        this.clientIntervalNs = 1e9 * clients / rate;
    }

    /**
     * @return the first intended send time of the client with this index.
     */
    long firstSendNs(final int clientIndex)
    {
        return startNs + (long)(clientIntervalNs * clientIndex / clients);
    }

    long durationNs()
    {
        return endNs - measureStartNs;
    }

    /**
     * @return how long was measured: the duration, or less when the phase was cancelled (at least 1 ns).
     */
    long measuredNs()
    {
        return Math.max(1, Math.min(endNs, cancelledAtNs) - measureStartNs);
    }

    long warmupNs()
    {
        return measureStartNs - startNs;
    }

    /**
     * Stop sending now (Ctrl-C or a failure); clients wait for what is in flight for the drain time at most.
     */
    void cancel(final long nowNs)
    {
        if (!cancelled)
        {
            cancelledAtNs = nowNs;
            cancelledDrainDeadlineNs = nowNs + drainNs;
            cancelled = true;
        }
    }

    /**
     * @return when clients stop waiting for replies.
     */
    long drainDeadlineNs()
    {
        return Math.min(drainDeadlineNs, cancelledDrainDeadlineNs);
    }

    boolean isCancelled()
    {
        return cancelled;
    }

    public String toString()
    {
        return name + " at " + rate + "/s";
    }
}
