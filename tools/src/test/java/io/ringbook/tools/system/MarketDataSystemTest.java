package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real processes, real multicast on loopback: the engine as one JVM publishing market data, and two subscriber JVMs
 * ({@code ringbook tail}), one there from the start and one that joins in the middle of the order flow (so it starts
 * from snapshots). After a random order flow from two sessions, each subscriber's book of every instrument has the
 * levels of the engine's book, which the test rebuilds from the engine's journal after it stops: same levels hash.
 */
@Tag("system")
class MarketDataSystemTest
{
    private static final long TAIL_SECONDS = 24;

    @TempDir
    Path dir;

    @Test
    void subscribersBuildTheEnginesBooksOneFromTheStartOneLate() throws Exception
    {
        final int port = SystemTests.freeUdpPort();
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port);
        Files.writeString(config, String.join("\n",
            "journal:",
            "  enabled: true",
            "  warmupCommands: 0",
            ""), StandardOpenOption.APPEND);
        final long seed = System.nanoTime();
        System.out.println("MarketDataSystemTest seed " + seed);
        final Random random = new Random(seed);
        final List<String> tailArgs = List.of("tail", "--config", config.toString(), "--quiet", "--books-at-exit");

        try (EngineProcess engine = EngineProcess.start(config);
            MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName()))
        {
            engine.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
            final List<String> early = new ArrayList<>(tailArgs);
            early.addAll(List.of("--duration", String.valueOf(TAIL_SECONDS)));
            try (EngineProcess first = EngineProcess.startCli(early))
            {
                first.awaitStdout("joined", SystemTests.PROCESS_TIMEOUT_MS);
                final long startNs = System.nanoTime();
                trade(aeron, port, random, 4_000);
                final List<String> late = new ArrayList<>(tailArgs);
                late.addAll(List.of("--duration", String.valueOf(TAIL_SECONDS - 8)));
                try (EngineProcess second = EngineProcess.startCli(late))
                {
                    second.awaitStdout("joined", SystemTests.PROCESS_TIMEOUT_MS);
                    trade(aeron, port, random, 4_000);
                    final long leftMs = TAIL_SECONDS * 1000 + SystemTests.PROCESS_TIMEOUT_MS -
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                    assertEquals(0, first.awaitExit(leftMs), first::describe);
                    assertEquals(0, second.awaitExit(SystemTests.PROCESS_TIMEOUT_MS), second::describe);
                    assertEquals(0, engine.terminate(SystemTests.PROCESS_TIMEOUT_MS), engine::describe);

                    final Map<String, String> expected = journalBooks(engineDir.resolve("journal"));
                    assertEquals(2, expected.size(), expected::toString);
                    System.out.println("MarketDataSystemTest engine books " + expected);
                    System.out.println("MarketDataSystemTest first: " + last(first.stdoutLines()));
                    System.out.println("MarketDataSystemTest late: " + last(second.stdoutLines()));
                    assertEquals(expected, tailBooks(first.stdoutLines()), first::describe);
                    assertEquals(expected, tailBooks(second.stdoutLines()), second::describe);
                    assertTrue(second.stdoutLines().stream().anyMatch(line -> line.contains("snapshots applied")),
                        second::describe);
                }
            }
        }
    }

    private static String last(final List<String> lines)
    {
        return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
    }

    /**
     * The levels hash of each instrument's book after the journal's last command, by symbol, computed as
     * {@link FeedBook#levelsHash()} computes it.
     */
    private static Map<String, String> journalBooks(final Path journalDir)
    {
        final Map<String, String> books = new TreeMap<>();
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            final MatchingEngine engine = reader.replayTo(
                reader.lastSequence(), instrument -> new FastOrderBook(instrument, 1024), new NoOpEngineListener());
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
        }
        return books;
    }

    /**
     * The books a {@code tail --books-at-exit} printed: {@code == SYMBOL levels hash 0x...} then one line per level.
     */
    private static Map<String, String> tailBooks(final List<String> lines)
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
    private static void trade(final Aeron aeron, final int port, final Random random, final long millis)
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
