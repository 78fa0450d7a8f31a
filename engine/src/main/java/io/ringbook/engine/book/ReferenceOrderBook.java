package io.ringbook.engine.book;

import io.ringbook.engine.CancelReason;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RestingOrder;
import io.ringbook.engine.Side;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TimeInForce;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference book: sorted maps of price to a list of orders, written for clarity, not speed. It defines correct
 * behaviour for the differential test against {@link FastOrderBook}; it allocates freely.
 */
public final class ReferenceOrderBook implements OrderBook
{
    private final Instrument instrument;
    private final int instrumentId;
    private final TreeMap<Long, List<Order>> bids = new TreeMap<>(Collections.reverseOrder());
    private final TreeMap<Long, List<Order>> asks = new TreeMap<>();
    private final Map<Long, Order> ordersById = new HashMap<>();
    private final Map<AccountClientOrderId, Order> ordersByClientOrderId = new HashMap<>();
    private long lastTradePrice = NO_PRICE;
    private long tradeCount;

    public ReferenceOrderBook(final Instrument instrument)
    {
        this.instrument = instrument;
        this.instrumentId = instrument.id();
    }

    public Instrument instrument()
    {
        return instrument;
    }

    private TreeMap<Long, List<Order>> side(final Side side)
    {
        return side == Side.BUY ? bids : asks;
    }

    public long bestPrice(final Side side)
    {
        final TreeMap<Long, List<Order>> levels = side(side);
        return levels.isEmpty() ? NO_PRICE : levels.firstKey();
    }

    public long lastTradePrice()
    {
        return lastTradePrice;
    }

    public RestingOrder findOrder(final long orderId)
    {
        return ordersById.get(orderId);
    }

    public RestingOrder findOrder(final long accountId, final long clientOrderId)
    {
        return ordersByClientOrderId.get(new AccountClientOrderId(accountId, clientOrderId));
    }

    private void index(final Order order)
    {
        ordersById.put(order.orderId, order);
        ordersByClientOrderId.put(new AccountClientOrderId(order.accountId, order.clientOrderId), order);
    }

    private void unindex(final Order order)
    {
        ordersById.remove(order.orderId);
        ordersByClientOrderId.remove(new AccountClientOrderId(order.accountId, order.clientOrderId));
    }

    private record AccountClientOrderId(long accountId, long clientOrderId)
    {
    }

    private static boolean acceptable(final Side takerSide, final long levelPrice, final long limitPrice)
    {
        return takerSide == Side.BUY ? levelPrice <= limitPrice : levelPrice >= limitPrice;
    }

    public long fillableQuantity(
        final Side takerSide, final long limitPrice, final long accountId, final StpMode stpMode, final long wanted)
    {
        long sum = 0;
        for (final Map.Entry<Long, List<Order>> level : side(takerSide.opposite()).entrySet())
        {
            if (!acceptable(takerSide, level.getKey(), limitPrice))
            {
                break;
            }
            for (final Order maker : level.getValue())
            {
                if (stpMode != StpMode.NONE && maker.accountId == accountId)
                {
                    if (stpMode == StpMode.CANCEL_RESTING)
                    {
                        continue;
                    }
                    return sum;
                }
                sum += maker.leavesQuantity();
                if (sum >= wanted)
                {
                    return sum;
                }
            }
        }
        return sum;
    }

    public void placeOrder(
        final long sequence,
        final long orderId,
        final long accountId,
        final long clientOrderId,
        final Side side,
        final OrderType orderType,
        final long limitPrice,
        final long quantity,
        final TimeInForce timeInForce,
        final StpMode stpMode,
        final boolean postOnly,
        final EngineListener listener)
    {
        final Order order = new Order(orderId, accountId, clientOrderId, side, limitPrice, quantity, stpMode, postOnly);
        final boolean stopped = match(sequence, order, listener);
        final long reportedPrice = orderType == OrderType.MARKET ? 0 : limitPrice;
        if (stopped)
        {
            listener.onCancelled(
                sequence, instrumentId, orderId, accountId, clientOrderId, side, reportedPrice,
                order.quantity, order.leavesQuantity(), CancelReason.SELF_TRADE);
        }
        else if (order.leavesQuantity() > 0)
        {
            if (timeInForce == TimeInForce.GTC)
            {
                rest(sequence, order, listener);
            }
            else
            {
                listener.onCancelled(
                    sequence, instrumentId, orderId, accountId, clientOrderId, side, reportedPrice,
                    order.quantity, order.leavesQuantity(), CancelReason.EXPIRED);
            }
        }
    }

    /**
     * Trade the order against the opposite side up to its price.
     *
     * @return true when self-trade prevention ended the incoming order.
     */
    private boolean match(final long sequence, final Order taker, final EngineListener listener)
    {
        final Side makerSide = taker.side.opposite();
        final TreeMap<Long, List<Order>> levels = side(makerSide);
        while (taker.leavesQuantity() > 0 && !levels.isEmpty())
        {
            final long levelPrice = levels.firstKey();
            if (!acceptable(taker.side, levelPrice, taker.price))
            {
                break;
            }
            final List<Order> queue = levels.get(levelPrice);
            boolean changed = false;
            boolean stopped = false;
            int i = 0;
            while (i < queue.size() && taker.leavesQuantity() > 0)
            {
                final Order maker = queue.get(i);
                if (taker.stpMode != StpMode.NONE && maker.accountId == taker.accountId)
                {
                    if (taker.stpMode == StpMode.CANCEL_INCOMING)
                    {
                        stopped = true;
                        break;
                    }
                    queue.remove(i);
                    unindex(maker);
                    changed = true;
                    listener.onCancelled(
                        sequence, instrumentId, maker.orderId, maker.accountId, maker.clientOrderId, maker.side,
                        maker.price, maker.quantity, maker.leavesQuantity(), CancelReason.SELF_TRADE);
                    listener.onOrderChange(
                        sequence, instrumentId, OrderAction.DELETE, maker.orderId, maker.side, maker.price, 0,
                        maker.leavesQuantity());
                    if (taker.stpMode == StpMode.CANCEL_BOTH)
                    {
                        stopped = true;
                        break;
                    }
                    continue;
                }
                final long quantity = Math.min(taker.leavesQuantity(), maker.leavesQuantity());
                maker.filled += quantity;
                taker.filled += quantity;
                changed = true;
                tradeCount++;
                lastTradePrice = levelPrice;
                listener.onTrade(
                    sequence, instrumentId, tradeCount, levelPrice, quantity, taker.side,
                    maker.orderId, maker.accountId, maker.clientOrderId, maker.quantity, maker.leavesQuantity(),
                    taker.orderId, taker.accountId, taker.clientOrderId, taker.leavesQuantity());
                listener.onOrderChange(
                    sequence, instrumentId, OrderAction.EXECUTE, maker.orderId, maker.side, levelPrice,
                    maker.leavesQuantity(), quantity);
                if (maker.leavesQuantity() == 0)
                {
                    queue.remove(i);
                    unindex(maker);
                }
                else
                {
                    i++;
                }
            }
            if (changed)
            {
                emitLevel(sequence, makerSide, levelPrice, queue, listener, false);
            }
            if (stopped)
            {
                return true;
            }
        }
        return false;
    }

    private void emitLevel(
        final long sequence,
        final Side side,
        final long price,
        final List<Order> queue,
        final EngineListener listener,
        final boolean isNew)
    {
        if (queue.isEmpty())
        {
            side(side).remove(price);
            listener.onLevelChange(sequence, instrumentId, LevelAction.DELETE, side, price, 0, 0);
            return;
        }
        long total = 0;
        for (final Order order : queue)
        {
            total += order.leavesQuantity();
        }
        listener.onLevelChange(
            sequence, instrumentId, isNew ? LevelAction.NEW : LevelAction.CHANGE, side, price, total, queue.size());
    }

    private void rest(final long sequence, final Order order, final EngineListener listener)
    {
        final List<Order> queue = side(order.side).computeIfAbsent(order.price, p -> new ArrayList<>());
        final boolean isNew = queue.isEmpty();
        queue.add(order);
        index(order);
        listener.onOrderChange(
            sequence, instrumentId, OrderAction.ADD, order.orderId, order.side, order.price, order.leavesQuantity(),
            order.leavesQuantity());
        emitLevel(sequence, order.side, order.price, queue, listener, isNew);
    }

    /**
     * Take an order out of its level, reporting the order's and the level's change.
     */
    private void unlink(final long sequence, final Order order, final EngineListener listener)
    {
        final List<Order> queue = side(order.side).get(order.price);
        queue.remove(order);
        unindex(order);
        listener.onOrderChange(
            sequence, instrumentId, OrderAction.DELETE, order.orderId, order.side, order.price, 0,
            order.leavesQuantity());
        emitLevel(sequence, order.side, order.price, queue, listener, false);
    }

    public void cancelOrder(
        final long sequence, final RestingOrder restingOrder, final CancelReason reason, final EngineListener listener)
    {
        final Order order = (Order)restingOrder;
        listener.onCancelled(
            sequence, instrumentId, order.orderId, order.accountId, order.clientOrderId, order.side, order.price,
            order.quantity, order.leavesQuantity(), reason);
        unlink(sequence, order, listener);
    }

    public void replaceOrder(
        final long sequence,
        final RestingOrder restingOrder,
        final long newClientOrderId,
        final long price,
        final long quantity,
        final EngineListener listener)
    {
        final Order order = (Order)restingOrder;
        final long origClientOrderId = order.clientOrderId;
        final long newLeaves = quantity - order.filled;
        listener.onReplaced(
            sequence, instrumentId, order.orderId, order.accountId, origClientOrderId, newClientOrderId, order.side,
            price, quantity, newLeaves);
        if (price == order.price && newLeaves <= order.leavesQuantity())
        {
            final long reduction = order.leavesQuantity() - newLeaves;
            unindex(order);
            order.clientOrderId = newClientOrderId;
            order.quantity = quantity;
            index(order);
            if (reduction > 0)
            {
                listener.onOrderChange(
                    sequence, instrumentId, OrderAction.MODIFY, order.orderId, order.side, price, newLeaves,
                    reduction);
                emitLevel(sequence, order.side, price, side(order.side).get(price), listener, false);
            }
            return;
        }
        unlink(sequence, order, listener);
        order.clientOrderId = newClientOrderId;
        order.price = price;
        order.quantity = quantity;
        if (match(sequence, order, listener))
        {
            listener.onCancelled(
                sequence, instrumentId, order.orderId, order.accountId, order.clientOrderId, order.side, order.price,
                order.quantity, order.leavesQuantity(), CancelReason.SELF_TRADE);
        }
        else if (order.leavesQuantity() > 0)
        {
            rest(sequence, order, listener);
        }
    }

    public void forEachOrder(final OrderVisitor visitor)
    {
        for (final List<Order> queue : bids.values())
        {
            queue.forEach(visitor::visit);
        }
        for (final List<Order> queue : asks.values())
        {
            queue.forEach(visitor::visit);
        }
    }

    public int forEachLevel(final Side side, final int maxLevels, final LevelVisitor visitor)
    {
        int count = 0;
        for (final Map.Entry<Long, List<Order>> level : side(side).entrySet())
        {
            if (count == maxLevels)
            {
                break;
            }
            long total = 0;
            for (final Order order : level.getValue())
            {
                total += order.leavesQuantity();
            }
            visitor.visit(side, level.getKey(), total, level.getValue().size());
            count++;
        }
        return count;
    }

    public int orderCount()
    {
        return ordersById.size();
    }

    public long tradeCount()
    {
        return tradeCount;
    }

    public void clear()
    {
        bids.clear();
        asks.clear();
        ordersById.clear();
        ordersByClientOrderId.clear();
        lastTradePrice = NO_PRICE;
        tradeCount = 0;
    }

    public void restoreOrder(
        final long orderId,
        final long accountId,
        final long clientOrderId,
        final Side side,
        final long price,
        final long quantity,
        final long filledQuantity,
        final StpMode stpMode,
        final boolean postOnly)
    {
        final Order order = new Order(orderId, accountId, clientOrderId, side, price, quantity, stpMode, postOnly);
        order.filled = filledQuantity;
        side(side).computeIfAbsent(price, p -> new ArrayList<>()).add(order);
        index(order);
    }

    public void restoreTradeState(final long lastTradePrice, final long tradeCount)
    {
        this.lastTradePrice = lastTradePrice;
        this.tradeCount = tradeCount;
    }

    static final class Order implements RestingOrder
    {
        final long orderId;
        final long accountId;
        final Side side;
        final StpMode stpMode;
        final boolean postOnly;
        long clientOrderId;
        long price;
        long quantity;
        long filled;

        Order(
            final long orderId,
            final long accountId,
            final long clientOrderId,
            final Side side,
            final long price,
            final long quantity,
            final StpMode stpMode,
            final boolean postOnly)
        {
            this.orderId = orderId;
            this.accountId = accountId;
            this.clientOrderId = clientOrderId;
            this.side = side;
            this.price = price;
            this.quantity = quantity;
            this.stpMode = stpMode;
            this.postOnly = postOnly;
        }

        public long orderId()
        {
            return orderId;
        }

        public long accountId()
        {
            return accountId;
        }

        public long clientOrderId()
        {
            return clientOrderId;
        }

        public Side side()
        {
            return side;
        }

        public long price()
        {
            return price;
        }

        public long quantity()
        {
            return quantity;
        }

        public long filledQuantity()
        {
            return filled;
        }

        public long leavesQuantity()
        {
            return quantity - filled;
        }

        public StpMode stpMode()
        {
            return stpMode;
        }

        public boolean postOnly()
        {
            return postOnly;
        }
    }
}
