package io.ringbook.engine.workload;

import io.ringbook.engine.Side;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveOrdersTest
{
    @Test
    void windowHoldsTheOldestLiveOrders()
    {
        final LiveOrders live = new LiveOrders(3);
        for (long id = 1; id <= 6; id++)
        {
            live.add(id, id % 2 == 0 ? Side.SELL : Side.BUY);
        }
        assertEquals(6, live.size());
        assertEquals(3, live.count(Side.BUY));
        assertEquals(3, live.count(Side.SELL));
        assertEquals(Set.of(1L, 2L, 3L), window(live));

        live.remove(5); // queued: window unchanged
        assertEquals(Set.of(1L, 2L, 3L), window(live));
        live.remove(2); // window refills with the oldest queued live order, skipping removed 5
        assertEquals(Set.of(1L, 3L, 4L), window(live));
        live.remove(1);
        assertEquals(Set.of(3L, 4L, 6L), window(live));
        live.remove(3);
        assertEquals(Set.of(4L, 6L), window(live));
        assertEquals(2, live.size());
        assertEquals(0, live.count(Side.BUY));
        assertEquals(2, live.count(Side.SELL));
        assertFalse(live.contains(5));
        assertTrue(live.contains(6));
        assertThrows(IllegalStateException.class, () -> live.remove(5));
        assertThrows(IllegalStateException.class, () -> live.add(6, Side.SELL));
    }

    @Test
    void picksUniformlyAmongTheWindowOnly()
    {
        final LiveOrders live = new LiveOrders(4);
        for (long id = 1; id <= 100; id++)
        {
            live.add(id, Side.BUY);
        }
        final Random random = new Random(1);
        final int[] counts = new int[5];
        for (int i = 0; i < 40_000; i++)
        {
            final long id = live.pick(random);
            assertTrue(id >= 1 && id <= 4, "picked outside the 4 oldest: " + id);
            counts[(int)id]++;
        }
        for (int id = 1; id <= 4; id++)
        {
            assertTrue(Math.abs(counts[id] - 10_000) < 600, "count of " + id + ": " + counts[id]);
        }
    }

    @Test
    void emptyPicksNothingAndQueueCompacts()
    {
        final LiveOrders live = new LiveOrders(2);
        assertEquals(0, live.pick(new Random(1)));
        for (long id = 1; id <= 10_000; id++)
        {
            live.add(id, Side.BUY);
            if (id > 2)
            {
                live.remove(id - 2); // keeps the window busy and the queue short
            }
        }
        assertEquals(2, live.size());
        assertEquals(Set.of(9_999L, 10_000L), window(live));
    }

    private static Set<Long> window(final LiveOrders live)
    {
        final Set<Long> ids = new HashSet<>();
        for (int i = 0; i < live.windowSize(); i++)
        {
            ids.add(live.windowOrder(i));
        }
        return ids;
    }
}
