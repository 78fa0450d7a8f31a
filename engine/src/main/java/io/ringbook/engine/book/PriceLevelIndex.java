package io.ringbook.engine.book;

import io.ringbook.engine.book.FastOrderBook.PriceLevel;

import java.util.Arrays;

/**
 * One side's price levels by price: an intrusive open-addressing table (a slot holds the level, whose price is the
 * key), linear probing, backward-shift deletion, so lookups read one array and the level itself, and nothing
 * allocates unless it grows.
 * <p>
 * A level's home slot is its price in ticks modulo the table length: the live levels of a book crowd around the
 * touch, so neighbouring prices take neighbouring slots (no collisions while the book spans fewer ticks than the
 * table has slots, and the probes for nearby levels when a new one is linked in stay in a few cache lines). Prices
 * are divided by the tick with a shift when the tick is a power of two (1 included), else with a division.
 * <p>
 * A bitmap of occupied slots lets {@link #near(long)} find, with a few bit scans, a level close in price to one that
 * is not in the book yet: where the new level links into the side's price-ordered list, with no walk along it.
 */
final class PriceLevelIndex
{
    /** Words of the occupancy bitmap searched each way from a price's home slot by {@link #near(long)}. */
    static final int NEAR_WORDS = 4;

    private PriceLevel[] table;
    private long[] occupied;
    private int mask;
    private int size;
    private final long tick;
    private final int tickShift;

    /**
     * @param initialCapacity levels to hold before the table grows; it gets at least twice as many slots.
     * @param tick            the instrument's tick in price units; every price put or looked up is a multiple of it.
     */
    PriceLevelIndex(final int initialCapacity, final long tick)
    {
        if (tick <= 0)
        {
            throw new IllegalArgumentException("tick must be positive: " + tick);
        }
        this.tick = tick;
        this.tickShift = Long.bitCount(tick) == 1 ? Long.numberOfTrailingZeros(tick) : -1;
        allocate(Integer.highestOneBit(Math.max(64, initialCapacity * 2) - 1) << 1);
    }

    private void allocate(final int slots)
    {
        table = new PriceLevel[slots];
        occupied = new long[slots >>> 6];
        mask = slots - 1;
    }

    private int home(final long price)
    {
        final long ticks = tickShift >= 0 ? price >> tickShift : price / tick;
        return (int)ticks & mask;
    }

    PriceLevel get(final long price)
    {
        final PriceLevel[] table = this.table;
        final int mask = this.mask;
        int slot = home(price);
        PriceLevel level;
        while ((level = table[slot]) != null)
        {
            if (level.price == price)
            {
                return level;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /**
     * Add a level; its price must not be present.
     */
    void put(final PriceLevel level)
    {
        if (size * 2 >= mask + 1)
        {
            grow();
        }
        insert(level);
        size++;
    }

    private void insert(final PriceLevel level)
    {
        int slot = home(level.price);
        while (table[slot] != null)
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = level;
        occupied[slot >>> 6] |= 1L << slot;
    }

    /**
     * Remove a level, which must be present.
     */
    void remove(final PriceLevel level)
    {
        final PriceLevel[] table = this.table;
        final int mask = this.mask;
        int slot = home(level.price);
        while (table[slot] != level)
        {
            if (table[slot] == null)
            {
                throw new IllegalStateException("level not indexed: " + level.price);
            }
            slot = (slot + 1) & mask;
        }
        int hole = slot;
        int next = (slot + 1) & mask;
        PriceLevel moved;
        while ((moved = table[next]) != null)
        {
            if (!OrderIndex.staysPut(hole, next, home(moved.price)))
            {
                table[hole] = moved;
                hole = next;
            }
            next = (next + 1) & mask;
        }
        table[hole] = null;
        occupied[hole >>> 6] &= ~(1L << hole);
        size--;
    }

    /**
     * A level whose slot is near this price's home slot: with prices mapped to slots in tick order, usually the
     * level just above or below the price (a hint to start a walk from, so any level of the side is correct).
     *
     * @return such a level, or null when none lies within {@link #NEAR_WORDS} words of the bitmap either way.
     */
    PriceLevel near(final long price)
    {
        final long[] occupied = this.occupied;
        final int wordMask = occupied.length - 1;
        final int slot = home(price);
        final int word = slot >>> 6;
        final long bits = occupied[word];
        if (bits != 0)
        {
            final long above = bits & (-1L << slot);
            final long below = bits & ~(-1L << slot);
            if (above != 0 && below != 0)
            {
                final int up = Long.numberOfTrailingZeros(above);
                final int down = 63 - Long.numberOfLeadingZeros(below);
                return table[(word << 6) | (up - (slot & 63) <= (slot & 63) - down ? up : down)];
            }
            if (above != 0)
            {
                return table[(word << 6) | Long.numberOfTrailingZeros(above)];
            }
            return table[(word << 6) | (63 - Long.numberOfLeadingZeros(below))];
        }
        for (int i = 1; i <= NEAR_WORDS; i++)
        {
            final int upWord = (word + i) & wordMask;
            final long up = occupied[upWord];
            if (up != 0)
            {
                return table[(upWord << 6) | Long.numberOfTrailingZeros(up)];
            }
            final int downWord = (word - i) & wordMask;
            final long down = occupied[downWord];
            if (down != 0)
            {
                return table[(downWord << 6) | (63 - Long.numberOfLeadingZeros(down))];
            }
        }
        return null;
    }

    int size()
    {
        return size;
    }

    void clear()
    {
        Arrays.fill(table, null);
        Arrays.fill(occupied, 0);
        size = 0;
    }

    private void grow()
    {
        final PriceLevel[] old = table;
        allocate(old.length * 2);
        for (final PriceLevel level : old)
        {
            if (level != null)
            {
                insert(level);
            }
        }
    }
}
