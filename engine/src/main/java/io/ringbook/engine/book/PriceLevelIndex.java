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
 */
final class PriceLevelIndex
{
    private PriceLevel[] table;
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
        allocate(Integer.highestOneBit(Math.max(16, initialCapacity * 2) - 1) << 1);
    }

    private void allocate(final int slots)
    {
        table = new PriceLevel[slots];
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
        size--;
    }

    int size()
    {
        return size;
    }

    void clear()
    {
        Arrays.fill(table, null);
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
