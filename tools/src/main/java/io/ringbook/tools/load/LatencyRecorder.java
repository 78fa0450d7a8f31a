package io.ringbook.tools.load;

import org.HdrHistogram.Histogram;

/**
 * A client's requests in flight and the latency of each one's first reply, measured from the request's
 * <em>intended</em> send time, not from when it actually went out. That is the correction for coordinated omission:
 * when the sender stalls (back-pressure, a pause, a slow engine), every request scheduled during the stall still
 * counts from its slot in the schedule, so the queueing the stall caused shows in the histogram instead of being
 * hidden by requests that were simply never sent on time.
 * <p>
 * Requests are numbered by the client (1, 2, ...) and kept in a ring indexed by that number, so matching a reply is
 * an array lookup. The ring bounds the requests in flight: a client whose ring slot is still taken waits (and the
 * wait counts in latency), unless the request there is so old that its reply must have been lost (the engine drops
 * replies it cannot deliver), which the client then counts as unanswered. Single-threaded: the client's thread sends
 * and polls.
 */
final class LatencyRecorder
{
    /** {@link #complete} result for a reply that does not answer a request in flight. */
    static final long NOT_PENDING = Long.MIN_VALUE;
    /** Latencies above this are recorded as this (an hour). */
    static final long HIGHEST_TRACKABLE_NS = 3_600_000_000_000L;
    static final int SIGNIFICANT_DIGITS = 3;

    private final int mask;
    private final long[] sequences;
    private final long[] intendedNs;
    private final long[] targets;
    private final byte[] kinds;
    private int pending;
    private Histogram histogram;
    private long recordFromNs = Long.MAX_VALUE;
    private long recordToNs = Long.MIN_VALUE;

    /**
     * @param capacity requests in flight, rounded up to a power of two.
     */
    LatencyRecorder(final int capacity)
    {
        final int size = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1);
        mask = size - 1;
        sequences = new long[size];
        intendedNs = new long[size];
        targets = new long[size];
        kinds = new byte[size];
    }

    static Histogram newHistogram()
    {
        return new Histogram(1, HIGHEST_TRACKABLE_NS, SIGNIFICANT_DIGITS);
    }

    /**
     * Record the latencies of requests intended in {@code [fromNs, toNs)} into this histogram from now on.
     */
    void recordInto(final Histogram histogram, final long fromNs, final long toNs)
    {
        this.histogram = histogram;
        this.recordFromNs = fromNs;
        this.recordToNs = toNs;
    }

    /**
     * Record nothing more (replies still complete their requests).
     */
    void stopRecording()
    {
        histogram = null;
        recordFromNs = Long.MAX_VALUE;
        recordToNs = Long.MIN_VALUE;
    }

    int capacity()
    {
        return mask + 1;
    }

    int pending()
    {
        return pending;
    }

    /**
     * @return true when request {@code sequence} has a free slot (the request a ring's length earlier is answered).
     */
    boolean hasRoom(final long sequence)
    {
        return sequences[(int)sequence & mask] == 0;
    }

    /**
     * @return the intended send time of the request in flight in {@code sequence}'s slot; only when there is one.
     */
    long intendedNsInSlotOf(final long sequence)
    {
        return intendedNs[(int)sequence & mask];
    }

    /**
     * @return the sequence of the request in flight in {@code sequence}'s slot, 0 when the slot is free.
     */
    long sequenceInSlotOf(final long sequence)
    {
        return sequences[(int)sequence & mask];
    }

    /**
     * Give up on the request in flight in {@code sequence}'s slot (its reply was lost), freeing the slot.
     *
     * @return its intended send time.
     */
    long evictSlotOf(final long sequence)
    {
        final int index = (int)sequence & mask;
        sequences[index] = 0;
        pending--;
        return intendedNs[index];
    }

    /**
     * A request went out.
     *
     * @param target for a cancel or replace, the client order id of the order it addresses.
     */
    void add(final long sequence, final int kind, final long intendedNs, final long target)
    {
        final int index = (int)sequence & mask;
        sequences[index] = sequence;
        this.intendedNs[index] = intendedNs;
        targets[index] = target;
        kinds[index] = (byte)kind;
        pending++;
    }

    boolean isPending(final long sequence)
    {
        return sequence > 0 && sequences[(int)sequence & mask] == sequence;
    }

    /**
     * Only while {@link #isPending}.
     */
    int kind(final long sequence)
    {
        return kinds[(int)sequence & mask];
    }

    /**
     * Only while {@link #isPending}.
     */
    long target(final long sequence)
    {
        return targets[(int)sequence & mask];
    }

    /**
     * The first reply to a request arrived: record its latency from the intended send time.
     *
     * @return the request's intended send time, or {@link #NOT_PENDING} when no such request is in flight.
     */
    long complete(final long sequence, final long nowNs)
    {
        if (!isPending(sequence))
        {
            return NOT_PENDING;
        }
        final int index = (int)sequence & mask;
        final long intended = intendedNs[index];
        sequences[index] = 0;
        pending--;
        if (intended >= recordFromNs && intended < recordToNs)
        {
            final long latencyNs = Math.max(0, nowNs - intended);
            histogram.recordValue(Math.min(latencyNs, HIGHEST_TRACKABLE_NS));
        }
        return intended;
    }

    /**
     * Forget every request in flight (their replies are not coming, or no longer matter).
     *
     * @return how many of them were intended in {@code [fromNs, toNs)}.
     */
    long abandon(final long fromNs, final long toNs)
    {
        long inWindow = 0;
        for (int i = 0; i < sequences.length; i++)
        {
            if (sequences[i] != 0)
            {
                if (intendedNs[i] >= fromNs && intendedNs[i] < toNs)
                {
                    inWindow++;
                }
                sequences[i] = 0;
            }
        }
        pending = 0;
        return inWindow;
    }
}
