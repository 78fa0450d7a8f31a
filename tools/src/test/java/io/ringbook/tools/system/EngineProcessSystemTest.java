package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.TelemetryReader;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ringbook.tools.system.SystemTests.ABC;
import static io.ringbook.tools.system.SystemTests.assertNoErrors;
import static io.ringbook.tools.system.SystemTests.rejectsByReason;
import static io.ringbook.tools.system.SystemTests.ALICE;
import static io.ringbook.tools.system.SystemTests.ALICE_SECRET;
import static io.ringbook.tools.system.SystemTests.BOB;
import static io.ringbook.tools.system.SystemTests.BOB_SECRET;
import static io.ringbook.tools.system.SystemTests.PROCESS_TIMEOUT_MS;
import static io.ringbook.tools.system.SystemTests.TIMEOUT_MS;
import static io.ringbook.tools.system.SystemTests.XYZ;
import static io.ringbook.tools.system.SystemTests.clientContext;
import static io.ringbook.tools.system.SystemTests.connectAeron;
import static io.ringbook.tools.system.SystemTests.freeUdpPort;
import static io.ringbook.tools.system.SystemTests.ingressChannel;
import static io.ringbook.tools.system.SystemTests.launchClientDriver;
import static io.ringbook.tools.system.SystemTests.send;
import static io.ringbook.tools.system.SystemTests.writeConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine as its own JVM ({@code ringbook engine --config FILE}), two clients in this JVM trading with each other
 * through it: alice through a media driver of her own, bob through the engine's embedded driver in
 * {@code <engine.dir>/aeron}. Every report is checked exactly and against {@link ReportRules}; then a second engine
 * on the same directory is refused, and SIGTERM stops the first cleanly with exit status 0.
 */
@Tag("slow")
class EngineProcessSystemTest
{
    private static final long NO_SUCH_CLID = 777_777;

    @TempDir
    Path tmp;

    private EngineProcess engine;
    private EngineProcess second;
    private MediaDriver clientDriver;
    private Aeron aliceAeron;
    private Aeron bobAeron;
    private final List<OrderEntryClient> clients = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        clients.forEach(CloseHelper::quietClose);
        CloseHelper.quietCloseAll(aliceAeron, bobAeron, second, engine, clientDriver);
    }

    private OrderEntryClient connect(final OrderEntryClient.Context ctx)
    {
        final OrderEntryClient client = OrderEntryClient.connect(ctx);
        clients.add(client);
        return client;
    }

    private void pollAll()
    {
        for (final OrderEntryClient client : clients)
        {
            client.poll();
        }
    }

    private void newOrder(
        final OrderEntryClient client, final long clid, final int instrument, final Side side,
        final TimeInForce tif, final long price, final long quantity, final boolean postOnly)
    {
        send("order " + clid, () -> client.newOrder(clid, instrument, side, OrdType.Limit, tif, price, quantity,
            postOnly, StpMode.None), this::pollAll);
    }

    /**
     * Wait until each client has exactly the replies expected so far (both lists grow as the script goes), and check
     * them line by line.
     */
    private void expect(final ReplyRecorder client, final List<String> expected, final String... more)
    {
        expected.addAll(List.of(more));
        Await.until(() -> expected.size() + " replies for " + client, TIMEOUT_MS, this::pollAll,
            () -> client.size() >= expected.size());
        assertEquals(expected, client.lines, client.name);
    }

    @Test
    void twoClientsTradeThroughTheEngineProcessWhichThenStopsCleanly()
    {
        final Path engineDir = tmp.resolve("engine");
        final int port = freeUdpPort();
        final Path config = writeConfig(tmp.resolve("engine.yaml"), engineDir, port);
        engine = EngineProcess.start(config);
        final String running = engine.awaitStdout("ringbook engine running", PROCESS_TIMEOUT_MS);
        assertTrue(running.contains(ingressChannel(port)) && running.contains("2 instruments, 3 accounts"), running);

        clientDriver = launchClientDriver(tmp.resolve("client-driver"));
        final ReplyRecorder aliceOut = new ReplyRecorder("alice");
        final ReplyRecorder bobOut = new ReplyRecorder("bob");
        aliceAeron = connectAeron(clientDriver.aeronDirectoryName());
        bobAeron = connectAeron(engineDir.resolve("aeron").toString());
        final OrderEntryClient alice = connect(clientContext(aliceAeron, port, ALICE, ALICE_SECRET, aliceOut, 5000));
        final OrderEntryClient bob = connect(clientContext(bobAeron, port, BOB, BOB_SECRET, bobOut, 5000));
        final List<String> a = new ArrayList<>();
        final List<String> b = new ArrayList<>();

        // ABC: alice offers 10 + 10 at 100.00 and 5 at 100.10.
        newOrder(alice, 11, ABC, Side.Sell, TimeInForce.GTC, 10_000, 10, false);
        expect(aliceOut, a,
            "report New New id=1 clid=11 orig=0 inst=1 Sell px=10000 qty=10 leaves=10 cum=0 last=- cancel=NONE");
        newOrder(alice, 12, ABC, Side.Sell, TimeInForce.GTC, 10_000, 10, false);
        expect(aliceOut, a,
            "report New New id=2 clid=12 orig=0 inst=1 Sell px=10000 qty=10 leaves=10 cum=0 last=- cancel=NONE");
        newOrder(alice, 13, ABC, Side.Sell, TimeInForce.GTC, 10_010, 5, false);
        expect(aliceOut, a,
            "report New New id=3 clid=13 orig=0 inst=1 Sell px=10010 qty=5 leaves=5 cum=0 last=- cancel=NONE");

        // Bob buys 4: a full fill for him, a partial one for alice's first order (time priority).
        newOrder(bob, 21, ABC, Side.Buy, TimeInForce.GTC, 10_000, 4, false);
        expect(bobOut, b,
            "report New New id=4 clid=21 orig=0 inst=1 Buy px=10000 qty=4 leaves=4 cum=0 last=- cancel=NONE",
            "report Trade Filled id=4 clid=21 orig=0 inst=1 Buy px=10000 qty=4 leaves=0 cum=4 last=4@10000 trade=1 " +
                "cancel=NONE");
        expect(aliceOut, a,
            "report Trade PartiallyFilled id=1 clid=11 orig=0 inst=1 Sell px=10000 qty=10 leaves=6 cum=4 " +
                "last=4@10000 trade=1 cancel=NONE");

        // Alice cuts order 1 to 8 in total (4 open) at the same price, with a new clid: it keeps its priority.
        send("replace 11", () -> alice.replace(11, 1, 111, ABC, 10_000, 8), this::pollAll);
        expect(aliceOut, a,
            "report Replaced PartiallyFilled id=1 clid=111 orig=11 inst=1 Sell px=10000 qty=8 leaves=4 cum=4 last=- " +
                "cancel=NONE");

        // Bob's IOC for 20 up to 100.10 sweeps 4 (order 1 first: priority kept), 10, 5; the last 1 expires.
        newOrder(bob, 22, ABC, Side.Buy, TimeInForce.IOC, 10_010, 20, false);
        expect(bobOut, b,
            "report New New id=5 clid=22 orig=0 inst=1 Buy px=10010 qty=20 leaves=20 cum=0 last=- cancel=NONE",
            "report Trade PartiallyFilled id=5 clid=22 orig=0 inst=1 Buy px=10010 qty=20 leaves=16 cum=4 " +
                "last=4@10000 trade=2 cancel=NONE",
            "report Trade PartiallyFilled id=5 clid=22 orig=0 inst=1 Buy px=10010 qty=20 leaves=6 cum=14 " +
                "last=10@10000 trade=3 cancel=NONE",
            "report Trade PartiallyFilled id=5 clid=22 orig=0 inst=1 Buy px=10010 qty=20 leaves=1 cum=19 " +
                "last=5@10010 trade=4 cancel=NONE",
            "report Expired Expired id=5 clid=22 orig=0 inst=1 Buy px=10010 qty=20 leaves=0 cum=19 last=- " +
                "cancel=EXPIRED");
        expect(aliceOut, a,
            "report Trade Filled id=1 clid=111 orig=0 inst=1 Sell px=10000 qty=8 leaves=0 cum=8 last=4@10000 " +
                "trade=2 cancel=NONE",
            "report Trade Filled id=2 clid=12 orig=0 inst=1 Sell px=10000 qty=10 leaves=0 cum=10 last=10@10000 " +
                "trade=3 cancel=NONE",
            "report Trade Filled id=3 clid=13 orig=0 inst=1 Sell px=10010 qty=5 leaves=0 cum=5 last=5@10010 " +
                "trade=4 cancel=NONE");

        // XYZ: bob bids 30 at 49.5 and 20 at 49.0; alice offers 50 at 51.0, then replaces it down to 49.5 (by
        // clid, keeping it): the replace crosses, trades 30 with bob, and the remaining 20 rest.
        newOrder(bob, 23, XYZ, Side.Buy, TimeInForce.GTC, 495, 30, false);
        expect(bobOut, b,
            "report New New id=6 clid=23 orig=0 inst=2 Buy px=495 qty=30 leaves=30 cum=0 last=- cancel=NONE");
        newOrder(bob, 24, XYZ, Side.Buy, TimeInForce.GTC, 490, 20, false);
        expect(bobOut, b,
            "report New New id=7 clid=24 orig=0 inst=2 Buy px=490 qty=20 leaves=20 cum=0 last=- cancel=NONE");
        newOrder(alice, 14, XYZ, Side.Sell, TimeInForce.GTC, 510, 50, false);
        expect(aliceOut, a,
            "report New New id=8 clid=14 orig=0 inst=2 Sell px=510 qty=50 leaves=50 cum=0 last=- cancel=NONE");
        send("replace 14", () -> alice.replace(14, 0, 0, XYZ, 495, 50), this::pollAll);
        expect(aliceOut, a,
            "report Replaced New id=8 clid=14 orig=14 inst=2 Sell px=495 qty=50 leaves=50 cum=0 last=- cancel=NONE",
            "report Trade PartiallyFilled id=8 clid=14 orig=0 inst=2 Sell px=495 qty=50 leaves=20 cum=30 " +
                "last=30@495 trade=1 cancel=NONE");
        expect(bobOut, b,
            "report Trade Filled id=6 clid=23 orig=0 inst=2 Buy px=495 qty=30 leaves=0 cum=30 last=30@495 trade=1 " +
                "cancel=NONE");

        // A post-only bid at 50.0 would take alice's own offer at 49.5: rejected. An unknown instrument: rejected.
        newOrder(alice, 15, XYZ, Side.Buy, TimeInForce.GTC, 500, 10, true);
        expect(aliceOut, a, "order-reject clid=15 inst=2 WOULD_CROSS");
        newOrder(bob, 25, 99, Side.Buy, TimeInForce.GTC, 500, 10, false);
        expect(bobOut, b, "order-reject clid=25 inst=99 UNKNOWN_INSTRUMENT");

        // Cancels: bob's 49.0 bid by clid, alice's rest by order id.
        send("cancel 24", () -> bob.cancel(901, 24, 0, XYZ), this::pollAll);
        expect(bobOut, b,
            "report Cancelled Cancelled id=7 clid=24 orig=901 inst=2 Buy px=490 qty=20 leaves=0 cum=0 last=- " +
                "cancel=CLIENT");
        send("cancel order 8", () -> alice.cancel(902, 0, 8, XYZ), this::pollAll);
        expect(aliceOut, a,
            "report Cancelled Cancelled id=8 clid=14 orig=902 inst=2 Sell px=495 qty=50 leaves=0 cum=30 last=- " +
                "cancel=CLIENT");

        // A fence per client: a cancel of an order that never was. Its reject comes after every earlier reply to
        // that session, so nothing else can still be on its way when the lists are compared for the last time.
        send("alice fence", () -> alice.cancel(990, NO_SUCH_CLID, 0, ABC), this::pollAll);
        send("bob fence", () -> bob.cancel(991, NO_SUCH_CLID, 0, ABC), this::pollAll);
        expect(aliceOut, a, "cancel-reject Cancel clid=990 orig=777777 id=0 UNKNOWN_ORDER");
        expect(bobOut, b, "cancel-reject Cancel clid=991 orig=777777 id=0 UNKNOWN_ORDER");

        ReportRules.assertEveryOrderEndedOnce(aliceOut, List.of(11L, 12L, 13L, 14L, 15L));
        ReportRules.assertEveryOrderEndedOnce(bobOut, List.of(21L, 22L, 23L, 24L, 25L));
        ReportRules.assertTradesMatch(aliceOut, bobOut, Map.of(ABC, 23L, XYZ, 30L));

        final long lastSequence;
        try (TelemetryReader stat = TelemetryReader.open(engineDir))
        {
            assertEquals(engine.pid(), stat.pid());
            awaitCounter(stat, EngineCounter.COMMANDS_SEQUENCED, 16);
            awaitCounter(stat, EngineCounter.ORDERS_ACCEPTED, 8);
            awaitCounter(stat, EngineCounter.TRADES, 5);
            awaitCounter(stat, EngineCounter.ORDER_REJECTS, 2);
            awaitCounter(stat, EngineCounter.CANCEL_REJECTS, 2);
            // Each reject counts once in its total and once under its reason.
            assertEquals(Map.of("WOULD_CROSS", 1L, "UNKNOWN_INSTRUMENT", 1L, "UNKNOWN_ORDER", 2L),
                rejectsByReason(stat));
            awaitCounter(stat, EngineCounter.LOGONS, 2);
            awaitCounter(stat, EngineCounter.SESSIONS_ACTIVE, 2);
            assertEquals(0, stat.counterValue(EngineCounter.MALFORMED_FRAMES));
            assertNoErrors(stat);
            Await.until("the last sequence to settle", TIMEOUT_MS, this::pollAll,
                () -> stat.counterValue(EngineCounter.LAST_SEQUENCE) >= 15);
            lastSequence = stat.counterValue(EngineCounter.LAST_SEQUENCE);

            // A second engine on the same directory is refused with one line, and the first goes on.
            second = EngineProcess.start(config);
            assertEquals(1, second.awaitExit(PROCESS_TIMEOUT_MS), second.describe());
            assertEquals(List.of(), second.stdoutLines(), second.describe());
            assertEquals(1, second.stderrLines().size(), second.describe());
            final String refusal = second.stderrLines().get(0);
            assertTrue(refusal.startsWith("ringbook engine: another engine is running in " + engineDir) &&
                refusal.contains("(pid " + engine.pid() + ")"), refusal);
            assertTrue(engine.isAlive());

            // Bob logs out (his account keeps its orders; he has none left anyway).
            bob.close();
            clients.remove(bob);
            bobAeron.close(); // before the engine's driver goes
            awaitCounter(stat, EngineCounter.LOGOUTS, 1);
            awaitCounter(stat, EngineCounter.SESSIONS_ACTIVE, 1);
        }

        // SIGTERM: the engine drains, logs alice out, says so, and exits 0.
        assertEquals(0, engine.terminate(PROCESS_TIMEOUT_MS), engine.describe());
        final List<String> out = engine.stdoutLines();
        assertTrue(out.contains("ringbook engine stopping: draining the ring"), engine.describe());
        assertEquals("ringbook engine stopped after sequence " + lastSequence, out.get(out.size() - 1),
            engine.describe());
        assertEquals(List.of(), engine.stderrLines(), engine.describe());
        Await.until(() -> "alice to be logged out, " + aliceOut.disconnectReason, TIMEOUT_MS, alice::poll,
            () -> aliceOut.disconnectReason != null);
        assertEquals("engine logged us out: engine shutting down", aliceOut.disconnectReason);
        assertEquals(a, aliceOut.lines, "no reply after the fence");
        try (TelemetryReader stat = TelemetryReader.open(engineDir))
        {
            assertTrue(stat.isClosed(), "the engine marks its stat file closed on a clean stop");
            assertNoErrors(stat);
        }
        assertFalse(Files.exists(engineDir.resolve("aeron")), "the embedded driver's directory is removed");
    }

    private void awaitCounter(final TelemetryReader stat, final EngineCounter counter, final long expected)
    {
        Await.until(() -> counter.label() + " == " + expected + ", is " + stat.counterValue(counter), TIMEOUT_MS,
            this::pollAll, () -> stat.counterValue(counter) == expected);
    }
}
