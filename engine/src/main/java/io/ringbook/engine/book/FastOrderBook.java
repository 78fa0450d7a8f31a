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
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;

/**
 * The fast book. Each side keeps its price levels in an array sorted so the best level is last: orders arrive and
 * trade near the touch, so finding, adding and removing a level moves few elements and touches few cache lines
 * (a linear scan from the touch, falling back to binary search deeper in the book). Each level holds its orders in
 * an intrusive doubly linked list in time priority. Orders and levels come from pools and go back to them, so steady
 * state allocates nothing; pools and arrays grow (allocating) only past their high-water mark.
 */
public final class FastOrderBook implements OrderBook
{
    /** Default orders preallocated per book. */
    public static final int DEFAULT_INITIAL_ORDERS = 4096;
    private static final int LINEAR_SCAN_LEVELS = 8;

    private final Instrument instrument;
    private final int instrumentId;
    private final BookSide bids = new BookSide(Side.BUY);
    private final BookSide asks = new BookSide(Side.SELL);
    private final Long2ObjectHashMap<FastOrder> ordersById;
    private FastOrder[] orderPool;
    private int orderPoolSize;
    private PriceLevel[] levelPool;
    private int levelPoolSize;
    private long lastTradePrice = NO_PRICE;
    private long tradeCount;

    public FastOrderBook(final Instrument instrument)
    {
        this(instrument, DEFAULT_INITIAL_ORDERS);
    }

    /**
     * @param instrument    traded here.
     * @param initialOrders orders (and levels) to preallocate: the most this book should hold at once.
     */
    public FastOrderBook(final Instrument instrument, final int initialOrders)
    {
        this.instrument = instrument;
        this.instrumentId = instrument.id();
        final int capacity = Math.max(16, initialOrders);
        ordersById = new Long2ObjectHashMap<>(capacity * 2, 0.5f);
        orderPool = new FastOrder[capacity];
        for (int i = 0; i < capacity; i++)
        {
            orderPool[i] = new FastOrder();
        }
        orderPoolSize = capacity;
        levelPool = new PriceLevel[capacity];
        for (int i = 0; i < capacity; i++)
        {
            levelPool[i] = new PriceLevel();
        }
        levelPoolSize = capacity;
    }

    public Instrument instrument()
    {
        return instrument;
    }

    private BookSide side(final Side side)
    {
        return side == Side.BUY ? bids : asks;
    }

    public long bestPrice(final Side side)
    {
        final BookSide bookSide = side(side);
        return bookSide.size == 0 ? NO_PRICE : bookSide.levels[bookSide.size - 1].price;
    }

    public long lastTradePrice()
    {
        return lastTradePrice;
    }

    public RestingOrder findOrder(final long orderId)
    {
        return ordersById.get(orderId);
    }

    public long fillableQuantity(
        final Side takerSide, final long limitPrice, final long accountId, final StpMode stpMode, final long wanted)
    {
        final BookSide makers = side(takerSide.opposite());
        long sum = 0;
        for (int i = makers.size - 1; i >= 0; i--)
        {
            final PriceLevel level = makers.levels[i];
            if (!acceptable(takerSide, level.price, limitPrice))
            {
                break;
            }
            if (stpMode == StpMode.NONE)
            {
                sum += level.quantity;
                if (sum >= wanted)
                {
                    return sum;
                }
                continue;
            }
            for (FastOrder maker = level.head; maker != null; maker = maker.next)
            {
                if (maker.accountId == accountId)
                {
                    if (stpMode == StpMode.CANCEL_RESTING)
                    {
                        continue;
                    }
                    return sum;
                }
                sum += maker.leaves;
                if (sum >= wanted)
                {
                    return sum;
                }
            }
        }
        return sum;
    }

    private static boolean acceptable(final Side takerSide, final long levelPrice, final long limitPrice)
    {
        return takerSide == Side.BUY ? levelPrice <= limitPrice : levelPrice >= limitPrice;
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
        final FastOrder order = acquireOrder();
        order.orderId = orderId;
        order.accountId = accountId;
        order.clientOrderId = clientOrderId;
        order.side = side;
        order.price = limitPrice;
        order.quantity = quantity;
        order.filled = 0;
        order.leaves = quantity;
        order.stpMode = stpMode;
        order.postOnly = postOnly;

        final boolean stopped = match(sequence, order, listener);
        final long reportedPrice = orderType == OrderType.MARKET ? 0 : limitPrice;
        if (stopped)
        {
            listener.onCancelled(
                sequence, instrumentId, orderId, accountId, clientOrderId, side, reportedPrice, order.quantity,
                order.leaves, CancelReason.SELF_TRADE);
        }
        else if (order.leaves > 0)
        {
            if (timeInForce == TimeInForce.GTC)
            {
                rest(sequence, order, listener);
                return;
            }
            listener.onCancelled(
                sequence, instrumentId, orderId, accountId, clientOrderId, side, reportedPrice, order.quantity,
                order.leaves, CancelReason.EXPIRED);
        }
        releaseOrder(order);
    }

    /**
     * Trade the order against the opposite side up to its price.
     *
     * @return true when self-trade prevention ended the incoming order.
     */
    private boolean match(final long sequence, final FastOrder taker, final EngineListener listener)
    {
        final Side takerSide = taker.side;
        final BookSide makers = side(takerSide.opposite());
        final StpMode stpMode = taker.stpMode;
        final long limitPrice = taker.price;
        while (taker.leaves > 0 && makers.size > 0)
        {
            final PriceLevel level = makers.levels[makers.size - 1];
            final long levelPrice = level.price;
            if (!acceptable(takerSide, levelPrice, limitPrice))
            {
                break;
            }
            boolean changed = false;
            boolean stopped = false;
            FastOrder maker = level.head;
            while (maker != null && taker.leaves > 0)
            {
                final FastOrder next = maker.next;
                if (stpMode != StpMode.NONE && maker.accountId == taker.accountId)
                {
                    if (stpMode == StpMode.CANCEL_INCOMING)
                    {
                        stopped = true;
                        break;
                    }
                    changed = true;
                    listener.onCancelled(
                        sequence, instrumentId, maker.orderId, maker.accountId, maker.clientOrderId, maker.side,
                        levelPrice, maker.quantity, maker.leaves, CancelReason.SELF_TRADE);
                    listener.onOrderChange(
                        sequence, instrumentId, OrderAction.DELETE, maker.orderId, maker.side, levelPrice, 0,
                        maker.leaves);
                    removeFromLevel(level, maker);
                    ordersById.remove(maker.orderId);
                    releaseOrder(maker);
                    maker = next;
                    if (stpMode == StpMode.CANCEL_BOTH)
                    {
                        stopped = true;
                        break;
                    }
                    continue;
                }
                final long quantity = Math.min(taker.leaves, maker.leaves);
                maker.leaves -= quantity;
                maker.filled += quantity;
                taker.leaves -= quantity;
                taker.filled += quantity;
                level.quantity -= quantity;
                changed = true;
                final long tradeId = ++tradeCount;
                lastTradePrice = levelPrice;
                listener.onTrade(
                    sequence, instrumentId, tradeId, levelPrice, quantity, takerSide,
                    maker.orderId, maker.accountId, maker.clientOrderId, maker.quantity, maker.leaves,
                    taker.orderId, taker.accountId, taker.clientOrderId, taker.leaves);
                listener.onOrderChange(
                    sequence, instrumentId, OrderAction.EXECUTE, maker.orderId, maker.side, levelPrice,
                    maker.leaves, quantity);
                if (maker.leaves == 0)
                {
                    unlinkFromLevel(level, maker);
                    ordersById.remove(maker.orderId);
                    releaseOrder(maker);
                }
                maker = next;
            }
            if (changed)
            {
                if (level.orderCount == 0)
                {
                    makers.removeBest();
                    releaseLevel(level);
                    listener.onLevelChange(
                        sequence, instrumentId, LevelAction.DELETE, makers.side, levelPrice, 0, 0);
                }
                else
                {
                    listener.onLevelChange(
                        sequence, instrumentId, LevelAction.CHANGE, makers.side, levelPrice, level.quantity,
                        level.orderCount);
                }
            }
            if (stopped)
            {
                return true;
            }
        }
        return false;
    }

    private void rest(final long sequence, final FastOrder order, final EngineListener listener)
    {
        final BookSide bookSide = side(order.side);
        final long price = order.price;
        int index = bookSide.indexOf(price);
        final boolean isNew = index < 0;
        final PriceLevel level;
        if (isNew)
        {
            level = acquireLevel();
            level.price = price;
            level.quantity = 0;
            level.orderCount = 0;
            level.head = null;
            level.tail = null;
            bookSide.insert(-index - 1, level);
        }
        else
        {
            level = bookSide.levels[index];
        }
        order.level = level;
        order.next = null;
        order.prev = level.tail;
        if (level.tail == null)
        {
            level.head = order;
        }
        else
        {
            level.tail.next = order;
        }
        level.tail = order;
        level.quantity += order.leaves;
        level.orderCount++;
        ordersById.put(order.orderId, order);
        listener.onOrderChange(
            sequence, instrumentId, OrderAction.ADD, order.orderId, order.side, price, order.leaves, order.leaves);
        listener.onLevelChange(
            sequence, instrumentId, isNew ? LevelAction.NEW : LevelAction.CHANGE, order.side, price,
            level.quantity, level.orderCount);
    }

    private static void unlinkFromLevel(final PriceLevel level, final FastOrder order)
    {
        final FastOrder prev = order.prev;
        final FastOrder next = order.next;
        if (prev == null)
        {
            level.head = next;
        }
        else
        {
            prev.next = next;
        }
        if (next == null)
        {
            level.tail = prev;
        }
        else
        {
            next.prev = prev;
        }
        order.prev = null;
        order.next = null;
        order.level = null;
        level.orderCount--;
    }

    private static void removeFromLevel(final PriceLevel level, final FastOrder order)
    {
        level.quantity -= order.leaves;
        unlinkFromLevel(level, order);
    }

    /**
     * Take a resting order out of the book (not back to the pool), reporting the order's and the level's change.
     */
    private void unlink(final long sequence, final FastOrder order, final EngineListener listener)
    {
        final PriceLevel level = order.level;
        final long price = level.price;
        removeFromLevel(level, order);
        ordersById.remove(order.orderId);
        listener.onOrderChange(
            sequence, instrumentId, OrderAction.DELETE, order.orderId, order.side, price, 0, order.leaves);
        if (level.orderCount == 0)
        {
            side(order.side).remove(level);
            releaseLevel(level);
            listener.onLevelChange(sequence, instrumentId, LevelAction.DELETE, order.side, price, 0, 0);
        }
        else
        {
            listener.onLevelChange(
                sequence, instrumentId, LevelAction.CHANGE, order.side, price, level.quantity, level.orderCount);
        }
    }

    public void cancelOrder(
        final long sequence, final RestingOrder restingOrder, final CancelReason reason, final EngineListener listener)
    {
        final FastOrder order = (FastOrder)restingOrder;
        listener.onCancelled(
            sequence, instrumentId, order.orderId, order.accountId, order.clientOrderId, order.side, order.price,
            order.quantity, order.leaves, reason);
        unlink(sequence, order, listener);
        releaseOrder(order);
    }

    public void replaceOrder(
        final long sequence,
        final RestingOrder restingOrder,
        final long newClientOrderId,
        final long price,
        final long quantity,
        final EngineListener listener)
    {
        final FastOrder order = (FastOrder)restingOrder;
        final long newLeaves = quantity - order.filled;
        listener.onReplaced(
            sequence, instrumentId, order.orderId, order.accountId, order.clientOrderId, newClientOrderId, order.side,
            price, quantity, newLeaves);
        if (price == order.price && newLeaves <= order.leaves)
        {
            final long reduction = order.leaves - newLeaves;
            order.clientOrderId = newClientOrderId;
            order.quantity = quantity;
            if (reduction > 0)
            {
                order.leaves = newLeaves;
                final PriceLevel level = order.level;
                level.quantity -= reduction;
                listener.onOrderChange(
                    sequence, instrumentId, OrderAction.MODIFY, order.orderId, order.side, price, newLeaves,
                    reduction);
                listener.onLevelChange(
                    sequence, instrumentId, LevelAction.CHANGE, order.side, price, level.quantity, level.orderCount);
            }
            return;
        }
        unlink(sequence, order, listener);
        order.clientOrderId = newClientOrderId;
        order.price = price;
        order.quantity = quantity;
        order.leaves = newLeaves;
        if (match(sequence, order, listener))
        {
            listener.onCancelled(
                sequence, instrumentId, order.orderId, order.accountId, order.clientOrderId, order.side, price,
                order.quantity, order.leaves, CancelReason.SELF_TRADE);
        }
        else if (order.leaves > 0)
        {
            rest(sequence, order, listener);
            return;
        }
        releaseOrder(order);
    }

    public void forEachOrder(final OrderVisitor visitor)
    {
        bids.forEachOrder(visitor);
        asks.forEachOrder(visitor);
    }

    public int forEachLevel(final Side side, final int maxLevels, final LevelVisitor visitor)
    {
        final BookSide bookSide = side(side);
        int count = 0;
        for (int i = bookSide.size - 1; i >= 0 && count < maxLevels; i--, count++)
        {
            final PriceLevel level = bookSide.levels[i];
            visitor.visit(side, level.price, level.quantity, level.orderCount);
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
        clearSide(bids);
        clearSide(asks);
        ordersById.clear();
        lastTradePrice = NO_PRICE;
        tradeCount = 0;
    }

    private void clearSide(final BookSide bookSide)
    {
        for (int i = bookSide.size - 1; i >= 0; i--)
        {
            final PriceLevel level = bookSide.levels[i];
            FastOrder order = level.head;
            while (order != null)
            {
                final FastOrder next = order.next;
                order.prev = null;
                order.next = null;
                order.level = null;
                releaseOrder(order);
                order = next;
            }
            bookSide.levels[i] = null;
            releaseLevel(level);
        }
        bookSide.size = 0;
    }

    /**
     * Check every invariant of the structure; for tests. Throws {@link IllegalStateException} naming the first broken
     * one: levels strictly sorted with the best last, each level's quantity and count equal to its orders', linked
     * lists consistent both ways, every resting order indexed by id, no empty level, a book that is not crossed.
     */
    public void validateInternalState()
    {
        final int indexed = bids.validate() + asks.validate();
        if (indexed != ordersById.size())
        {
            throw new IllegalStateException(
                "orders in levels " + indexed + " != orders indexed by id " + ordersById.size());
        }
        final long bestBid = bestPrice(Side.BUY);
        final long bestAsk = bestPrice(Side.SELL);
        if (bestBid != NO_PRICE && bestAsk != NO_PRICE && bestBid >= bestAsk)
        {
            throw new IllegalStateException("crossed book: bid " + bestBid + " >= ask " + bestAsk);
        }
    }

    private FastOrder acquireOrder()
    {
        if (orderPoolSize == 0)
        {
            return new FastOrder(); // past the high-water mark: allocate, the pool keeps it on release
        }
        final FastOrder order = orderPool[--orderPoolSize];
        orderPool[orderPoolSize] = null;
        return order;
    }

    private void releaseOrder(final FastOrder order)
    {
        if (orderPoolSize == orderPool.length)
        {
            orderPool = Arrays.copyOf(orderPool, orderPool.length * 2);
        }
        orderPool[orderPoolSize++] = order;
    }

    private PriceLevel acquireLevel()
    {
        if (levelPoolSize == 0)
        {
            return new PriceLevel();
        }
        final PriceLevel level = levelPool[--levelPoolSize];
        levelPool[levelPoolSize] = null;
        return level;
    }

    private void releaseLevel(final PriceLevel level)
    {
        level.head = null;
        level.tail = null;
        if (levelPoolSize == levelPool.length)
        {
            levelPool = Arrays.copyOf(levelPool, levelPool.length * 2);
        }
        levelPool[levelPoolSize++] = level;
    }

    /**
     * One side's levels, sorted so the best is last: ascending prices for bids, descending for asks.
     */
    private final class BookSide
    {
        final Side side;
        final boolean isBid;
        PriceLevel[] levels = new PriceLevel[256];
        int size;

        BookSide(final Side side)
        {
            this.side = side;
            this.isBid = side == Side.BUY;
        }

        /** True when price a sorts before (is worse than) price b on this side. */
        private boolean worse(final long a, final long b)
        {
            return isBid ? a < b : a > b;
        }

        /**
         * @return the index of the level at this price, or -(insertion point) - 1.
         */
        int indexOf(final long price)
        {
            final PriceLevel[] levels = this.levels;
            int i = size - 1;
            final int linearEnd = Math.max(-1, i - LINEAR_SCAN_LEVELS);
            for (; i > linearEnd; i--)
            {
                final long levelPrice = levels[i].price;
                if (levelPrice == price)
                {
                    return i;
                }
                if (worse(levelPrice, price))
                {
                    return -(i + 1) - 1;
                }
            }
            int low = 0;
            int high = i;
            while (low <= high)
            {
                final int mid = (low + high) >>> 1;
                final long midPrice = levels[mid].price;
                if (midPrice == price)
                {
                    return mid;
                }
                if (worse(midPrice, price))
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }
            return -low - 1;
        }

        void insert(final int index, final PriceLevel level)
        {
            if (size == levels.length)
            {
                levels = Arrays.copyOf(levels, levels.length * 2);
            }
            System.arraycopy(levels, index, levels, index + 1, size - index);
            levels[index] = level;
            size++;
        }

        void removeBest()
        {
            levels[--size] = null;
        }

        void remove(final PriceLevel level)
        {
            final int index = indexOf(level.price);
            System.arraycopy(levels, index + 1, levels, index, size - index - 1);
            levels[--size] = null;
        }

        void forEachOrder(final OrderVisitor visitor)
        {
            for (int i = size - 1; i >= 0; i--)
            {
                for (FastOrder order = levels[i].head; order != null; order = order.next)
                {
                    visitor.visit(order);
                }
            }
        }

        int validate()
        {
            int orders = 0;
            for (int i = 0; i < size; i++)
            {
                final PriceLevel level = levels[i];
                if (i > 0 && !worse(levels[i - 1].price, level.price))
                {
                    throw new IllegalStateException(side + " levels not sorted at index " + i);
                }
                long quantity = 0;
                int count = 0;
                FastOrder prev = null;
                for (FastOrder order = level.head; order != null; order = order.next)
                {
                    if (order.prev != prev || order.level != level || order.side != side ||
                        order.price != level.price)
                    {
                        throw new IllegalStateException("broken order links at " + side + " " + level.price);
                    }
                    if (order.leaves <= 0 || order.leaves != order.quantity - order.filled)
                    {
                        throw new IllegalStateException("bad leaves for order " + order.orderId);
                    }
                    if (ordersById.get(order.orderId) != order)
                    {
                        throw new IllegalStateException("order not indexed by id: " + order.orderId);
                    }
                    quantity += order.leaves;
                    count++;
                    prev = order;
                }
                if (level.tail != prev)
                {
                    throw new IllegalStateException("bad tail at " + side + " " + level.price);
                }
                if (count == 0 || count != level.orderCount || quantity != level.quantity)
                {
                    throw new IllegalStateException("level totals wrong at " + side + " " + level.price +
                        ": count " + level.orderCount + " vs " + count + ", qty " + level.quantity + " vs " + quantity);
                }
                orders += count;
            }
            for (int i = size; i < levels.length; i++)
            {
                if (levels[i] != null)
                {
                    throw new IllegalStateException("stale level reference past size on " + side);
                }
            }
            return orders;
        }
    }

    static final class PriceLevel
    {
        long price;
        long quantity;
        int orderCount;
        FastOrder head;
        FastOrder tail;
    }

    static final class FastOrder implements RestingOrder
    {
        long orderId;
        long accountId;
        long clientOrderId;
        long price;
        long quantity;
        long filled;
        long leaves;
        Side side;
        StpMode stpMode;
        boolean postOnly;
        FastOrder prev;
        FastOrder next;
        PriceLevel level;

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
            return leaves;
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
