package io.ringbook.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Records every event as one line of text, for exact comparisons in tests.
 */
public class RecordingListener implements EngineListener
{
    public final List<String> events = new ArrayList<>();
    private final boolean marketData;

    public RecordingListener()
    {
        this(true);
    }

    /**
     * @param marketData whether to record order and level changes too.
     */
    public RecordingListener(final boolean marketData)
    {
        this.marketData = marketData;
    }

    public List<String> drain()
    {
        final List<String> copy = new ArrayList<>(events);
        events.clear();
        return copy;
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        events.add("accepted id=" + orderId + " inst=" + instrumentId + " acct=" + accountId + " clid=" +
            clientOrderId + " " + side + " " + orderType + " " + timeInForce + " px=" + price + " qty=" + quantity);
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        events.add("rejected " + commandType + " inst=" + instrumentId + " acct=" + accountId + " clid=" +
            clientOrderId + " id=" + orderId + " " + reason);
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId, final long takerAccountId,
        final long takerClientOrderId, final long takerLeavesQuantity)
    {
        events.add("trade #" + tradeId + " inst=" + instrumentId + " px=" + price + " qty=" + quantity + " aggr=" +
            aggressorSide + " maker=" + makerOrderId + "/" + makerAccountId + "/" + makerClientOrderId + " left=" +
            makerLeavesQuantity + " taker=" + takerOrderId + "/" + takerAccountId + "/" + takerClientOrderId +
            " left=" + takerLeavesQuantity);
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity, final long cancelledQuantity,
        final CancelReason reason)
    {
        events.add("cancelled id=" + orderId + " inst=" + instrumentId + " acct=" + accountId + " clid=" +
            clientOrderId + " " + side + " px=" + price + " qty=" + cancelledQuantity + " " + reason);
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        events.add("replaced id=" + orderId + " inst=" + instrumentId + " acct=" + accountId + " clid=" +
            origClientOrderId + "->" + clientOrderId + " " + side + " px=" + price + " qty=" + quantity +
            " leaves=" + leavesQuantity);
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
        if (marketData)
        {
            events.add("order " + action + " id=" + orderId + " inst=" + instrumentId + " " + side + " px=" + price +
                " qty=" + quantity + " change=" + changeQuantity);
        }
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
        if (marketData)
        {
            events.add("level " + action + " inst=" + instrumentId + " " + side + " px=" + price + " qty=" +
                quantity + " n=" + orderCount);
        }
    }

    public void onCommandComplete(final long sequence)
    {
        events.add("complete #" + sequence);
    }
}
