package io.ringbook.feed.publisher;

import io.ringbook.feed.book.FeedBook;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The publisher's copy of one instrument's book, kept for the snapshot loop. Unlike the client's {@link FeedBook},
 * which keeps its levels sorted for readers on every event, this one is written on every event and read in order
 * only when a snapshot is taken, so it is built for the write: levels live in a hash map per side (one lookup per
 * level update, no search, no shifting of arrays), orders in a map by id and in a first-in-first-out queue on their
 * level (an execution or a delete unlinks in O(1) without a second lookup). {@link #sort()} then puts the levels in
 * price order once per snapshot, and orders are walked level by level in time priority, with no sort of the orders.
 * <p>
 * Same wire values and the same results as {@link FeedBook#applyLevel} and {@link FeedBook#applyOrder}, the same
 * {@link #levelsHash()}. Nothing is allocated in steady state (levels and orders are pooled). Single threaded.
 */
public final class ReplicaBook
{
    private final int instrumentId;
    private final boolean trackOrders;
    @SuppressWarnings("unchecked")
    private final Long2ObjectHashMap<Level>[] levels = new Long2ObjectHashMap[] {
        new Long2ObjectHashMap<Level>(), new Long2ObjectHashMap<Level>() };
    private final int[] shown = new int[2];
    private final Long2ObjectHashMap<Order> orders = new Long2ObjectHashMap<>();
    private final ArrayDeque<Order> orderPool = new ArrayDeque<>();
    private final ArrayDeque<Level> levelPool = new ArrayDeque<>();
    /** Every level in the map, best first (orders are walked from these: a level can hold orders and not be shown). */
    private final Level[][] sorted = { new Level[64], new Level[64] };
    private final int[] sortedCount = new int[2];
    /** The shown levels, best first. */
    private final Level[][] sortedShown = { new Level[64], new Level[64] };
    private long[] prices = new long[64];
    private boolean sortedValid;

    /**
     * @param trackOrders keep the resting orders too (market by order), not only the levels.
     */
    public ReplicaBook(final int instrumentId, final boolean trackOrders)
    {
        this.instrumentId = instrumentId;
        this.trackOrders = trackOrders;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    public boolean tracksOrders()
    {
        return trackOrders;
    }

    /**
     * Empties the book.
     */
    public void clear()
    {
        for (int side = FeedBook.BID; side <= FeedBook.ASK; side++)
        {
            final Long2ObjectHashMap<Level>.ValueIterator values = levels[side].values().iterator();
            while (values.hasNext())
            {
                levelPool.add(values.next().reset());
            }
            levels[side].clear();
            shown[side] = 0;
        }
        final Long2ObjectHashMap<Order>.ValueIterator values = orders.values().iterator();
        while (values.hasNext())
        {
            orderPool.add(values.next().reset());
        }
        orders.clear();
        sortedValid = false;
    }

    /**
     * Applies one price level change, as {@link FeedBook#applyLevel}.
     *
     * @return false when it does not fit the book (the level is set anyway, as there).
     */
    public boolean applyLevel(final int side, final int action, final long price, final long quantity, final int count)
    {
        if (side != FeedBook.BID && side != FeedBook.ASK)
        {
            return false;
        }
        final Long2ObjectHashMap<Level> sideLevels = levels[side];
        final Level level = sideLevels.get(price);
        final boolean exists = level != null && level.shown;
        switch (action)
        {
            case FeedBook.NEW:
            case FeedBook.CHANGE:
            {
                final Level target = level != null ? level : newLevel(sideLevels, side, price);
                if (!exists)
                {
                    target.shown = true;
                    shown[side]++;
                    sortedValid = false;
                }
                target.quantity = quantity;
                target.count = count;
                return (action == FeedBook.NEW) != exists && quantity > 0;
            }
            case FeedBook.DELETE:
                if (exists)
                {
                    level.shown = false;
                    shown[side]--;
                    sortedValid = false;
                    releaseIfEmpty(level);
                }
                return exists;
            default:
                return false;
        }
    }

    /**
     * Applies one order change, as {@link FeedBook#applyOrder}; ignored (true) when orders are not tracked.
     *
     * @return false when it does not fit (an Add for a known order id, a change to an unknown one).
     */
    public boolean applyOrder(final int action, final long orderId, final int side, final long price, final long quantity)
    {
        if (!trackOrders)
        {
            return true;
        }
        final Order existing = orders.get(orderId);
        switch (action)
        {
            case FeedBook.ADD:
                if (existing != null)
                {
                    unlink(existing);
                    existing.set(side, price, quantity);
                    link(existing);
                    return false;
                }
                addOrder(orderId, side, price, quantity);
                return true;
            case FeedBook.MODIFY:
            case FeedBook.EXECUTE:
                if (existing == null)
                {
                    return false;
                }
                if (quantity <= 0)
                {
                    removeOrder(existing);
                }
                else if (action == FeedBook.MODIFY && (price != existing.price || quantity > existing.quantity))
                {
                    unlink(existing); // loses time priority: to the back of its (new) level's queue
                    existing.price = price;
                    existing.quantity = quantity;
                    link(existing);
                }
                else
                {
                    existing.quantity = quantity;
                }
                return true;
            case FeedBook.ORDER_DELETE:
                if (existing == null)
                {
                    return false;
                }
                removeOrder(existing);
                return true;
            default:
                return false;
        }
    }

    /**
     * Adds a resting order at the back of its level's queue (a whole-book record is loaded this way, in priority
     * order).
     */
    public void addOrder(final long orderId, final int side, final long price, final long quantity)
    {
        Order order = orderPool.poll();
        if (order == null)
        {
            order = new Order();
        }
        order.orderId = orderId;
        order.set(side, price, quantity);
        orders.put(orderId, order);
        link(order);
    }

    /**
     * @return price levels on the side.
     */
    public int levels(final int side)
    {
        return shown[side];
    }

    /**
     * @return resting orders tracked (0 when orders are not tracked).
     */
    public int orders()
    {
        return orders.size();
    }

    /**
     * @return the aggregate quantity at the price, 0 when there is no level there.
     */
    public long quantityAt(final int side, final long price)
    {
        final Level level = levels[side].get(price);
        return level != null && level.shown ? level.quantity : 0;
    }

    /**
     * Puts the levels in price order, best first, for {@link #price}, {@link #quantity}, {@link #orderCount} and
     * {@link #forEachOrder}: once per snapshot, and again only after a level was added or removed.
     */
    public void sort()
    {
        if (sortedValid)
        {
            return;
        }
        for (int side = FeedBook.BID; side <= FeedBook.ASK; side++)
        {
            final Long2ObjectHashMap<Level> sideLevels = levels[side];
            final int n = sideLevels.size();
            if (prices.length < n)
            {
                prices = new long[Math.max(n, prices.length * 2)];
            }
            if (sorted[side].length < n)
            {
                sorted[side] = new Level[Math.max(n, sorted[side].length * 2)];
                sortedShown[side] = new Level[sorted[side].length];
            }
            int i = 0;
            final Long2ObjectHashMap<Level>.KeyIterator keys = sideLevels.keySet().iterator();
            while (keys.hasNext())
            {
                prices[i++] = keys.nextLong();
            }
            Arrays.sort(prices, 0, n);
            final Level[] out = sorted[side];
            final Level[] outShown = sortedShown[side];
            int shownAt = 0;
            for (int k = 0; k < n; k++)
            {
                // Best first: bids from the highest price, asks from the lowest.
                final Level level = sideLevels.get(prices[side == FeedBook.BID ? n - 1 - k : k]);
                out[k] = level;
                if (level.shown)
                {
                    outShown[shownAt++] = level;
                }
            }
            Arrays.fill(out, n, Math.max(n, sortedCount[side]), null);
            Arrays.fill(outShown, shownAt, Math.max(shownAt, sortedCount[side]), null);
            sortedCount[side] = n;
        }
        sortedValid = true;
    }

    /**
     * @param index 0 is the best level; valid after {@link #sort()} until a level is added or removed.
     */
    public long price(final int side, final int index)
    {
        return shownLevel(side, index).price;
    }

    public long quantity(final int side, final int index)
    {
        return shownLevel(side, index).quantity;
    }

    public int orderCount(final int side, final int index)
    {
        return shownLevel(side, index).count;
    }

    private Level shownLevel(final int side, final int index)
    {
        return sortedShown[side][index];
    }

    /**
     * Visits the resting orders in priority order: bids then asks, best price first, then time priority. Sorts the
     * levels if needed; the orders are not sorted.
     */
    public void forEachOrder(final FeedBook.OrderVisitor visitor)
    {
        sort();
        for (int side = FeedBook.BID; side <= FeedBook.ASK; side++)
        {
            final Level[] out = sorted[side];
            for (int k = 0, n = sortedCount[side]; k < n; k++)
            {
                for (Order order = out[k].head; order != null; order = order.next)
                {
                    visitor.onOrder(order.orderId, order.side, order.price, order.quantity);
                }
            }
        }
    }

    /**
     * @return the same hash as {@link FeedBook#levelsHash()} of a book with these levels.
     */
    public long levelsHash()
    {
        sort();
        long hash = 0xcbf29ce484222325L;
        for (int side = FeedBook.BID; side <= FeedBook.ASK; side++)
        {
            hash = FeedBook.mix(hash, side * 1_000_003L + shown[side]);
            for (int i = 0, n = shown[side]; i < n; i++)
            {
                final Level level = shownLevel(side, i);
                hash = FeedBook.mix(hash, level.price);
                hash = FeedBook.mix(hash, level.quantity);
                hash = FeedBook.mix(hash, level.count);
            }
        }
        return hash;
    }

    private Level newLevel(final Long2ObjectHashMap<Level> sideLevels, final int side, final long price)
    {
        Level level = levelPool.poll();
        if (level == null)
        {
            level = new Level();
        }
        level.side = side;
        level.price = price;
        sideLevels.put(price, level);
        sortedValid = false;
        return level;
    }

    /**
     * A level stays in the map while it is shown or has orders queued (orders can arrive before their level's
     * update in an event, and outlive its delete): then back to the pool.
     */
    private void releaseIfEmpty(final Level level)
    {
        if (!level.shown && level.head == null)
        {
            levels[level.side].remove(level.price);
            levelPool.add(level.reset());
            sortedValid = false;
        }
    }

    private void removeOrder(final Order order)
    {
        orders.remove(order.orderId);
        unlink(order);
        orderPool.add(order.reset());
    }

    private void link(final Order order)
    {
        final int side = order.side == FeedBook.BID ? FeedBook.BID : FeedBook.ASK;
        final Long2ObjectHashMap<Level> sideLevels = levels[side];
        Level level = sideLevels.get(order.price);
        if (level == null)
        {
            level = newLevel(sideLevels, side, order.price);
        }
        order.level = level;
        order.previous = level.tail;
        order.next = null;
        if (level.tail == null)
        {
            level.head = order;
        }
        else
        {
            level.tail.next = order;
        }
        level.tail = order;
    }

    private void unlink(final Order order)
    {
        final Level level = order.level;
        if (order.previous == null)
        {
            level.head = order.next;
        }
        else
        {
            order.previous.next = order.next;
        }
        if (order.next == null)
        {
            level.tail = order.previous;
        }
        else
        {
            order.next.previous = order.previous;
        }
        order.previous = null;
        order.next = null;
        order.level = null;
        releaseIfEmpty(level);
    }

    private static final class Level
    {
        int side;
        long price;
        long quantity;
        int count;
        boolean shown;
        Order head;
        Order tail;

        Level reset()
        {
            shown = false;
            head = null;
            tail = null;
            return this;
        }
    }

    private static final class Order
    {
        long orderId;
        int side;
        long price;
        long quantity;
        Level level;
        Order previous;
        Order next;

        void set(final int side, final long price, final long quantity)
        {
            this.side = side;
            this.price = price;
            this.quantity = quantity;
        }

        Order reset()
        {
            level = null;
            previous = null;
            next = null;
            return this;
        }
    }
}
