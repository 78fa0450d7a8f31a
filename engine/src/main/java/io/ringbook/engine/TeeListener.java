package io.ringbook.engine;

/**
 * Sends every callback to two listeners, first then second (e.g. the engine process's reports and its market-data
 * recorder). No allocation; one extra call per callback.
 */
public final class TeeListener implements EngineListener
{
    private final EngineListener first;
    private final EngineListener second;

    public TeeListener(final EngineListener first, final EngineListener second)
    {
        this.first = first;
        this.second = second;
    }

    public void onCommandStart(final EngineCommand command)
    {
        first.onCommandStart(command);
        second.onCommandStart(command);
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        first.onAccepted(sequence, instrumentId, orderId, accountId, clientOrderId, side, orderType, timeInForce,
            price, quantity);
        second.onAccepted(sequence, instrumentId, orderId, accountId, clientOrderId, side, orderType, timeInForce,
            price, quantity);
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        first.onRejected(sequence, commandType, instrumentId, accountId, clientOrderId, orderId, reason);
        second.onRejected(sequence, commandType, instrumentId, accountId, clientOrderId, orderId, reason);
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId,
        final long takerAccountId, final long takerClientOrderId, final long takerLeavesQuantity)
    {
        first.onTrade(sequence, instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, makerAccountId,
            makerClientOrderId, makerOrderQuantity, makerLeavesQuantity, takerOrderId, takerAccountId,
            takerClientOrderId, takerLeavesQuantity);
        second.onTrade(sequence, instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, makerAccountId,
            makerClientOrderId, makerOrderQuantity, makerLeavesQuantity, takerOrderId, takerAccountId,
            takerClientOrderId, takerLeavesQuantity);
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity, final CancelReason reason)
    {
        first.onCancelled(sequence, instrumentId, orderId, accountId, clientOrderId, side, price, orderQuantity,
            cancelledQuantity, reason);
        second.onCancelled(sequence, instrumentId, orderId, accountId, clientOrderId, side, price, orderQuantity,
            cancelledQuantity, reason);
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        first.onReplaced(sequence, instrumentId, orderId, accountId, origClientOrderId, clientOrderId, side, price,
            quantity, leavesQuantity);
        second.onReplaced(sequence, instrumentId, orderId, accountId, origClientOrderId, clientOrderId, side, price,
            quantity, leavesQuantity);
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
        first.onOrderChange(sequence, instrumentId, action, orderId, side, price, quantity, changeQuantity);
        second.onOrderChange(sequence, instrumentId, action, orderId, side, price, quantity, changeQuantity);
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
        first.onLevelChange(sequence, instrumentId, action, side, price, quantity, orderCount);
        second.onLevelChange(sequence, instrumentId, action, side, price, quantity, orderCount);
    }

    public void onCommandComplete(final long sequence)
    {
        first.onCommandComplete(sequence);
        second.onCommandComplete(sequence);
    }
}
