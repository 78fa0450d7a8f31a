package io.ringbook.engine.mbo;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static io.ringbook.engine.mbo.MarketByOrderBook.APPLIED;
import static io.ringbook.engine.mbo.MarketByOrderBook.DUPLICATE_ORDER_ID;
import static io.ringbook.engine.mbo.MarketByOrderBook.INVALID;
import static io.ringbook.engine.mbo.MarketByOrderBook.NO_SUCH_LEVEL;
import static io.ringbook.engine.mbo.MarketByOrderBook.UNKNOWN_ORDER;
import static io.ringbook.engine.mbo.MarketByOrderBook.UNKNOWN_ORDER_LEVEL_REDUCED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Seeded random commands against the fast book and a naive one written for clarity (tree maps, lists), comparing
 * result codes and the full state (levels, counts, queues with order sizes) after every command. Small id and
 * price ranges make collisions, unknown ids and emptied levels common.
 */
class MarketByOrderBookDifferentialTest
{
    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 42, 20120621 })
    void fastBookAgreesWithNaiveBook(final long seed)
    {
        final Random random = new Random(seed);
        final MarketByOrderBook fast = new MarketByOrderBook(4, 2);
        final NaiveBook naive = new NaiveBook();
        for (int i = 0; i < 20_000; i++)
        {
            final long id = random.nextInt(60);
            final Side side = random.nextBoolean() ? Side.BID : Side.ASK;
            final long price = 100 + random.nextInt(12);
            final long size = random.nextInt(12) - 1;
            final String command;
            final int expected;
            final int actual;
            switch (random.nextInt(11))
            {
                case 0:
                case 1:
                case 2:
                    command = "add";
                    expected = naive.add(id, side, price, size);
                    actual = fast.add(id, side, price, size);
                    break;
                case 3:
                    command = "reduce";
                    expected = naive.reduce(id, size);
                    actual = fast.reduce(id, size);
                    break;
                case 4:
                    command = "reduce at";
                    expected = naive.reduceAt(id, side, price, size);
                    actual = fast.reduce(id, side, price, size);
                    break;
                case 5:
                    command = "delete";
                    expected = naive.delete(id);
                    actual = fast.delete(id);
                    break;
                case 6:
                    command = "delete stated";
                    expected = naive.deleteStated(id, side, price, size);
                    actual = fast.delete(id, side, price, size);
                    break;
                case 7:
                    command = "modify";
                    expected = naive.modify(id, side, price, size);
                    actual = fast.modify(id, side, price, size);
                    break;
                case 8:
                    command = "replace";
                    final long newId = random.nextInt(60);
                    expected = naive.replace(id, newId, price, size);
                    actual = fast.replace(id, newId, price, size);
                    break;
                case 9:
                    command = "anonymous";
                    expected = naive.addAnonymous(side, price, size);
                    actual = fast.addAnonymous(side, price, size);
                    break;
                default:
                    if (random.nextInt(50) == 0)
                    {
                        command = "clear";
                        naive.clear();
                        fast.clear();
                        expected = APPLIED;
                        actual = APPLIED;
                    }
                    else
                    {
                        command = "reduce level";
                        expected = naive.reduceLevel(side, price, size);
                        actual = fast.reduceLevel(side, price, size);
                    }
                    break;
            }
            final String context = "seed " + seed + " command " + i + ": " + command + " id=" + id + " " + side +
                " price=" + price + " size=" + size;
            assertEquals(MarketByOrderBook.resultName(expected), MarketByOrderBook.resultName(actual), context);
            assertEquals(naive.state(), state(fast), context);
            assertEquals(naive.orphaned, fast.orphanedOrders(), context);
            assertEquals(naive.underflows, fast.levelUnderflows(), context);
            if (i % 100 == 0)
            {
                assertNull(fast.checkInvariants(), context);
            }
        }
    }

    private static String state(final MarketByOrderBook book)
    {
        final StringBuilder text = new StringBuilder();
        for (final Side side : new Side[]{ Side.BID, Side.ASK })
        {
            text.append(side).append(':');
            for (int level = 0; level < book.levelCount(side); level++)
            {
                text.append(' ').append(book.levelPrice(side, level)).append('x').append(book.levelSize(side, level))
                    .append('/').append(book.levelOrderCount(side, level)).append('[');
                for (int h = book.firstOrder(side, level); h != MarketByOrderBook.NO_ORDER; h = book.nextOrder(h))
                {
                    text.append(book.orderIdOf(h)).append('=').append(book.sizeOf(h)).append(';');
                }
                text.append(']');
            }
            text.append('\n');
        }
        return text.append("orders ").append(book.orderCount()).toString();
    }

    /** The same rules as {@link MarketByOrderBook}, written the obvious way. */
    private static final class NaiveBook
    {
        static final class Order
        {
            Side side;
            long price;
            long size;
        }

        static final class Level
        {
            long size;
            final List<Long> queue = new ArrayList<>();
        }

        final Map<Long, Order> orders = new HashMap<>();
        final TreeMap<Long, Level> bids = new TreeMap<>();
        final TreeMap<Long, Level> asks = new TreeMap<>();
        long orphaned;
        long underflows;

        TreeMap<Long, Level> levels(final Side side)
        {
            return side == Side.BID ? bids : asks;
        }

        int add(final long id, final Side side, final long price, final long size)
        {
            if (size <= 0)
            {
                return INVALID;
            }
            if (orders.containsKey(id))
            {
                return DUPLICATE_ORDER_ID;
            }
            final Order order = new Order();
            order.side = side;
            order.price = price;
            order.size = size;
            orders.put(id, order);
            final Level level = levels(side).computeIfAbsent(price, p -> new Level());
            level.size += size;
            level.queue.add(id);
            return APPLIED;
        }

        void take(final Side side, final long price, final long amount)
        {
            final Level level = levels(side).get(price);
            if (amount < level.size)
            {
                level.size -= amount;
                return;
            }
            if (amount > level.size)
            {
                underflows++;
            }
            for (final Long id : level.queue)
            {
                orders.remove(id);
                orphaned++;
            }
            levels(side).remove(price);
        }

        void reduceKnown(final long id, final long orderReduction, final long levelReduction)
        {
            final Order order = orders.get(id);
            order.size -= Math.min(orderReduction, order.size);
            if (order.size == 0)
            {
                orders.remove(id);
                levels(order.side).get(order.price).queue.remove(Long.valueOf(id));
            }
            if (levelReduction > 0)
            {
                take(order.side, order.price, levelReduction);
            }
        }

        int reduce(final long id, final long size)
        {
            if (size <= 0)
            {
                return INVALID;
            }
            if (!orders.containsKey(id))
            {
                return UNKNOWN_ORDER;
            }
            reduceKnown(id, size, size);
            return APPLIED;
        }

        int reduceAt(final long id, final Side side, final long price, final long size)
        {
            if (size <= 0)
            {
                return INVALID;
            }
            if (!orders.containsKey(id))
            {
                return reduceLevel(side, price, size) == APPLIED ? UNKNOWN_ORDER_LEVEL_REDUCED : UNKNOWN_ORDER;
            }
            reduceKnown(id, size, size);
            return APPLIED;
        }

        int delete(final long id)
        {
            final Order order = orders.get(id);
            if (order == null)
            {
                return UNKNOWN_ORDER;
            }
            reduceKnown(id, order.size, order.size);
            return APPLIED;
        }

        int deleteStated(final long id, final Side side, final long price, final long size)
        {
            if (size <= 0)
            {
                return INVALID;
            }
            final Order order = orders.get(id);
            if (order == null)
            {
                return reduceLevel(side, price, size) == APPLIED ? UNKNOWN_ORDER_LEVEL_REDUCED : UNKNOWN_ORDER;
            }
            reduceKnown(id, order.size, size);
            return APPLIED;
        }

        int modify(final long id, final Side side, final long price, final long size)
        {
            if (size < 0)
            {
                return INVALID;
            }
            final Order order = orders.get(id);
            if (order == null)
            {
                return size == 0 ? UNKNOWN_ORDER : add(id, side, price, size);
            }
            if (size == 0)
            {
                reduceKnown(id, order.size, order.size);
                return APPLIED;
            }
            final Level level = levels(order.side).get(order.price);
            if (order.side != side || order.price != price)
            {
                level.queue.remove(Long.valueOf(id));
                take(order.side, order.price, order.size);
                order.side = side;
                order.price = price;
                order.size = size;
                final Level target = levels(side).computeIfAbsent(price, p -> new Level());
                target.size += size;
                target.queue.add(id);
            }
            else if (size > order.size)
            {
                level.queue.remove(Long.valueOf(id));
                level.queue.add(id);
                level.size += size - order.size;
                order.size = size;
            }
            else if (size < order.size)
            {
                final long delta = order.size - size;
                order.size = size;
                take(side, price, delta);
            }
            return APPLIED;
        }

        int replace(final long oldId, final long newId, final long price, final long size)
        {
            if (size <= 0)
            {
                return INVALID;
            }
            final Order order = orders.get(oldId);
            if (order == null)
            {
                return UNKNOWN_ORDER;
            }
            if (newId != oldId && orders.containsKey(newId))
            {
                return DUPLICATE_ORDER_ID;
            }
            reduceKnown(oldId, order.size, order.size);
            return add(newId, order.side, price, size);
        }

        int addAnonymous(final Side side, final long price, final long size)
        {
            if (size <= 0)
            {
                return INVALID;
            }
            levels(side).computeIfAbsent(price, p -> new Level()).size += size;
            return APPLIED;
        }

        int reduceLevel(final Side side, final long price, final long size)
        {
            if (size <= 0)
            {
                return INVALID;
            }
            if (!levels(side).containsKey(price))
            {
                return NO_SUCH_LEVEL;
            }
            take(side, price, size);
            return APPLIED;
        }

        void clear()
        {
            orders.clear();
            bids.clear();
            asks.clear();
        }

        String state()
        {
            final StringBuilder text = new StringBuilder();
            for (final Side side : new Side[]{ Side.BID, Side.ASK })
            {
                text.append(side).append(':');
                for (final Map.Entry<Long, Level> entry :
                    (side == Side.BID ? bids.descendingMap() : asks).entrySet())
                {
                    final Level level = entry.getValue();
                    text.append(' ').append(entry.getKey()).append('x').append(level.size).append('/')
                        .append(level.queue.size()).append('[');
                    for (final Long id : level.queue)
                    {
                        text.append(id).append('=').append(orders.get(id).size).append(';');
                    }
                    text.append(']');
                }
                text.append('\n');
            }
            return text.append("orders ").append(orders.size()).toString();
        }
    }
}
