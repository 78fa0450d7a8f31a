package io.ringbook.engine.server;

import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.DriverTimeoutException;
import io.ringbook.codecs.orderentry.LogonRejectReason;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import io.ringbook.engine.client.LogonRejectedException;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.TelemetryReader;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real engine node (embedded media driver, UDP on localhost) with real clients: sessions, orders, reports,
 * rejects, timeouts and bad input.
 */
class EngineNodeTest
{
    private static final int ABC = 1;

    @TempDir
    Path dir;

    private EngineNode node;
    private final List<OrderEntryClient> clients = new ArrayList<>();

    static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    static String config(final Path dir, final int port, final String extraAccounts)
    {
        return String.join("\n",
            "engine:",
            "  dir: " + dir,
            "  ingressChannel: aeron:udp?endpoint=localhost:" + port,
            "  ringSize: 1024",
            "  logonTimeoutMs: 2000",
            "  maxBadFrames: 3",
            "  clientOrderIdCapacity: 1024",
            "  ordersPerInstrument: 256",
            "instruments:",
            "  - { id: 1, symbol: ABC, tick: '0.01', lot: 1, maxQty: 1000, band: 10%, ref: '100.00' }",
            "accounts:",
            "  - { id: 1, name: alice, secret: alice-secret }",
            "  - { id: 2, name: bob, secret: bob-secret, cancelOnDisconnect: false }",
            "  - { id: 3, name: carol, secret: carol-secret, maxOrdersPerSecond: 10 }",
            extraAccounts);
    }

    @BeforeEach
    void start() throws IOException
    {
        node = EngineNode.launch(EngineConfig.parse(config(dir, freeUdpPort(), ""), "test"));
    }

    @AfterEach
    void stop()
    {
        clients.forEach(OrderEntryClient::close);
        if (node != null)
        {
            node.close();
        }
    }

    private OrderEntryClient connect(final long account, final String secret, final RecordingClientListener listener,
        final int heartbeatMs)
    {
        final OrderEntryClient client = OrderEntryClient.connect(new OrderEntryClient.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .ingressChannel(node.config().engine.ingressChannel)
            .accountId(account)
            .secret(secret)
            .heartbeatIntervalMs(heartbeatMs)
            .listener(listener));
        clients.add(client);
        return client;
    }

    private void pollAll()
    {
        clients.forEach(OrderEntryClient::poll);
    }

    private void awaitLines(final RecordingClientListener listener, final int count)
    {
        Await.until(count + " replies, have " + listener.lines, 10_000, this::pollAll,
            () -> listener.lines.size() >= count);
    }

    private static void sent(final long result)
    {
        assertTrue(result > 0, () -> "offer failed: " + result);
    }

    @Test
    void twoSessionsTradeAndEachGetsItsReports()
    {
        final RecordingClientListener aliceOut = new RecordingClientListener();
        final RecordingClientListener bobOut = new RecordingClientListener();
        final OrderEntryClient alice = connect(1, "alice-secret", aliceOut, 1000);
        final OrderEntryClient bob = connect(2, "bob-secret", bobOut, 1000);

        sent(alice.newOrder(11, ABC, Side.Sell, OrdType.Limit, TimeInForce.GTC, 10_000, 10, false, StpMode.None));
        awaitLines(aliceOut, 1);
        sent(bob.newOrder(21, ABC, Side.Buy, OrdType.Limit, TimeInForce.IOC, 10_001, 15, false, StpMode.None));
        awaitLines(bobOut, 3);
        awaitLines(aliceOut, 2);

        assertEquals(List.of(
            "report New New id=1 clid=11 orig=0 Sell px=10000 qty=10 leaves=10 cum=0 last=- cancel=NONE",
            "report Trade Filled id=1 clid=11 orig=0 Sell px=10000 qty=10 leaves=0 cum=10 last=10@10000 cancel=NONE"),
            aliceOut.lines);
        assertEquals(List.of(
            "report New New id=2 clid=21 orig=0 Buy px=10001 qty=15 leaves=15 cum=0 last=- cancel=NONE",
            "report Trade PartiallyFilled id=2 clid=21 orig=0 Buy px=10001 qty=15 leaves=5 cum=10 last=10@10000 " +
                "cancel=NONE",
            "report Expired Expired id=2 clid=21 orig=0 Buy px=10001 qty=15 leaves=0 cum=10 last=- cancel=EXPIRED"),
            bobOut.lines);
        assertTrue(alice.sessionId() != bob.sessionId());
    }

    @Test
    void aLostMediaDriverEndsTheSessionAndLeavesTheJvmRunning()
    {
        // The client on a media driver of its own, which then goes away while the engine stays up.
        final MediaDriver clientDriver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("client-aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        final RecordingClientListener aliceOut = new RecordingClientListener();
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final OrderEntryClient alice;
        try
        {
            alice = OrderEntryClient.connect(new OrderEntryClient.Context()
                .aeronDirectoryName(clientDriver.aeronDirectoryName())
                .ingressChannel(node.config().engine.ingressChannel)
                .accountId(1)
                .secret("alice-secret")
                .heartbeatIntervalMs(60_000) // so the driver timeout, not the engine's silence, ends the session
                .driverTimeoutMs(1_000)
                .errorHandler(errors::add)
                .listener(aliceOut));
        }
        finally
        {
            clientDriver.close();
        }
        clients.add(alice);
        Await.until("the session to end", 15_000, alice::poll, () -> !alice.isConnected());
        assertTrue(aliceOut.disconnectReason.startsWith("Aeron client error: "), aliceOut.disconnectReason);
        assertTrue(errors.stream().anyMatch(e -> e instanceof DriverTimeoutException), errors::toString);
    }

    @Test
    void logonRules()
    {
        final LogonRejectedException wrongSecret = assertThrows(LogonRejectedException.class,
            () -> connect(1, "guess", new RecordingClientListener(), 1000));
        assertEquals(LogonRejectReason.INVALID_CREDENTIALS, wrongSecret.reason());
        final LogonRejectedException unknown = assertThrows(LogonRejectedException.class,
            () -> connect(99, "x", new RecordingClientListener(), 1000));
        assertEquals(LogonRejectReason.INVALID_CREDENTIALS, unknown.reason());

        connect(1, "alice-secret", new RecordingClientListener(), 1000);
        final LogonRejectedException second = assertThrows(LogonRejectedException.class,
            () -> connect(1, "alice-secret", new RecordingClientListener(), 1000));
        assertEquals(LogonRejectReason.ALREADY_LOGGED_ON, second.reason());
    }

    @Test
    void clientsMayOnlyTouchTheirOwnOrdersAndNeverReuseAClientOrderId()
    {
        final RecordingClientListener aliceOut = new RecordingClientListener();
        final RecordingClientListener bobOut = new RecordingClientListener();
        final OrderEntryClient alice = connect(1, "alice-secret", aliceOut, 1000);
        final OrderEntryClient bob = connect(2, "bob-secret", bobOut, 1000);

        sent(alice.newOrder(1, ABC, Side.Buy, OrdType.Limit, TimeInForce.GTC, 9_900, 5, false, StpMode.None));
        awaitLines(aliceOut, 1);
        sent(bob.cancel(500, 0, 1, ABC));
        sent(bob.replace(0, 1, 77, ABC, 9_800, 5));
        sent(bob.cancel(501, 1, 0, ABC)); // bob's clid 1 does not exist
        awaitLines(bobOut, 3);
        assertEquals(List.of(
            "cancel-reject Cancel clid=500 orig=0 id=1 NOT_YOUR_ORDER",
            "cancel-reject Replace clid=77 orig=0 id=1 NOT_YOUR_ORDER",
            "cancel-reject Cancel clid=501 orig=1 id=0 UNKNOWN_ORDER"), bobOut.lines);

        sent(alice.newOrder(1, ABC, Side.Buy, OrdType.Limit, TimeInForce.GTC, 9_900, 5, false, StpMode.None));
        sent(alice.cancel(900, 1, 0, ABC));
        awaitLines(aliceOut, 3);
        assertEquals("order-reject clid=1 DUPLICATE_CLIENT_ORDER_ID", aliceOut.lines.get(1));
        assertEquals("report Cancelled Cancelled id=1 clid=1 orig=900 Buy px=9900 qty=5 leaves=0 cum=0 last=- " +
            "cancel=CLIENT", aliceOut.lines.get(2));
    }

    @Test
    void heartbeatTimeoutCancelsOrdersOfAccountsThatAskForIt() throws Exception
    {
        final RecordingClientListener aliceOut = new RecordingClientListener();
        final OrderEntryClient alice = connect(1, "alice-secret", aliceOut, 100);
        sent(alice.newOrder(1, ABC, Side.Sell, OrdType.Limit, TimeInForce.GTC, 10_000, 5, false, StpMode.None));
        awaitLines(aliceOut, 1);

        // Alice stops polling, so sends no heartbeats: the engine times her out after 3 intervals and, since her
        // account cancels on disconnect, cancels her order. A new session for her account is then allowed.
        clients.remove(alice);
        try (TelemetryReader reader = TelemetryReader.open(dir))
        {
            Await.until("alice's session to time out", 10_000, this::pollAll,
                () -> reader.counterValue(EngineCounter.SESSION_TIMEOUTS) >= 1);
        }
        final RecordingClientListener bobOut = new RecordingClientListener();
        final OrderEntryClient bob = connect(2, "bob-secret", bobOut, 1000);
        sent(bob.newOrder(1, ABC, Side.Buy, OrdType.Limit, TimeInForce.IOC, 10_000, 5, false, StpMode.None));
        awaitLines(bobOut, 2);
        assertEquals("report Expired Expired id=2 clid=1 orig=0 Buy px=10000 qty=5 leaves=0 cum=0 last=- " +
            "cancel=EXPIRED", bobOut.lines.get(1), "alice's order must be gone: nothing to trade with");
        connect(1, "alice-secret", new RecordingClientListener(), 1000);
        alice.close();
    }

    @Test
    void rateLimitRejectsBeyondTheConfiguredRate()
    {
        final RecordingClientListener carolOut = new RecordingClientListener();
        final OrderEntryClient carol = connect(3, "carol-secret", carolOut, 1000);
        for (int i = 1; i <= 20; i++)
        {
            sent(carol.newOrder(i, ABC, Side.Buy, OrdType.Limit, TimeInForce.GTC, 9_000, 1, false, StpMode.None));
        }
        awaitLines(carolOut, 20);
        final long limited = carolOut.lines.stream().filter(l -> l.endsWith("RATE_LIMITED")).count();
        final long accepted = carolOut.lines.stream().filter(l -> l.startsWith("report New")).count();
        assertEquals(20, limited + accepted);
        assertTrue(limited >= 15 && accepted >= 1, () -> "10/s with a burst of 1: " + carolOut.lines);
    }

    @Test
    void malformedFramesAreRejectedCountedAndGarbageDisconnects()
    {
        final RecordingClientListener aliceOut = new RecordingClientListener();
        final OrderEntryClient alice = connect(1, "alice-secret", aliceOut, 1000);
        final UnsafeBuffer junk = new UnsafeBuffer(new byte[64]);
        junk.putShort(0, (short)40);
        junk.putShort(2, (short)10);
        junk.putShort(4, (short)7);  // wrong schema id
        sent(alice.sendRaw(junk, 0, 48));
        awaitLines(aliceOut, 1);
        assertTrue(aliceOut.lines.get(0).startsWith("session-reject WrongSchema"), aliceOut.lines::toString);

        // A new order with an out-of-range side: a session reject, the book untouched.
        junk.putShort(4, (short)1);
        junk.putShort(0, (short)io.ringbook.codecs.orderentry.NewOrderEncoder.BLOCK_LENGTH);
        junk.putByte(8 + io.ringbook.codecs.orderentry.NewOrderEncoder.sideEncodingOffset(), (byte)9);
        sent(alice.sendRaw(junk, 0, 8 + io.ringbook.codecs.orderentry.NewOrderEncoder.BLOCK_LENGTH));
        awaitLines(aliceOut, 2);
        assertTrue(aliceOut.lines.get(1).startsWith("session-reject InvalidValue side 9"), aliceOut.lines::toString);

        sent(alice.sendRaw(junk, 0, 3)); // shorter than a header: third bad frame in a row
        Await.until("garbage disconnect", 10_000, this::pollAll, () -> aliceOut.disconnectReason != null);
        assertTrue(aliceOut.disconnectReason.contains("too many bad frames"), aliceOut.disconnectReason);
    }
}
