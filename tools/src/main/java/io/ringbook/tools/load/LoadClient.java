package io.ringbook.tools.load;

import io.aeron.Publication;
import io.ringbook.codecs.orderentry.CancelReason;
import io.ringbook.codecs.orderentry.CancelRejectDecoder;
import io.ringbook.codecs.orderentry.ExecutionReportDecoder;
import io.ringbook.codecs.orderentry.OrderRejectDecoder;
import io.ringbook.codecs.orderentry.RejectReason;
import io.ringbook.codecs.orderentry.SessionRejectDecoder;
import io.ringbook.engine.client.OrderEntryListener;
import org.HdrHistogram.Histogram;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One load session: sends its share of a {@link Phase} on a schedule of intended send times, open loop, and matches
 * each reply to its request. A request's id on the wire (client order id of a new order, request id of a cancel, new
 * client order id of a replace) is the client's {@code idBase} plus its sequence number, so ids never repeat on the
 * engine, whose client order ids stay unique for its lifetime, across runs.
 * <p>
 * Latency is measured to the first reply to each request: for a new order its New report or OrderReject; for a
 * cancel its Cancelled report or CancelReject; for a replace its Replaced report or CancelReject. Single-threaded:
 * the thread that calls {@link #doWork} owns everything here except the progress counters, which others may read.
 */
final class LoadClient implements OrderEntryListener
{
    /** Sends per {@link #doWork} call at most, so a client catching up still polls its replies between bursts. */
    static final int MAX_SENDS_PER_CYCLE = 64;
    /** A request unanswered this long is taken as lost when its ring slot is needed again. */
    static final long LOST_AFTER_NS = 10_000_000_000L;
    /** Orders tracked per live order allowed: room for orders whose cancel is in flight. */
    static final int ORDER_POOL_PER_LIVE_ORDER = 4;

    private final int index;
    private final String name;
    private final long idBase;
    private final Workload workload;
    private final OwnOrders orders;
    private final LatencyRecorder recorder;
    private final Command command = new Command();
    private final LoadStats idleStats = new LoadStats();
    private OrderSender sender;

    private Phase phase;
    private LoadStats warmupStats = idleStats;
    private LoadStats measuredStats = idleStats;
    private Histogram histogram;
    private long firstSendNs;
    private long scheduleIndex;
    private long nextIntendedNs;
    private boolean scheduleDone = true;
    private long nextSequence = 1;
    private long nowNs;
    private String failure;

    private long sentTotal;
    private long repliedTotal;
    private long rejectsTotal;
    private long unexpectedRejectsTotal;
    private long backPressuredTotal;
    final AtomicLong sentProgress = new AtomicLong();
    final AtomicLong repliedProgress = new AtomicLong();
    final AtomicLong rejectsProgress = new AtomicLong();
    final AtomicLong unexpectedRejectsProgress = new AtomicLong();
    final AtomicLong backPressuredProgress = new AtomicLong();

    LoadClient(final int index, final String name, final long idBase, final Workload workload,
        final int inFlightCapacity)
    {
        this.index = index;
        this.name = name;
        this.idBase = idBase;
        this.workload = workload;
        this.orders = new OwnOrders(workload.maxLiveOrders() * ORDER_POOL_PER_LIVE_ORDER);
        this.recorder = new LatencyRecorder(inFlightCapacity);
    }

    void sender(final OrderSender sender)
    {
        this.sender = sender;
    }

    String name()
    {
        return name;
    }

    int index()
    {
        return index;
    }

    OwnOrders orders()
    {
        return orders;
    }

    /**
     * @return why this client cannot go on (the engine ended the session, the connection closed), or null.
     */
    String failure()
    {
        return failure;
    }

    /**
     * Start sending this phase's schedule. Stats and histogram belong to the client until {@link #endPhase}.
     */
    void beginPhase(final Phase phase)
    {
        this.phase = phase;
        warmupStats = new LoadStats();
        measuredStats = new LoadStats();
        histogram = LatencyRecorder.newHistogram();
        recorder.recordInto(histogram, phase.measureStartNs, phase.endNs);
        firstSendNs = phase.firstSendNs(index);
        scheduleIndex = 0;
        nextIntendedNs = firstSendNs;
        scheduleDone = nextIntendedNs >= phase.endNs;
    }

    /**
     * @return true once the schedule is sent (or cut short) and every reply is in, or the drain deadline passed, or
     * the session failed.
     */
    boolean isPhaseComplete(final long nowNs)
    {
        return phase != null && (failure != null ||
            scheduleDone && !command.prepared && (recorder.pending() == 0 || nowNs >= phase.drainDeadlineNs()));
    }

    /**
     * Finish the phase: requests still unanswered are counted and forgotten, and the stats and histogram are handed
     * over. Later replies are matched to nothing.
     */
    ClientResult endPhase()
    {
        final int pending = recorder.pending();
        final long measuredUnanswered = recorder.abandon(phase.measureStartNs, phase.endNs);
        measuredStats.unanswered += measuredUnanswered;
        warmupStats.unanswered += pending - measuredUnanswered;
        final ClientResult result = new ClientResult(name, warmupStats, measuredStats, histogram);
        recorder.stopRecording();
        warmupStats = idleStats;
        measuredStats = idleStats;
        histogram = null;
        phase = null;
        scheduleDone = true;
        return result;
    }

    /**
     * Poll replies, then send what the schedule says is due.
     *
     * @param nowNs the time, read once for this duty cycle.
     * @return work done.
     */
    int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        int work = sender.poll();
        if (phase != null && !scheduleDone && failure == null)
        {
            work += sendDue(nowNs);
        }
        sentProgress.lazySet(sentTotal);
        repliedProgress.lazySet(repliedTotal);
        rejectsProgress.lazySet(rejectsTotal);
        unexpectedRejectsProgress.lazySet(unexpectedRejectsTotal);
        backPressuredProgress.lazySet(backPressuredTotal);
        return work;
    }

    private int sendDue(final long nowNs)
    {
        final Command command = this.command;
        int sent = 0;
        while (sent < MAX_SENDS_PER_CYCLE)
        {
            if (nowNs >= phase.hardStopNs || phase.isCancelled())
            {
                cutSchedule();
                break;
            }
            if (!command.prepared)
            {
                if (nextIntendedNs > nowNs)
                {
                    break;
                }
                if (!recorder.hasRoom(nextSequence))
                {
                    if (nowNs - recorder.intendedNsInSlotOf(nextSequence) < LOST_AFTER_NS)
                    {
                        statsFor(nextIntendedNs).windowFull++;
                        break;
                    }
                    lost(recorder.sequenceInSlotOf(nextSequence));
                }
                workload.next(command, orders);
                command.sequence = nextSequence;
                command.intendedNs = nextIntendedNs;
                command.prepared = true;
            }
            final long result = send(command);
            if (result > 0)
            {
                committed(command);
                sent++;
                if (advanceSchedule())
                {
                    break;
                }
            }
            else if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION)
            {
                statsFor(command.intendedNs).backPressured++;
                backPressuredTotal++;
                break;
            }
            else
            {
                failure = name + ": cannot send to the engine: " + Publication.errorString(result);
                command.prepared = false;
                cutSchedule();
                break;
            }
        }
        return sent;
    }

    /**
     * Give up on a request whose reply never came, freeing its slot and its order for another request.
     */
    private void lost(final long sequence)
    {
        final int kind = recorder.kind(sequence);
        final long target = recorder.target(sequence);
        statsFor(recorder.evictSlotOf(sequence)).unanswered++;
        if (kind == Command.CANCEL || kind == Command.REPLACE)
        {
            final OwnOrders.Order order = orders.get(target);
            if (order != null && order.pendingSequence == sequence)
            {
                orders.requestDone(order);
            }
        }
    }

    private long send(final Command command)
    {
        final long id = idBase + command.sequence;
        switch (command.kind)
        {
            case Command.NEW_GTC:
            case Command.NEW_IOC:
                return sender.newOrder(id, command.instrumentId, command.buy, command.kind == Command.NEW_IOC,
                    command.price, command.quantity);
            case Command.CANCEL:
                return sender.cancel(id, command.targetClientOrderId, command.targetOrderId, command.instrumentId);
            default:
                return sender.replace(command.targetClientOrderId, command.targetOrderId, id, command.instrumentId,
                    command.price, command.quantity);
        }
    }

    private void committed(final Command command)
    {
        command.prepared = false;
        final long id = idBase + command.sequence;
        recorder.add(command.sequence, command.kind, command.intendedNs, command.targetClientOrderId);
        nextSequence++;
        if (command.kind == Command.NEW_GTC)
        {
            orders.add(id, command.instrumentIndex, command.instrumentId, command.buy, command.price,
                command.quantity);
        }
        else if (command.kind != Command.NEW_IOC)
        {
            // The order may have filled since the command was chosen; then the engine answers UNKNOWN_ORDER.
            final OwnOrders.Order target = orders.get(command.targetClientOrderId);
            if (target != null)
            {
                orders.requestSent(target, command.sequence, command.kind == Command.CANCEL);
            }
        }
        final LoadStats stats = statsFor(command.intendedNs);
        stats.sent++;
        stats.sentByKind[command.kind]++;
        sentTotal++;
    }

    /**
     * @return true when the schedule is finished.
     */
    private boolean advanceSchedule()
    {
        scheduleIndex++;
        nextIntendedNs = firstSendNs + (long)(scheduleIndex * phase.clientIntervalNs);
        if (nextIntendedNs >= phase.endNs)
        {
            scheduleDone = true;
        }
        return scheduleDone;
    }

    private void cutSchedule()
    {
        if (!scheduleDone && phase.isCancelled())
        {
            command.prepared = false;
            scheduleDone = true; // stopped on purpose: the rest of the schedule is not owed
        }
        else if (!scheduleDone)
        {
            // Every remaining slot of the schedule, from the next one to the end of the phase, was not sent.
            final double interval = phase.clientIntervalNs;
            final long remaining = (long)Math.ceil((phase.endNs - nextIntendedNs) / interval);
            final long inWarmup = nextIntendedNs >= phase.measureStartNs ? 0 :
                Math.min(remaining, (long)Math.ceil((phase.measureStartNs - nextIntendedNs) / interval));
            warmupStats.notSent += inWarmup;
            measuredStats.notSent += remaining - inWarmup;
            command.prepared = false;
            scheduleDone = true;
        }
    }

    private LoadStats statsFor(final long intendedNs)
    {
        if (phase == null)
        {
            return idleStats;
        }
        return intendedNs < phase.measureStartNs ? warmupStats : intendedNs < phase.endNs ? measuredStats : idleStats;
    }

    /**
     * The first reply to a request came in.
     *
     * @return the stats the request counts in, or null when the id answers no request in flight.
     */
    private LoadStats replied(final long id)
    {
        final long sequence = id - idBase;
        final long intendedNs = recorder.complete(sequence, nowNs);
        if (intendedNs == LatencyRecorder.NOT_PENDING)
        {
            return null;
        }
        repliedTotal++;
        if (phase != null && nowNs >= phase.measureStartNs && nowNs < phase.endNs)
        {
            measuredStats.arrivals++;
        }
        final LoadStats stats = statsFor(intendedNs);
        stats.replied++;
        return stats;
    }

    public void onExecutionReport(final ExecutionReportDecoder report)
    {
        final long clientOrderId = report.clientOrderId();
        switch (report.execType())
        {
            case New:
            {
                replied(clientOrderId);
                final OwnOrders.Order order = orders.get(clientOrderId);
                if (order != null)
                {
                    order.orderId = report.orderId();
                }
                break;
            }
            case Trade:
            {
                statsFor(nowNs).fills++;
                final OwnOrders.Order order = orders.get(clientOrderId);
                if (order != null && report.leavesQty() == 0)
                {
                    orders.remove(order);
                }
                break;
            }
            case Cancelled:
            {
                final long requestId = report.origClientOrderId();
                if (requestId != 0)
                {
                    replied(requestId);
                }
                final OwnOrders.Order order = orders.get(clientOrderId);
                if (order != null)
                {
                    if (report.cancelReason() == CancelReason.REPLACED && order.pendingSequence != 0)
                    {
                        replied(idBase + order.pendingSequence); // a replace to at or below the filled quantity
                    }
                    orders.remove(order);
                }
                break;
            }
            case Replaced:
            {
                replied(clientOrderId);
                final OwnOrders.Order order = orders.get(report.origClientOrderId());
                if (order != null)
                {
                    orders.rekey(order, clientOrderId);
                    order.price = report.price();
                    order.quantity = report.orderQty();
                    orders.requestDone(order);
                }
                break;
            }
            case Expired:
            {
                final OwnOrders.Order order = orders.get(clientOrderId);
                if (order != null)
                {
                    orders.remove(order);
                }
                break;
            }
            default:
                break;
        }
    }

    public void onOrderReject(final OrderRejectDecoder reject)
    {
        final long clientOrderId = reject.clientOrderId();
        final LoadStats stats = replied(clientOrderId);
        (stats != null ? stats : statsFor(nowNs)).orderRejects[reject.rejectReasonRaw() & 0xFF]++;
        rejectsTotal++;
        unexpectedRejectsTotal++;
        final OwnOrders.Order order = orders.get(clientOrderId);
        if (order != null)
        {
            orders.remove(order);
        }
    }

    public void onCancelReject(final CancelRejectDecoder reject)
    {
        final long sequence = reject.clientOrderId() - idBase;
        if (recorder.isPending(sequence))
        {
            final OwnOrders.Order order = orders.get(recorder.target(sequence));
            if (order != null && order.pendingSequence == sequence)
            {
                orders.requestDone(order);
                if (reject.rejectReason() == RejectReason.UNKNOWN_ORDER)
                {
                    orders.remove(order); // gone on the engine (its last report may have been dropped)
                }
            }
        }
        final LoadStats stats = replied(reject.clientOrderId());
        (stats != null ? stats : statsFor(nowNs)).cancelRejects[reject.rejectReasonRaw() & 0xFF]++;
        rejectsTotal++;
        if (reject.rejectReason() != RejectReason.UNKNOWN_ORDER)
        {
            unexpectedRejectsTotal++;
        }
    }

    public void onSessionReject(final SessionRejectDecoder reject)
    {
        statsFor(nowNs).sessionRejects++;
        rejectsTotal++;
        unexpectedRejectsTotal++;
    }

    public void onDisconnected(final String reason)
    {
        if (failure == null)
        {
            failure = name + ": " + reason;
        }
    }

    void close()
    {
        if (sender != null)
        {
            sender.close();
        }
    }

    /**
     * What one client did in one phase.
     */
    static final class ClientResult
    {
        final String name;
        final LoadStats warmup;
        final LoadStats measured;
        final Histogram histogram;

        ClientResult(final String name, final LoadStats warmup, final LoadStats measured, final Histogram histogram)
        {
            this.name = name;
            this.warmup = warmup;
            this.measured = measured;
            this.histogram = histogram;
        }
    }
}
