package io.ringbook.engine;

/**
 * Passes every event on to another listener; tests override the events they care about.
 */
class ForwardingListener implements EngineListener
{
    private final EngineListener delegate;

    ForwardingListener(final EngineListener delegate)
    {
        this.delegate = delegate;
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        delegate.onAccepted(
            sequence, instrumentId, orderId, accountId, clientOrderId, side, orderType, timeInForce, price, quantity);
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        delegate.onRejected(sequence, commandType, instrumentId, accountId, clientOrderId, orderId, reason);
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId, final long takerAccountId,
        final long takerClientOrderId, final long takerLeavesQuantity)
    {
        delegate.onTrade(
            sequence, instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, makerAccountId,
            makerClientOrderId, makerOrderQuantity, makerLeavesQuantity, takerOrderId, takerAccountId, takerClientOrderId,
            takerLeavesQuantity);
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity, final long cancelledQuantity,
        final CancelReason reason)
    {
        delegate.onCancelled(
            sequence, instrumentId, orderId, accountId, clientOrderId, side, price, orderQuantity, cancelledQuantity,
            reason);
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        delegate.onReplaced(
            sequence, instrumentId, orderId, accountId, origClientOrderId, clientOrderId, side, price, quantity,
            leavesQuantity);
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
        delegate.onOrderChange(sequence, instrumentId, action, orderId, side, price, quantity, changeQuantity);
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
        delegate.onLevelChange(sequence, instrumentId, action, side, price, quantity, orderCount);
    }

    public void onCommandComplete(final long sequence)
    {
        delegate.onCommandComplete(sequence);
    }
}
