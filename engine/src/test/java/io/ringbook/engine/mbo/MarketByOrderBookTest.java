package io.ringbook.engine.mbo;

import org.junit.jupiter.api.Test;

import static io.ringbook.engine.mbo.MarketByOrderBook.APPLIED;
import static io.ringbook.engine.mbo.MarketByOrderBook.DUPLICATE_ORDER_ID;
import static io.ringbook.engine.mbo.MarketByOrderBook.INVALID;
import static io.ringbook.engine.mbo.MarketByOrderBook.NO_ORDER;
import static io.ringbook.engine.mbo.MarketByOrderBook.NO_SUCH_LEVEL;
import static io.ringbook.engine.mbo.MarketByOrderBook.UNKNOWN_ORDER;
import static io.ringbook.engine.mbo.MarketByOrderBook.UNKNOWN_ORDER_LEVEL_REDUCED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The book's rules one at a time; {@link MarketByOrderBookDifferentialTest} runs random commands against a naive
 * reference.
 */
class MarketByOrderBookTest
{
    private final MarketByOrderBook book = new MarketByOrderBook(16, 8);

    private String text()
    {
        assertNull(book.checkInvariants());
        return BookText.describe(book, 0);
    }

    @Test
    void aggregatesLevelsSortedBestFirst()
    {
        assertEquals(APPLIED, book.add(1, Side.BID, 100, 5));
        assertEquals(APPLIED, book.add(2, Side.BID, 102, 1));
        assertEquals(APPLIED, book.add(3, Side.BID, 101, 2));
        assertEquals(APPLIED, book.add(4, Side.BID, 100, 7));
        assertEquals(APPLIED, book.add(5, Side.ASK, 105, 3));
        assertEquals(APPLIED, book.add(6, Side.ASK, 103, 4));
        assertEquals(APPLIED, book.add(7, Side.ASK, 104, 6));
        assertEquals(APPLIED, book.add(8, Side.ASK, 103, 1));
        assertEquals("B[102x1/1 101x2/1 100x12/2] A[103x5/2 104x6/1 105x3/1]", text());
        assertEquals(3, book.levelCount(Side.BID));
        assertEquals(2, book.depthOfPrice(Side.BID, 100));
        assertEquals(-1, book.depthOfPrice(Side.BID, 99));
        assertEquals(5, book.sizeAtPrice(Side.ASK, 103));
        assertEquals(0, book.sizeAtPrice(Side.ASK, 99));
        assertEquals(8, book.orderCount());
        assertThrows(IndexOutOfBoundsException.class, () -> book.levelPrice(Side.BID, 3));
    }

    @Test
    void keepsTimePriorityWithinALevel()
    {
        book.add(1, Side.ASK, 10, 1);
        book.add(2, Side.ASK, 10, 2);
        book.add(3, Side.ASK, 10, 3);
        book.delete(2);
        int h = book.firstOrder(Side.ASK, 0);
        assertEquals(1, book.orderIdOf(h));
        h = book.nextOrder(h);
        assertEquals(3, book.orderIdOf(h));
        assertEquals(NO_ORDER, book.nextOrder(h));
    }

    @Test
    void reducesDeletesAndExecutesKnownOrders()
    {
        book.add(1, Side.BID, 100, 10);
        book.add(2, Side.BID, 100, 5);
        assertEquals(APPLIED, book.reduce(1, 3));
        assertEquals("B[100x12/2] A[]", text());
        assertEquals(APPLIED, book.execute(1, 7));
        assertEquals("B[100x5/1] A[]", text());
        assertFalse(book.orderHandle(1) != NO_ORDER);
        assertEquals(APPLIED, book.delete(2));
        assertEquals("B[] A[]", text());
        assertEquals(0, book.orderCount());
    }

    @Test
    void oversizedReductionOfAKnownOrderIsClampedAndCounted()
    {
        book.add(1, Side.BID, 100, 10);
        book.addAnonymous(Side.BID, 100, 5);
        assertEquals(APPLIED, book.reduce(1, 12));
        assertEquals(1, book.oversizedReductions());
        assertEquals("B[100x3/0] A[]", text(), "the level loses what the event says; the order is gone");
    }

    @Test
    void unknownOrdersReduceTheStatedLevelWhenTheEventSaysWhere()
    {
        book.addAnonymous(Side.ASK, 200, 50);
        book.add(1, Side.ASK, 200, 10);
        assertEquals(UNKNOWN_ORDER_LEVEL_REDUCED, book.reduce(99, Side.ASK, 200, 20));
        assertEquals(UNKNOWN_ORDER_LEVEL_REDUCED, book.execute(98, Side.ASK, 200, 5));
        assertEquals(UNKNOWN_ORDER_LEVEL_REDUCED, book.delete(97, Side.ASK, 200, 5));
        assertEquals("B[] A[200x30/1]", text(), "count stays: only orders known by id are counted");
        assertEquals(UNKNOWN_ORDER, book.reduce(99, Side.ASK, 201, 1), "no level there");
        assertEquals(UNKNOWN_ORDER, book.reduce(99, 1), "ITCH-style: no side or price given");
        assertEquals(UNKNOWN_ORDER, book.delete(99));
        assertEquals(UNKNOWN_ORDER, book.execute(99, 1));
        assertEquals("B[] A[200x30/1]", text());
    }

    @Test
    void statedDeleteSizeIsWhatLeavesTheLevel()
    {
        // LOBSTER: the order shrank without a message while it was deeper than the file's levels.
        book.add(1, Side.ASK, 300, 400);
        book.add(2, Side.ASK, 300, 100);
        book.reduceLevel(Side.ASK, 300, 200);
        assertEquals(APPLIED, book.delete(1, Side.ASK, 300, 200));
        assertEquals("B[] A[300x100/1]", text());
    }

    @Test
    void levelReachingZeroDropsOrdersStillKnownThere()
    {
        book.add(1, Side.BID, 100, 5);
        book.add(2, Side.BID, 100, 5);
        assertEquals(APPLIED, book.reduceLevel(Side.BID, 100, 12));
        assertEquals(2, book.orphanedOrders());
        assertEquals(1, book.levelUnderflows());
        assertEquals("B[] A[]", text());
        assertEquals(UNKNOWN_ORDER, book.delete(1));
        assertEquals(APPLIED, book.add(1, Side.BID, 100, 4), "the id can be used again");
        assertEquals("B[100x4/1] A[]", text());
        assertEquals(NO_SUCH_LEVEL, book.reduceLevel(Side.ASK, 100, 1));
    }

    @Test
    void rejectsDuplicateIdsAndNonPositiveSizes()
    {
        book.add(1, Side.BID, 100, 5);
        assertEquals(DUPLICATE_ORDER_ID, book.add(1, Side.ASK, 101, 5));
        assertEquals(INVALID, book.add(2, Side.BID, 100, 0));
        assertEquals(INVALID, book.add(2, Side.BID, Long.MIN_VALUE, 1));
        assertEquals(INVALID, book.reduce(1, 0));
        assertEquals(INVALID, book.reduce(1, Side.BID, 100, -1));
        assertEquals(INVALID, book.delete(1, Side.BID, 100, 0));
        assertEquals(INVALID, book.modify(1, Side.BID, 100, -1));
        assertEquals(INVALID, book.addAnonymous(Side.BID, 100, 0));
        assertEquals(INVALID, book.reduceLevel(Side.BID, 100, 0));
        assertEquals(INVALID, book.replace(1, 2, 100, 0));
        assertEquals("B[100x5/1] A[]", text());
    }

    @Test
    void modifyFollowsDatabentoRules()
    {
        book.add(1, Side.BID, 100, 5);
        book.add(2, Side.BID, 100, 5);
        assertEquals(APPLIED, book.modify(1, Side.BID, 100, 3));
        assertEquals(1, book.orderIdOf(book.firstOrder(Side.BID, 0)), "size down keeps priority");
        assertEquals(APPLIED, book.modify(1, Side.BID, 100, 6));
        assertEquals(2, book.orderIdOf(book.firstOrder(Side.BID, 0)), "size up loses priority");
        assertEquals("B[100x11/2] A[]", text());
        assertEquals(APPLIED, book.modify(2, Side.BID, 101, 5));
        assertEquals("B[101x5/1 100x6/1] A[]", text());
        assertEquals(APPLIED, book.modify(2, Side.ASK, 105, 2));
        assertEquals("B[100x6/1] A[105x2/1]", text());
        assertEquals(APPLIED, book.modify(3, Side.ASK, 106, 1), "unknown id: added");
        assertEquals(UNKNOWN_ORDER, book.modify(4, Side.ASK, 106, 0));
        assertEquals(APPLIED, book.modify(1, Side.BID, 100, 0), "size zero: removed");
        assertEquals("B[] A[105x2/1 106x1/1]", text());
    }

    @Test
    void replaceKeepsTheSideAndTakesANewId()
    {
        book.add(1, Side.ASK, 100, 5);
        book.add(2, Side.ASK, 101, 5);
        assertEquals(APPLIED, book.replace(1, 3, 102, 7));
        assertEquals("B[] A[101x5/1 102x7/1]", text());
        assertEquals(NO_ORDER, book.orderHandle(1));
        final int h = book.orderHandle(3);
        assertEquals(Side.ASK, book.sideOf(h));
        assertEquals(102, book.priceOf(h));
        assertEquals(7, book.sizeOf(h));
        assertEquals(UNKNOWN_ORDER, book.replace(1, 4, 100, 1));
        assertEquals(DUPLICATE_ORDER_ID, book.replace(2, 3, 100, 1));
        assertEquals("B[] A[101x5/1 102x7/1]", text());
    }

    @Test
    void clearEmptiesAndTheBookIsUsableAfterwards()
    {
        for (int i = 0; i < 100; i++)
        {
            book.add(i, i % 2 == 0 ? Side.BID : Side.ASK, 1000 + (i % 2 == 0 ? -i : i), 1 + i);
        }
        book.addAnonymous(Side.BID, 5, 5);
        book.clear();
        assertEquals("B[] A[]", text());
        assertEquals(0, book.orderCount());
        book.add(1, Side.BID, 10, 1);
        assertEquals("B[10x1/1] A[]", text());
    }

    @Test
    void pricesAreLongsAcrossTheWholeRange()
    {
        // LOBSTER's empty-level prices do not fit an int; negative prices exist (spreads, some futures).
        book.add(1, Side.ASK, LobsterOrderbookReader.EMPTY_ASK_PRICE, 1);
        book.add(2, Side.ASK, 3_000_000_000L, 1);
        book.add(3, Side.BID, LobsterOrderbookReader.EMPTY_BID_PRICE, 1);
        book.add(4, Side.BID, -5, 1);
        book.add(5, Side.BID, Long.MAX_VALUE, 1);
        assertEquals(Long.MAX_VALUE, book.levelPrice(Side.BID, 0));
        assertEquals(-5, book.levelPrice(Side.BID, 1));
        assertEquals(LobsterOrderbookReader.EMPTY_BID_PRICE, book.levelPrice(Side.BID, 2));
        assertEquals(3_000_000_000L, book.levelPrice(Side.ASK, 0));
        assertEquals(LobsterOrderbookReader.EMPTY_ASK_PRICE, book.levelPrice(Side.ASK, 1));
    }

    @Test
    void growsPastItsInitialCapacity()
    {
        for (int i = 0; i < 5000; i++)
        {
            assertEquals(APPLIED, book.add(1_000_000L + i, Side.BID, i % 700, 1 + i % 3));
        }
        assertEquals(700, book.levelCount(Side.BID));
        assertEquals(699, book.levelPrice(Side.BID, 0));
        assertNull(book.checkInvariants());
        for (int i = 0; i < 5000; i += 2)
        {
            assertEquals(APPLIED, book.delete(1_000_000L + i));
        }
        assertEquals(2500, book.orderCount());
        assertNull(book.checkInvariants());
        assertTrue(MarketByOrderBook.changedBook(UNKNOWN_ORDER_LEVEL_REDUCED));
        assertFalse(MarketByOrderBook.changedBook(MarketByOrderBook.NO_BOOK_CHANGE));
    }
}
