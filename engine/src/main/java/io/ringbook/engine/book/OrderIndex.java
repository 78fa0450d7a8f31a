package io.ringbook.engine.book;

import io.ringbook.engine.book.FastOrderBook.FastOrder;

import java.util.Arrays;

/**
 * The fast book's live orders, found two ways: by order id and by (account, client order id). Both are intrusive
 * open-addressing tables: a slot holds the order itself and the key is read from it, so a lookup touches one array
 * and the order it finds (which the caller reads next anyway), not a key array and a value array. Linear probing with
 * backward-shift deletion: nothing allocates after construction unless a table has to grow, and deletes leave no
 * tombstones.
 * <p>
 * Order ids are assigned by the engine in sequence, so the id table uses the id itself as the hash: live orders,
 * which are mostly recent, sit in neighbouring slots, and there is no multiply on the path. Client order ids come
 * from clients, so that table mixes the key.
 * <p>
 * An order's keys must not change while it is in a table: to give an order a new client order id, remove it, change
 * it, put it back ({@link #changeClientOrderId}).
 */
final class OrderIndex
{
    private FastOrder[] byId;
    private int idMask;
    private FastOrder[] byClientOrderId;
    private int clientOrderIdMask;
    private int size;

    /**
     * @param initialCapacity orders to hold before a table grows; each table gets at least twice as many slots.
     */
    OrderIndex(final int initialCapacity)
    {
        final int slots = Integer.highestOneBit(Math.max(16, initialCapacity * 2) - 1) << 1;
        byId = new FastOrder[slots];
        idMask = slots - 1;
        byClientOrderId = new FastOrder[slots];
        clientOrderIdMask = slots - 1;
    }

    static int clientOrderIdHash(final long accountId, final long clientOrderId)
    {
        long h = accountId * 0x9E3779B97F4A7C15L + clientOrderId;
        h ^= h >>> 32;
        h *= 0xD6E8FEB86659FD93L;
        h ^= h >>> 32;
        return (int)h;
    }

    FastOrder get(final long orderId)
    {
        final FastOrder[] table = byId;
        final int mask = idMask;
        int slot = (int)orderId & mask;
        FastOrder order;
        while ((order = table[slot]) != null)
        {
            if (order.orderId == orderId)
            {
                return order;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    FastOrder get(final long accountId, final long clientOrderId)
    {
        final FastOrder[] table = byClientOrderId;
        final int mask = clientOrderIdMask;
        int slot = clientOrderIdHash(accountId, clientOrderId) & mask;
        FastOrder order;
        while ((order = table[slot]) != null)
        {
            if (order.clientOrderId == clientOrderId && order.accountId == accountId)
            {
                return order;
            }
            slot = (slot + 1) & mask;
        }
        return null;
    }

    /**
     * Add an order under both keys; neither may be present.
     */
    void put(final FastOrder order)
    {
        if (size * 2 >= idMask + 1)
        {
            grow();
        }
        insertById(byId, idMask, order);
        insertByClientOrderId(byClientOrderId, clientOrderIdMask, order);
        size++;
    }

    /**
     * Remove an order (which must be present) from both tables.
     */
    void remove(final FastOrder order)
    {
        removeById(order);
        removeByClientOrderId(order);
        size--;
    }

    /**
     * Give an indexed order a new client order id.
     */
    void changeClientOrderId(final FastOrder order, final long clientOrderId)
    {
        removeByClientOrderId(order);
        order.clientOrderId = clientOrderId;
        insertByClientOrderId(byClientOrderId, clientOrderIdMask, order);
    }

    int size()
    {
        return size;
    }

    void clear()
    {
        Arrays.fill(byId, null);
        Arrays.fill(byClientOrderId, null);
        size = 0;
    }

    private static void insertById(final FastOrder[] table, final int mask, final FastOrder order)
    {
        int slot = (int)order.orderId & mask;
        while (table[slot] != null)
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = order;
    }

    private static void insertByClientOrderId(final FastOrder[] table, final int mask, final FastOrder order)
    {
        int slot = clientOrderIdHash(order.accountId, order.clientOrderId) & mask;
        while (table[slot] != null)
        {
            slot = (slot + 1) & mask;
        }
        table[slot] = order;
    }

    private void removeById(final FastOrder order)
    {
        final FastOrder[] table = byId;
        final int mask = idMask;
        int slot = (int)order.orderId & mask;
        while (table[slot] != order)
        {
            if (table[slot] == null)
            {
                throw new IllegalStateException("order not indexed by id: " + order.orderId);
            }
            slot = (slot + 1) & mask;
        }
        int hole = slot;
        int next = (slot + 1) & mask;
        FastOrder moved;
        while ((moved = table[next]) != null)
        {
            if (!staysPut(hole, next, (int)moved.orderId & mask))
            {
                table[hole] = moved;
                hole = next;
            }
            next = (next + 1) & mask;
        }
        table[hole] = null;
    }

    private void removeByClientOrderId(final FastOrder order)
    {
        final FastOrder[] table = byClientOrderId;
        final int mask = clientOrderIdMask;
        int slot = clientOrderIdHash(order.accountId, order.clientOrderId) & mask;
        while (table[slot] != order)
        {
            if (table[slot] == null)
            {
                throw new IllegalStateException("order not indexed by client order id: " + order.orderId);
            }
            slot = (slot + 1) & mask;
        }
        int hole = slot;
        int next = (slot + 1) & mask;
        FastOrder moved;
        while ((moved = table[next]) != null)
        {
            if (!staysPut(hole, next, clientOrderIdHash(moved.accountId, moved.clientOrderId) & mask))
            {
                table[hole] = moved;
                hole = next;
            }
            next = (next + 1) & mask;
        }
        table[hole] = null;
    }

    /**
     * Backward-shift deletion: the entry at {@code next} may fill the hole unless its home slot lies cyclically in
     * (hole, next], where moving it back would put it before its home.
     */
    static boolean staysPut(final int hole, final int next, final int home)
    {
        return hole <= next ? hole < home && home <= next : hole < home || home <= next;
    }

    private void grow()
    {
        final FastOrder[] oldById = byId;
        final int slots = oldById.length * 2;
        byId = new FastOrder[slots];
        idMask = slots - 1;
        byClientOrderId = new FastOrder[slots];
        clientOrderIdMask = slots - 1;
        for (final FastOrder order : oldById)
        {
            if (order != null)
            {
                insertById(byId, idMask, order);
                insertByClientOrderId(byClientOrderId, clientOrderIdMask, order);
            }
        }
    }
}
