package io.ringbook.engine.workload;

import io.ringbook.engine.Side;
import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;
import java.util.Random;

/**
 * The live orders of one instrument as a generator sees them, oldest first, with the {@code windowCapacity} oldest
 * kept in an array so a uniform pick among them is O(1) (exchange-core picks among the 512 oldest; an unbounded
 * window picks among all). Younger orders wait in a FIFO with lazy deletion and enter the window, oldest first, as
 * window orders leave the book. Deterministic: the same adds and removes give the same picks for the same random.
 */
final class LiveOrders
{
    private static final long MISSING = -1;
    private static final int QUEUED = Integer.MAX_VALUE;

    private final int windowCapacity;
    /** orderId -> (window index or QUEUED) << 1 | side ordinal. */
    private final Long2LongHashMap slots = new Long2LongHashMap(MISSING);
    private final int[] sideCounts = new int[2];
    private long[] window = new long[64];
    private int windowSize;
    private long[] queue = new long[64];
    private int queueHead;
    private int queueTail;

    LiveOrders(final int windowCapacity)
    {
        if (windowCapacity <= 0)
        {
            throw new IllegalArgumentException("window capacity must be positive: " + windowCapacity);
        }
        this.windowCapacity = windowCapacity;
    }

    int size()
    {
        return slots.size();
    }

    int count(final Side side)
    {
        return sideCounts[side.ordinal()];
    }

    boolean contains(final long orderId)
    {
        return slots.containsKey(orderId);
    }

    /**
     * Record an order that now rests; it is the youngest.
     */
    void add(final long orderId, final Side side)
    {
        if (slots.containsKey(orderId))
        {
            throw new IllegalStateException("order already live: " + orderId);
        }
        sideCounts[side.ordinal()]++;
        if (windowSize < windowCapacity)
        {
            putInWindow(orderId, side.ordinal());
        }
        else
        {
            if (queueTail == queue.length)
            {
                if (queueHead > queue.length / 2)
                {
                    System.arraycopy(queue, queueHead, queue, 0, queueTail - queueHead);
                    queueTail -= queueHead;
                    queueHead = 0;
                }
                else
                {
                    queue = Arrays.copyOf(queue, queue.length * 2);
                }
            }
            queue[queueTail++] = orderId;
            slots.put(orderId, ((long)QUEUED << 1) | side.ordinal());
        }
    }

    private void putInWindow(final long orderId, final int sideOrdinal)
    {
        if (windowSize == window.length)
        {
            window = Arrays.copyOf(window, window.length * 2);
        }
        window[windowSize] = orderId;
        slots.put(orderId, ((long)windowSize << 1) | sideOrdinal);
        windowSize++;
    }

    /**
     * Forget an order that left the book.
     */
    void remove(final long orderId)
    {
        final long value = slots.remove(orderId);
        if (value == MISSING)
        {
            throw new IllegalStateException("order not live: " + orderId);
        }
        sideCounts[(int)(value & 1)]--;
        final int slot = (int)(value >>> 1);
        if (slot == QUEUED)
        {
            return; // skipped when it reaches the head of the queue
        }
        final int last = --windowSize;
        if (slot != last)
        {
            final long moved = window[last];
            window[slot] = moved;
            slots.put(moved, ((long)slot << 1) | (slots.get(moved) & 1));
        }
        while (windowSize < windowCapacity && queueHead < queueTail)
        {
            final long next = queue[queueHead++];
            final long nextValue = slots.get(next);
            if (nextValue != MISSING)
            {
                putInWindow(next, (int)(nextValue & 1));
            }
        }
    }

    /**
     * @return a uniformly chosen order among the window (the oldest live orders), or 0 when none is live.
     */
    long pick(final Random random)
    {
        return windowSize == 0 ? 0 : window[random.nextInt(windowSize)];
    }

    /**
     * @return the i-th order of the window, 0 &lt;= i &lt; {@link #windowSize()}.
     */
    long windowOrder(final int i)
    {
        return window[i];
    }

    int windowSize()
    {
        return windowSize;
    }
}
