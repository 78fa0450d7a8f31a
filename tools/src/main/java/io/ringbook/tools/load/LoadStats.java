package io.ringbook.tools.load;

import io.ringbook.codecs.orderentry.RejectReason;

/**
 * Counts for one part of a phase (warm-up or measurement) of one client, or merged over clients. Requests are
 * counted in the part their intended send time falls in; {@link #arrivals} counts first replies that arrived during
 * the measurement, whatever their request, which is what achieved throughput is made of. Single writer; merged by
 * the main thread once the writers are done with it.
 */
final class LoadStats
{
    long sent;
    long replied;
    final long[] sentByKind = new long[Command.KINDS];
    long fills;
    long backPressured;
    long windowFull;
    long sessionRejects;
    long unanswered;
    long notSent;
    long arrivals;
    /** New-order rejects by wire reject reason value. */
    final long[] orderRejects = new long[256];
    /** Cancel and replace rejects by wire reject reason value. */
    final long[] cancelRejects = new long[256];

    void merge(final LoadStats other)
    {
        sent += other.sent;
        replied += other.replied;
        for (int i = 0; i < sentByKind.length; i++)
        {
            sentByKind[i] += other.sentByKind[i];
        }
        fills += other.fills;
        backPressured += other.backPressured;
        windowFull += other.windowFull;
        sessionRejects += other.sessionRejects;
        unanswered += other.unanswered;
        notSent += other.notSent;
        arrivals += other.arrivals;
        for (int i = 0; i < orderRejects.length; i++)
        {
            orderRejects[i] += other.orderRejects[i];
            cancelRejects[i] += other.cancelRejects[i];
        }
    }

    long orderRejectCount()
    {
        long total = 0;
        for (final long count : orderRejects)
        {
            total += count;
        }
        return total;
    }

    long cancelRejectCount()
    {
        long total = 0;
        for (final long count : cancelRejects)
        {
            total += count;
        }
        return total;
    }

    /**
     * Rejects a healthy run has: a cancel or replace that reached the engine after its order had filled.
     */
    long expectedRejects()
    {
        return cancelRejects[RejectReason.UNKNOWN_ORDER.value()];
    }

    long unexpectedRejects()
    {
        return orderRejectCount() + cancelRejectCount() - expectedRejects() + sessionRejects;
    }

    static String reasonName(final int value)
    {
        final RejectReason reason = RejectReason.get((short)value);
        return reason == RejectReason.NULL_VAL || reason == RejectReason.SBE_UNKNOWN ? "reason " + value :
            reason.name();
    }
}
