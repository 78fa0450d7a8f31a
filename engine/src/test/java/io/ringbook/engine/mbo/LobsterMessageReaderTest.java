package io.ringbook.engine.mbo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LOBSTER message and order-book files as published: with and without a header, a last line without a newline,
 * CRLF, and errors that name the file and line.
 */
class LobsterMessageReaderTest
{
    @Test
    void readsTheAaplSampleWhoseLastLineHasNoNewline() throws Exception
    {
        final LobsterMessage m = new LobsterMessage();
        int count = 0;
        try (LobsterMessageReader reader = LobsterMessageReader.open(SharedData.file(SharedData.AAPL_MESSAGES)))
        {
            assertTrue(reader.next(m));
            count++;
            assertEquals(34_200_004_241_176L, m.timeNs());
            assertEquals(LobsterMessage.SUBMISSION, m.type());
            assertEquals(16_113_575, m.orderId());
            assertEquals(18, m.size());
            assertEquals(5_853_300, m.price());
            assertEquals(Side.BID, m.side());
            while (reader.next(m))
            {
                count++;
            }
            assertEquals(999, reader.lineNumber());
        }
        assertEquals(999, count);
    }

    @Test
    void skipsTheHeaderOfTheAmznFile() throws Exception
    {
        final LobsterMessage m = new LobsterMessage();
        try (LobsterMessageReader reader = LobsterMessageReader.open(SharedData.file(SharedData.AMZN_MESSAGES)))
        {
            assertTrue(reader.next(m));
            assertEquals(2, reader.lineNumber());
            assertEquals(34_200_017_460_000L, m.timeNs(), "times rounded to 10 us");
            assertEquals(LobsterMessage.EXECUTION_HIDDEN, m.type());
            assertEquals(Side.ASK, m.side());
            assertFalse(m.isBookEvent());
            assertEquals(MarketByOrderBook.NO_BOOK_CHANGE, m.applyTo(new MarketByOrderBook()));
        }
        try (LobsterOrderbookReader rows = LobsterOrderbookReader.open(SharedData.file(SharedData.AMZN_ORDERBOOK)))
        {
            assertTrue(rows.next());
            assertEquals(1, rows.levels());
            assertEquals(2_239_500, rows.price(Side.ASK, 0));
            assertEquals(100, rows.size(Side.BID, 0));
        }
    }

    @Test
    void acceptsCrLfSpacesBlankLinesAndHaltMessages() throws Exception
    {
        final String text = "34200.5, 1, 7, 100, 1000000, 1\r\n\r\n36023,7,0,0,-1,-1\r\n36024.000000001,3,7,100," +
            "1000000,1";
        final LobsterMessage m = new LobsterMessage();
        try (LobsterMessageReader reader = reader(text))
        {
            assertTrue(reader.next(m));
            assertEquals(34_200_500_000_000L, m.timeNs());
            assertTrue(reader.next(m));
            assertEquals(LobsterMessage.TRADING_HALT, m.type());
            assertEquals(-1, m.price());
            assertEquals(3, reader.lineNumber());
            assertTrue(reader.next(m));
            assertEquals(36_024_000_000_001L, m.timeNs());
            assertFalse(reader.next(m));
        }
    }

    @Test
    void reportsMalformedLinesWithFileAndLine()
    {
        assertError("34200.1,1,1,1,1,1\n34200.2,1,2,1,1\n", 2, "expected 6 comma-separated fields");
        assertError("34200.1,8,1,1,1,1\n", 1, "Type '8' is not an event type 1 to 7");
        assertError("34200.1,1,1,1,1,0\n", 1, "Direction '0'");
        assertError("34200.1,1,1,x,1,1\n", 1, "Size 'x'");
        assertError("34200.1,1,1,1,1.5,1\n", 1, "Price '1.5'");
        assertError("Time,Type\n34200.1,1,1,1,1,1\nabc,1,1,1,1,1\n", 3, "Time 'abc'");
        assertError("34200.1234567891,1,1,1,1,1\n", 1, "Time '34200.1234567891'");
    }

    @Test
    void orderBookRowsAreCheckedToo()
    {
        final MboInputException ex = assertThrows(MboInputException.class, () ->
        {
            try (LobsterOrderbookReader rows = new LobsterOrderbookReader(new ByteArrayInputStream(
                "1,2,3,4\n1,2,3\n".getBytes(StandardCharsets.US_ASCII)), "book.csv"))
            {
                while (rows.next())
                {
                    continue;
                }
            }
        });
        assertEquals("book.csv, line 2: expected 4 fields as in the first row, found 3", ex.getMessage());
    }

    @Test
    void seedingUndoesTheRowsMessage() throws Exception
    {
        final String row = "10100,5,9900,20,10200,7,9800,4\n";
        try (LobsterOrderbookReader rows = new LobsterOrderbookReader(
            new ByteArrayInputStream(row.getBytes(StandardCharsets.US_ASCII)), "book.csv"))
        {
            assertTrue(rows.next());
            final LobsterMessage add = new LobsterMessage();
            try (LobsterMessageReader reader = reader("1,1,42,15,9900,1\n"))
            {
                assertTrue(reader.next(add));
            }
            final MarketByOrderBook book = new MarketByOrderBook();
            rows.seed(book, add);
            assertEquals("B[9900x5/0 9800x4/0] A[10100x5/0 10200x7/0]", BookText.describe(book, 0));
            assertEquals(MarketByOrderBook.APPLIED, add.applyTo(book));
            assertEquals("B[9900x20/1 9800x4/0] A[10100x5/0 10200x7/0]", BookText.describe(book, 0));
        }
    }

    private static void assertError(final String text, final long line, final String expected)
    {
        final MboInputException ex = assertThrows(MboInputException.class, () ->
        {
            try (LobsterMessageReader reader = reader(text))
            {
                final LobsterMessage m = new LobsterMessage();
                while (reader.next(m))
                {
                    continue;
                }
            }
        });
        assertEquals(line, ex.lineNumber());
        assertTrue(ex.getMessage().startsWith("messages.csv, line " + line + ": "), ex.getMessage());
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    private static LobsterMessageReader reader(final String text)
    {
        return new LobsterMessageReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
            "messages.csv");
    }
}
