package io.ringbook.feed.client;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacketRingTest
{
    @Test
    void keepsTheNewestPacketsInOrderAcrossWraps()
    {
        final int capacity = 1000;
        final PacketRing ring = new PacketRing(capacity);
        final Random random = new Random(3);
        final ArrayDeque<byte[]> added = new ArrayDeque<>();
        long addedCount = 0;
        for (int i = 0; i < 20_000; i++)
        {
            final byte[] packet = new byte[1 + random.nextInt(300)];
            random.nextBytes(packet);
            assertTrue(ring.add(new UnsafeBuffer(packet), 0, packet.length));
            added.addLast(packet);
            addedCount++;

            // what it holds is a suffix of what was added, newest last, and the newest is always there
            assertTrue(ring.size() >= 1);
            final Iterator<byte[]> expected = added.descendingIterator();
            long bytes = 0;
            for (int k = ring.size() - 1; k >= 0; k--)
            {
                final byte[] want = expected.next();
                final byte[] got = new byte[ring.length(k)];
                ring.buffer().getBytes(ring.offset(k), got);
                assertArrayEquals(want, got, "packet " + k + " of " + ring.size() + " after " + i);
                assertTrue(ring.offset(k) >= 0 && ring.offset(k) + ring.length(k) <= capacity);
                bytes += got.length;
            }
            assertTrue(bytes <= capacity);
            assertEquals(addedCount - ring.size(), ring.dropped());
            while (added.size() > ring.size())
            {
                added.removeFirst();
            }
        }
    }

    @Test
    void aPacketBiggerThanTheRingEmptiesIt()
    {
        final PacketRing ring = new PacketRing(100);
        final byte[] small = new byte[10];
        Arrays.fill(small, (byte)1);
        ring.add(new UnsafeBuffer(small), 0, small.length);
        ring.add(new UnsafeBuffer(small), 0, small.length);
        assertFalse(ring.add(new UnsafeBuffer(new byte[101]), 0, 101));
        assertEquals(0, ring.size());
        assertEquals(3, ring.dropped());
        ring.clear();
        assertTrue(ring.add(new UnsafeBuffer(small), 0, small.length));
        assertEquals(1, ring.size());
    }
}
