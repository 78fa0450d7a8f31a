package io.ringbook.engine.mbo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static io.ringbook.engine.mbo.MarketByOrderBook.APPLIED;
import static io.ringbook.engine.mbo.MarketByOrderBook.NO_BOOK_CHANGE;
import static io.ringbook.engine.mbo.MarketByOrderBook.UNKNOWN_ORDER_LEVEL_REDUCED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Databento MBO CSV, against a hand-written fixture (no vendor sample is shipped): the expected book after each
 * record, covering add, cancel (partial, full, of an unknown order), modify (price change, size down, size up,
 * unknown order), clear book, trade and fill that leave the book alone, a trade with side N against hidden
 * liquidity, a second instrument, and a price written with fewer than 9 decimals.
 */
class DatabentoMboCsvReaderTest
{
    private static final String FIXTURE = "databento_mbo_fixture.csv";
    private static final long ESM4 = 5602;
    private static final long NQM4 = 2;

    /** {instrument, expected result, expected book of that instrument} per record, in file order. */
    private static final Object[][] EXPECTED = {
        { ESM4, APPLIED, "B[] A[]" },
        { ESM4, APPLIED, "B[5000.25x10/1] A[]" },
        { ESM4, APPLIED, "B[5000.25x15/2] A[]" },
        { ESM4, APPLIED, "B[5000.25x15/2 4999.75x7/1] A[]" },
        { ESM4, APPLIED, "B[5000.25x15/2 4999.75x7/1] A[5000.5x4/1]" },
        { ESM4, APPLIED, "B[5000.25x15/2 4999.75x7/1] A[5000.5x4/1 5000.75x9/1]" },
        { NQM4, APPLIED, "B[18000x3/1] A[]" },
        // T then F: the book waits for the C that follows.
        { ESM4, NO_BOOK_CHANGE, "B[5000.25x15/2 4999.75x7/1] A[5000.5x4/1 5000.75x9/1]" },
        { ESM4, NO_BOOK_CHANGE, "B[5000.25x15/2 4999.75x7/1] A[5000.5x4/1 5000.75x9/1]" },
        { ESM4, APPLIED, "B[5000.25x9/2 4999.75x7/1] A[5000.5x4/1 5000.75x9/1]" },
        // T with side N: hidden liquidity, never in the book.
        { ESM4, NO_BOOK_CHANGE, "B[5000.25x9/2 4999.75x7/1] A[5000.5x4/1 5000.75x9/1]" },
        { ESM4, APPLIED, "B[5000.25x9/2 5000x8/1] A[5000.5x4/1 5000.75x9/1]" },
        { ESM4, APPLIED, "B[5000.25x7/2 5000x8/1] A[5000.5x4/1 5000.75x9/1]" },
        { ESM4, APPLIED, "B[5000.25x7/2 5000x8/1] A[5000.5x4/1]" },
        // Cancel of order 777, never added: taken off the level's total.
        { ESM4, UNKNOWN_ORDER_LEVEL_REDUCED, "B[5000.25x7/2 5000x8/1] A[5000.5x3/1]" },
        { ESM4, APPLIED, "B[5000.25x7/2 5000x8/1] A[5000.5x5/2]" },
        // Modify of unknown order 204: added, as Databento's reference book does.
        { ESM4, APPLIED, "B[5000.25x7/2 5000x8/1] A[5000.5x5/2 5001x5/1]" },
        { ESM4, APPLIED, "B[5000.25x9/2 5000x8/1] A[5000.5x5/2 5001x5/1]" },
        { ESM4, APPLIED, "B[] A[]" },
        { ESM4, APPLIED, "B[] A[5001x1/1]" },
        { NQM4, APPLIED, "B[] A[]" },
    };

    @Test
    void fixtureGivesTheExpectedBookAfterEveryRecord() throws Exception
    {
        final Map<Long, MarketByOrderBook> books = new HashMap<>();
        final DatabentoMboRecord record = new DatabentoMboRecord();
        try (DatabentoMboCsvReader reader = new DatabentoMboCsvReader(fixture(), FIXTURE))
        {
            for (int i = 0; i < EXPECTED.length; i++)
            {
                assertTrue(reader.next(record), "record " + i);
                assertEquals(EXPECTED[i][0], record.instrumentId(), "instrument of record " + i);
                final MarketByOrderBook book = books.computeIfAbsent(record.instrumentId(),
                    id -> new MarketByOrderBook());
                final int result = record.applyTo(book);
                final String context = "line " + reader.lineNumber() + ": " + record;
                assertEquals(MarketByOrderBook.resultName((Integer)EXPECTED[i][1]),
                    MarketByOrderBook.resultName(result), context);
                assertEquals(EXPECTED[i][2], BookText.describe(book, DatabentoMboRecord.PRICE_SCALE), context);
                assertNull(book.checkInvariants(), context);

                if (i == 17)
                {
                    // Order 101 grew from 4 to 6, so it lost its place behind 102.
                    final int first = book.firstOrder(Side.BID, 0);
                    assertEquals(102, book.orderIdOf(first));
                    assertEquals(101, book.orderIdOf(book.nextOrder(first)));
                }
            }
            assertFalse(reader.next(record));
        }
    }

    @Test
    void recordFieldsAreParsed() throws Exception
    {
        final DatabentoMboRecord record = new DatabentoMboRecord();
        try (DatabentoMboCsvReader reader = new DatabentoMboCsvReader(fixture(), FIXTURE))
        {
            assertTrue(reader.next(record));
            assertEquals('R', record.action());
            assertFalse(record.priceDefined());
            assertNull(record.side());
            assertTrue(reader.next(record));
            assertEquals("1717075800000001000", record.tsEventText());
            assertEquals('A', record.action());
            assertEquals(Side.BID, record.side());
            assertEquals(5_000_250_000_000L, record.price());
            assertEquals(10, record.size());
            assertEquals(101, record.orderId());
            assertEquals(136, record.flags());
            assertEquals("ESM4", record.symbolText());
            assertTrue(record.symbolEquals("ESM4".getBytes(StandardCharsets.US_ASCII)));
            assertFalse(record.symbolEquals("ESM".getBytes(StandardCharsets.US_ASCII)));
            assertTrue(reader.hasSymbolColumn());
            assertEquals(3, reader.lineNumber());
        }
    }

    @Test
    void readsFilesWithoutHeaderOrSymbolColumnAndLargeOrderIds() throws Exception
    {
        final DatabentoMboRecord record = new DatabentoMboRecord();
        final String noHeader = "1,2,160,1,7,A,A,12.5,3,0,18446744073709551615,0,0,1\r\n";
        try (DatabentoMboCsvReader reader = reader(noHeader))
        {
            assertTrue(reader.next(record));
            assertFalse(reader.hasSymbolColumn());
            assertEquals(-1L, record.orderId(), "uint64 max keeps its bits");
            assertEquals(12_500_000_000L, record.price());
            assertEquals(7, record.instrumentId());
            assertEquals("", record.symbolText());
        }
        final String reordered = "action,side,price,size,order_id,ts_event\nC,B,-0.25,4,9,2024-05-30T13:30:00Z\n";
        try (DatabentoMboCsvReader reader = reader(reordered))
        {
            assertTrue(reader.next(record));
            assertEquals(-250_000_000L, record.price(), "negative prices exist (spreads)");
            assertEquals("2024-05-30T13:30:00Z", record.tsEventText());
            assertEquals(0, record.instrumentId());
        }
    }

    @Test
    void malformedLinesNameFileAndLine()
    {
        final String header = "ts_recv,ts_event,rtype,publisher_id,instrument_id,action,side,price,size,channel_id," +
            "order_id,flags,ts_in_delta,sequence,symbol\n";
        final String good = "1,1,160,1,1,A,B,1.0,1,0,1,0,0,1,X\n";
        assertError(header + good + "1,1,160,1,1,Z,B,1.0,1,0,2,0,0,1,X\n", 3, "action 'Z'");
        assertError(header + good + "1,1,160,1,1,A,N,1.0,1,0,2,0,0,1,X\n", 3, "side 'N'");
        assertError(header + "1,1,160,1,1,A,B,1.0000000001,1,0,2,0,0,1,X\n", 2, "price '1.0000000001'");
        assertError(header + "1,1,160,1,1,A,B,,1,0,2,0,0,1,X\n", 2, "price ''");
        assertError(header + "1,1,160,1,1,A,B,abc,1,0,2,0,0,1,X\n", 2, "price 'abc'");
        assertError(header + "1,1,160,1,1,A,B,1.0,1,0,2,0,0,1\n", 2, "expected 15 fields, found 14");
        assertError(header + "1,1,1,1,1,A,B,1.0,1,0,2,0,0,1,X\n", 2, "rtype '1' is not 160");
        assertError(header + "1,1,160,1,1,C,B,1.0,0,0,2,0,0,1,X\n", 2, "size '0'");
        assertError("price,size\n1,2\n", 1, "no 'ts_event' column");
    }

    private static void assertError(final String text, final int line, final String expected)
    {
        final MboInputException ex = assertThrows(MboInputException.class, () ->
        {
            try (DatabentoMboCsvReader reader = reader(text))
            {
                final DatabentoMboRecord record = new DatabentoMboRecord();
                while (reader.next(record))
                {
                    continue;
                }
            }
        });
        assertEquals(line, ex.lineNumber(), ex.getMessage());
        assertTrue(ex.getMessage().startsWith("test.csv, line " + line + ": "), ex.getMessage());
        assertTrue(ex.getMessage().contains(expected), ex.getMessage());
    }

    private static DatabentoMboCsvReader reader(final String text)
    {
        return new DatabentoMboCsvReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
            "test.csv");
    }

    private static InputStream fixture()
    {
        final InputStream in = DatabentoMboCsvReaderTest.class.getResourceAsStream(FIXTURE);
        assertNotNull(in, FIXTURE + " missing from test resources");
        return in;
    }
}
