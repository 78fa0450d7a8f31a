package io.ringbook.engine.book;

import io.ringbook.engine.book.FastOrderBook.PriceLevel;

import java.util.Arrays;

/**
 * One side's price levels by price: an intrusive open-addressing table (a slot holds the level, whose price is the
 * key), linear probing, backward-shift deletion, so lookups read one array and the level itself, and nothing
 * allocates unless it grows. Prices are mantissas that are often multiples of a tick of many units, so the hash
 * mixes them (Fibonacci hashing) rather than taking low bits.
 */
final class PriceLevelIndex
{
    private PriceLevel[] table;
    private int mask;
    private int shift;
    private int size;

    /**
     * @param initialCapacity levels to hold before the table grows; it gets at least twice as many slots.
     */
    PriceLevelIndex(final int initialCapacity)
    {
        allocate(Integer.highestOneBit(Math.max(16, initialCapacity * 2) - 1) << 1);
    }

    private void allocate(final int slots)
    {
        table = new PriceLevel[slots];
        mask = slots - 1;
        shift = 64 - Integer.numberOfTrailingZeros(slots);
    }

    private int home(final long price)
    {
        return (int)((price * 0x9E3779B97F4A7C15L) >>> shift);
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
