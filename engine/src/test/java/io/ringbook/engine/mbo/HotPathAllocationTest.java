package io.ringbook.engine.mbo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Parsing and applying a file allocates nothing per event once warm: LOBSTER (the AMZN day) and ITCH (the
 * sample), readers and books made before the measured pass, which covers the whole file. The files are read into
 * memory first so the measurement is of parsing and the book, not of file I/O. Also prints a rough rate in
 * events per second (not asserted: CI machines are shared).
 */
class HotPathAllocationTest
{
    private static final int WARM_UP_PASSES = 5;
    /** Far less than one object per event: the AMZN day has 57,515 events, the ITCH sample 12,012. */
    private static final long ALLOWED_BYTES = 2048;

    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void lobsterReplayAllocatesNothingPerEvent() throws Exception
    {
        final byte[] file = Files.readAllBytes(SharedData.file(SharedData.AMZN_MESSAGES));
        final MarketByOrderBook book = new MarketByOrderBook();
        final LobsterMessage m = new LobsterMessage();
        for (int i = 0; i < WARM_UP_PASSES; i++)
        {
            replayLobster(new LobsterMessageReader(new ByteArrayInputStream(file), "amzn"), m, book);
        }

        final LobsterMessageReader reader = new LobsterMessageReader(new ByteArrayInputStream(file), "amzn");
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        final long start = System.nanoTime();
        final long events = replayLobster(reader, m, book);
        final long elapsedNs = System.nanoTime() - start;
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertEquals(57_515, events);
        assertTrue(allocated < ALLOWED_BYTES, "allocated " + allocated + " bytes for " + events + " events");
        System.out.printf("LOBSTER AMZN day: %d events in %.1f ms, %.1f M events/s, %d bytes allocated%n",
            events, elapsedNs / 1e6, events * 1e3 / elapsedNs, allocated);
    }

    @Test
    void itchReplayAllocatesNothingPerEvent() throws Exception
    {
        final byte[] file = Files.readAllBytes(SharedData.file(SharedData.ITCH));
        final MarketByOrderBook[] books = { new MarketByOrderBook(), new MarketByOrderBook(),
            new MarketByOrderBook(), new MarketByOrderBook() };
        final ItchMessage m = new ItchMessage();
        for (int i = 0; i < WARM_UP_PASSES * 4; i++)
        {
            replayItch(new Itch50Reader(new ByteArrayInputStream(file), "itch"), m, books);
        }

        final Itch50Reader reader = new Itch50Reader(new ByteArrayInputStream(file), "itch");
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        final long start = System.nanoTime();
        final long messages = replayItch(reader, m, books);
        final long elapsedNs = System.nanoTime() - start;
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;

        assertEquals(12_012, messages);
        assertTrue(allocated < ALLOWED_BYTES, "allocated " + allocated + " bytes for " + messages + " messages");
        System.out.printf("ITCH sample: %d messages in %.1f ms, %.1f M messages/s, %d bytes allocated%n",
            messages, elapsedNs / 1e6, messages * 1e3 / elapsedNs, allocated);
    }

    @Test
    void writingRowsAllocatesNothingPerRow() throws Exception
    {
        final MarketByOrderBook book = new MarketByOrderBook();
        for (int i = 0; i < 20; i++)
        {
            book.add(i, i % 2 == 0 ? Side.BID : Side.ASK, 5_853_300L + (i % 2 == 0 ? -i : i) * 100, 100 + i);
        }
        final AsciiCsvWriter writer = new AsciiCsvWriter(OutputStream.nullOutputStream(), 1 << 16);
        for (int i = 0; i < 20_000; i++)
        {
            writeRow(writer, book, i);
        }
        final long before = THREADS.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++)
        {
            writeRow(writer, book, i);
        }
        final long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < ALLOWED_BYTES, "allocated " + allocated + " bytes for 100,000 rows");
    }

    private static void writeRow(final AsciiCsvWriter writer, final MarketByOrderBook book, final int i)
        throws Exception
    {
        writer.putDecimal(34_200_000_000_000L + i, 9).comma().putLong(i);
        for (int level = 0; level < 10; level++)
        {
            writer.comma().putDecimal(book.levelPrice(Side.BID, level), 4).comma()
                .putLong(book.levelSize(Side.BID, level)).comma().putLong(book.levelOrderCount(Side.BID, level));
        }
        writer.newline();
    }

    private static long replayLobster(final LobsterMessageReader reader, final LobsterMessage m,
        final MarketByOrderBook book) throws Exception
    {
        book.clear();
        long events = 0;
        while (reader.next(m))
        {
            m.applyTo(book);
            events++;
        }
        return events;
    }

    private static long replayItch(final Itch50Reader reader, final ItchMessage m, final MarketByOrderBook[] books)
        throws Exception
    {
        for (final MarketByOrderBook book : books)
        {
            book.clear();
        }
        while (reader.next(m))
        {
            m.applyTo(books[m.stockLocate() & 3]);
        }
        return reader.messageCount();
    }
}
