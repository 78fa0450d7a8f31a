package io.ringbook.engine;

import java.util.Arrays;

/**
 * Records every event field as longs in one growable array: a cheap exact record for comparing millions of events.
 */
final class DigestListener implements EngineListener
{
    long[] values = new long[1 << 12];
    int size;

    void reset()
    {
        size = 0;
    }

    boolean sameAs(final DigestListener other)
    {
        return Arrays.equals(values, 0, size, other.values, 0, other.size);
    }

    private void add(final long value)
    {
        if (size == values.length)
        {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    private static long ord(final Enum<?> value)
    {
        return value == null ? -1 : value.ordinal();
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        add(1);
        add(sequence);
        add(instrumentId);
        add(orderId);
        add(accountId);
        add(clientOrderId);
        add(ord(side));
        add(ord(orderType));
        add(ord(timeInForce));
        add(price);
        add(quantity);
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        add(2);
        add(sequence);
        add(ord(commandType));
        add(instrumentId);
        add(accountId);
        add(clientOrderId);
        add(orderId);
        add(ord(reason));
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId, final long takerAccountId,
        final long takerClientOrderId, final long takerLeavesQuantity)
    {
        add(3);
        add(sequence);
        add(instrumentId);
        add(tradeId);
        add(price);
        add(quantity);
        add(ord(aggressorSide));
        add(makerOrderId);
        add(makerAccountId);
        add(makerClientOrderId);
        add(makerOrderQuantity);
        add(makerLeavesQuantity);
        add(takerOrderId);
        add(takerAccountId);
        add(takerClientOrderId);
        add(takerLeavesQuantity);
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity, final long cancelledQuantity,
        final CancelReason reason)
    {
        add(4);
        add(sequence);
        add(instrumentId);
        add(orderId);
        add(accountId);
        add(clientOrderId);
        add(ord(side));
        add(price);
        add(orderQuantity);
        add(cancelledQuantity);
        add(ord(reason));
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        add(5);
        add(sequence);
        add(instrumentId);
        add(orderId);
        add(accountId);
        add(origClientOrderId);
        add(clientOrderId);
        add(ord(side));
        add(price);
        add(quantity);
        add(leavesQuantity);
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
        add(6);
        add(sequence);
        add(instrumentId);
        add(ord(action));
        add(orderId);
        add(ord(side));
        add(price);
        add(quantity);
        add(changeQuantity);
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
        add(7);
        add(sequence);
        add(instrumentId);
        add(ord(action));
        add(ord(side));
        add(price);
        add(quantity);
        add(orderCount);
    }

    public void onCommandComplete(final long sequence)
    {
        add(8);
        add(sequence);
    }
}
