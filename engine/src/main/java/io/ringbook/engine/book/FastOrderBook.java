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

import java.util.Arrays;

/**
 * The fast book. Each side keeps its price levels in a doubly linked list, best first, with a price-to-level hash
 * map: finding a level, and removing one however deep it is, take constant time; a new level is linked in by walking
 * from a nearby level (the order's old level for a replace, a level a few ticks away, else the nearer end), so the
 * usual move of a resting order by a few ticks costs a few steps, never a shift of the levels in front of it. Each
 * level holds its orders in an intrusive doubly linked list in time priority. Orders and levels come from pools and
 * go back to them, so steady state allocates nothing; pools and maps grow (allocating) only past their high-water
 * mark.
 */
public final class FastOrderBook implements OrderBook
{
    /** Default orders preallocated per book. */
    public static final int DEFAULT_INITIAL_ORDERS = 4096;

    private final Instrument instrument;
    private final int instrumentId;
    private final BookSide bids;
    private final BookSide asks;
    private final OrderIndex orders;
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
        orders = new OrderIndex(capacity);
        bids = new BookSide(Side.BUY, capacity);
        asks = new BookSide(Side.SELL, capacity);
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
        final PriceLevel best = side(side).best;
        return best == null ? NO_PRICE : best.price;
    }

    public long lastTradePrice()
    {
        return lastTradePrice;
    }

    public RestingOrder findOrder(final long orderId)
    {
        return orders.get(orderId);
    }

    public RestingOrder findOrder(final long accountId, final long clientOrderId)
    {
        return orders.get(accountId, clientOrderId);
    }

    public long fillableQuantity(
        final Side takerSide, final long limitPrice, final long accountId, final StpMode stpMode, final long wanted)
    {
        final BookSide makers = side(takerSide.opposite());
        long sum = 0;
        for (PriceLevel level = makers.best; level != null; level = level.worse)
        {
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
                rest(sequence, order, null, listener);
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
        PriceLevel level;
        while (taker.leaves > 0 && (level = makers.best) != null)
        {
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
                    unindex(maker);
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
                    unindex(maker);
                    releaseOrder(maker);
                }
                maker = next;
            }
            if (changed)
            {
                if (level.orderCount == 0)
                {
                    makers.remove(level);
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

    /**
     * Put an order at the back of its price level, creating the level if needed.
     *
     * @param hint a level of the same side near the order's price to start looking from, or null.
     */
    private void rest(final long sequence, final FastOrder order, final PriceLevel hint, final EngineListener listener)
    {
        rest(sequence, order, hint, true, listener);
    }

    /**
     * @param index false when the order is still in the id maps (a replace that moves it).
     */
    private void rest(
        final long sequence, final FastOrder order, final PriceLevel hint, final boolean index,
        final EngineListener listener)
    {
        final long price = order.price;
        final PriceLevel level = link(order, side(order.side), hint);
        // A level with this order alone was made for it.
        final boolean isNew = level.orderCount == 1;
        if (index)
        {
            index(order);
        }
        listener.onOrderChange(
            sequence, instrumentId, OrderAction.ADD, order.orderId, order.side, price, order.leaves, order.leaves);
        listener.onLevelChange(
            sequence, instrumentId, isNew ? LevelAction.NEW : LevelAction.CHANGE, order.side, price,
            level.quantity, level.orderCount);
    }

    /**
     * Links the order in at the back of its price level, creating the level (placed next to the nearest occupied
     * level, searched from {@code hint}) when there is none.
     *
     * @return the order's level.
     */
    private PriceLevel link(final FastOrder order, final BookSide bookSide, final PriceLevel hint)
    {
        final long price = order.price;
        PriceLevel level = bookSide.byPrice.get(price);
        if (level == null)
        {
            level = acquireLevel();
            level.price = price;
            level.quantity = 0;
            level.orderCount = 0;
            level.head = null;
            level.tail = null;
            bookSide.insert(level, bookSide.neighbour(price, hint));
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
        return level;
    }

    private void index(final FastOrder order)
    {
        orders.put(order);
    }

    private void unindex(final FastOrder order)
    {
        orders.remove(order);
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
     *
     * @return a level of the order's side near its old price (its own level if it survived), or null if the side
     * is now empty: where to start looking when the order rests again.
     */
    private PriceLevel unlink(final long sequence, final FastOrder order, final EngineListener listener)
    {
        return unlink(sequence, order, true, listener);
    }

    /**
     * @param unindex false to keep the order in the id maps (a replace that moves it; it stays live).
     */
    private PriceLevel unlink(
        final long sequence, final FastOrder order, final boolean unindex, final EngineListener listener)
    {
        final PriceLevel level = order.level;
        final long price = level.price;
        removeFromLevel(level, order);
        if (unindex)
        {
            unindex(order);
        }
        listener.onOrderChange(
            sequence, instrumentId, OrderAction.DELETE, order.orderId, order.side, price, 0, order.leaves);
        if (level.orderCount == 0)
        {
            final PriceLevel near = level.better != null ? level.better : level.worse;
            side(order.side).remove(level);
            releaseLevel(level);
            listener.onLevelChange(sequence, instrumentId, LevelAction.DELETE, order.side, price, 0, 0);
            return near;
        }
        listener.onLevelChange(
            sequence, instrumentId, LevelAction.CHANGE, order.side, price, level.quantity, level.orderCount);
        return level;
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
            if (newClientOrderId != order.clientOrderId)
            {
                orders.changeClientOrderId(order, newClientOrderId);
            }
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
        // The order stays live through the move, so it keeps its id map entries (only a new client order id changes).
        final PriceLevel hint = unlink(sequence, order, false, listener);
        if (newClientOrderId != order.clientOrderId)
        {
            orders.changeClientOrderId(order, newClientOrderId);
        }
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
            // Matching took only opposite-side levels, so the hint (same side) is still in the book.
            rest(sequence, order, hint, false, listener);
            return;
        }
        unindex(order);
        releaseOrder(order);
    }

    public void forEachOrder(final OrderVisitor visitor)
    {
        bids.forEachOrder(visitor);
        asks.forEachOrder(visitor);
    }

    public int forEachLevel(final Side side, final int maxLevels, final LevelVisitor visitor)
    {
        int count = 0;
        for (PriceLevel level = side(side).best; level != null && count < maxLevels; level = level.worse, count++)
        {
            visitor.visit(side, level.price, level.quantity, level.orderCount);
        }
        return count;
    }

    public int orderCount()
    {
        return orders.size();
    }

    public long tradeCount()
    {
        return tradeCount;
    }

    public void clear()
    {
        clearSide(bids);
        clearSide(asks);
        orders.clear();
        lastTradePrice = NO_PRICE;
        tradeCount = 0;
    }

    private void clearSide(final BookSide bookSide)
    {
        PriceLevel level = bookSide.best;
        while (level != null)
        {
            final PriceLevel worse = level.worse;
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
            level.better = null;
            level.worse = null;
            releaseLevel(level);
            level = worse;
        }
        bookSide.best = null;
        bookSide.worst = null;
        bookSide.size = 0;
        bookSide.byPrice.clear();
    }

    /**
     * Links the order in as {@code rest} does but reports nothing: a restore is not a market event. Restored in
     * canonical order, each new level is the worst of its side so far, so linking it in from the worst end takes one
     * step.
     */
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
        final FastOrder order = acquireOrder();
        order.orderId = orderId;
        order.accountId = accountId;
        order.clientOrderId = clientOrderId;
        order.side = side;
        order.price = price;
        order.quantity = quantity;
        order.filled = filledQuantity;
        order.leaves = quantity - filledQuantity;
        order.stpMode = stpMode;
        order.postOnly = postOnly;

        final BookSide bookSide = side(side);
        link(order, bookSide, bookSide.worst);
        index(order);
    }

    public void restoreTradeState(final long lastTradePrice, final long tradeCount)
    {
        this.lastTradePrice = lastTradePrice;
        this.tradeCount = tradeCount;
    }

    /**
     * Check every invariant of the structure; for tests. Throws {@link IllegalStateException} naming the first broken
     * one: levels strictly sorted with the best last, each level's quantity and count equal to its orders', linked
     * lists consistent both ways, every resting order indexed by id, no empty level, a book that is not crossed.
     */
    public void validateInternalState()
    {
        final int indexed = bids.validate() + asks.validate();
        if (indexed != orders.size())
        {
            throw new IllegalStateException("orders in levels " + indexed + " != orders indexed by id " +
                orders.size());
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
     * One side's levels: a doubly linked list from best to worst, and a map from price to level.
     */
    private final class BookSide
    {
        final Side side;
        final boolean isBid;
        final PriceLevelIndex byPrice;
        PriceLevel best;
        PriceLevel worst;
        int size;

        BookSide(final Side side, final int capacity)
        {
            this.side = side;
            this.isBid = side == Side.BUY;
            this.byPrice = new PriceLevelIndex(capacity, instrument.tickSize());
        }

        /** True when price a is better than price b on this side. */
        private boolean better(final long a, final long b)
        {
            return isBid ? a > b : a < b;
        }

        /**
         * A level to start walking from for a new level at this price: a level near it in the price index, else the
         * hint, else the nearer end of the list, else null for an empty side. Call before the new level is indexed.
         */
        PriceLevel neighbour(final long price, final PriceLevel hint)
        {
            if (best == null)
            {
                return null;
            }
            final PriceLevel near = byPrice.near(price);
            if (near != null)
            {
                return near;
            }
            if (hint != null)
            {
                return hint;
            }
            return Math.abs(price - best.price) <= Math.abs(price - worst.price) ? best : worst;
        }

        /**
         * Link in a level whose price is not in this side yet, walking from {@code from} (a level of this side, or
         * null when the side is empty).
         */
        void insert(final PriceLevel level, final PriceLevel from)
        {
            final long price = level.price;
            byPrice.put(level);
            size++;
            if (from == null)
            {
                level.better = null;
                level.worse = null;
                best = level;
                worst = level;
                return;
            }
            PriceLevel at = from;
            if (better(price, at.price))
            {
                while (at.better != null && better(price, at.better.price))
                {
                    at = at.better;
                }
                level.worse = at;
                level.better = at.better;
                if (at.better == null)
                {
                    best = level;
                }
                else
                {
                    at.better.worse = level;
                }
                at.better = level;
            }
            else
            {
                while (at.worse != null && better(at.worse.price, price))
                {
                    at = at.worse;
                }
                level.better = at;
                level.worse = at.worse;
                if (at.worse == null)
                {
                    worst = level;
                }
                else
                {
                    at.worse.better = level;
                }
                at.worse = level;
            }
        }

        void remove(final PriceLevel level)
        {
            byPrice.remove(level);
            size--;
            if (level.better == null)
            {
                best = level.worse;
            }
            else
            {
                level.better.worse = level.worse;
            }
            if (level.worse == null)
            {
                worst = level.better;
            }
            else
            {
                level.worse.better = level.better;
            }
            level.better = null;
            level.worse = null;
        }

        void forEachOrder(final OrderVisitor visitor)
        {
            for (PriceLevel level = best; level != null; level = level.worse)
            {
                for (FastOrder order = level.head; order != null; order = order.next)
                {
                    visitor.visit(order);
                }
            }
        }

        int validate()
        {
            int orders = 0;
            int levels = 0;
            PriceLevel better = null;
            for (PriceLevel level = best; level != null; level = level.worse)
            {
                levels++;
                if (level.better != better || (better != null && !better(better.price, level.price)))
                {
                    throw new IllegalStateException(side + " levels not linked best to worst at " + level.price);
                }
                if (byPrice.get(level.price) != level)
                {
                    throw new IllegalStateException(side + " level not indexed by price: " + level.price);
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
                    final OrderIndex index = FastOrderBook.this.orders;
                    if (index.get(order.orderId) != order || index.get(order.accountId, order.clientOrderId) != order)
                    {
                        throw new IllegalStateException("order not indexed by id and client order id: " +
                            order.orderId);
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
                better = level;
            }
            if (worst != better || levels != size || byPrice.size() != size)
            {
                throw new IllegalStateException(side + ": " + levels + " levels linked, size " + size + ", " +
                    byPrice.size() + " indexed by price, worst " + (worst == better ? "ok" : "wrong"));
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
        PriceLevel better;
        PriceLevel worse;
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
