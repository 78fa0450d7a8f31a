package io.ringbook.feed.client;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Bounded FIFO of copied packets, kept while instruments are syncing so their updates can be replayed on top of a
 * snapshot. Packets are stored back to back in one preallocated buffer; when a new one does not fit, the oldest go
 * first (recovery needs the newest: a snapshot is recent). Allocates nothing after construction.
 */
final class PacketRing
{
    private static final int MIN_PACKET_LENGTH = 32;

    private final UnsafeBuffer buffer;
    private final int capacity;
    private final int[] offsets;
    private final int[] lengths;
    private int head;
    private int size;
    private int tail;
    private long dropped;

    PacketRing(final int capacityBytes)
    {
        capacity = capacityBytes;
        buffer = new UnsafeBuffer(new byte[capacityBytes]);
        final int maxPackets = Math.max(16, capacityBytes / MIN_PACKET_LENGTH);
        offsets = new int[maxPackets];
        lengths = new int[maxPackets];
    }

    /**
     * Copies a packet in, dropping the oldest packets to make room.
     *
     * @return false if the packet is bigger than the whole ring: then the ring is emptied and the packet dropped.
     */
    boolean add(final DirectBuffer src, final int srcOffset, final int length)
    {
        if (length > capacity)
        {
            dropped += size + 1;
            clear();
            return false;
        }

        int position = tail;
        if (position + length > capacity)
        {
            while (size > 0 && offsets[head] >= tail)
            {
                evictOldest();
            }
            position = 0;
        }
        while (size > 0 && (size == offsets.length || overlaps(head, position, length)))
        {
            evictOldest();
        }

        src.getBytes(srcOffset, buffer, position, length);
        final int index = (head + size) % offsets.length;
        offsets[index] = position;
        lengths[index] = length;
        size++;
        tail = position + length;
        return true;
    }

    void clear()
    {
        head = 0;
        size = 0;
        tail = 0;
    }

    int size()
    {
        return size;
    }

    /**
     * @param i 0 is the oldest packet held.
     */
    int offset(final int i)
    {
        return offsets[(head + i) % offsets.length];
    }

    int length(final int i)
    {
        return lengths[(head + i) % lengths.length];
    }

    DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return packets dropped to make room since construction.
     */
    long dropped()
    {
        return dropped;
    }

    private boolean overlaps(final int index, final int position, final int length)
    {
        final int start = offsets[index];
        return start < position + length && position < start + lengths[index];
    }

    private void evictOldest()
    {
        head = (head + 1) % offsets.length;
        size--;
        dropped++;
        if (0 == size)
        {
            head = 0;
            tail = 0;
        }
    }
}
