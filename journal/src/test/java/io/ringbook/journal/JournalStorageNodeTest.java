package io.ringbook.journal;

import io.ringbook.codecs.orderentry.ExecutionReportDecoder;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.OrderRejectDecoder;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.engine.client.OrderEntryListener;
import io.ringbook.engine.server.EngineConfig;
import io.ringbook.engine.server.EngineNode;
import io.ringbook.engine.telemetry.EngineCounter;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real engine node (embedded driver, UDP on localhost, the ring's own threads) with the Chronicle journal: orders
 * are journaled and acknowledged, and a restart recovers the same state from the journal and snapshots, with
 * sequences continuing and client order ids still known.
 */
class JournalStorageNodeTest
{
    private static final int ABC = 1;
    private static final long BOB = 2;

    @TempDir
    Path dir;

    private EngineNode node;
    private OrderEntryClient client;
    private static final int WARMUP_COMMANDS = 20_000;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Replies replies = new Replies();

    @AfterEach
    void stop()
    {
        CloseHelper.quietCloseAll(client, node);
    }

    private EngineConfig config(final int port, final long snapshotEveryCommands)
    {
        return EngineConfig.parse(String.join("\n",
            "engine:",
            "  dir: " + dir.resolve("engine"),
            "  ingressChannel: aeron:udp?endpoint=localhost:" + port,
            "  ringSize: 1024",
            "  waitStrategy: sleeping",
            "  idleStrategy: backoff",
            "  clientOrderIdCapacity: 1024",
            "  ordersPerInstrument: 256",
            "journal:",
            "  enabled: true",
            "  dir: " + dir.resolve("journal"),
            "  snapshotEveryCommands: " + snapshotEveryCommands,
            "  snapshotEverySeconds: 0",
            "  warmupCommands: " + WARMUP_COMMANDS,
            "instruments:",
            "  - { id: 1, symbol: ABC, tick: '0.01', lot: 1, maxQty: 1000, band: 10%, ref: '100.00' }",
            "accounts:",
            "  - { id: 2, name: bob, secret: bob-secret, cancelOnDisconnect: false }"), "test");
    }

    private void launch(final EngineConfig config)
    {
        node = EngineNode.launch(config, JournalStorage.factory(config), log::add);
        replies.lines.clear();
        client = OrderEntryClient.connect(new OrderEntryClient.Context()
            .aeronDirectoryName(node.dir().resolve("aeron").toString())
            .ingressChannel(config.engine.ingressChannel)
            .accountId(BOB)
            .secret("bob-secret")
            .listener(replies));
    }

    private void restart(final EngineConfig config)
    {
        CloseHelper.quietCloseAll(client, node);
        client = null;
        node = null;
        launch(config);
    }

    private void send(final long clientOrderId, final Side side, final TimeInForce tif, final long price,
        final long quantity, final int expectedReplies)
    {
        final int before = replies.lines.size();
        final long result = client.newOrder(clientOrderId, ABC, side, OrdType.Limit, tif, price, quantity, false,
            StpMode.None);
        assertTrue(result > 0, () -> "offer failed: " + result);
        await(expectedReplies + " replies to clid " + clientOrderId + ", have " + replies.lines,
            () -> replies.lines.size() >= before + expectedReplies);
    }

    private void await(final String what, final BooleanSupplier done)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, () -> "timed out waiting for " + what);
            client.poll();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
        }
    }

    @Test
    void ordersAreJournaledAndARestartRecoversTheBook() throws IOException
    {
        final EngineConfig config = config(freeUdpPort(), 3);
        launch(config);
        send(1, Side.Sell, TimeInForce.GTC, 10_000, 10, 1);
        send(2, Side.Sell, TimeInForce.GTC, 10_005, 7, 1);
        send(3, Side.Buy, TimeInForce.IOC, 10_000, 4, 3);
        send(4, Side.Buy, TimeInForce.GTC, 9_990, 5, 1);
        assertEquals(List.of(
            "New id=1 clid=1 leaves=10",
            "New id=2 clid=2 leaves=7",
            "New id=3 clid=3 leaves=4",
            "Trade id=1 clid=1 leaves=6",
            "Trade id=3 clid=3 leaves=0",
            "New id=4 clid=4 leaves=5"), replies.lines);
        assertEquals(0, node.telemetry().counter(EngineCounter.JOURNAL_FAILURES).get());
        assertEquals(0, node.telemetry().counter(EngineCounter.JOURNAL_REJECTS).get());
        assertTrue(log.stream().anyMatch(line -> line.startsWith("recovered to sequence 0, state hash")),
            log::toString);
        // The warm-up ran on a scratch journal it removed, and sent and counted nothing.
        assertTrue(log.stream().anyMatch(line -> line.startsWith(
            "warmed up the journal and matcher with " + WARMUP_COMMANDS + " commands")), log::toString);
        assertFalse(Files.exists(dir.resolve("journal").resolve(JournalStorage.WARMUP_DIR)));
        assertEquals(0, node.telemetry().counter(EngineCounter.EGRESS_DROPPED).get());
        assertEquals(4, node.telemetry().counter(EngineCounter.ORDERS_ACCEPTED).get());
        assertEquals(1, node.telemetry().counter(EngineCounter.TRADES).get());
        assertEquals(4, node.telemetry().counter(EngineCounter.LAST_SEQUENCE).get());

        CloseHelper.quietClose(client);
        client = null;
        final long sequence = node.processedSequence();
        node.close();
        final long hash = node.stateHash();
        node = null;
        assertEquals(4, sequence);

        log.clear();
        launch(config);
        assertTrue(log.contains("recovered to sequence 4, state hash 0x" + Long.toHexString(hash)), log::toString);
        assertTrue(log.stream().anyMatch(line -> line.startsWith("loaded snapshot at sequence 3")), log::toString);

        // The recovered book trades: the rest of order 1 at the best ask, and order ids continue.
        send(5, Side.Buy, TimeInForce.IOC, 10_000, 6, 3);
        assertEquals(List.of(
            "New id=5 clid=5 leaves=6",
            "Trade id=1 clid=1 leaves=0",
            "Trade id=5 clid=5 leaves=0"), replies.lines);
        // Client order ids of the previous run are still known.
        send(2, Side.Sell, TimeInForce.GTC, 10_010, 1, 1);
        assertTrue(replies.lines.get(3).startsWith("reject clid=2 DUPLICATE"), replies.lines::toString);

        restart(config);
        try (JournalReader reader = JournalReader.open(dir.resolve("journal")))
        {
            assertEquals(6, reader.lastSequence());
            assertEquals(6, reader.lastEventSequence());
        }
        assertEquals(0, node.telemetry().counter(EngineCounter.JOURNAL_FAILURES).get());
    }

    private static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    private static final class Replies implements OrderEntryListener
    {
        final List<String> lines = new CopyOnWriteArrayList<>();

        public void onExecutionReport(final ExecutionReportDecoder r)
        {
            lines.add(r.execType() + " id=" + r.orderId() + " clid=" + r.clientOrderId() + " leaves=" + r.leavesQty());
        }

        public void onOrderReject(final OrderRejectDecoder r)
        {
            lines.add("reject clid=" + r.clientOrderId() + " " + r.rejectReason());
        }
    }
}
