package io.ringbook.engine.server;

import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.ringbook.codecs.orderentry.CancelRejectEncoder;
import io.ringbook.codecs.orderentry.CancelRejectResponseTo;
import io.ringbook.codecs.orderentry.ExecType;
import io.ringbook.codecs.orderentry.ExecutionReportEncoder;
import io.ringbook.codecs.orderentry.MessageHeaderEncoder;
import io.ringbook.codecs.orderentry.OrderRejectEncoder;
import io.ringbook.codecs.orderentry.OrderStatus;
import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.EngineTelemetry;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Turns engine events into SBE execution reports and rejects on the egress of the session that owns each order, on the
 * matching thread. Every offer is a {@code tryClaim} with a bounded retry: a slow or gone client never stalls matching.
 * A report that does not get through is counted and its slot marked back-pressured, and the order-entry agent
 * disconnects the session if that lasts (the journal keeps what it missed).
 */
final class ExecutionReportPublisher implements EngineListener
{
    private static final int MAX_CLAIM_ATTEMPTS = 3;
    private static final io.ringbook.codecs.orderentry.RejectReason[] REJECT_REASONS = mapRejectReasons();
    private static final io.ringbook.codecs.orderentry.CancelReason[] CANCEL_REASONS = mapCancelReasons();

    private final EgressRouter router;
    private final NanoClock clock;
    private final BufferClaim claim = new BufferClaim();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ExecutionReportEncoder reportEncoder = new ExecutionReportEncoder();
    private final OrderRejectEncoder orderRejectEncoder = new OrderRejectEncoder();
    private final CancelRejectEncoder cancelRejectEncoder = new CancelRejectEncoder();
    private final AtomicCounter ordersAccepted;
    private final AtomicCounter trades;
    private final AtomicCounter backPressured;
    private final AtomicCounter dropped;
    private final AtomicCounter lastSequence;
    private final EngineTelemetry telemetry;

    private EngineCommand command;
    // The incoming order of the current command, which is the taker of any trade it makes.
    private long takerPrice;
    private long takerQuantity;

    ExecutionReportPublisher(final EgressRouter router, final NanoClock clock, final EngineTelemetry telemetry)
    {
        this.router = router;
        this.clock = clock;
        this.telemetry = telemetry;
        ordersAccepted = telemetry.counter(EngineCounter.ORDERS_ACCEPTED);
        trades = telemetry.counter(EngineCounter.TRADES);
        backPressured = telemetry.counter(EngineCounter.EGRESS_BACK_PRESSURED);
        dropped = telemetry.counter(EngineCounter.EGRESS_DROPPED);
        lastSequence = telemetry.counter(EngineCounter.LAST_SEQUENCE);
    }

    private static io.ringbook.codecs.orderentry.RejectReason[] mapRejectReasons()
    {
        final RejectReason[] reasons = RejectReason.values();
        final io.ringbook.codecs.orderentry.RejectReason[] wire = new io.ringbook.codecs.orderentry.RejectReason[
            reasons.length];
        for (final RejectReason reason : reasons)
        {
            wire[reason.ordinal()] = io.ringbook.codecs.orderentry.RejectReason.valueOf(reason.name());
        }
        return wire;
    }

    private static io.ringbook.codecs.orderentry.CancelReason[] mapCancelReasons()
    {
        final CancelReason[] reasons = CancelReason.values();
        final io.ringbook.codecs.orderentry.CancelReason[] wire = new io.ringbook.codecs.orderentry.CancelReason[
            reasons.length];
        for (final CancelReason reason : reasons)
        {
            wire[reason.ordinal()] = io.ringbook.codecs.orderentry.CancelReason.valueOf(reason.name());
        }
        return wire;
    }

    static io.ringbook.codecs.orderentry.Side wireSide(final Side side)
    {
        return side == Side.BUY ? io.ringbook.codecs.orderentry.Side.Buy : io.ringbook.codecs.orderentry.Side.Sell;
    }

    public void onCommandStart(final EngineCommand command)
    {
        this.command = command;
    }

    /**
     * Claim space on the account's egress, retrying a few times. On success the encoders are wrapped at the claim.
     *
     * @return the slot claimed for, or -1 when the report could not be sent (no session, or back-pressured).
     */
    private int claim(final long accountId, final int length)
    {
        final int slot = router.slot(accountId);
        if (slot < 0)
        {
            return -1;
        }
        final Publication publication = router.publication(slot);
        if (publication == null)
        {
            dropped.increment();
            return -1;
        }
        for (int attempt = 0; attempt < MAX_CLAIM_ATTEMPTS; attempt++)
        {
            final long result = publication.tryClaim(MessageHeaderEncoder.ENCODED_LENGTH + length, claim);
            if (result > 0)
            {
                router.delivered(slot);
                return slot;
            }
            if (result == Publication.NOT_CONNECTED || result == Publication.CLOSED ||
                result == Publication.MAX_POSITION_EXCEEDED)
            {
                break;
            }
            backPressured.increment(); // BACK_PRESSURED or ADMIN_ACTION: try again, a few times only
        }
        dropped.increment();
        router.backPressured(slot, clock.nanoTime());
        return -1;
    }

    private void report(
        final long accountId, final long orderId, final long clientOrderId, final long origClientOrderId,
        final int instrumentId, final Side side, final long price, final long orderQuantity, final long leaves,
        final long cumQuantity, final ExecType execType, final OrderStatus status, final long lastPx, final long lastQty, final long tradeId,
        final io.ringbook.codecs.orderentry.CancelReason cancelReason)
    {
        if (claim(accountId, ExecutionReportEncoder.BLOCK_LENGTH) < 0)
        {
            return;
        }
        reportEncoder.wrapAndApplyHeader(claim.buffer(), claim.offset(), headerEncoder)
            .orderId(orderId)
            .clientOrderId(clientOrderId)
            .origClientOrderId(origClientOrderId)
            .price(price)
            .orderQty(orderQuantity)
            .leavesQty(leaves)
            .cumQty(cumQuantity)
            .lastPx(lastPx)
            .lastQty(lastQty)
            .tradeId(tradeId)
            .engineSequence(command.sequence)
            .transactTimeNs(command.timestampNs)
            .instrumentId(instrumentId)
            .execType(execType)
            .orderStatus(status)
            .side(wireSide(side))
            .cancelReason(cancelReason);
        claim.commit();
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        ordersAccepted.increment();
        takerPrice = price;
        takerQuantity = quantity;
        report(accountId, orderId, clientOrderId, 0, instrumentId, side, price, quantity, quantity, 0, ExecType.New,
            OrderStatus.New, ExecutionReportEncoder.lastPxNullValue(), 0, 0,
            io.ringbook.codecs.orderentry.CancelReason.NONE);
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        telemetry.onReject(commandType, reason); // counts the total (order or cancel rejects) and the reason
        if (commandType == CommandType.NEW_ORDER)
        {
            if (claim(accountId, OrderRejectEncoder.BLOCK_LENGTH) >= 0)
            {
                orderRejectEncoder.wrapAndApplyHeader(claim.buffer(), claim.offset(), headerEncoder)
                    .clientOrderId(clientOrderId)
                    .engineSequence(sequence)
                    .instrumentId(instrumentId)
                    .rejectReason(REJECT_REASONS[reason.ordinal()]);
                claim.commit();
            }
            return;
        }
        if (commandType == null || claim(accountId, CancelRejectEncoder.BLOCK_LENGTH) < 0)
        {
            return;
        }
        final boolean isReplace = commandType == CommandType.REPLACE_ORDER;
        cancelRejectEncoder.wrapAndApplyHeader(claim.buffer(), claim.offset(), headerEncoder)
            .clientOrderId(isReplace ? command.newClientOrderId : command.requestId)
            .origClientOrderId(clientOrderId)
            .orderId(orderId)
            .engineSequence(sequence)
            .instrumentId(instrumentId)
            .responseTo(isReplace ? CancelRejectResponseTo.Replace : CancelRejectResponseTo.Cancel)
            .rejectReason(REJECT_REASONS[reason.ordinal()]);
        claim.commit();
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId,
        final long takerAccountId, final long takerClientOrderId, final long takerLeavesQuantity)
    {
        trades.increment();
        report(makerAccountId, makerOrderId, makerClientOrderId, 0, instrumentId, aggressorSide.opposite(), price,
            makerOrderQuantity, makerLeavesQuantity, makerOrderQuantity - makerLeavesQuantity, ExecType.Trade,
            makerLeavesQuantity == 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled, price, quantity, tradeId,
            io.ringbook.codecs.orderentry.CancelReason.NONE);
        report(takerAccountId, takerOrderId, takerClientOrderId, 0, instrumentId, aggressorSide, takerPrice,
            takerQuantity, takerLeavesQuantity, takerQuantity - takerLeavesQuantity, ExecType.Trade,
            takerLeavesQuantity == 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled, price, quantity, tradeId,
            io.ringbook.codecs.orderentry.CancelReason.NONE);
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity, final CancelReason reason)
    {
        final boolean expired = reason == CancelReason.EXPIRED;
        final long origClientOrderId = command.type == CommandType.CANCEL_ORDER ? command.requestId : 0;
        report(accountId, orderId, clientOrderId, origClientOrderId, instrumentId, side, price, orderQuantity, 0,
            orderQuantity - cancelledQuantity, expired ? ExecType.Expired : ExecType.Cancelled,
            expired ? OrderStatus.Expired : OrderStatus.Cancelled, ExecutionReportEncoder.lastPxNullValue(), 0, 0,
            CANCEL_REASONS[reason.ordinal()]);
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        takerPrice = price;
        takerQuantity = quantity;
        report(accountId, orderId, clientOrderId, origClientOrderId, instrumentId, side, price, quantity,
            leavesQuantity, quantity - leavesQuantity, ExecType.Replaced, quantity > leavesQuantity ? OrderStatus.PartiallyFilled :
            OrderStatus.New, ExecutionReportEncoder.lastPxNullValue(), 0, 0,
            io.ringbook.codecs.orderentry.CancelReason.NONE);
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
    }

    public void onCommandComplete(final long sequence)
    {
        lastSequence.setOrdered(sequence);
    }
}
