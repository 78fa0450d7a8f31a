package io.ringbook.bench;

import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;

/**
 * The least a consumer of engine events does: reads a few fields of every event into a checksum the benchmark
 * returns, so the JIT cannot drop the work that produced them. Counts events and rejects for checks.
 */
final class ChecksumListener implements EngineListener
{
    long checksum;
    long events;
    long rejects;

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        checksum += orderId + quantity;
        events++;
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        checksum += reason.ordinal();
        rejects++;
        events++;
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId, final long takerAccountId,
        final long takerClientOrderId, final long takerLeavesQuantity)
    {
        checksum += tradeId + price * quantity + makerOrderId + takerLeavesQuantity;
        events++;
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity,
        final CancelReason reason)
    {
        checksum += orderId + cancelledQuantity;
        events++;
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        checksum += price + leavesQuantity;
        events++;
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
        checksum += orderId + quantity;
        events++;
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
        checksum += price + quantity + orderCount;
        events++;
    }

    public void onCommandComplete(final long sequence)
    {
        checksum += sequence;
    }
}
