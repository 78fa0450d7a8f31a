package io.ringbook.feed.book;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.ringbook.feed.book.FeedBook.ADD;
import static io.ringbook.feed.book.FeedBook.ASK;
import static io.ringbook.feed.book.FeedBook.BID;
import static io.ringbook.feed.book.FeedBook.CHANGE;
import static io.ringbook.feed.book.FeedBook.DELETE;
import static io.ringbook.feed.book.FeedBook.EXECUTE;
import static io.ringbook.feed.book.FeedBook.MODIFY;
import static io.ringbook.feed.book.FeedBook.NEW;
import static io.ringbook.feed.book.FeedBook.ORDER_DELETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedBookTest
{
    @Test
    void levelsAreKeptSortedBestFirstOnBothSides()
    {
        final FeedBook book = new FeedBook(1, false);
        final Random random = new Random(7);
        for (int i = 0; i < 500; i++)
        {
            final long price = 1 + random.nextInt(200);
            final int side = random.nextInt(2);
            final int action = book.quantityAt(side, price) > 0 ? (random.nextBoolean() ? CHANGE : DELETE) : NEW;
            assertTrue(book.applyLevel(side, action, price, action == DELETE ? 0 : 1 + random.nextInt(9), 1));
        }
        for (int i = 1; i < book.levels(BID); i++)
        {
            assertTrue(book.price(BID, i - 1) > book.price(BID, i));
        }
        for (int i = 1; i < book.levels(ASK); i++)
        {
            assertTrue(book.price(ASK, i - 1) < book.price(ASK, i));
        }
        assertTrue(book.levels(BID) > 10 && book.levels(ASK) > 10);
    }

    @Test
    void newChangeDeleteSemanticsAndResults()
    {
        final FeedBook book = new FeedBook(1, false);
        assertTrue(book.applyLevel(BID, NEW, 100, 5, 1));
        assertFalse(book.applyLevel(BID, NEW, 100, 7, 2), "New for an existing level");
        assertEquals(7, book.quantityAt(BID, 100), "set anyway");
        assertTrue(book.applyLevel(BID, CHANGE, 100, 9, 3));
        assertEquals(3, book.orderCount(BID, 0));
        assertFalse(book.applyLevel(BID, CHANGE, 101, 1, 1), "Change for a missing level");
        assertEquals(2, book.levels(BID), "set anyway");
        assertTrue(book.applyLevel(BID, DELETE, 101, 0, 0));
        assertFalse(book.applyLevel(BID, DELETE, 101, 0, 0), "Delete for a missing level");
        assertFalse(book.applyLevel(2, NEW, 1, 1, 1), "bad side");
        assertFalse(book.applyLevel(ASK, 7, 1, 1, 1), "bad action");
        assertFalse(book.applyLevel(ASK, NEW, 1, 0, 0), "New with no quantity");
        assertEquals(1, book.levels(BID));
        assertEquals(100, book.price(BID, 0));
        book.clear();
        assertEquals(0, book.levels(BID) + book.levels(ASK));
    }

    @Test
    void ordersAreVisitedInPriority()
    {
        final FeedBook book = new FeedBook(1, true);
        assertTrue(book.applyOrder(ADD, 1, BID, 100, 5));
        assertTrue(book.applyOrder(ADD, 2, BID, 101, 5));
        assertTrue(book.applyOrder(ADD, 3, BID, 100, 5));
        assertTrue(book.applyOrder(ADD, 4, ASK, 102, 5));
        assertTrue(book.applyOrder(ADD, 5, ASK, 103, 5));
        assertTrue(book.applyOrder(ADD, 6, ASK, 102, 5));
        assertEquals(List.of(2L, 1L, 3L, 4L, 6L, 5L), orderIds(book));

        assertTrue(book.applyOrder(MODIFY, 1, BID, 100, 4), "a size decrease keeps priority");
        assertEquals(List.of(2L, 1L, 3L, 4L, 6L, 5L), orderIds(book));
        assertTrue(book.applyOrder(MODIFY, 1, BID, 100, 6), "a size increase loses it");
        assertEquals(List.of(2L, 3L, 1L, 4L, 6L, 5L), orderIds(book));
        assertTrue(book.applyOrder(EXECUTE, 4, ASK, 102, 2));
        assertTrue(book.applyOrder(EXECUTE, 6, ASK, 102, 0), "fully executed leaves the book");
        assertTrue(book.applyOrder(ORDER_DELETE, 2, BID, 101, 0));
        assertEquals(List.of(3L, 1L, 4L, 5L), orderIds(book));
        assertEquals(4, book.orders());

        assertFalse(book.applyOrder(ADD, 3, BID, 100, 1), "Add for a known id");
        assertFalse(book.applyOrder(MODIFY, 99, BID, 100, 1), "unknown id");
        assertFalse(book.applyOrder(ORDER_DELETE, 99, BID, 100, 0), "unknown id");
        assertTrue(new FeedBook(2, false).applyOrder(MODIFY, 99, BID, 1, 1), "ignored when not tracking orders");
    }

    @Test
    void equalBooksHaveEqualLevelsHashes()
    {
        final FeedBook a = new FeedBook(1, false);
        final FeedBook b = new FeedBook(2, true);
        a.applyLevel(BID, NEW, 100, 5, 1);
        a.applyLevel(ASK, NEW, 101, 3, 2);
        a.applyLevel(BID, NEW, 99, 1, 1);
        b.applyLevel(ASK, NEW, 101, 3, 2);
        b.applyLevel(BID, NEW, 99, 1, 1);
        b.applyLevel(BID, NEW, 100, 7, 1);
        assertNotEquals(a.levelsHash(), b.levelsHash());
        b.applyLevel(BID, CHANGE, 100, 5, 1);
        assertEquals(a.levelsHash(), b.levelsHash());

        b.applyLevel(BID, DELETE, 99, 0, 0);
        b.applyLevel(ASK, NEW, 99, 1, 1);
        assertNotEquals(a.levelsHash(), b.levelsHash(), "the same level on the other side differs");
    }

    private static List<Long> orderIds(final FeedBook book)
    {
        final List<Long> ids = new ArrayList<>();
        book.forEachOrder((orderId, side, price, quantity) -> ids.add(orderId));
        return ids;
    }

    @Test
    void changeLogBringsACopyUpToDate()
    {
        // A copy kept by applying, after each batch of random changes, only what the log says changed (New, Change,
        // Delete from the levels now) must equal the book; when the log says it lost track, the copy is rebuilt.
        final long seed = System.nanoTime();
        final Random random = new Random(seed);
        final FeedBook book = new FeedBook(1, false);
        final FeedBook copy = new FeedBook(1, false);
        book.trackChanges(true);
        int lost = 0;
        int logged = 0;
        for (int batch = 0; batch < 5_000; batch++)
        {
            // Now and then a sweep over more levels than the log keeps (256): it must say it lost track.
            final boolean sweep = random.nextInt(20) == 0;
            final int changes = sweep ? 600 : 1 + random.nextInt(6);
            final int range = sweep ? 400 : 20;
            for (int c = 0; c < changes; c++)
            {
                final int side = random.nextInt(2);
                final long price = side == BID ? 1_000 - random.nextInt(range) : 1_001 + random.nextInt(range);
                final boolean exists = book.quantityAt(side, price) > 0;
                if (exists && random.nextInt(3) == 0)
                {
                    book.applyLevel(side, DELETE, price, 0, 0);
                }
                else
                {
                    book.applyLevel(side, exists ? CHANGE : NEW, price, 1 + random.nextInt(5), 1 + random.nextInt(3));
                }
            }
            if (random.nextInt(500) == 0)
            {
                book.clear();
            }
            if (book.changesLost())
            {
                lost++;
                copy.clear();
                for (int side = BID; side <= ASK; side++)
                {
                    for (int i = 0; i < book.levels(side); i++)
                    {
                        copy.applyLevel(side, NEW, book.price(side, i), book.quantity(side, i), book.orderCount(side, i));
                    }
                }
            }
            else
            {
                for (int i = 0; i < book.changes(); i++)
                {
                    final int side = book.changedSide(i);
                    final long price = book.changedPrice(i);
                    assertEquals(book.changedLevelExisted(i), copy.hasLevel(side, price), "existed before, seed " + seed);
                    assertEquals(copy.quantityAt(side, price), book.changedLevelQuantityBefore(i), "seed " + seed);
                    assertEquals(copy.orderCountAt(side, price), book.changedLevelOrderCountBefore(i), "seed " + seed);
                    final int index = book.levelIndex(side, price);
                    assertEquals(book.hasLevel(side, price), index >= 0, "levelIndex finds it, seed " + seed);
                    if (index >= 0)
                    {
                        assertEquals(price, book.price(side, index), "levelIndex is the public index, seed " + seed);
                    }
                    if (book.hasLevel(side, price))
                    {
                        copy.applyLevel(side, copy.hasLevel(side, price) ? CHANGE : NEW, price,
                            book.quantityAt(side, price), book.orderCountAt(side, price));
                    }
                    else if (copy.hasLevel(side, price))
                    {
                        copy.applyLevel(side, DELETE, price, 0, 0);
                    }
                    logged++;
                }
            }
            book.clearChanges();
            assertEquals(book.levelsHash(), copy.levelsHash(), () -> "batch, seed " + seed + ": " + book + " vs " + copy);
        }
        assertTrue(lost > 10 && logged > 10_000, "both paths taken: lost " + lost + ", logged " + logged);

        final FeedBook untracked = new FeedBook(2, false);
        untracked.applyLevel(BID, NEW, 100, 1, 1);
        assertTrue(untracked.changesLost(), "a book that does not track changes says so");
        assertEquals(0, untracked.changes());
    }
}
