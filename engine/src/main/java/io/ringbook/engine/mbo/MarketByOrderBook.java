package io.ringbook.engine.mbo;

import org.agrona.collections.Hashing;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * An order book keyed by order id that keeps aggregated price levels (price, total size, order count) per side,
 * built from a vendor's market-by-order stream rather than by matching.
 * <p>
 * Vendor files are not closed worlds, so the book accepts what they contain instead of rejecting it:
 * <ul>
 *     <li>Orders that rested before the file starts, or that a depth-limited file never announced, are unknown.
 *     A cancel or execution that names an unknown id but states side and price reduces that level's total
 *     size ({@link #UNKNOWN_ORDER_LEVEL_REDUCED}); that is what LOBSTER's own books do.</li>
 *     <li>Liquidity known only as a level total (a LOBSTER order-book row used as a seed) is
 *     {@linkplain #addAnonymous anonymous}: it adds to a level's size but not to its order count, so the count
 *     is always the number of orders the book knows by id.</li>
 *     <li>When a level's total reaches zero while orders known by id still rest there (the file and the book
 *     disagree), those orders are dropped with the level and counted as {@linkplain #orphanedOrders orphaned}
 *     rather than left behind to corrupt a level that a later add creates at the same price.</li>
 * </ul>
 * Business outcomes are result codes, never exceptions. Prices and sizes are {@code long} mantissas in whatever
 * units the caller chose (LOBSTER's empty-level sentinel 9999999999 does not fit an {@code int});
 * {@link Long#MIN_VALUE} is not a valid price.
 * <p>
 * Steady state allocates nothing: orders live in parallel primitive arrays indexed by a slot that an Agrona
 * primitive map finds by id, each level keeps its orders in a FIFO list threaded through those arrays, and each
 * side keeps its levels in sorted arrays with the best level last, where most events land, so inserting or
 * removing near the top moves few elements. Arrays grow by doubling and {@link #clear} keeps their capacity.
 * Not thread safe: one thread owns a book.
 */
public final class MarketByOrderBook
{
    /** The event changed the book as stated. */
    public static final int APPLIED = 0;
    /** The order id was unknown, so the stated size was taken off the level at the stated side and price. */
    public static final int UNKNOWN_ORDER_LEVEL_REDUCED = 1;
    /** The event never changes a book (a trade, a hidden execution, a halt); nothing was done. */
    public static final int NO_BOOK_CHANGE = 2;
    /** The order id was unknown and the event did not say where the order rested; nothing was done. */
    public static final int UNKNOWN_ORDER = 3;
    /** An add named an id that already rests in the book; nothing was done. */
    public static final int DUPLICATE_ORDER_ID = 4;
    /** A size was zero or negative where it must be positive; nothing was done. */
    public static final int INVALID = 5;
    /** A level reduction named a price with no level; nothing was done. */
    public static final int NO_SUCH_LEVEL = 6;

    /** Returned by {@link #orderHandle} and the iteration methods when there is no order. */
    public static final int NO_ORDER = -1;

    private static final Side[] SIDES = Side.values();
    private static final long MISSING_SLOT = -1;
    private static final int NULL = -1;

    private final Long2LongHashMap slotByOrderId;
    private final Levels bids;
    private final Levels asks;

    private long[] slotOrderId;
    private long[] slotPrice;
    private long[] slotSize;
    private byte[] slotSide;
    private int[] slotPrev;
    private int[] slotNext;
    private int freeSlot = NULL;
    private int usedSlots;

    private long orphanedOrders;
    private long levelUnderflows;
    private long oversizedReductions;

    /**
     * A book sized for a few thousand resting orders; it grows as needed.
     */
    public MarketByOrderBook()
    {
        this(4096, 256);
    }

    /**
     * A book with room for the given numbers of orders and levels per side before it has to grow.
     *
     * @param initialOrderCapacity orders the book holds before growing.
     * @param initialLevelCapacity price levels per side the book holds before growing.
     */
    public MarketByOrderBook(final int initialOrderCapacity, final int initialLevelCapacity)
    {
        final int orders = Math.max(16, initialOrderCapacity);
        slotByOrderId = new Long2LongHashMap(orders * 2, Hashing.DEFAULT_LOAD_FACTOR, MISSING_SLOT);
        slotOrderId = new long[orders];
        slotPrice = new long[orders];
        slotSize = new long[orders];
        slotSide = new byte[orders];
        slotPrev = new int[orders];
        slotNext = new int[orders];
        bids = new Levels(true, Math.max(8, initialLevelCapacity));
        asks = new Levels(false, Math.max(8, initialLevelCapacity));
    }

    /**
     * Whether a result code means the book changed.
     *
     * @param result a code returned by one of the update methods.
     * @return true for {@link #APPLIED} and {@link #UNKNOWN_ORDER_LEVEL_REDUCED}.
     */
    public static boolean changedBook(final int result)
    {
        return result == APPLIED || result == UNKNOWN_ORDER_LEVEL_REDUCED;
    }

    /**
     * Name of a result code, for messages and test failures.
     *
     * @param result a code returned by one of the update methods.
     * @return its constant's name.
     */
    public static String resultName(final int result)
    {
        switch (result)
        {
            case APPLIED: return "APPLIED";
            case UNKNOWN_ORDER_LEVEL_REDUCED: return "UNKNOWN_ORDER_LEVEL_REDUCED";
            case NO_BOOK_CHANGE: return "NO_BOOK_CHANGE";
            case UNKNOWN_ORDER: return "UNKNOWN_ORDER";
            case DUPLICATE_ORDER_ID: return "DUPLICATE_ORDER_ID";
            case INVALID: return "INVALID";
            case NO_SUCH_LEVEL: return "NO_SUCH_LEVEL";
            default: return "UNKNOWN_RESULT(" + result + ")";
        }
    }

    /**
     * Adds a new order at the back of its price level's queue.
     *
     * @param orderId id that later events use to name the order.
     * @param side    side the order rests on.
     * @param price   limit price.
     * @param size    displayed size, positive.
     * @return {@link #APPLIED}, {@link #DUPLICATE_ORDER_ID} or {@link #INVALID}.
     */
    public int add(final long orderId, final Side side, final long price, final long size)
    {
        if (size <= 0 || price == Long.MIN_VALUE)
        {
            return INVALID;
        }
        if (slotByOrderId.get(orderId) != MISSING_SLOT)
        {
            return DUPLICATE_ORDER_ID;
        }

        final int slot = allocateSlot();
        slotOrderId[slot] = orderId;
        slotPrice[slot] = price;
        slotSize[slot] = size;
        slotSide[slot] = (byte)side.ordinal();
        slotByOrderId.put(orderId, slot);

        final Levels levels = levels(side);
        final int index = levels.findOrInsert(price);
        levels.size[index] += size;
        levels.count[index]++;
        linkAtTail(levels, index, slot);

        return APPLIED;
    }

    /**
     * Takes part of an order's size away (a partial cancel or an execution), removing the order when nothing is
     * left. Used where the event names only the order, as ITCH does.
     *
     * @param orderId order to reduce.
     * @param size    amount cancelled or executed, positive.
     * @return {@link #APPLIED}, {@link #UNKNOWN_ORDER} or {@link #INVALID}.
     */
    public int reduce(final long orderId, final long size)
    {
        if (size <= 0)
        {
            return INVALID;
        }
        final long slot = slotByOrderId.get(orderId);
        if (slot == MISSING_SLOT)
        {
            return UNKNOWN_ORDER;
        }
        reduceKnown((int)slot, size, size);

        return APPLIED;
    }

    /**
     * Takes part of an order's size away where the event also states side and price (LOBSTER, Databento), so an
     * unknown order can still be taken off its level's total.
     *
     * @param orderId order to reduce.
     * @param side    side the event says the order rests on; used only when the id is unknown.
     * @param price   price the event says the order rests at; used only when the id is unknown.
     * @param size    amount cancelled or executed, positive.
     * @return {@link #APPLIED}, {@link #UNKNOWN_ORDER_LEVEL_REDUCED}, {@link #UNKNOWN_ORDER} (no level there)
     * or {@link #INVALID}.
     */
    public int reduce(final long orderId, final Side side, final long price, final long size)
    {
        if (size <= 0)
        {
            return INVALID;
        }
        final long slot = slotByOrderId.get(orderId);
        if (slot == MISSING_SLOT)
        {
            return reduceUnknown(side, price, size);
        }
        reduceKnown((int)slot, size, size);

        return APPLIED;
    }

    /**
     * An execution against a resting order: the same book change as {@link #reduce(long, long)}, kept as its
     * own name so call sites read like the feed they translate.
     *
     * @param orderId order executed.
     * @param size    amount executed, positive.
     * @return as {@link #reduce(long, long)}.
     */
    public int execute(final long orderId, final long size)
    {
        return reduce(orderId, size);
    }

    /**
     * An execution that also states side and price: the same book change as
     * {@link #reduce(long, Side, long, long)}.
     *
     * @param orderId order executed.
     * @param side    side of the resting order; used only when the id is unknown.
     * @param price   price of the resting order; used only when the id is unknown.
     * @param size    amount executed, positive.
     * @return as {@link #reduce(long, Side, long, long)}.
     */
    public int execute(final long orderId, final Side side, final long price, final long size)
    {
        return reduce(orderId, side, price, size);
    }

    /**
     * Removes an order and whatever size it has left (ITCH order delete).
     *
     * @param orderId order to remove.
     * @return {@link #APPLIED} or {@link #UNKNOWN_ORDER}.
     */
    public int delete(final long orderId)
    {
        final long slot = slotByOrderId.get(orderId);
        if (slot == MISSING_SLOT)
        {
            return UNKNOWN_ORDER;
        }
        final int s = (int)slot;
        final long remaining = slotSize[s];
        reduceKnown(s, remaining, remaining);

        return APPLIED;
    }

    /**
     * Removes an order where the event states the size removed, side and price (LOBSTER type 3). The stated size
     * is what leaves the level, even when it differs from what the book thought was left: LOBSTER files show
     * orders shrinking without a message while they sit outside the requested levels, and the delete then
     * names the true remainder.
     *
     * @param orderId order to remove.
     * @param side    side of the order; used only when the id is unknown.
     * @param price   price of the order; used only when the id is unknown.
     * @param size    size removed from the level, positive.
     * @return {@link #APPLIED}, {@link #UNKNOWN_ORDER_LEVEL_REDUCED}, {@link #UNKNOWN_ORDER} (no level there)
     * or {@link #INVALID}.
     */
    public int delete(final long orderId, final Side side, final long price, final long size)
    {
        if (size <= 0)
        {
            return INVALID;
        }
        final long slot = slotByOrderId.get(orderId);
        if (slot == MISSING_SLOT)
        {
            return reduceUnknown(side, price, size);
        }
        final int s = (int)slot;
        reduceKnown(s, slotSize[s], size);

        return APPLIED;
    }

    /**
     * Changes an order's side, price or size in place (Databento action M). The order loses its queue place when
     * its price changes or its size grows, as at the exchanges. Following Databento's reference book, a modify
     * of an unknown id adds the order, and a modify to size zero removes it.
     *
     * @param orderId order to change.
     * @param side    new side.
     * @param price   new price.
     * @param size    new total size, zero or positive.
     * @return {@link #APPLIED}, {@link #UNKNOWN_ORDER} (unknown id and size zero) or {@link #INVALID}.
     */
    public int modify(final long orderId, final Side side, final long price, final long size)
    {
        if (size < 0 || price == Long.MIN_VALUE)
        {
            return INVALID;
        }
        final long found = slotByOrderId.get(orderId);
        if (found == MISSING_SLOT)
        {
            return size == 0 ? UNKNOWN_ORDER : add(orderId, side, price, size);
        }
        final int slot = (int)found;
        if (size == 0)
        {
            final long remaining = slotSize[slot];
            reduceKnown(slot, remaining, remaining);
            return APPLIED;
        }

        final Levels oldLevels = levels(SIDES[slotSide[slot]]);
        final long oldPrice = slotPrice[slot];
        final long oldSize = slotSize[slot];
        final int oldIndex = oldLevels.find(oldPrice);
        if (oldLevels != levels(side) || oldPrice != price)
        {
            unlink(oldLevels, oldIndex, slot);
            oldLevels.count[oldIndex]--;
            slotSize[slot] = 0;
            takeFromLevel(oldLevels, oldIndex, oldSize);

            slotSide[slot] = (byte)side.ordinal();
            slotPrice[slot] = price;
            slotSize[slot] = size;
            final Levels newLevels = levels(side);
            final int index = newLevels.findOrInsert(price);
            newLevels.size[index] += size;
            newLevels.count[index]++;
            linkAtTail(newLevels, index, slot);
        }
        else if (size > oldSize)
        {
            unlink(oldLevels, oldIndex, slot);
            linkAtTail(oldLevels, oldIndex, slot);
            slotSize[slot] = size;
            oldLevels.size[oldIndex] += size - oldSize;
        }
        else if (size < oldSize)
        {
            slotSize[slot] = size;
            takeFromLevel(oldLevels, oldIndex, oldSize - size);
        }

        return APPLIED;
    }

    /**
     * Replaces an order by a new one on the same side with a new id, price and size (ITCH order replace): the
     * old order leaves the book and the new one joins the back of its level.
     *
     * @param oldOrderId order replaced.
     * @param newOrderId id of the replacement.
     * @param price      price of the replacement.
     * @param size       size of the replacement, positive.
     * @return {@link #APPLIED}, {@link #UNKNOWN_ORDER} (then the side is unknown, so nothing can be added),
     * {@link #DUPLICATE_ORDER_ID} or {@link #INVALID}.
     */
    public int replace(final long oldOrderId, final long newOrderId, final long price, final long size)
    {
        if (size <= 0 || price == Long.MIN_VALUE)
        {
            return INVALID;
        }
        final long found = slotByOrderId.get(oldOrderId);
        if (found == MISSING_SLOT)
        {
            return UNKNOWN_ORDER;
        }
        if (newOrderId != oldOrderId && slotByOrderId.get(newOrderId) != MISSING_SLOT)
        {
            return DUPLICATE_ORDER_ID;
        }
        final int slot = (int)found;
        final Side side = SIDES[slotSide[slot]];
        final long remaining = slotSize[slot];
        reduceKnown(slot, remaining, remaining);

        return add(newOrderId, side, price, size);
    }

    /**
     * Adds size to a level that belongs to no known order, for liquidity known only as a total, such as a book
     * seeded from a LOBSTER order-book row. It does not count as an order.
     *
     * @param side  side of the level.
     * @param price price of the level.
     * @param size  size to add, positive.
     * @return {@link #APPLIED} or {@link #INVALID}.
     */
    public int addAnonymous(final Side side, final long price, final long size)
    {
        if (size <= 0 || price == Long.MIN_VALUE)
        {
            return INVALID;
        }
        final Levels levels = levels(side);
        final int index = levels.findOrInsert(price);
        levels.size[index] += size;

        return APPLIED;
    }

    /**
     * Takes size off a level without naming an order: what an event for an unknown order does. A level that
     * reaches zero is removed, with any orders still known there (see {@link #orphanedOrders}); taking more than
     * the level holds counts as a {@linkplain #levelUnderflows level underflow}.
     *
     * @param side  side of the level.
     * @param price price of the level.
     * @param size  size to take off, positive.
     * @return {@link #APPLIED}, {@link #NO_SUCH_LEVEL} or {@link #INVALID}.
     */
    public int reduceLevel(final Side side, final long price, final long size)
    {
        if (size <= 0)
        {
            return INVALID;
        }
        final Levels levels = levels(side);
        final int index = levels.find(price);
        if (index < 0)
        {
            return NO_SUCH_LEVEL;
        }
        takeFromLevel(levels, index, size);

        return APPLIED;
    }

    /**
     * Empties the book (Databento action R, a venue's clear-book or reset). Capacity is kept.
     */
    public void clear()
    {
        slotByOrderId.clear();
        bids.n = 0;
        asks.n = 0;
        freeSlot = NULL;
        usedSlots = 0;
    }

    /**
     * Number of price levels on a side.
     *
     * @param side side to ask about.
     * @return levels with a positive total size.
     */
    public int levelCount(final Side side)
    {
        return levels(side).n;
    }

    /**
     * Price of a level counted from the best.
     *
     * @param side  side to ask about.
     * @param depth 0 for the best level, up to {@link #levelCount} - 1.
     * @return the level's price.
     */
    public long levelPrice(final Side side, final int depth)
    {
        final Levels levels = levels(side);
        return levels.price[levels.indexOfDepth(depth)];
    }

    /**
     * Total size of a level counted from the best, including anonymous size.
     *
     * @param side  side to ask about.
     * @param depth 0 for the best level, up to {@link #levelCount} - 1.
     * @return the level's total size.
     */
    public long levelSize(final Side side, final int depth)
    {
        final Levels levels = levels(side);
        return levels.size[levels.indexOfDepth(depth)];
    }

    /**
     * Number of orders known by id at a level counted from the best.
     *
     * @param side  side to ask about.
     * @param depth 0 for the best level, up to {@link #levelCount} - 1.
     * @return the level's order count.
     */
    public int levelOrderCount(final Side side, final int depth)
    {
        final Levels levels = levels(side);
        return levels.count[levels.indexOfDepth(depth)];
    }

    /**
     * Depth of the level at a price.
     *
     * @param side  side to look on.
     * @param price price to look for.
     * @return 0 for the best level, or -1 when there is no level at that price.
     */
    public int depthOfPrice(final Side side, final long price)
    {
        final Levels levels = levels(side);
        final int index = levels.find(price);
        return index < 0 ? -1 : levels.n - 1 - index;
    }

    /**
     * Total size at a price.
     *
     * @param side  side to look on.
     * @param price price to look for.
     * @return the level's total size, or 0 when there is no level at that price.
     */
    public long sizeAtPrice(final Side side, final long price)
    {
        final Levels levels = levels(side);
        final int index = levels.find(price);
        return index < 0 ? 0 : levels.size[index];
    }

    /**
     * Number of orders resting in the book that it knows by id.
     *
     * @return resting orders.
     */
    public int orderCount()
    {
        return slotByOrderId.size();
    }

    /**
     * Handle of a resting order, for reading its fields without a second lookup. A handle is valid until the
     * book next changes.
     *
     * @param orderId id to look for.
     * @return the handle, or {@link #NO_ORDER} when no order with that id rests in the book.
     */
    public int orderHandle(final long orderId)
    {
        final long slot = slotByOrderId.get(orderId);
        return slot == MISSING_SLOT ? NO_ORDER : (int)slot;
    }

    /**
     * First order in time priority at a level.
     *
     * @param side  side of the level.
     * @param depth 0 for the best level, up to {@link #levelCount} - 1.
     * @return the order's handle, or {@link #NO_ORDER} when the level has only anonymous size.
     */
    public int firstOrder(final Side side, final int depth)
    {
        final Levels levels = levels(side);
        return levels.head[levels.indexOfDepth(depth)];
    }

    /**
     * Next order in time priority at the same level.
     *
     * @param handle an order's handle.
     * @return the next order's handle, or {@link #NO_ORDER} at the end of the level.
     */
    public int nextOrder(final int handle)
    {
        return slotNext[handle];
    }

    /**
     * Id of the order behind a handle.
     *
     * @param handle an order's handle.
     * @return the order id.
     */
    public long orderIdOf(final int handle)
    {
        return slotOrderId[handle];
    }

    /**
     * Price of the order behind a handle.
     *
     * @param handle an order's handle.
     * @return the order's price.
     */
    public long priceOf(final int handle)
    {
        return slotPrice[handle];
    }

    /**
     * Remaining size of the order behind a handle.
     *
     * @param handle an order's handle.
     * @return the order's remaining size.
     */
    public long sizeOf(final int handle)
    {
        return slotSize[handle];
    }

    /**
     * Side of the order behind a handle.
     *
     * @param handle an order's handle.
     * @return the order's side.
     */
    public Side sideOf(final int handle)
    {
        return SIDES[slotSide[handle]];
    }

    /**
     * Orders dropped because their level's total reached zero while they were still known: the file and the
     * book disagreed about that level. Zero on a self-consistent file.
     *
     * @return orders orphaned since the book was made.
     */
    public long orphanedOrders()
    {
        return orphanedOrders;
    }

    /**
     * Level reductions larger than the level's total, which were clamped to the total.
     *
     * @return clamped level reductions since the book was made.
     */
    public long levelUnderflows()
    {
        return levelUnderflows;
    }

    /**
     * Order reductions larger than the order's remaining size, which were clamped to it.
     *
     * @return clamped order reductions since the book was made.
     */
    public long oversizedReductions()
    {
        return oversizedReductions;
    }

    /**
     * Walks the whole book and checks its invariants: levels strictly sorted with positive sizes, each level's
     * count equal to the orders queued there, and every queued order findable by id at its own side and price
     * with a positive size. O(orders + levels); for tests and debugging.
     *
     * @return null when consistent, else a description of the first problem found.
     */
    public String checkInvariants()
    {
        int queued = 0;
        for (final Side side : SIDES)
        {
            final Levels levels = levels(side);
            for (int i = 0; i < levels.n; i++)
            {
                if (i > 0 && !levels.worse(levels.price[i - 1], levels.price[i]))
                {
                    return side + " levels out of order at index " + i;
                }
                if (levels.size[i] <= 0)
                {
                    return side + " level " + levels.price[i] + " has size " + levels.size[i];
                }
                int inQueue = 0;
                int last = NULL;
                for (int slot = levels.head[i]; slot != NULL; slot = slotNext[slot])
                {
                    inQueue++;
                    if (slotPrev[slot] != last)
                    {
                        return "broken queue links at " + side + " " + levels.price[i];
                    }
                    last = slot;
                    if (slotByOrderId.get(slotOrderId[slot]) != slot)
                    {
                        return "order " + slotOrderId[slot] + " queued but not found by id";
                    }
                    if (slotPrice[slot] != levels.price[i] || SIDES[slotSide[slot]] != side || slotSize[slot] <= 0)
                    {
                        return "order " + slotOrderId[slot] + " does not belong at " + side + " " + levels.price[i];
                    }
                }
                if (last != levels.tail[i])
                {
                    return "queue tail wrong at " + side + " " + levels.price[i];
                }
                if (inQueue != levels.count[i])
                {
                    return side + " level " + levels.price[i] + " counts " + levels.count[i] + " orders but queues " +
                        inQueue;
                }
                queued += inQueue;
            }
        }
        if (queued != slotByOrderId.size())
        {
            return queued + " orders queued but " + slotByOrderId.size() + " known by id";
        }

        return null;
    }

    private Levels levels(final Side side)
    {
        return side == Side.BID ? bids : asks;
    }

    private int reduceUnknown(final Side side, final long price, final long size)
    {
        return reduceLevel(side, price, size) == APPLIED ? UNKNOWN_ORDER_LEVEL_REDUCED : UNKNOWN_ORDER;
    }

    /**
     * The order shrinks by {@code orderReduction} (clamped to what it has) and its level by
     * {@code levelReduction}; the two differ only for LOBSTER's deletes (see {@link #delete(long, Side, long, long)}).
     */
    private void reduceKnown(final int slot, final long orderReduction, final long levelReduction)
    {
        final Levels levels = levels(SIDES[slotSide[slot]]);
        final int index = levels.find(slotPrice[slot]);
        long reduction = orderReduction;
        final long remaining = slotSize[slot];
        if (reduction > remaining)
        {
            oversizedReductions++;
            reduction = remaining;
        }
        final long left = remaining - reduction;
        slotSize[slot] = left;
        if (left == 0)
        {
            unlink(levels, index, slot);
            levels.count[index]--;
            slotByOrderId.remove(slotOrderId[slot]);
            releaseSlot(slot);
        }
        if (levelReduction > 0)
        {
            takeFromLevel(levels, index, levelReduction);
        }
    }

    private void takeFromLevel(final Levels levels, final int index, final long amount)
    {
        final long size = levels.size[index];
        if (amount < size)
        {
            levels.size[index] = size - amount;
            return;
        }
        if (amount > size)
        {
            levelUnderflows++;
        }
        for (int slot = levels.head[index]; slot != NULL; )
        {
            final int next = slotNext[slot];
            slotByOrderId.remove(slotOrderId[slot]);
            releaseSlot(slot);
            orphanedOrders++;
            slot = next;
        }
        levels.remove(index);
    }

    private int allocateSlot()
    {
        final int slot = freeSlot;
        if (slot != NULL)
        {
            freeSlot = slotNext[slot];
            return slot;
        }
        if (usedSlots == slotOrderId.length)
        {
            final int capacity = slotOrderId.length * 2;
            slotOrderId = Arrays.copyOf(slotOrderId, capacity);
            slotPrice = Arrays.copyOf(slotPrice, capacity);
            slotSize = Arrays.copyOf(slotSize, capacity);
            slotSide = Arrays.copyOf(slotSide, capacity);
            slotPrev = Arrays.copyOf(slotPrev, capacity);
            slotNext = Arrays.copyOf(slotNext, capacity);
        }

        return usedSlots++;
    }

    private void releaseSlot(final int slot)
    {
        slotSize[slot] = 0;
        slotNext[slot] = freeSlot;
        freeSlot = slot;
    }

    private void linkAtTail(final Levels levels, final int index, final int slot)
    {
        final int tail = levels.tail[index];
        slotPrev[slot] = tail;
        slotNext[slot] = NULL;
        if (tail == NULL)
        {
            levels.head[index] = slot;
        }
        else
        {
            slotNext[tail] = slot;
        }
        levels.tail[index] = slot;
    }

    private void unlink(final Levels levels, final int index, final int slot)
    {
        final int prev = slotPrev[slot];
        final int next = slotNext[slot];
        if (prev == NULL)
        {
            levels.head[index] = next;
        }
        else
        {
            slotNext[prev] = next;
        }
        if (next == NULL)
        {
            levels.tail[index] = prev;
        }
        else
        {
            slotPrev[next] = prev;
        }
    }

    /**
     * One side's levels in parallel arrays sorted from the worst price (index 0) to the best (index n - 1).
     */
    private static final class Levels
    {
        final boolean isBid;
        long[] price;
        long[] size;
        int[] count;
        int[] head;
        int[] tail;
        int n;

        Levels(final boolean isBid, final int capacity)
        {
            this.isBid = isBid;
            price = new long[capacity];
            size = new long[capacity];
            count = new int[capacity];
            head = new int[capacity];
            tail = new int[capacity];
        }

        boolean worse(final long a, final long b)
        {
            return isBid ? a < b : a > b;
        }

        int indexOfDepth(final int depth)
        {
            if (depth < 0 || depth >= n)
            {
                throw new IndexOutOfBoundsException("depth " + depth + " of " + n + " levels");
            }
            return n - 1 - depth;
        }

        /**
         * Index of the level at a price, or -(insertion point + 1). Looks at the best level first because most
         * events land there.
         */
        int find(final long p)
        {
            int high = n - 1;
            if (high >= 0 && price[high] == p)
            {
                return high;
            }
            int low = 0;
            while (low <= high)
            {
                final int mid = (low + high) >>> 1;
                final long midPrice = price[mid];
                if (midPrice == p)
                {
                    return mid;
                }
                if (worse(midPrice, p))
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

        int findOrInsert(final long p)
        {
            final int found = find(p);
            if (found >= 0)
            {
                return found;
            }
            final int at = -found - 1;
            if (n == price.length)
            {
                final int capacity = n * 2;
                price = Arrays.copyOf(price, capacity);
                size = Arrays.copyOf(size, capacity);
                count = Arrays.copyOf(count, capacity);
                head = Arrays.copyOf(head, capacity);
                tail = Arrays.copyOf(tail, capacity);
            }
            final int move = n - at;
            if (move > 0)
            {
                System.arraycopy(price, at, price, at + 1, move);
                System.arraycopy(size, at, size, at + 1, move);
                System.arraycopy(count, at, count, at + 1, move);
                System.arraycopy(head, at, head, at + 1, move);
                System.arraycopy(tail, at, tail, at + 1, move);
            }
            price[at] = p;
            size[at] = 0;
            count[at] = 0;
            head[at] = NULL;
            tail[at] = NULL;
            n++;

            return at;
        }

        void remove(final int at)
        {
            final int move = n - at - 1;
            if (move > 0)
            {
                System.arraycopy(price, at + 1, price, at, move);
                System.arraycopy(size, at + 1, size, at, move);
                System.arraycopy(count, at + 1, count, at, move);
                System.arraycopy(head, at + 1, head, at, move);
                System.arraycopy(tail, at + 1, tail, at, move);
            }
            n--;
        }
    }
}
