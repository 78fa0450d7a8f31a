package io.ringbook.feed.publisher;

import io.ringbook.feed.book.FeedBook;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.ringbook.feed.book.FeedBook.ADD;
import static io.ringbook.feed.book.FeedBook.ASK;
import static io.ringbook.feed.book.FeedBook.BID;
import static io.ringbook.feed.book.FeedBook.DELETE;
import static io.ringbook.feed.book.FeedBook.EXECUTE;
import static io.ringbook.feed.book.FeedBook.NEW;
import static io.ringbook.feed.book.FeedBook.ORDER_DELETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link ReplicaBook} against {@link FeedBook}, the client's book, as the reference: the same updates give the same
 * results, the same levels in the same order, the same hash and the same orders in the same priority order.
 */
class ReplicaBookTest
{
    @Test
    void randomUpdatesGiveTheSameResultsLevelsAndOrdersAsTheFeedBook()
    {
        for (final boolean trackOrders : new boolean[] { true, false })
        {
            final Random random = new Random(trackOrders ? 17 : 18);
            final FeedBook reference = new FeedBook(1, trackOrders);
            final ReplicaBook replica = new ReplicaBook(1, trackOrders);
            for (int step = 0; step < 50_000; step++)
            {
                if (random.nextInt(10) < 4)
                {
                    // Mostly valid level updates, some that do not fit (New on a level, Change or Delete of none),
                    // a few with a bad side or action.
                    final int side = random.nextInt(50) == 0 ? 2 : random.nextInt(2);
                    final int action = random.nextInt(50) == 0 ? 3 : random.nextInt(3);
                    final long price = 90 + random.nextInt(20);
                    final long quantity = action == DELETE ? 0 : random.nextInt(20);
                    final int count = random.nextInt(5);
                    assertEquals(reference.applyLevel(side, action, price, quantity, count),
                        replica.applyLevel(side, action, price, quantity, count), "level update, step " + step);
                }
                else
                {
                    final int action = random.nextInt(40) == 0 ? 4 : random.nextInt(4);
                    final long orderId = 1 + random.nextInt(300);
                    final int side = random.nextInt(2);
                    final long price = 90 + random.nextInt(20);
                    final long quantity = random.nextInt(10);
                    assertEquals(reference.applyOrder(action, orderId, side, price, quantity),
                        replica.applyOrder(action, orderId, side, price, quantity), "order update, step " + step);
                }
                if (step % 1_000 == 999)
                {
                    assertSameBook(reference, replica, "step " + step);
                }
                if (step == 25_000)
                {
                    reference.clear();
                    replica.clear();
                    assertSameBook(reference, replica, "cleared");
                }
            }
        }
    }

    @Test
    void ordersMayArriveBeforeTheirLevelAndOutliveItsDelete()
    {
        final ReplicaBook book = new ReplicaBook(1, true);
        assertTrue(book.applyOrder(ADD, 7, ASK, 105, 3), "an order at a price with no level yet");
        assertEquals(0, book.levels(ASK), "not shown until its level update");
        assertTrue(book.applyLevel(ASK, NEW, 105, 3, 1));
        assertTrue(book.applyOrder(ADD, 8, ASK, 105, 2));
        assertTrue(book.applyLevel(ASK, DELETE, 105, 0, 0));
        assertEquals(0, book.levels(ASK));
        assertEquals(List.of(7L, 8L), orderIds(book), "the queue is kept while orders rest there");
        assertTrue(book.applyLevel(ASK, NEW, 105, 5, 2));
        assertEquals(List.of(7L, 8L), orderIds(book));
        assertTrue(book.applyOrder(EXECUTE, 7, ASK, 105, 0));
        assertTrue(book.applyOrder(ORDER_DELETE, 8, ASK, 105, 0));
        assertEquals(1, book.levels(ASK), "the level stays shown until its delete");
        assertTrue(book.applyLevel(ASK, DELETE, 105, 0, 0));
        assertEquals(0, book.levels(ASK));
        assertEquals(List.of(), orderIds(book));
        assertFalse(book.applyLevel(ASK, DELETE, 105, 0, 0), "gone");
        assertTrue(book.applyLevel(BID, NEW, 100, 1, 1));
        book.sort();
        assertEquals(100, book.price(BID, 0));
    }

    private static void assertSameBook(final FeedBook reference, final ReplicaBook replica, final String when)
    {
        replica.sort();
        for (int side = BID; side <= ASK; side++)
        {
            assertEquals(reference.levels(side), replica.levels(side), "levels, " + when);
            for (int i = 0; i < reference.levels(side); i++)
            {
                assertEquals(reference.price(side, i), replica.price(side, i), "price, " + when);
                assertEquals(reference.quantity(side, i), replica.quantity(side, i), "quantity, " + when);
                assertEquals(reference.orderCount(side, i), replica.orderCount(side, i), "count, " + when);
                assertEquals(reference.quantityAt(side, reference.price(side, i)),
                    replica.quantityAt(side, reference.price(side, i)));
            }
        }
        assertEquals(reference.levelsHash(), replica.levelsHash(), "hash, " + when);
        assertEquals(reference.orders(), replica.orders(), "orders, " + when);
        final List<String> expected = new ArrayList<>();
        reference.forEachOrder((orderId, side, price, quantity) -> expected.add(orderId + " " + side + " " + price +
            " " + quantity));
        final List<String> actual = new ArrayList<>();
        replica.forEachOrder((orderId, side, price, quantity) -> actual.add(orderId + " " + side + " " + price +
            " " + quantity));
        assertEquals(expected, actual, "orders in priority order, " + when);
    }

    private static List<Long> orderIds(final ReplicaBook book)
    {
        final List<Long> ids = new ArrayList<>();
        book.forEachOrder((orderId, side, price, quantity) -> ids.add(orderId));
        return ids;
    }
}
