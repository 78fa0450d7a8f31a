package io.ringbook.engine.book;

import io.ringbook.engine.book.FastOrderBook.FastOrder;
import io.ringbook.engine.book.FastOrderBook.PriceLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The fast book's intrusive tables against {@link HashMap}s on random puts, removes and key changes, with keys chosen
 * to collide (ids and prices a table length apart) and tables started small so they grow.
 */
class IndexTablesTest
{
    @Test
    void orderIndexMatchesHashMaps()
    {
        final SplittableRandom random = new SplittableRandom(42);
        final OrderIndex index = new OrderIndex(4);
        final Map<Long, FastOrder> byId = new HashMap<>();
        final Map<List<Long>, FastOrder> byClientOrderId = new HashMap<>();
        final List<FastOrder> live = new ArrayList<>();
        long nextClientOrderId = 1;
        for (int step = 0; step < 200_000; step++)
        {
            final int op = random.nextInt(10);
            if (op < 5 || live.isEmpty())
            {
                final FastOrder order = new FastOrder();
                // Ids a power of two apart share a home slot; sequential ids fill neighbouring ones.
                order.orderId = random.nextBoolean() ? step + 1 : (long)(step + 1) << 12;
                order.accountId = random.nextInt(8);
                order.clientOrderId = nextClientOrderId++;
                index.put(order);
                byId.put(order.orderId, order);
                byClientOrderId.put(List.of(order.accountId, order.clientOrderId), order);
                live.add(order);
            }
            else if (op < 8)
            {
                final FastOrder order = live.remove(random.nextInt(live.size()));
                index.remove(order);
                byId.remove(order.orderId);
                byClientOrderId.remove(List.of(order.accountId, order.clientOrderId));
            }
            else
            {
                final FastOrder order = live.get(random.nextInt(live.size()));
                byClientOrderId.remove(List.of(order.accountId, order.clientOrderId));
                index.changeClientOrderId(order, nextClientOrderId++);
                byClientOrderId.put(List.of(order.accountId, order.clientOrderId), order);
            }
            if (step % 997 == 0)
            {
                assertEquals(byId.size(), index.size());
                for (final FastOrder order : live)
                {
                    assertSame(order, index.get(order.orderId));
                    assertSame(order, index.get(order.accountId, order.clientOrderId));
                }
                assertNull(index.get(-1));
                assertNull(index.get(0, -1));
            }
        }
        for (final Map.Entry<Long, FastOrder> entry : byId.entrySet())
        {
            assertSame(entry.getValue(), index.get(entry.getKey()));
        }
        for (final Map.Entry<List<Long>, FastOrder> entry : byClientOrderId.entrySet())
        {
            assertSame(entry.getValue(), index.get(entry.getKey().get(0), entry.getKey().get(1)));
        }
        index.clear();
        assertEquals(0, index.size());
        assertNull(index.get(live.get(0).orderId));
    }

    @Test
    void removingAnOrderThatIsNotIndexedFailsLoudly()
    {
        final OrderIndex index = new OrderIndex(4);
        final FastOrder order = new FastOrder();
        order.orderId = 7;
        assertThrows(IllegalStateException.class, () -> index.remove(order));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 64, 100})
    void priceLevelIndexMatchesHashMap(final long tick)
    {
        final SplittableRandom random = new SplittableRandom(7);
        final PriceLevelIndex index = new PriceLevelIndex(2, tick);
        final Map<Long, PriceLevel> expected = new HashMap<>();
        for (int step = 0; step < 200_000; step++)
        {
            // Mostly near a touch, some far away (a table length of ticks apart shares a home slot).
            final long ticks = random.nextInt(4) == 0 ? random.nextInt(1 << 20) : 10_000 + random.nextInt(2_000);
            final long price = tick * ticks;
            final PriceLevel present = index.get(price);
            assertSame(expected.get(price), present);
            if (present == null)
            {
                final PriceLevel level = new PriceLevel();
                level.price = price;
                index.put(level);
                expected.put(price, level);
            }
            else if (random.nextInt(3) != 0)
            {
                index.remove(present);
                expected.remove(price);
            }
            assertEquals(expected.size(), index.size());
        }
        for (final Map.Entry<Long, PriceLevel> entry : expected.entrySet())
        {
            assertSame(entry.getValue(), index.get(entry.getKey()));
        }
        index.clear();
        assertEquals(0, index.size());
        assertNull(index.near(tick * 10_000));
    }

    @Test
    void nearFindsTheClosestLevelInTicksAndNothingWhenTheTableIsEmptyAround()
    {
        final long tick = 5;
        final PriceLevelIndex index = new PriceLevelIndex(512, tick);
        assertNull(index.near(1_000 * tick));
        final PriceLevel low = level(index, 990 * tick);
        final PriceLevel high = level(index, 1_003 * tick);
        assertSame(high, index.near(1_000 * tick));
        assertSame(low, index.near(994 * tick));
        assertSame(high, index.near(1_010 * tick), "the only level within the word above");
        index.remove(high);
        assertSame(low, index.near(1_010 * tick));
        index.remove(low);
        assertNull(index.near(1_000 * tick));
    }

    private static PriceLevel level(final PriceLevelIndex index, final long price)
    {
        final PriceLevel level = new PriceLevel();
        level.price = price;
        index.put(level);
        return level;
    }
}
