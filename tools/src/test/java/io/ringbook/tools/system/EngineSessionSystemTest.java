package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.ringbook.codecs.orderentry.LogonRejectReason;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import io.ringbook.engine.client.LogonRejectedException;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.TelemetryReader;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ringbook.tools.system.SystemTests.ABC;
import static io.ringbook.tools.system.SystemTests.ALICE;
import static io.ringbook.tools.system.SystemTests.ALICE_SECRET;
import static io.ringbook.tools.system.SystemTests.BOB;
import static io.ringbook.tools.system.SystemTests.BOB_SECRET;
import static io.ringbook.tools.system.SystemTests.CAROL;
import static io.ringbook.tools.system.SystemTests.CAROL_SECRET;
import static io.ringbook.tools.system.SystemTests.PROCESS_TIMEOUT_MS;
import static io.ringbook.tools.system.SystemTests.TIMEOUT_MS;
import static io.ringbook.tools.system.SystemTests.XYZ;
import static io.ringbook.tools.system.SystemTests.assertNoErrors;
import static io.ringbook.tools.system.SystemTests.clientContext;
import static io.ringbook.tools.system.SystemTests.connectAeron;
import static io.ringbook.tools.system.SystemTests.freeUdpPort;
import static io.ringbook.tools.system.SystemTests.launchClientDriver;
import static io.ringbook.tools.system.SystemTests.rejectsByReason;
import static io.ringbook.tools.system.SystemTests.send;
import static io.ringbook.tools.system.SystemTests.writeConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Session rules of the engine process, seen from clients in this JVM and from its counters (read from
 * {@code <engine.dir>} with {@link TelemetryReader}, as {@code ringbook stat} does): logon refusals, order ownership,
 * client order id uniqueness, and heartbeat timeouts with and without cancel-on-disconnect.
 */
@Tag("slow")
class EngineSessionSystemTest
{
    @TempDir
    Path tmp;

    private Path engineDir;
    private int port;
    private EngineProcess engine;
    private MediaDriver clientDriver;
    private Aeron aeron;
    private TelemetryReader stat;
    private final List<OrderEntryClient> clients = new ArrayList<>();
    private final List<OrderEntryClient> polled = new ArrayList<>();

    @BeforeEach
    void startEngine()
    {
        engineDir = tmp.resolve("engine");
        port = freeUdpPort();
        engine = EngineProcess.start(writeConfig(tmp.resolve("engine.yaml"), engineDir, port));
        engine.awaitStdout("ringbook engine running", PROCESS_TIMEOUT_MS);
        stat = TelemetryReader.open(engineDir);
        clientDriver = launchClientDriver(tmp.resolve("client-driver"));
        aeron = connectAeron(clientDriver.aeronDirectoryName());
    }

    @AfterEach
    void tearDown()
    {
        clients.forEach(CloseHelper::quietClose);
        CloseHelper.quietCloseAll(aeron, stat, engine, clientDriver);
    }

    private OrderEntryClient connect(
        final long account, final String secret, final ReplyRecorder listener, final int heartbeatMs)
    {
        final OrderEntryClient client = OrderEntryClient.connect(
            clientContext(aeron, port, account, secret, listener, heartbeatMs));
        clients.add(client);
        polled.add(client);
        return client;
    }

    /** Poll the clients that are meant to be alive (a client that stops polling stops heartbeating). */
    private void pollAll()
    {
        for (final OrderEntryClient client : polled)
        {
            client.poll();
        }
    }

    private void awaitReplies(final ReplyRecorder client, final int count)
    {
        Await.until(() -> count + " replies for " + client, TIMEOUT_MS, this::pollAll, () -> client.size() >= count);
    }

    private void awaitCounter(final EngineCounter counter, final long expected)
    {
        Await.until(() -> counter.label() + " == " + expected + ", is " + stat.counterValue(counter), TIMEOUT_MS,
            this::pollAll, () -> stat.counterValue(counter) == expected);
    }

    private void newOrder(
        final OrderEntryClient client, final long clid, final int instrument, final Side side,
        final TimeInForce tif, final long price, final long quantity)
    {
        send("order " + clid, () -> client.newOrder(clid, instrument, side, OrdType.Limit, tif, price, quantity,
            false, StpMode.None), this::pollAll);
    }

    @Test
    void logonRulesOrderOwnershipAndClientOrderIdUniqueness()
    {
        assertEquals(LogonRejectReason.INVALID_CREDENTIALS, assertThrows(LogonRejectedException.class,
            () -> connect(ALICE, "guess", new ReplyRecorder("alice?"), 5000)).reason());
        assertEquals(LogonRejectReason.INVALID_CREDENTIALS, assertThrows(LogonRejectedException.class,
            () -> connect(99, ALICE_SECRET, new ReplyRecorder("nobody"), 5000)).reason());
        final ReplyRecorder aliceOut = new ReplyRecorder("alice");
        final ReplyRecorder bobOut = new ReplyRecorder("bob");
        final OrderEntryClient alice = connect(ALICE, ALICE_SECRET, aliceOut, 5000);
        assertEquals(LogonRejectReason.ALREADY_LOGGED_ON, assertThrows(LogonRejectedException.class,
            () -> connect(ALICE, ALICE_SECRET, new ReplyRecorder("alice again"), 5000)).reason());
        final OrderEntryClient bob = connect(BOB, BOB_SECRET, bobOut, 5000);
        awaitCounter(EngineCounter.LOGON_REJECTS, 3);
        awaitCounter(EngineCounter.LOGONS, 2);
        awaitCounter(EngineCounter.SESSIONS_ACTIVE, 2);

        newOrder(alice, 1, ABC, Side.Sell, TimeInForce.GTC, 10_000, 10);
        awaitReplies(aliceOut, 1);
        assertEquals("report New New id=1 clid=1 orig=0 inst=1 Sell px=10000 qty=10 leaves=10 cum=0 last=- " +
            "cancel=NONE", aliceOut.lines.get(0));

        // Bob may not touch alice's order, by its order id or otherwise.
        send("bob cancels alice's order", () -> bob.cancel(500, 0, 1, ABC), this::pollAll);
        send("bob replaces alice's order", () -> bob.replace(0, 1, 501, ABC, 9_990, 10), this::pollAll);
        send("bob cancels his clid 1", () -> bob.cancel(502, 1, 0, ABC), this::pollAll);
        awaitReplies(bobOut, 3);
        assertEquals(List.of(
            "cancel-reject Cancel clid=500 orig=0 id=1 NOT_YOUR_ORDER",
            "cancel-reject Replace clid=501 orig=0 id=1 NOT_YOUR_ORDER",
            "cancel-reject Cancel clid=502 orig=1 id=0 UNKNOWN_ORDER"), bobOut.lines);

        // Alice sends clid 1 again (the same order, then another one): both refused, no second order.
        newOrder(alice, 1, ABC, Side.Sell, TimeInForce.GTC, 10_000, 10);
        newOrder(alice, 1, ABC, Side.Buy, TimeInForce.GTC, 9_000, 3);
        awaitReplies(aliceOut, 3);
        assertEquals(List.of(
            "order-reject clid=1 inst=1 DUPLICATE_CLIENT_ORDER_ID",
            "order-reject clid=1 inst=1 DUPLICATE_CLIENT_ORDER_ID"), aliceOut.lines.subList(1, 3));

        // Bob takes everything on offer at 100.00 up to 20: there is exactly one order of 10.
        newOrder(bob, 1, ABC, Side.Buy, TimeInForce.IOC, 10_000, 20);
        awaitReplies(bobOut, 6);
        awaitReplies(aliceOut, 4);
        assertEquals(List.of(
            "report New New id=2 clid=1 orig=0 inst=1 Buy px=10000 qty=20 leaves=20 cum=0 last=- cancel=NONE",
            "report Trade PartiallyFilled id=2 clid=1 orig=0 inst=1 Buy px=10000 qty=20 leaves=10 cum=10 " +
                "last=10@10000 trade=1 cancel=NONE",
            "report Expired Expired id=2 clid=1 orig=0 inst=1 Buy px=10000 qty=20 leaves=0 cum=10 last=- " +
                "cancel=EXPIRED"), bobOut.lines.subList(3, 6));
        assertEquals("report Trade Filled id=1 clid=1 orig=0 inst=1 Sell px=10000 qty=10 leaves=0 cum=10 " +
            "last=10@10000 trade=1 cancel=NONE", aliceOut.lines.get(3));

        // A filled order's clid stays taken: a resend is refused, and nothing rests for bob to take.
        newOrder(alice, 1, ABC, Side.Sell, TimeInForce.GTC, 10_000, 10);
        awaitReplies(aliceOut, 5);
        assertEquals("order-reject clid=1 inst=1 DUPLICATE_CLIENT_ORDER_ID", aliceOut.lines.get(4));
        newOrder(bob, 2, ABC, Side.Buy, TimeInForce.IOC, 10_000, 20);
        awaitReplies(bobOut, 8);
        assertEquals("report Expired Expired id=3 clid=2 orig=0 inst=1 Buy px=10000 qty=20 leaves=0 cum=0 last=- " +
            "cancel=EXPIRED", bobOut.lines.get(7));
        ReportRules.check(aliceOut);
        ReportRules.check(bobOut);

        awaitCounter(EngineCounter.ORDER_REJECTS, 3);
        awaitCounter(EngineCounter.CANCEL_REJECTS, 3);
        awaitCounter(EngineCounter.ORDERS_ACCEPTED, 3);
        assertEquals(Map.of("NOT_YOUR_ORDER", 2L, "UNKNOWN_ORDER", 1L, "DUPLICATE_CLIENT_ORDER_ID", 3L),
            rejectsByReason(stat));
        assertEquals(3, stat.counterValue(EngineCounter.LOGON_REJECTS));
        assertEquals(0, stat.counterValue(EngineCounter.SESSION_TIMEOUTS));
        assertEquals(0, stat.counterValue(EngineCounter.MALFORMED_FRAMES));
        assertNoErrors(stat);
    }

    @Test
    void heartbeatTimeoutCancelsTheOrdersOfAccountsThatAskForItOnly()
    {
        final ReplyRecorder bobOut = new ReplyRecorder("bob");
        final OrderEntryClient bob = connect(BOB, BOB_SECRET, bobOut, 5000);

        // Alice (cancel on disconnect) and carol (not) rest an order each, heartbeating every 100 ms...
        final ReplyRecorder aliceOut = new ReplyRecorder("alice");
        final OrderEntryClient alice = connect(ALICE, ALICE_SECRET, aliceOut, 100);
        newOrder(alice, 1, ABC, Side.Sell, TimeInForce.GTC, 10_000, 5);
        awaitReplies(aliceOut, 1);
        final ReplyRecorder carolOut = new ReplyRecorder("carol");
        final OrderEntryClient carol = connect(CAROL, CAROL_SECRET, carolOut, 100);
        newOrder(carol, 1, XYZ, Side.Sell, TimeInForce.GTC, 500, 10);
        awaitReplies(carolOut, 1);
        assertEquals("report New New id=2 clid=1 orig=0 inst=2 Sell px=500 qty=10 leaves=10 cum=0 last=- " +
            "cancel=NONE", carolOut.lines.get(0));

        // ...then stop polling, so they stop heartbeating: the engine times both out after 3 intervals.
        polled.remove(alice);
        polled.remove(carol);
        awaitCounter(EngineCounter.SESSION_TIMEOUTS, 2);
        awaitCounter(EngineCounter.SESSIONS_ACTIVE, 1);

        // Alice's offer went with her session: bob's IOC finds nothing. Carol's stays: bob's IOC takes it.
        newOrder(bob, 1, ABC, Side.Buy, TimeInForce.IOC, 10_000, 5);
        newOrder(bob, 2, XYZ, Side.Buy, TimeInForce.IOC, 500, 10);
        awaitReplies(bobOut, 4);
        assertEquals(List.of(
            "report New New id=3 clid=1 orig=0 inst=1 Buy px=10000 qty=5 leaves=5 cum=0 last=- cancel=NONE",
            "report Expired Expired id=3 clid=1 orig=0 inst=1 Buy px=10000 qty=5 leaves=0 cum=0 last=- " +
                "cancel=EXPIRED",
            "report New New id=4 clid=2 orig=0 inst=2 Buy px=500 qty=10 leaves=10 cum=0 last=- cancel=NONE",
            "report Trade Filled id=4 clid=2 orig=0 inst=2 Buy px=500 qty=10 leaves=0 cum=10 last=10@500 trade=1 " +
                "cancel=NONE"), bobOut.lines);

        // The accounts can log on again, with new sessions.
        final ReplyRecorder aliceAgain = new ReplyRecorder("alice again");
        connect(ALICE, ALICE_SECRET, aliceAgain, 5000);
        awaitCounter(EngineCounter.SESSIONS_ACTIVE, 2);
        awaitCounter(EngineCounter.TRADES, 1);
        awaitCounter(EngineCounter.COMMANDS_SEQUENCED, 5); // 4 orders and the mass cancel for alice
        assertEquals(2, stat.counterValue(EngineCounter.SESSION_TIMEOUTS));
        assertEquals(0, stat.counterValue(EngineCounter.ORDER_REJECTS));
        assertNoErrors(stat);
    }
}
