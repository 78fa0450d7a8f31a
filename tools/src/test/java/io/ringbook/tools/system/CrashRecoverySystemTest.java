package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.ringbook.codecs.orderentry.ExecType;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.RejectReason;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import io.ringbook.engine.CancelReason;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.NoOpEngineListener;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.journal.JournalReader;
import io.ringbook.tools.RingbookCli;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ringbook.tools.system.SystemTests.ABC;
import static io.ringbook.tools.system.SystemTests.BOB;
import static io.ringbook.tools.system.SystemTests.BOB_SECRET;
import static io.ringbook.tools.system.SystemTests.CAROL;
import static io.ringbook.tools.system.SystemTests.CAROL_SECRET;
import static io.ringbook.tools.system.SystemTests.PROCESS_TIMEOUT_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine as a separate JVM under load from two sessions, killed with SIGKILL at random moments, ten times. After
 * each restart: the engine recovered to the journal's last command with the state a clean replay of the journal
 * gives; every order acknowledged to a client before the kill was journaled as accepted with the same order id and
 * is resting in the recovered book or has its trades or its cancel in the journal; client order ids used before the
 * kill are still duplicates; and {@code ringbook verify} finds every journaled command's events reproduced byte for
 * byte (so nothing is half-applied). The seed is printed; {@code -Dringbook.crash.seed=N} repeats a run.
 */
@Tag("system")
class CrashRecoverySystemTest
{
    private static final int ROUNDS = 10;
    private static final Pattern RECOVERED = Pattern.compile("recovered to sequence (\\d+), state hash 0x([0-9a-f]+)");

    @TempDir
    Path dir;

    private final Map<Long, Long> nextClientOrderId = new HashMap<>();
    /** (account, client order id) → order id, from the Accepted reports clients got. */
    private final Map<List<Long>, Long> acknowledged = new HashMap<>();

    @Test
    void sigkillAtRandomMomentsLosesNothingAcknowledged() throws IOException
    {
        final long seed = Long.getLong("ringbook.crash.seed", System.nanoTime());
        System.out.println("CrashRecoverySystemTest seed " + seed);
        final Random random = new Random(seed);
        final int port = SystemTests.freeUdpPort();
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port);
        Files.writeString(config, String.join("\n",
            "journal:",
            "  enabled: true",
            "  snapshotEveryCommands: 700",
            "  snapshotEverySeconds: 1",
            ""), StandardOpenOption.APPEND);
        final Path journalDir = engineDir.resolve("journal");
        nextClientOrderId.put(BOB, 1L);
        nextClientOrderId.put(CAROL, 1L);

        try (MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName()))
        {
            for (int round = 1; round <= ROUNDS; round++)
            {
                try (EngineProcess engine = EngineProcess.start(config))
                {
                    engine.awaitStdout("ringbook engine running", PROCESS_TIMEOUT_MS);
                    checkRecovery(engine, journalDir, round);
                    checkDuplicatesStillRejected(aeron, port, random, round);
                    trade(aeron, port, random, 200 + random.nextInt(1_300));
                    assertEquals(137, engine.kill(PROCESS_TIMEOUT_MS), engine::describe);
                }
            }
            try (EngineProcess engine = EngineProcess.start(config))
            {
                engine.awaitStdout("ringbook engine running", PROCESS_TIMEOUT_MS);
                checkRecovery(engine, journalDir, ROUNDS + 1);
                assertEquals(0, engine.terminate(PROCESS_TIMEOUT_MS), engine::describe);
            }
        }
        assertVerifies(journalDir);
    }

    /**
     * Send orders, cancels and replaces from bob and carol for a while, recording every Accepted report.
     */
    private void trade(final Aeron aeron, final int port, final Random random, final long millis)
    {
        final ReplyRecorder bobOut = new ReplyRecorder("bob");
        final ReplyRecorder carolOut = new ReplyRecorder("carol");
        final OrderEntryClient bob = OrderEntryClient.connect(
            SystemTests.clientContext(aeron, port, BOB, BOB_SECRET, bobOut, 1000));
        final OrderEntryClient carol = OrderEntryClient.connect(
            SystemTests.clientContext(aeron, port, CAROL, CAROL_SECRET, carolOut, 1000));
        try
        {
            final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
            final List<long[]> bobLive = new ArrayList<>();
            final List<long[]> carolLive = new ArrayList<>();
            while (System.nanoTime() < endNs)
            {
                sendOne(bob, BOB, bobOut, bobLive, random);
                sendOne(carol, CAROL, carolOut, carolLive, random);
                bob.poll();
                carol.poll();
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(300));
            }
            // Whatever came back before the kill counts; the kill follows at once, with requests in flight.
            bob.poll();
            carol.poll();
        }
        finally
        {
            CloseHelper.quietCloseAll(bob, carol);
        }
        record(BOB, bobOut);
        record(CAROL, carolOut);
    }

    private void sendOne(
        final OrderEntryClient client, final long account, final ReplyRecorder out, final List<long[]> live,
        final Random random)
    {
        // Orders this client knows were accepted, {orderId, clientOrderId}: the targets of its cancels and replaces
        // (one that has ended since just gets a cancel reject). live[0][0] counts the reports already looked at.
        if (live.isEmpty())
        {
            live.add(new long[]{0, 0});
        }
        for (int i = (int)live.get(0)[0]; i < out.reports.size(); i++)
        {
            final ReplyRecorder.Report report = out.reports.get(i);
            if (report.execType() == ExecType.New)
            {
                live.add(new long[]{report.orderId(), report.clientOrderId()});
            }
        }
        live.get(0)[0] = out.reports.size();
        final int kind = random.nextInt(10);
        if (kind < 7 || live.size() == 1)
        {
            final long clientOrderId = nextClientOrderId.merge(account, 1L, Long::sum) - 1;
            final boolean buy = random.nextBoolean();
            // Around 100.00 (mantissa 10000, tick 0.01), crossing now and then so orders trade.
            final long price = 10_000 + (buy ? -1 : 1) * (random.nextInt(30) - 4);
            final TimeInForce tif = random.nextInt(5) == 0 ? TimeInForce.IOC : TimeInForce.GTC;
            client.newOrder(clientOrderId, ABC, buy ? Side.Buy : Side.Sell, OrdType.Limit, tif, price,
                1 + random.nextInt(20), false, StpMode.None);
        }
        else if (kind < 9)
        {
            final long[] order = live.get(1 + random.nextInt(live.size() - 1));
            client.cancel(nextClientOrderId.merge(account, 1L, Long::sum) - 1, 0, order[0], ABC);
        }
        else
        {
            final long[] order = live.get(1 + random.nextInt(live.size() - 1));
            client.replace(0, order[0], nextClientOrderId.merge(account, 1L, Long::sum) - 1, ABC,
                10_000 + random.nextInt(20) - 10, 1 + random.nextInt(20));
        }
    }

    private void record(final long account, final ReplyRecorder out)
    {
        for (final ReplyRecorder.Report report : out.reports)
        {
            if (report.execType() == ExecType.New)
            {
                acknowledged.put(List.of(account, report.clientOrderId()), report.orderId());
            }
        }
    }

    /**
     * The engine says what it recovered to; a clean replay of the journal to that sequence must give its state, and
     * every acknowledged order must be there.
     */
    private void checkRecovery(final EngineProcess engine, final Path journalDir, final int round)
    {
        final String line = engine.stdoutLines().stream().filter(l -> RECOVERED.matcher(l).find()).findFirst()
            .orElseThrow(() -> new AssertionError("round " + round + ": no recovery line\n" + engine.describe()));
        final Matcher matcher = RECOVERED.matcher(line);
        assertTrue(matcher.find());
        final long sequence = Long.parseLong(matcher.group(1));
        final long hash = Long.parseUnsignedLong(matcher.group(2), 16);
        if (round == 1)
        {
            assertEquals(0, sequence, engine::describe);
            return;
        }
        assertTrue(sequence > 0, () -> "round " + round + ": nothing recovered\n" + engine.describe());

        final Map<Long, List<Long>> acceptedById = new HashMap<>();
        final Set<Long> ended = new HashSet<>();
        final MatchingEngine replayed;
        try (JournalReader reader = JournalReader.open(journalDir))
        {
            assertEquals(sequence, reader.lastSequence(), "the engine recovered every journaled command");
            replayed = reader.replayTo(sequence, instrument -> new FastOrderBook(instrument), new NoOpEngineListener()
            {
                public void onAccepted(
                    final long seq, final int instrumentId, final long orderId, final long accountId,
                    final long clientOrderId, final io.ringbook.engine.Side side,
                    final io.ringbook.engine.OrderType orderType, final io.ringbook.engine.TimeInForce timeInForce,
                    final long price, final long quantity)
                {
                    acceptedById.put(orderId, List.of(accountId, clientOrderId));
                }

                public void onTrade(
                    final long seq, final int instrumentId, final long tradeId, final long price, final long quantity,
                    final io.ringbook.engine.Side aggressorSide, final long makerOrderId, final long makerAccountId,
                    final long makerClientOrderId, final long makerOrderQuantity, final long makerLeavesQuantity,
                    final long takerOrderId, final long takerAccountId, final long takerClientOrderId,
                    final long takerLeavesQuantity)
                {
                    ended.add(makerOrderId);
                    ended.add(takerOrderId);
                }

                public void onCancelled(
                    final long seq, final int instrumentId, final long orderId, final long accountId,
                    final long clientOrderId, final io.ringbook.engine.Side side, final long price,
                    final long orderQuantity, final long cancelledQuantity, final CancelReason reason)
                {
                    ended.add(orderId);
                }
            });
        }
        assertEquals(hash, replayed.stateHash(), () -> "round " + round + ": recovered state differs from a " +
            "clean replay of the journal\n" + engine.describe());
        System.out.println("CrashRecoverySystemTest round " + round + ": recovered to sequence " + sequence +
            ", " + acknowledged.size() + " acknowledged orders checked, " + acceptedById.size() + " accepted in the " +
            "journal");
        final OrderBook book = replayed.book(ABC);
        for (final Map.Entry<List<Long>, Long> ack : acknowledged.entrySet())
        {
            final long orderId = ack.getValue();
            assertEquals(ack.getKey(), acceptedById.get(orderId),
                () -> "round " + round + ": acknowledged order " + ack + " is not accepted in the journal");
            assertTrue(book.findOrder(orderId) != null || ended.contains(orderId),
                () -> "round " + round + ": acknowledged order " + ack + " neither rests nor traded nor was cancelled");
        }
    }

    /**
     * A client order id acknowledged before a kill is still taken after it.
     */
    private void checkDuplicatesStillRejected(final Aeron aeron, final int port, final Random random, final int round)
    {
        final List<List<Long>> bobAcks = acknowledged.keySet().stream().filter(k -> k.get(0) == BOB).toList();
        if (bobAcks.isEmpty())
        {
            return;
        }
        final long clientOrderId = bobAcks.get(random.nextInt(bobAcks.size())).get(1);
        final ReplyRecorder out = new ReplyRecorder("bob");
        final OrderEntryClient bob = OrderEntryClient.connect(
            SystemTests.clientContext(aeron, port, BOB, BOB_SECRET, out, 1000));
        try
        {
            SystemTests.send("a resent order", () -> bob.newOrder(clientOrderId, ABC, Side.Buy, OrdType.Limit,
                TimeInForce.GTC, 9_000, 1, false, StpMode.None), bob::poll);
            Await.until("round " + round + ": the duplicate to be rejected", SystemTests.TIMEOUT_MS, bob::poll,
                () -> !out.orderRejects.isEmpty());
            assertEquals(RejectReason.DUPLICATE_CLIENT_ORDER_ID, out.orderRejects.get(0).reason(), out::toString);
            assertEquals(clientOrderId, out.orderRejects.get(0).clientOrderId());
        }
        finally
        {
            CloseHelper.quietClose(bob);
        }
    }

    private static void assertVerifies(final Path journalDir)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = new CommandLine(new RingbookCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        final int exit = cli.execute("verify", "--journal", journalDir.toString());
        assertEquals(0, exit, () -> out + "\n" + err);
        assertTrue(out.toString().contains("identical"), out::toString);
    }
}
