package io.ringbook.tools.replay;

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
 * Ignores every event; subclasses override the ones they want.
 */
public abstract class NullListenerBase implements EngineListener
{


    protected NullListenerBase()
    {
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId,
        final long makerClientOrderId, final long makerOrderQuantity, final long makerLeavesQuantity,
        final long takerOrderId, final long takerAccountId, final long takerClientOrderId,
        final long takerLeavesQuantity)
    {
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity, final CancelReason reason)
    {
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId,
        final Side side, final long price, final long quantity, final long changeQuantity)
    {
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side,
        final long price, final long quantity, final int orderCount)
    {
    }

    public void onCommandComplete(final long sequence)
    {
    }
}
