package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.NoOpEngineListener;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.feed.book.FeedBook;
import io.ringbook.journal.JournalReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * What the feed recovery system tests share with {@link MarketDataSystemTest}: the engine's books from its journal,
 * a {@code tail --books-at-exit}'s books from its output, a random order flow, and the counts of the tail's final
 * line.
 */
final class FeedChecks
{
    private static final Pattern STOPPED = Pattern.compile(
        "ringbook tail: stopped: (\\d+) incremental packets, (\\d+) snapshot packets, (\\d+) snapshots applied, " +
        "gaps (\\d+) by stream sequence and (\\d+) by rptSeq, (\\d+) malformed, (\\d+) resets, " +
        "(?:\\d+ stale snapshots ignored, )?(\\d+) images lost");

    private FeedChecks()
    {
    }

    /**
     * The counts of a tail's final line.
     */
    record TailStats(
        long incrementalPackets, long snapshotPackets, long snapshotsApplied, long streamGaps, long rptSeqGaps,
        long malformed, long resets, long imagesLost)
    {
        /** Gaps of any kind the client saw: by stream sequence, by rptSeq or a lost image. */
        long anyGaps()
        {
            return streamGaps + rptSeqGaps + imagesLost;
        }
    }

    /**
     * Appends to an engine config the journal the feed tests read the engine's books back from: on, no warm-up (it
     * adds seconds to every start and these tests measure nothing).
     */
    static void appendJournal(final Path config) throws IOException
    {
        Files.writeString(config, String.join("\n",
            "journal:",
            "  enabled: true",
            "  warmupCommands: 0",
            ""), StandardOpenOption.APPEND);
    }

    static TailStats stats(final List<String> lines)
    {
        for (int i = lines.size() - 1; i >= 0; i--)
        {
            final Matcher m = STOPPED.matcher(lines.get(i));
            if (m.find())
            {
                return new TailStats(Long.parseLong(m.group(1)), Long.parseLong(m.group(2)),
                    Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), Long.parseLong(m.group(5)),
                    Long.parseLong(m.group(6)), Long.parseLong(m.group(7)), Long.parseLong(m.group(8)));
            }
        }
        assertNotNull(null, "no 'ringbook tail: stopped:' line in " + lines);
        return null;
    }

    /**
     * Wait until the tail's latest {@code live}/{@code stale} line of each symbol is {@code live SYMBOL}.
     */
    static void awaitLive(final EngineProcess tail, final long timeoutMs, final String... symbols)
    {
        try
        {
            Await.until(() -> "tail " + tail.pid() + " live on " + List.of(symbols), timeoutMs,
                () -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)),
                () -> allLive(tail.stdoutLines(), symbols));
        }
        catch (final AssertionError ex)
        {
            // Stop the tail so its last line (packets, gaps, snapshots applied, too old, stale ignored...) is in the
            // message: what the client was waiting for.
            tail.terminate(SystemTests.PROCESS_TIMEOUT_MS);
            throw new AssertionError(ex.getMessage() + "\n" + tail.describe(), ex);
        }
    }

    static boolean allLive(final List<String> lines, final String... symbols)
    {
        for (final String symbol : symbols)
        {
            boolean live = false;
            for (final String line : lines)
            {
                if (line.equals("live " + symbol))
                {
                    live = true;
                }
                else if (line.startsWith("stale " + symbol + ":"))
                {
                    live = false;
                }
            }
            if (!live)
            {
                return false;
            }
        }
        return true;
    }

    static long count(final List<String> lines, final String prefix)
    {
        return lines.stream().filter(line -> line.startsWith(prefix)).count();
    }

    static String last(final List<String> lines)
    {
        return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
    }

    /**
     * Stops the tail, then the engine (each must exit 0), and checks that the books the tail printed at exit equal
     * the engine's two books replayed from its journal; prints both under {@code name}.
     *
     * @return the tail's last statistics line.
     */
    static TailStats stopAndCheckBooks(
        final String name, final EngineProcess tail, final EngineProcess engine, final Path engineDir)
    {
        assertEquals(0, tail.terminate(SystemTests.PROCESS_TIMEOUT_MS), tail::describe);
        assertEquals(0, engine.terminate(SystemTests.PROCESS_TIMEOUT_MS), engine::describe);
        final Map<String, String> expected = journalBooks(engineDir.resolve("journal"));
        assertEquals(2, expected.size(), expected::toString);
        System.out.println(name + " engine books " + expected);
        System.out.println(name + " tail: " + last(tail.stdoutLines()));
        assertEquals(expected, tailBooks(tail.stdoutLines()), tail::describe);
        return stats(tail.stdoutLines());
    }

    /**
     * The levels hash of each instrument's book after the journal's last command, by symbol, computed as
     * {@link FeedBook#levelsHash()} computes it.
     */
    /**
     * The engine's books at the end of its journal, top {@code depth} levels per side, written as
     * {@link WsBookClient.Book#describe} writes a WebSocket client's book (decimal prices and quantities).
     */
    static Map<String, String> journalLevels(final Path journalDir, final int depth)
    {
        return journalLevels(journalDir, depth, -1);
    }

    /**
     * {@link #journalLevels(Path, int)} at an engine sequence ({@code -1}: the last).
     */
    static Map<String, String> journalLevels(final Path journalDir, final int depth, final long sequence)
    {
        final Map<String, String> books = new TreeMap<>();
        final MatchingEngine engine = replay(journalDir, sequence);
        for (final int id : engine.instrumentIds())
        {
            final io.ringbook.engine.Instrument instrument = engine.book(id).instrument();
            final StringBuilder text = new StringBuilder("bids");
            for (final io.ringbook.engine.Side side : io.ringbook.engine.Side.values())
            {
                if (side == io.ringbook.engine.Side.SELL)
                {
                    text.append(" | asks");
                }
                engine.book(id).forEachLevel(side, depth, (s, price, quantity, count) -> text.append(' ')
                    .append(io.ringbook.gateway.Decimals.toString(price, instrument.priceExponent())).append('x')
                    .append(io.ringbook.gateway.Decimals.toString(quantity, 0)));
            }
            books.put(instrument.symbol(), text.toString());
        }
        return books;
    }

    static Map<String, String> journalBooks(final Path journalDir)
    {
        final Map<String, String> books = new TreeMap<>();
        final MatchingEngine engine = replay(journalDir, -1);
        for (final int id : engine.instrumentIds())
        {
            final FeedBook book = new FeedBook(id, false);
            for (final io.ringbook.engine.Side side : io.ringbook.engine.Side.values())
            {
                engine.book(id).forEachLevel(side, Integer.MAX_VALUE, (s, price, quantity, count) ->
                    book.applyLevel(s == io.ringbook.engine.Side.BUY ? FeedBook.BID : FeedBook.ASK, FeedBook.NEW,
                        price, quantity, count));
            }
            books.put(engine.book(id).instrument().symbol(), "0x" + Long.toHexString(book.levelsHash()) +
                " levels " + book.levels(FeedBook.BID) + "/" + book.levels(FeedBook.ASK));
        }
        return books;
    }

    /**
     * @return an engine replayed from the journal to {@code sequence} ({@code -1}: the last).
     */
    private static MatchingEngine replay(final Path journalDir, final long sequence)
    {
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            return reader.replayTo(sequence < 0 ? reader.lastSequence() : sequence,
                instrument -> new FastOrderBook(instrument, 65536), new NoOpEngineListener());
        }
    }

    /**
     * The books a {@code tail --books-at-exit} printed: {@code == SYMBOL levels hash 0x...} then one line per level.
     */
    static Map<String, String> tailBooks(final List<String> lines)
    {
        final Map<String, String> books = new TreeMap<>();
        String symbol = null;
        String hash = null;
        int bids = 0;
        int asks = 0;
        for (final String line : lines)
        {
            if (line.startsWith("== "))
            {
                if (symbol != null)
                {
                    books.put(symbol, hash + " levels " + bids + "/" + asks);
                }
                assertFalse(line.contains("(stale)"), line);
                final String[] parts = line.split(" ");
                symbol = parts[1];
                hash = parts[parts.length - 1];
                bids = 0;
                asks = 0;
            }
            else if (symbol != null && line.startsWith("bid "))
            {
                bids++;
            }
            else if (symbol != null && line.startsWith("ask "))
            {
                asks++;
            }
            else if (symbol != null)
            {
                books.put(symbol, hash + " levels " + bids + "/" + asks);
                symbol = null;
            }
        }
        if (symbol != null)
        {
            books.put(symbol, hash + " levels " + bids + "/" + asks);
        }
        return books;
    }

    /**
     * New orders (some crossing, some IOC), cancels and replaces from bob and carol on both instruments.
     */
    static void trade(final Aeron aeron, final int port, final Random random, final long millis)
    {
        final ReplyRecorder bobOut = new ReplyRecorder("bob");
        final ReplyRecorder carolOut = new ReplyRecorder("carol");
        try (OrderEntryClient bob = OrderEntryClient.connect(SystemTests.clientContext(
                aeron, port, SystemTests.BOB, SystemTests.BOB_SECRET, bobOut, 1000));
            OrderEntryClient carol = OrderEntryClient.connect(SystemTests.clientContext(
                aeron, port, SystemTests.CAROL, SystemTests.CAROL_SECRET, carolOut, 1000)))
        {
            final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            long clientOrderId = System.nanoTime();
            final List<Long> bobOrders = new ArrayList<>();
            final List<Long> carolOrders = new ArrayList<>();
            while (System.nanoTime() < endNs)
            {
                sendOne(bob, bobOut, bobOrders, random, ++clientOrderId);
                sendOne(carol, carolOut, carolOrders, random, ++clientOrderId);
                bob.poll();
                carol.poll();
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(500));
            }
            final long drainNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            while (System.nanoTime() < drainNs)
            {
                bob.poll();
                carol.poll();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private static void sendOne(
        final OrderEntryClient client, final ReplyRecorder out, final List<Long> orders, final Random random,
        final long clientOrderId)
    {
        for (int i = orders.size(); i < out.reports.size(); i++)
        {
            orders.add(out.reports.get(i).orderId());
        }
        final boolean abc = random.nextBoolean();
        final int instrument = abc ? SystemTests.ABC : SystemTests.XYZ;
        final int kind = random.nextInt(10);
        if (kind < 8 || orders.isEmpty())
        {
            final boolean buy = random.nextBoolean();
            // ABC around 100.00 (tick 0.01), XYZ around 50.0 (tick 0.5, lot 10): crossing now and then.
            final long price = abc ? 10_000 + (buy ? -1 : 1) * (random.nextInt(30) - 4) :
                500 + (buy ? -5 : 5) * (random.nextInt(8) - 1);
            final long quantity = abc ? 1 + random.nextInt(20) : 10 * (1 + random.nextInt(5));
            client.newOrder(clientOrderId, instrument, buy ? Side.Buy : Side.Sell, OrdType.Limit,
                random.nextInt(5) == 0 ? TimeInForce.IOC : TimeInForce.GTC, price, quantity, false, StpMode.None);
        }
        else
        {
            final long orderId = orders.get(random.nextInt(orders.size()));
            client.cancel(clientOrderId, 0, orderId, instrument);
        }
    }
}
