package io.ringbook.feed.book;

import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Comparator;

/**
 * One instrument's book as the feed describes it: price levels per side (market by price) and, when tracked, the
 * resting orders (market by order). The publisher keeps one per instrument to make snapshots; the feed client keeps
 * one per instrument for its callers. Single threaded.
 * <p>
 * Levels are kept sorted, best first (bids by descending price, asks by ascending), in parallel arrays that grow
 * when needed, so applying an update allocates nothing in steady state. Orders live in a map by order id, pooled;
 * their time priority is the order in which they were added (or last lost priority).
 * <p>
 * Sides are the wire values: {@link #BID} 0 (Buy), {@link #ASK} 1 (Sell). Level actions: {@link #NEW} 0,
 * {@link #CHANGE} 1, {@link #DELETE} 2. Order actions: {@link #ADD} 0, {@link #MODIFY} 1, {@link #EXECUTE} 2,
 * {@link #ORDER_DELETE} 3.
 */
public final class FeedBook
{
    public static final int BID = 0;
    public static final int ASK = 1;
    public static final int NEW = 0;
    public static final int CHANGE = 1;
    public static final int DELETE = 2;
    public static final int ADD = 0;
    public static final int MODIFY = 1;
    public static final int EXECUTE = 2;
    public static final int ORDER_DELETE = 3;

    private static final Comparator<Order> PRIORITY = (a, b) ->
    {
        if (a.side != b.side)
        {
            return Integer.compare(a.side, b.side);
        }
        if (a.price != b.price)
        {
            return a.side == BID ? Long.compare(b.price, a.price) : Long.compare(a.price, b.price);
        }
        return Long.compare(a.priority, b.priority);
    };

    private final int instrumentId;
    private final boolean trackOrders;
    private final Side[] sides = { new Side(true), new Side(false) };
    private final Long2ObjectHashMap<Order> orders = new Long2ObjectHashMap<>();
    private final ArrayDeque<Order> orderPool = new ArrayDeque<>();
    private Order[] sorted = new Order[16];
    private long nextPriority;

    /** The change log ({@link #trackChanges}): levels touched since the last {@link #clearChanges()}. */
    private boolean trackChanges;
    private boolean changesLost = true;
    private int changeCount;
    private int[] changedSides = new int[0];
    private long[] changedPrices = new long[0];
    private boolean[] changedExisted = new boolean[0];
    private long[] changedQuantities = new long[0];
    private int[] changedCounts = new int[0];
    /** More distinct levels than this in one log: the log is given up (lost), not searched quadratically. */
    private static final int MAX_LOGGED_CHANGES = 256;

    /**
     * @param trackOrders keep the resting orders too (market by order), not only the levels.
     */
    public FeedBook(final int instrumentId, final boolean trackOrders)
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
        changesLost = true;
        sides[BID].count = 0;
        sides[ASK].count = 0;
        orders.forEach((id, order) -> orderPool.add(order));
        orders.clear();
    }

    /**
     * Applies one price level change.
     *
     * @return false when it does not fit the book (a New for a level that exists, a Change or Delete for one that
     *         does not, a bad side or action): the book is then wrong, and its owner should resynchronise it. The
     *         level is set anyway (New and Change set it, Delete removes it if present).
     */
    public boolean applyLevel(final int side, final int action, final long price, final long quantity, final int count)
    {
        if (side != BID && side != ASK)
        {
            return false;
        }
        final Side s = sides[side];
        final int index = s.find(price);
        final boolean exists = index >= 0;
        if (trackChanges)
        {
            logChange(side, price, exists, exists ? s.quantities[index] : 0, exists ? s.counts[index] : 0);
        }
        switch (action)
        {
            case NEW:
            case CHANGE:
                if (exists)
                {
                    s.quantities[index] = quantity;
                    s.counts[index] = count;
                }
                else
                {
                    s.insert(-index - 1, price, quantity, count);
                }
                return (action == NEW) != exists && quantity > 0;
            case DELETE:
                if (exists)
                {
                    s.remove(index);
                }
                return exists;
            default:
                return false;
        }
    }

    /**
     * Applies one order change; ignored (true) when orders are not tracked.
     *
     * @param quantity what rests after the change (0 when the order left the book).
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
            case ADD:
                if (existing != null)
                {
                    existing.set(side, price, quantity, nextPriority++);
                    return false;
                }
                addOrder(orderId, side, price, quantity);
                return true;
            case MODIFY:
            case EXECUTE:
                if (existing == null)
                {
                    return false;
                }
                if (quantity <= 0)
                {
                    orderPool.add(orders.remove(orderId));
                }
                else
                {
                    final boolean losesPriority = action == MODIFY &&
                        (price != existing.price || quantity > existing.quantity);
                    existing.quantity = quantity;
                    if (losesPriority)
                    {
                        existing.price = price;
                        existing.priority = nextPriority++;
                    }
                }
                return true;
            case ORDER_DELETE:
                if (existing == null)
                {
                    return false;
                }
                orderPool.add(orders.remove(orderId));
                return true;
            default:
                return false;
        }
    }

    /**
     * Adds a resting order at the back of its level's queue (snapshot loading uses this in priority order).
     */
    public void addOrder(final long orderId, final int side, final long price, final long quantity)
    {
        Order order = orderPool.poll();
        if (order == null)
        {
            order = new Order();
        }
        order.orderId = orderId;
        order.set(side, price, quantity, nextPriority++);
        orders.put(orderId, order);
    }

    /**
     * Keeps a log of the price levels changed (by {@link #applyLevel}) since the last {@link #clearChanges()}: each
     * level once, with whether it existed before its first change. A consumer that publishes the book's changes reads
     * the log and the levels now instead of comparing the whole book with a copy. Off by default.
     */
    public void trackChanges(final boolean on)
    {
        trackChanges = on;
        if (on && changedPrices.length == 0)
        {
            changedSides = new int[16];
            changedPrices = new long[16];
            changedExisted = new boolean[16];
            changedQuantities = new long[16];
            changedCounts = new int[16];
        }
        clearChanges();
    }

    /**
     * Empties the change log.
     */
    public void clearChanges()
    {
        changeCount = 0;
        changesLost = !trackChanges;
    }

    /**
     * @return true when the log does not hold every change since it was cleared: the book was cleared, or too many
     *         levels changed, or changes are not tracked. Compare the whole book then.
     */
    public boolean changesLost()
    {
        return changesLost;
    }

    /**
     * @return distinct levels in the change log.
     */
    public int changes()
    {
        return changeCount;
    }

    public int changedSide(final int i)
    {
        return changedSides[i];
    }

    public long changedPrice(final int i)
    {
        return changedPrices[i];
    }

    /**
     * @return whether the i-th changed level existed when the log was cleared.
     */
    public boolean changedLevelExisted(final int i)
    {
        return changedExisted[i];
    }

    /**
     * @return the i-th changed level's quantity when the log was cleared (0 if it did not exist).
     */
    public long changedLevelQuantityBefore(final int i)
    {
        return changedQuantities[i];
    }

    /**
     * @return the i-th changed level's order count when the log was cleared (0 if it did not exist).
     */
    public int changedLevelOrderCountBefore(final int i)
    {
        return changedCounts[i];
    }

    /**
     * @return the order count at the price, 0 when there is no level there.
     */
    public int orderCountAt(final int side, final long price)
    {
        final Side s = sides[side];
        final int index = s.find(price);
        return index >= 0 ? s.counts[index] : 0;
    }

    /**
     * @return true if the side has a level at the price.
     */
    public boolean hasLevel(final int side, final long price)
    {
        return sides[side].find(price) >= 0;
    }

    /**
     * @return the index of the level at the price (0 is the best, as for {@link #price}), or -1 when there is none:
     *         one search for a caller that then reads the level's quantity and order count.
     */
    public int levelIndex(final int side, final long price)
    {
        final Side s = sides[side];
        final int index = s.find(price);
        return index >= 0 ? s.count - 1 - index : -1;
    }

    private void logChange(
        final int side, final long price, final boolean exists, final long quantity, final int orderCount)
    {
        if (changesLost)
        {
            return;
        }
        for (int i = 0; i < changeCount; i++)
        {
            if (changedPrices[i] == price && changedSides[i] == side)
            {
                return; // logged at its first change, with what it was then
            }
        }
        if (changeCount == MAX_LOGGED_CHANGES)
        {
            changesLost = true;
            return;
        }
        if (changeCount == changedPrices.length)
        {
            changedSides = Arrays.copyOf(changedSides, changeCount * 2);
            changedPrices = Arrays.copyOf(changedPrices, changeCount * 2);
            changedExisted = Arrays.copyOf(changedExisted, changeCount * 2);
            changedQuantities = Arrays.copyOf(changedQuantities, changeCount * 2);
            changedCounts = Arrays.copyOf(changedCounts, changeCount * 2);
        }
        changedSides[changeCount] = side;
        changedPrices[changeCount] = price;
        changedExisted[changeCount] = exists;
        changedQuantities[changeCount] = quantity;
        changedCounts[changeCount] = orderCount;
        changeCount++;
    }

    /**
     * @return price levels on the side.
     */
    public int levels(final int side)
    {
        return sides[side].count;
    }

    /**
     * @param index 0 is the best level.
     */
    public long price(final int side, final int index)
    {
        final Side s = sides[side];
        return s.prices[s.count - 1 - index];
    }

    public long quantity(final int side, final int index)
    {
        final Side s = sides[side];
        return s.quantities[s.count - 1 - index];
    }

    public int orderCount(final int side, final int index)
    {
        final Side s = sides[side];
        return s.counts[s.count - 1 - index];
    }

    /**
     * @return the aggregate quantity at the price, 0 when there is no level there.
     */
    public long quantityAt(final int side, final long price)
    {
        final Side s = sides[side];
        final int index = s.find(price);
        return index >= 0 ? s.quantities[index] : 0;
    }

    /**
     * @return resting orders tracked (0 when orders are not tracked).
     */
    public int orders()
    {
        return orders.size();
    }

    /**
     * Visits the resting orders in priority order: bids then asks, best price first, then time priority. Sorts a
     * reused array: for snapshots and printing, not for every update.
     */
    public void forEachOrder(final OrderVisitor visitor)
    {
        final int n = orders.size();
        if (sorted.length < n)
        {
            sorted = new Order[Math.max(n, sorted.length * 2)];
        }
        int i = 0;
        for (final Order order : orders.values())
        {
            sorted[i++] = order;
        }
        Arrays.sort(sorted, 0, n, PRIORITY);
        for (int k = 0; k < n; k++)
        {
            final Order order = sorted[k];
            sorted[k] = null;
            visitor.onOrder(order.orderId, order.side, order.price, order.quantity);
        }
    }

    /**
     * @return a hash of the price levels (side, price, quantity, order count, best first): two books with the same
     *         levels have the same hash. The engine side computes the same over its own book to compare.
     */
    public long levelsHash()
    {
        long hash = 0xcbf29ce484222325L;
        for (int side = BID; side <= ASK; side++)
        {
            final Side s = sides[side];
            hash = mix(hash, side * 1_000_003L + s.count);
            for (int i = s.count - 1; i >= 0; i--)
            {
                hash = mix(hash, s.prices[i]);
                hash = mix(hash, s.quantities[i]);
                hash = mix(hash, s.counts[i]);
            }
        }
        return hash;
    }

    /**
     * The hash {@link #levelsHash()} folds each value into: FNV-1a over the eight bytes, little-endian.
     */
    public static long mix(final long hash, final long value)
    {
        long h = hash;
        long v = value;
        for (int i = 0; i < 8; i++)
        {
            h ^= v & 0xFF;
            h *= 0x100000001b3L;
            v >>>= 8;
        }
        return h;
    }

    /**
     * Appends the top {@code depth} levels of each side, one line per level: {@code bid|ask price quantity (count)}.
     */
    public StringBuilder appendLevels(final StringBuilder out, final int depth)
    {
        for (int side = ASK; side >= BID; side--)
        {
            final Side s = sides[side];
            final int n = Math.min(depth, s.count);
            for (int k = 0; k < n; k++)
            {
                final int best = side == ASK ? n - 1 - k : k;
                final int i = s.count - 1 - best;
                out.append(side == ASK ? "ask " : "bid ").append(s.prices[i]).append(' ').append(s.quantities[i])
                    .append(" (").append(s.counts[i]).append(")\n");
            }
        }
        return out;
    }

    public String toString()
    {
        return appendLevels(new StringBuilder("FeedBook{" + instrumentId + "}\n"), Integer.MAX_VALUE).toString();
    }

    /**
     * Receives orders from {@link #forEachOrder}.
     */
    @FunctionalInterface
    public interface OrderVisitor
    {
        void onOrder(long orderId, int side, long price, long quantity);
    }

    private static final class Order
    {
        long orderId;
        int side;
        long price;
        long quantity;
        long priority;

        void set(final int side, final long price, final long quantity, final long priority)
        {
            this.side = side;
            this.price = price;
            this.quantity = quantity;
            this.priority = priority;
        }
    }

    /**
     * One side's levels, stored worst first so the best is at the end: most changes happen near the top of the book,
     * where an insert or a removal then moves few elements. Public index i (0 = best) is position count - 1 - i.
     */
    private static final class Side
    {
        final boolean descending;
        long[] prices = new long[64];
        long[] quantities = new long[64];
        int[] counts = new int[64];
        int count;

        Side(final boolean descending)
        {
            this.descending = descending;
        }

        /**
         * @return the index of the price, or {@code -(insertion point) - 1}.
         */
        int find(final long price)
        {
            int low = 0;
            int high = count - 1;
            while (low <= high)
            {
                final int mid = (low + high) >>> 1;
                final long p = prices[mid];
                // Stored worst first: a bid below the price, or an ask above it, lies before it.
                final boolean before = descending ? p < price : p > price;
                if (p == price)
                {
                    return mid;
                }
                if (before)
                {
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }
            return -(low + 1);
        }

        void insert(final int at, final long price, final long quantity, final int orderCount)
        {
            if (count == prices.length)
            {
                prices = Arrays.copyOf(prices, count * 2);
                quantities = Arrays.copyOf(quantities, count * 2);
                counts = Arrays.copyOf(counts, count * 2);
            }
            System.arraycopy(prices, at, prices, at + 1, count - at);
            System.arraycopy(quantities, at, quantities, at + 1, count - at);
            System.arraycopy(counts, at, counts, at + 1, count - at);
            prices[at] = price;
            quantities[at] = quantity;
            counts[at] = orderCount;
            count++;
        }

        void remove(final int at)
        {
            System.arraycopy(prices, at + 1, prices, at, count - at - 1);
            System.arraycopy(quantities, at + 1, quantities, at, count - at - 1);
            System.arraycopy(counts, at + 1, counts, at, count - at - 1);
            count--;
        }
    }
}
