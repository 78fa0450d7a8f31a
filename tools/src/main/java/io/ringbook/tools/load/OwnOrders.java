package io.ringbook.tools.load;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.SplittableRandom;

/**
 * A client's resting (GTC) orders as its execution reports describe them: added when sent, given their engine order
 * id on New, re-keyed on Replaced, removed on a full fill, a cancel or a reject. Bounded: the workload sends no new
 * GTC order while the orders not being cancelled are at its cap, nor while the pool (a few times the cap, for orders
 * whose cancel is in flight) is full, so nothing allocates in steady state. The orders free for a cancel or replace
 * are kept in a dense array of their own, so picking one at random is one lookup.
 */
final class OwnOrders
{
    /**
     * One order. Its fields are only meaningful while it is in the set.
     */
    static final class Order
    {
        long clientOrderId;
        /** 0 until the engine's New report arrives. */
        long orderId;
        int instrumentIndex;
        int instrumentId;
        boolean buy;
        long price;
        long quantity;
        /** Sequence of a cancel or replace in flight for this order, 0 for none. */
        long pendingSequence;
        /** The request in flight is a cancel: the order is on its way out. */
        boolean cancelPending;
        /** Position in the array of orders free for a request, -1 while one is in flight. */
        int actionableIndex = -1;

        /**
         * An order with no cancel or replace in flight may get one, acknowledged or not: the engine takes commands
         * in order, so a cancel by client order id sent after the new order finds it.
         */
        boolean isActionable()
        {
            return pendingSequence == 0;
        }
    }

    private final Long2ObjectHashMap<Order> byClientOrderId;
    private final Order[] actionable;
    private final Order[] free;
    private int size;
    private int actionableCount;
    private int freeCount;
    private int cancelling;

    OwnOrders(final int capacity)
    {
        actionable = new Order[capacity];
        free = new Order[capacity];
        for (int i = 0; i < capacity; i++)
        {
            free[i] = new Order();
        }
        freeCount = capacity;
        byClientOrderId = new Long2ObjectHashMap<>(capacity * 2, 0.5f);
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return free.length;
    }

    /**
     * @return orders with a cancel in flight.
     */
    int cancelling()
    {
        return cancelling;
    }

    /**
     * Track a GTC order that has just been sent.
     *
     * @return the order, or null when the set is full.
     */
    Order add(final long clientOrderId, final int instrumentIndex, final int instrumentId, final boolean buy,
        final long price, final long quantity)
    {
        if (freeCount == 0)
        {
            return null;
        }
        final Order order = free[--freeCount];
        free[freeCount] = null;
        order.clientOrderId = clientOrderId;
        order.orderId = 0;
        order.instrumentIndex = instrumentIndex;
        order.instrumentId = instrumentId;
        order.buy = buy;
        order.price = price;
        order.quantity = quantity;
        order.pendingSequence = 0;
        order.cancelPending = false;
        size++;
        makeActionable(order);
        byClientOrderId.put(clientOrderId, order);
        return order;
    }

    Order get(final long clientOrderId)
    {
        return byClientOrderId.get(clientOrderId);
    }

    void remove(final Order order)
    {
        if (order.cancelPending)
        {
            order.cancelPending = false;
            cancelling--;
        }
        removeActionable(order);
        byClientOrderId.remove(order.clientOrderId);
        size--;
        free[freeCount++] = order;
    }

    /**
     * The order now answers to a new client order id (after a replace).
     */
    void rekey(final Order order, final long newClientOrderId)
    {
        byClientOrderId.remove(order.clientOrderId);
        order.clientOrderId = newClientOrderId;
        byClientOrderId.put(newClientOrderId, order);
    }

    /**
     * A cancel or replace for the order went out.
     */
    void requestSent(final Order order, final long sequence, final boolean cancel)
    {
        order.pendingSequence = sequence;
        removeActionable(order);
        if (cancel && !order.cancelPending)
        {
            order.cancelPending = true;
            cancelling++;
        }
    }

    /**
     * The cancel or replace in flight was answered and the order is still there (replaced, or the request refused).
     */
    void requestDone(final Order order)
    {
        order.pendingSequence = 0;
        if (order.cancelPending)
        {
            order.cancelPending = false;
            cancelling--;
        }
        makeActionable(order);
    }

    /**
     * A random order that has no cancel or replace in flight.
     *
     * @return the order, or null when there is none.
     */
    Order pickActionable(final SplittableRandom random)
    {
        return actionableCount == 0 ? null : actionable[random.nextInt(actionableCount)];
    }

    private void makeActionable(final Order order)
    {
        if (order.actionableIndex < 0)
        {
            order.actionableIndex = actionableCount;
            actionable[actionableCount++] = order;
        }
    }

    private void removeActionable(final Order order)
    {
        final int index = order.actionableIndex;
        if (index >= 0)
        {
            final Order last = actionable[--actionableCount];
            actionable[index] = last;
            last.actionableIndex = index;
            actionable[actionableCount] = null;
            order.actionableIndex = -1;
        }
    }
}
