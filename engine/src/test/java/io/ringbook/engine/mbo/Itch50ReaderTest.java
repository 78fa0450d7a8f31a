package io.ringbook.engine.mbo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The synthetic ITCH 5.0 sample (RITCH's ex20101224, 12,012 messages, tickers ALC, BOB, CHAR): exact counts per
 * message type from walking it by the specification's lengths, then a replay into one book per stock locate
 * checked for sanity. The expected numbers of orders that executions, cancels, deletes and replaces name without
 * an add (the sample is a cut of a day), and the final resting orders, were counted independently with a short
 * Python walk of the same file.
 */
class Itch50ReaderTest
{
    private static final String ALL_TYPES = "SRHYLVWKJhAFECXDUPQBINO";

    @Test
    void countsEveryMessageTypeExactly() throws Exception
    {
        final Map<Character, Long> expected = new TreeMap<>();
        for (final char type : ALL_TYPES.toCharArray())
        {
            expected.put(type, 0L);
        }
        expected.put('S', 6L);
        expected.put('R', 3L);
        expected.put('H', 3L);
        expected.put('A', 4997L);
        expected.put('F', 3L);
        expected.put('E', 198L);
        expected.put('X', 45L);
        expected.put('D', 1745L);
        expected.put('U', 12L);
        expected.put('P', 5000L);

        final ItchMessage m = new ItchMessage();
        final Map<Character, Long> seen = new TreeMap<>();
        try (Itch50Reader reader = Itch50Reader.open(SharedData.file(SharedData.ITCH)))
        {
            while (reader.next(m))
            {
                assertTrue(Itch50Reader.messageLength(m.type()) == m.length(), m.toString());
            }
            for (final char type : ALL_TYPES.toCharArray())
            {
                seen.put(type, reader.count(type));
            }
            assertEquals(12_012, reader.messageCount());
        }
        assertEquals(expected, seen);
    }

    @Test
    void replayKeepsSaneBooks() throws Exception
    {
        final ItchMessage m = new ItchMessage();
        final MarketByOrderBook[] books = new MarketByOrderBook[4];
        final String[] stocks = new String[4];
        final long[] unknown = new long[128];
        long applied = 0;
        long lastTimestamp = -1;
        try (Itch50Reader reader = Itch50Reader.open(SharedData.file(SharedData.ITCH)))
        {
            while (reader.next(m))
            {
                final int locate = m.stockLocate();
                assertTrue(m.timestampNs() >= lastTimestamp, "timestamps never go back: " + m);
                lastTimestamp = m.timestampNs();
                if (m.type() == 'R')
                {
                    stocks[locate] = m.stockText();
                }
                if (m.hasStock() && m.type() != 'S')
                {
                    assertEquals(stocks[locate], m.stockText(), "stock field agrees with the directory: " + m);
                }
                if (!m.isBookEvent())
                {
                    assertEquals(MarketByOrderBook.NO_BOOK_CHANGE, m.applyTo(new MarketByOrderBook(16, 8)));
                    continue;
                }
                if (books[locate] == null)
                {
                    books[locate] = new MarketByOrderBook();
                }
                final MarketByOrderBook book = books[locate];
                final int result = m.applyTo(book);
                if (result == MarketByOrderBook.APPLIED)
                {
                    applied++;
                }
                else
                {
                    assertEquals(MarketByOrderBook.UNKNOWN_ORDER, result, m.toString());
                    unknown[m.type()]++;
                }
                if (reader.messageCount() % 97 == 0)
                {
                    assertNull(book.checkInvariants(), m.toString());
                }
            }
        }

        assertEquals("ALC", stocks[1]);
        assertEquals("BOB", stocks[2]);
        assertEquals("CHAR", stocks[3]);
        assertEquals(94, unknown['D']);
        assertEquals(18, unknown['E']);
        assertEquals(3, unknown['X']);
        assertEquals(2, unknown['U']);
        assertEquals(0, unknown['C'] + unknown['A'] + unknown['F']);
        assertEquals(4997 + 3 + 198 + 45 + 1745 + 12 - 94 - 18 - 3 - 2, applied);

        int resting = 0;
        for (int locate = 1; locate <= 3; locate++)
        {
            final MarketByOrderBook book = books[locate];
            assertNull(book.checkInvariants());
            assertEquals(0, book.orphanedOrders());
            assertEquals(0, book.levelUnderflows());
            assertEquals(0, book.oversizedReductions());
            resting += book.orderCount();
            for (final Side side : new Side[]{ Side.BID, Side.ASK })
            {
                for (int level = 0; level < book.levelCount(side); level++)
                {
                    long sum = 0;
                    int orders = 0;
                    for (int h = book.firstOrder(side, level); h != MarketByOrderBook.NO_ORDER; h = book.nextOrder(h))
                    {
                        assertTrue(book.sizeOf(h) > 0);
                        sum += book.sizeOf(h);
                        orders++;
                    }
                    assertEquals(sum, book.levelSize(side, level), "level total is the sum of its orders");
                    assertEquals(orders, book.levelOrderCount(side, level));
                    assertTrue(book.levelPrice(side, level) > 0);
                }
            }
        }
        assertEquals(3204, resting);
        // Per-locate level counts at the end, from the same independent walk.
        assertEquals(226, books[1].levelCount(Side.BID));
        assertEquals(245, books[1].levelCount(Side.ASK));
        assertEquals(169, books[2].levelCount(Side.BID));
        assertEquals(174, books[2].levelCount(Side.ASK));
        assertEquals(173, books[3].levelCount(Side.BID));
        assertEquals(168, books[3].levelCount(Side.ASK));
    }

    @Test
    void decodesFieldsOfTheFirstAddOrder() throws Exception
    {
        final ItchMessage m = new ItchMessage();
        try (Itch50Reader reader = Itch50Reader.open(SharedData.file(SharedData.ITCH)))
        {
            do
            {
                assertTrue(reader.next(m));
            }
            while (m.type() != 'A');
            assertEquals(2, m.stockLocate());
            assertEquals("BOB", m.stockText());
            assertEquals(Side.BID, m.side());
            assertEquals(1000, m.shares());
            assertEquals(53167, m.price(), "Price(4): 5.3167");
            assertEquals(0x1c5220_27c055L, m.timestampNs());
        }
    }

    @Test
    void rejectsWhatCannotBeWalked()
    {
        assertItchError(new byte[]{ 0, 0, 'Z', 1, 2 }, "unknown message type 0x5a");
        assertItchError(new byte[]{ 0, 5, 'D', 0, 0 }, "length prefix 5 contradicts message type 'D'");
        assertItchError(new byte[]{ 0, 0, 'D', 0, 0 }, "truncated 'D' message");
        assertItchError(new byte[]{ 0, 0 }, "truncated message at the end of the file");
    }

    @Test
    void skipsUnknownTypesThatCarryTheirLength() throws Exception
    {
        final byte[] bytes = { 0, 3, 'z', 1, 2, 0, 0, 'W', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '1' };
        final ItchMessage m = new ItchMessage();
        try (Itch50Reader reader = new Itch50Reader(new ByteArrayInputStream(bytes), "test.itch"))
        {
            assertTrue(reader.next(m));
            assertEquals('z', m.type());
            assertTrue(reader.next(m));
            assertEquals('W', m.type());
            assertEquals(1, reader.count('z'));
        }
    }

    private static void assertItchError(final byte[] bytes, final String expected)
    {
        final MboInputException ex = assertThrows(MboInputException.class, () ->
        {
            try (Itch50Reader reader = new Itch50Reader(new ByteArrayInputStream(bytes), "test.itch"))
            {
                final ItchMessage m = new ItchMessage();
                while (reader.next(m))
                {
                    continue;
                }
            }
        });
        assertTrue(ex.getMessage().startsWith("test.itch, message 1 at byte offset 0: "), ex.getMessage());
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }
}
