package io.ringbook.tools.load;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The client's own-order book keeping: only orders with nothing in flight are picked, cancels in flight are counted,
 * and the pool bounds the set.
 */
class OwnOrdersTest
{
    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void picksOnlyOrdersWithNothingInFlightAndCountsCancels()
    {
        final OwnOrders orders = new OwnOrders(3);
        final OwnOrders.Order a = orders.add(1, 0, 1, true, 100, 1);
        final OwnOrders.Order b = orders.add(2, 0, 1, false, 101, 1);
        final OwnOrders.Order c = orders.add(3, 0, 1, false, 102, 1);
        assertNull(orders.add(4, 0, 1, false, 103, 1), "the pool is the bound");
        orders.requestSent(a, 10, true);
        orders.requestSent(b, 11, false);
        assertEquals(1, orders.cancelling());
        for (int i = 0; i < 50; i++)
        {
            assertSame(c, orders.pickActionable(random));
        }
        orders.requestSent(c, 12, true);
        assertNull(orders.pickActionable(random));
        assertEquals(2, orders.cancelling());

        orders.remove(a); // cancelled
        orders.requestDone(c); // cancel refused, order still there
        assertEquals(0, orders.cancelling());
        orders.rekey(b, 20); // replaced
        orders.requestDone(b);
        assertNull(orders.get(2));
        assertSame(b, orders.get(20));
        final Set<OwnOrders.Order> picked = new HashSet<>();
        for (int i = 0; i < 100; i++)
        {
            picked.add(orders.pickActionable(random));
        }
        assertEquals(Set.of(b, c), picked);
        assertEquals(2, orders.size());
        assertTrue(orders.add(5, 0, 1, true, 99, 1) != null, "a removed order's place is free again");
    }
}
