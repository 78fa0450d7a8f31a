package io.ringbook.journal;

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

import java.util.ArrayList;
import java.util.List;

/**
 * Every callback as one line, every argument in it, so two event streams compare with one assertEquals.
 */
final class RecordingListener implements EngineListener
{
    final List<String> events = new ArrayList<>();

    public void onCommandStart(final EngineCommand command)
    {
        events.add("start " + command);
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        events.add("accepted " + sequence + " " + instrumentId + " " + orderId + " " + accountId + " " +
            clientOrderId + " " + side + " " + orderType + " " + timeInForce + " " + price + " " + quantity);
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        events.add("rejected " + sequence + " " + commandType + " " + instrumentId + " " + accountId + " " +
            clientOrderId + " " + orderId + " " + reason);
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId,
        final long takerAccountId, final long takerClientOrderId, final long takerLeavesQuantity)
    {
        events.add("trade " + sequence + " " + instrumentId + " " + tradeId + " " + price + " " + quantity + " " +
            aggressorSide + " " + makerOrderId + " " + makerAccountId + " " + makerClientOrderId + " " +
            makerOrderQuantity + " " + makerLeavesQuantity + " " + takerOrderId + " " + takerAccountId + " " +
            takerClientOrderId + " " + takerLeavesQuantity);
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity, final CancelReason reason)
    {
        events.add("cancelled " + sequence + " " + instrumentId + " " + orderId + " " + accountId + " " +
            clientOrderId + " " + side + " " + price + " " + orderQuantity + " " + cancelledQuantity + " " + reason);
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        events.add("replaced " + sequence + " " + instrumentId + " " + orderId + " " + accountId + " " +
            origClientOrderId + " " + clientOrderId + " " + side + " " + price + " " + quantity + " " +
            leavesQuantity);
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
        events.add("order " + sequence + " " + instrumentId + " " + action + " " + orderId + " " + side + " " +
            price + " " + quantity + " " + changeQuantity);
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
        events.add("level " + sequence + " " + instrumentId + " " + action + " " + side + " " + price + " " +
            quantity + " " + orderCount);
    }

    public void onCommandComplete(final long sequence)
    {
        events.add("complete " + sequence);
    }
}
