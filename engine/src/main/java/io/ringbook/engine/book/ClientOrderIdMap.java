package io.ringbook.engine.book;

import java.util.Arrays;

/**
 * Live orders by (account, client order id): open addressing with linear probing and backward-shift deletion, so
 * lookups, puts and removes allocate nothing and the table never fills with tombstones. Holds only resting orders,
 * so it stays as small as the book.
 *
 * @param <V> the order type.
 */
final class ClientOrderIdMap<V>
{
    private long[] accounts;
    private long[] clientOrderIds;
    private Object[] values;
    private int mask;
    private int size;

    ClientOrderIdMap(final int initialCapacity)
    {
        allocate(Integer.highestOneBit(Math.max(16, initialCapacity * 2) - 1) << 1);
    }

    private void allocate(final int capacity)
    {
        accounts = new long[capacity];
        clientOrderIds = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
    }

    private static int hash(final long accountId, final long clientOrderId)
    {
        long h = accountId * 0x9E3779B97F4A7C15L + clientOrderId;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        return (int)h;
    }

    @SuppressWarnings("unchecked")
    V get(final long accountId, final long clientOrderId)
    {
        int slot = hash(accountId, clientOrderId) & mask;
        Object value;
        while ((value = values[slot]) != null)
        {
            if (accounts[slot] == accountId && clientOrderIds[slot] == clientOrderId)
            {
                return (V)value;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /**
     * Add a mapping; the key must not be present.
     */
    void put(final long accountId, final long clientOrderId, final V value)
    {
        if (size * 2 >= mask + 1)
        {
            grow();
        }
        insert(accountId, clientOrderId, value);
        size++;
    }

    private void insert(final long accountId, final long clientOrderId, final Object value)
    {
        int slot = hash(accountId, clientOrderId) & mask;
        while (values[slot] != null)
        {
            slot = (slot + 1) & mask;
        }
        accounts[slot] = accountId;
        clientOrderIds[slot] = clientOrderId;
        values[slot] = value;
    }

    private void grow()
    {
        final long[] oldAccounts = accounts;
        final long[] oldClientOrderIds = clientOrderIds;
        final Object[] oldValues = values;
        allocate((mask + 1) * 2);
        for (int i = 0; i < oldValues.length; i++)
        {
            if (oldValues[i] != null)
            {
                insert(oldAccounts[i], oldClientOrderIds[i], oldValues[i]);
            }
        }
    }

    /**
     * Remove a mapping if present, shifting later entries of its probe run back so no tombstone is left.
     */
    void remove(final long accountId, final long clientOrderId)
    {
        int slot = hash(accountId, clientOrderId) & mask;
        while (values[slot] != null)
        {
            if (accounts[slot] == accountId && clientOrderIds[slot] == clientOrderId)
            {
                size--;
                int hole = slot;
                int next = (slot + 1) & mask;
                while (values[next] != null)
                {
                    final int home = hash(accounts[next], clientOrderIds[next]) & mask;
                    // Move the entry back into the hole unless its home lies cyclically in (hole, next].
                    final boolean stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
                    if (!stays)
                    {
                        accounts[hole] = accounts[next];
                        clientOrderIds[hole] = clientOrderIds[next];
                        values[hole] = values[next];
                        hole = next;
                    }
                    next = (next + 1) & mask;
                }
                values[hole] = null;
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    int size()
    {
        return size;
    }

    void clear()
    {
        Arrays.fill(values, null);
        size = 0;
    }
}
