package io.ringbook.engine;

import java.util.Arrays;

/**
 * Every client order id each account has used, for rejecting duplicates for the engine's lifetime. Ids are kept in
 * buckets of 64 consecutive ids per account (a 64-bit map each), in one open-addressing table of interleaved
 * (account, id / 64, bits) triples: clients number their orders upwards, so successive new orders of an account hit
 * the same bucket and cache line, and a million ids take about 16 K buckets instead of a million entries. Any ids
 * work; scattered ones simply use a bucket each.
 * <p>
 * Grows by doubling when half full; size it up front ({@link MatchingEngine} takes a capacity) to keep the hot path
 * allocation-free.
 */
final class ClientOrderIdSet
{
    private static final int STRIDE = 3;
    private static final int BUCKET_SHIFT = 6;
    private static final int BUCKET_MASK = (1 << BUCKET_SHIFT) - 1;

    private long[] table;
    private int mask;
    private int buckets;
    private int size;
    private int resizeThreshold;

    /**
     * @param initialBuckets buckets before the table grows: enough for this many ids however scattered.
     */
    ClientOrderIdSet(final int initialBuckets)
    {
        final long wanted = Math.max(16L, (long)initialBuckets * 2);
        if (wanted > (1 << 29))
        {
            throw new IllegalArgumentException("client order id capacity too large: " + initialBuckets);
        }
        allocate(Integer.highestOneBit((int)wanted - 1) << 1);
    }

    private void allocate(final int capacity)
    {
        table = new long[capacity * STRIDE];
        mask = capacity - 1;
        resizeThreshold = capacity / 2;
    }

    private static int hash(final long accountId, final long bucket)
    {
        long h = accountId * 0x9E3779B97F4A7C15L + bucket * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 31;
        h *= 0xFF51AFD7ED558CCDL;
        h ^= h >>> 29;
        return (int)h;
    }

    /**
     * @return the table index of the bucket, or of the empty slot where it would go.
     */
    private int find(final long accountId, final long bucket)
    {
        final long[] table = this.table;
        int slot = hash(accountId, bucket) & mask;
        while (true)
        {
            final int i = slot * STRIDE;
            if (table[i + 2] == 0 || (table[i] == accountId && table[i + 1] == bucket))
            {
                return i;
            }
            slot = (slot + 1) & mask;
        }
    }

    boolean contains(final long accountId, final long clientOrderId)
    {
        final int i = find(accountId, clientOrderId >>> BUCKET_SHIFT);
        return (table[i + 2] & (1L << (clientOrderId & BUCKET_MASK))) != 0;
    }

    /**
     * Record a client order id (no-op if already there).
     */
    void add(final long accountId, final long clientOrderId)
    {
        final long bucket = clientOrderId >>> BUCKET_SHIFT;
        final long bit = 1L << (clientOrderId & BUCKET_MASK);
        int i = find(accountId, bucket);
        if (table[i + 2] == 0)
        {
            if (buckets >= resizeThreshold)
            {
                grow();
                i = find(accountId, bucket);
            }
            table[i] = accountId;
            table[i + 1] = bucket;
            buckets++;
        }
        if ((table[i + 2] & bit) == 0)
        {
            table[i + 2] |= bit;
            size++;
        }
    }

    private void grow()
    {
        final long[] old = table;
        allocate((mask + 1) * 2);
        for (int i = 0; i < old.length; i += STRIDE)
        {
            if (old[i + 2] != 0)
            {
                final int j = find(old[i], old[i + 1]);
                table[j] = old[i];
                table[j + 1] = old[i + 1];
                table[j + 2] = old[i + 2];
            }
        }
    }

    /**
     * Visit every non-empty bucket, in table order (no allocation): how a snapshot saves the set.
     */
    void forEachBlock(final MatchingEngine.ClientOrderIdBlockVisitor visitor)
    {
        final long[] table = this.table;
        for (int i = 0; i < table.length; i += STRIDE)
        {
            final long bits = table[i + 2];
            if (bits != 0)
            {
                visitor.visit(table[i], table[i + 1], bits);
            }
        }
    }

    /**
     * Record every id of one bucket at once, as {@link #forEachBlock} reported it: ids {@code block * 64 + b} for
     * each bit b set in {@code bits}. Merges with what is there; grows like {@link #add}.
     */
    void addBlock(final long accountId, final long block, final long bits)
    {
        if (bits == 0)
        {
            return;
        }
        int i = find(accountId, block);
        if (table[i + 2] == 0)
        {
            if (buckets >= resizeThreshold)
            {
                grow();
                i = find(accountId, block);
            }
            table[i] = accountId;
            table[i + 1] = block;
            buckets++;
        }
        size += Long.bitCount(bits & ~table[i + 2]);
        table[i + 2] |= bits;
    }

    /**
     * @return client order ids recorded.
     */
    int size()
    {
        return size;
    }

    void clear()
    {
        Arrays.fill(table, 0);
        buckets = 0;
        size = 0;
    }
}
