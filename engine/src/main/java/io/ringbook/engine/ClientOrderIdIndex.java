package io.ringbook.engine;

import java.util.Arrays;

/**
 * Every (account, client order id) the engine has accepted, for duplicate rejection and for addressing orders by
 * client order id. Open addressing with linear probing over one interleaved {@code long[]} (account, client order
 * id, value) so a lookup usually touches one cache line. Entries are never removed: client order ids stay unique
 * for the engine's lifetime. The value packs the instrument id (23 bits) above the order id (40 bits).
 * <p>
 * Grows by doubling when half full; size it up front ({@link MatchingEngine} takes a capacity) to keep the hot path
 * allocation-free.
 */
final class ClientOrderIdIndex
{
    static final int ORDER_ID_BITS = 40;
    static final long MAX_ORDER_ID = (1L << ORDER_ID_BITS) - 1;
    private static final int STRIDE = 3;

    private long[] table;
    private int mask;
    private int size;
    private int resizeThreshold;

    ClientOrderIdIndex(final int initialCapacity)
    {
        allocate(capacityFor(initialCapacity));
    }

    private static int capacityFor(final int entries)
    {
        final long wanted = Math.max(16L, (long)entries * 2);
        if (wanted > (1 << 29))
        {
            throw new IllegalArgumentException("client order id capacity too large: " + entries);
        }
        return Integer.highestOneBit((int)wanted - 1) << 1;
    }

    private void allocate(final int capacity)
    {
        table = new long[capacity * STRIDE];
        mask = capacity - 1;
        resizeThreshold = capacity / 2;
    }

    static long pack(final int instrumentId, final long orderId)
    {
        return ((long)instrumentId << ORDER_ID_BITS) | orderId;
    }

    static int instrumentId(final long packed)
    {
        return (int)(packed >>> ORDER_ID_BITS);
    }

    static long orderId(final long packed)
    {
        return packed & MAX_ORDER_ID;
    }

    private static int hash(final long accountId, final long clientOrderId)
    {
        long h = accountId * 0x9E3779B97F4A7C15L + clientOrderId;
        h ^= h >>> 33;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 33;
        return (int)h;
    }

    /**
     * @return the packed instrument and order id, or 0 when this account never used this client order id.
     */
    long get(final long accountId, final long clientOrderId)
    {
        final long[] table = this.table;
        int slot = hash(accountId, clientOrderId) & mask;
        while (true)
        {
            final int i = slot * STRIDE;
            final long value = table[i + 2];
            if (value == 0)
            {
                return 0;
            }
            if (table[i] == accountId && table[i + 1] == clientOrderId)
            {
                return value;
            }
            slot = (slot + 1) & mask;
        }
    }

    boolean contains(final long accountId, final long clientOrderId)
    {
        return get(accountId, clientOrderId) != 0;
    }

    /**
     * Record a client order id; the caller has checked it is new.
     */
    void put(final long accountId, final long clientOrderId, final int instrumentId, final long orderId)
    {
        if (size >= resizeThreshold)
        {
            grow();
        }
        insert(table, mask, accountId, clientOrderId, pack(instrumentId, orderId));
        size++;
    }

    private static void insert(
        final long[] table, final int mask, final long accountId, final long clientOrderId, final long value)
    {
        int slot = hash(accountId, clientOrderId) & mask;
        while (table[slot * STRIDE + 2] != 0)
        {
            slot = (slot + 1) & mask;
        }
        final int i = slot * STRIDE;
        table[i] = accountId;
        table[i + 1] = clientOrderId;
        table[i + 2] = value;
    }

    private void grow()
    {
        final long[] old = table;
        allocate((mask + 1) * 2);
        for (int i = 0; i < old.length; i += STRIDE)
        {
            if (old[i + 2] != 0)
            {
                insert(table, mask, old[i], old[i + 1], old[i + 2]);
            }
        }
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return mask + 1;
    }

    void clear()
    {
        Arrays.fill(table, 0);
        size = 0;
    }
}
