package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.ringbook.gateway.BinaryBookClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real processes: the engine publishing market data on multicast, a {@code ringbook gateway} joined to it, and
 * WebSocket clients on real sockets ({@link WsBookClient}), each building its books from a snapshot and the diffs and
 * checking every update id and checksum. After a random order flow, every client's books are the engine's top levels
 * (rebuilt from the engine's journal). One client does not read for a while: the others keep getting their updates,
 * what the gateway queues for it stays bounded, and once it reads again it gets a fresh snapshot and the engine's
 * books. Bad requests get errors and change nothing; an abrupt disconnect leaves the gateway serving. A client of the
 * binary port (full depth, every change) ends with the engine's books too.
 */
@Tag("system")
class GatewaySystemTest
{
    private static final Pattern HTTP_PORT = Pattern.compile("web page http://localhost:(\\d+)/");
    private static final Pattern BINARY_PORT = Pattern.compile("binary tcp://localhost:(\\d+)");
    private static final int HIGH_WATER_MARK = 16 * 1024;

    @TempDir
    Path dir;

    @Test
    void clientsGetTheEnginesBooksAndASlowClientHurtsNoOne() throws Exception
    {
        final int port = SystemTests.freeUdpPort();
        final String incremental = SystemTests.multicastChannel(SystemTests.freeUdpPort());
        final String snapshot = SystemTests.multicastChannel(SystemTests.freeUdpPort());
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port, incremental, snapshot);
        FeedChecks.appendJournal(config);
        final Path gatewayConfig = writeGatewayConfig(incremental, snapshot, 60_000);
        final long seed = System.nanoTime();
        System.out.println("GatewaySystemTest seed " + seed);
        final Random random = new Random(seed);

        try (EngineProcess engine = EngineProcess.start(config);
            EngineProcess gateway = EngineProcess.startCli(List.of("gateway", "--config", gatewayConfig.toString()));
            MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName()))
        {
            engine.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
            gateway.awaitStdout("ringbook gateway running", SystemTests.PROCESS_TIMEOUT_MS);
            final int httpPort = port(gateway, HTTP_PORT);
            final BinaryBookClient binary = BinaryBookClient.connect("localhost", port(gateway, BINARY_PORT),
                new BinaryBookClient.Listener() { });

            final List<WsBookClient> clients = new ArrayList<>();
            try (WsBookClient a = WsBookClient.connect("a", httpPort, 0);
                WsBookClient b = WsBookClient.connect("b", httpPort, 0);
                WsBookClient c = WsBookClient.connect("c", httpPort, 0);
                WsBookClient slow = WsBookClient.connect("slow", httpPort, 4096);
                WsBookClient leaver = WsBookClient.connect("leaver", httpPort, 0))
            {
                clients.addAll(List.of(a, b, c, slow));
                Await.until("welcome with both instruments", SystemTests.TIMEOUT_MS, () -> { },
                    () -> clients.stream().allMatch(client -> client.welcome != null &&
                        client.welcome.get("instruments").size() == 2));
                a.subscribe("ABC", 10, 100);
                b.subscribe("ABC", 20, 0);
                b.subscribe("XYZ", 20, 0);
                c.subscribe("XYZ", 5, 1000);
                slow.subscribe("ABC", 50, 0);
                slow.subscribe("XYZ", 50, 0);
                leaver.subscribe("ABC", 50, 0);
                Await.until("snapshots", SystemTests.TIMEOUT_MS, () -> { }, () -> clients.stream()
                    .allMatch(client -> client.books.values().stream().allMatch(book -> book.snapshots == 1)));
                slow.pause();

                // Bad requests: each answered with its error; a's subscription goes on.
                a.send("not json");
                a.send("{\"op\":\"subscribe\",\"symbol\":\"NOPE\",\"id\":1}");
                a.send("{\"op\":\"subscribe\",\"symbol\":\"XYZ\",\"depth\":500,\"id\":2}");
                a.send("{\"op\":\"subscribe\",\"symbol\":\"XYZ\",\"interval\":3,\"id\":3}");
                a.send("{\"op\":\"dance\",\"id\":4}");
                a.send("{\"op\":\"unsubscribe\",\"symbol\":\"XYZ\",\"id\":5}");
                a.send("[1,2,3]");
                Await.until(() -> "7 errors for a: " + a.errors, SystemTests.TIMEOUT_MS, () -> { },
                    () -> a.errors.size() == 7);
                assertEquals(List.of("BAD_JSON", "UNKNOWN_SYMBOL", "BAD_DEPTH", "BAD_INTERVAL", "UNKNOWN_OP",
                    "NOT_SUBSCRIBED", "BAD_JSON"), a.errors.stream().map(e -> e.get("code").asText()).toList());

                // The order flow on a thread of its own; meanwhile the gateway's metrics are sampled.
                final AtomicLong maxQueued = new AtomicLong();
                final Thread flow = new Thread(() -> FeedChecks.trade(aeron, port, random, 4_000), "order-flow");
                flow.start();
                final long abortAtNs = System.nanoTime() + 2_000_000_000L;
                boolean aborted = false;
                final List<Long> diffsOfA = new ArrayList<>();
                while (flow.isAlive())
                {
                    maxQueued.accumulateAndGet(metric(httpPort, "ringbook_gateway_max_client_queued_bytes"), Math::max);
                    diffsOfA.add(a.books.get("ABC").diffs);
                    if (!aborted && System.nanoTime() > abortAtNs)
                    {
                        leaver.abort(); // an abrupt disconnect in the middle of the flow
                        aborted = true;
                    }
                    flow.join(250);
                }
                final long slowSnapshots = metric(httpPort, "ringbook_gateway_slow_client_snapshots_total");
                System.out.println("GatewaySystemTest during the flow: max queued " + maxQueued + " B, slow-client " +
                    "snapshots " + slowSnapshots + ", a's ABC diffs sampled " + diffsOfA);
                assertTrue(slowSnapshots >= 1, "the slow client was unwritable past slowSnapshotMs");
                assertTrue(maxQueued.get() <= HIGH_WATER_MARK + 64 * 1024,
                    "queued for one client: " + maxQueued + " B, bounded by the high-water mark plus a message");
                assertTrue(a.books.get("ABC").diffs > 20, a::toString);
                // a (interval 100 ms) kept getting diffs all through the slow client's spell: never 1 s without one
                // while the flow ran (sampled every 250 ms; the flow's last 2 s only drain replies).
                for (int i = 4; i < Math.min(16, diffsOfA.size() - 8); i++)
                {
                    assertTrue(diffsOfA.get(i) > diffsOfA.get(i - 4), "a stalled around sample " + i + ": " + diffsOfA);
                }

                slow.resume();
                awaitQuiet(clients);
                assertEquals(0, engine.terminate(SystemTests.PROCESS_TIMEOUT_MS), engine::describe);

                // The engine's top levels at each depth the clients asked for: one journal replay per depth.
                final Map<Integer, Map<String, String>> expectedByDepth = new java.util.HashMap<>();
                System.out.println("GatewaySystemTest engine books " + expectedByDepth.computeIfAbsent(50,
                    depth -> FeedChecks.journalLevels(engineDir.resolve("journal"), depth)));
                for (final WsBookClient client : clients)
                {
                    System.out.println("GatewaySystemTest " + client);
                    assertEquals(List.of(), client.problems, client::toString);
                    client.books.forEach((symbol, book) ->
                    {
                        final Map<String, String> expected = expectedByDepth.computeIfAbsent(book.depth,
                            depth -> FeedChecks.journalLevels(engineDir.resolve("journal"), depth));
                        assertEquals(expected.get(symbol), book.describe(book.depth), client + " " + symbol);
                        assertEquals(0, book.checksumFailures + book.continuityFailures, client::toString);
                    });
                }
                assertTrue(slow.books.get("ABC").snapshots >= 2, "a fresh snapshot after the slow spell: " + slow);
                assertTrue(slow.books.get("XYZ").snapshots >= 2, "a fresh snapshot after the slow spell: " + slow);
                for (final WsBookClient client : List.of(a, b, c, slow))
                {
                    final List<Long> latencies = new ArrayList<>(client.latenciesUs);
                    latencies.sort(null);
                    System.out.println("GatewaySystemTest " + client.name() + " diffs " + latencies.size() +
                        ", feed-to-client latency p50 " + latencies.get(latencies.size() / 2) + " us, p99 " +
                        latencies.get((int)(latencies.size() * 0.99)) + " us, max " +
                        latencies.get(latencies.size() - 1) + " us");
                }
                assertTrue(metric(httpPort, "ringbook_gateway_clients") == 4, "the leaver is gone, the rest stay");

                // The binary client: full depth, every change, the engine's books.
                final Map<String, String> engineBooks = FeedChecks.journalBooks(engineDir.resolve("journal"));
                System.out.println("GatewaySystemTest binary client: " + binary.snapshots() + " snapshots, " +
                    binary.updates() + " updates, " + binary.trades() + " trades, books " + binary.booksBySymbol());
                assertEquals(engineBooks, binary.booksBySymbol());
                assertEquals(0, binary.malformed());
                assertTrue(binary.updates() > 500, "updates: " + binary.updates());
                binary.close();
                assertEquals(0, metric(httpPort, "ringbook_gateway_errors_total"));
            }
            assertEquals(0, gateway.terminate(SystemTests.PROCESS_TIMEOUT_MS), gateway::describe);
        }
    }

    /**
     * A client that stops reading for longer than {@code slowDisconnectMs} is disconnected with a reason and counted;
     * another client on the same book is not disturbed.
     */
    @Test
    void aClientThatDoesNotReadIsDisconnectedWithAReason() throws Exception
    {
        final int port = SystemTests.freeUdpPort();
        final String incremental = SystemTests.multicastChannel(SystemTests.freeUdpPort());
        final String snapshot = SystemTests.multicastChannel(SystemTests.freeUdpPort());
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port, incremental, snapshot);
        final Path gatewayConfig = writeGatewayConfig(incremental, snapshot, 1_500);
        final Random random = new Random(System.nanoTime());

        try (EngineProcess engine = EngineProcess.start(config);
            EngineProcess gateway = EngineProcess.startCli(List.of("gateway", "--config", gatewayConfig.toString()));
            MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName()))
        {
            engine.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
            gateway.awaitStdout("ringbook gateway running", SystemTests.PROCESS_TIMEOUT_MS);
            final int httpPort = port(gateway, HTTP_PORT);
            try (WsBookClient steady = WsBookClient.connect("steady", httpPort, 0);
                WsBookClient stuck = WsBookClient.connect("stuck", httpPort, 4096))
            {
                Await.until("both welcomed", SystemTests.TIMEOUT_MS, () -> { },
                    () -> steady.welcome != null && stuck.welcome != null);
                steady.subscribe("ABC", 10, 100);
                stuck.subscribe("ABC", 50, 0);
                stuck.subscribe("XYZ", 50, 0);
                Await.until("snapshots", SystemTests.TIMEOUT_MS, () -> { },
                    () -> steady.books.size() == 1 && stuck.books.size() == 2 &&
                        stuck.books.values().stream().allMatch(book -> book.snapshots == 1));
                stuck.pause();
                FeedChecks.trade(aeron, port, random, 4_000);
                Await.until("the stuck client disconnected", SystemTests.TIMEOUT_MS, () -> { },
                    () -> metric(httpPort, "ringbook_gateway_slow_client_disconnects_total") == 1 &&
                        metric(httpPort, "ringbook_gateway_clients") == 1);
                stuck.resume();
                Await.until(() -> "the stuck client to see the connection end: " + stuck, SystemTests.TIMEOUT_MS,
                    () -> { }, stuck::isClosedByServer);
                System.out.println("GatewaySystemTest stuck client: " + stuck + "; steady: " + steady);
                assertTrue(stuck.closeCode == 1008 && stuck.closeReason.startsWith("slow consumer") ||
                    stuck.closeCode == 1006, "closed with 1008 'slow consumer' (or the connection cut before the " +
                    "close frame could be read): " + stuck);
                assertTrue(steady.books.get("ABC").diffs > 20, steady::toString);
                assertEquals(List.of(), steady.problems);
            }
            assertEquals(0, engine.terminate(SystemTests.PROCESS_TIMEOUT_MS), engine::describe);
            assertEquals(0, gateway.terminate(SystemTests.PROCESS_TIMEOUT_MS), gateway::describe);
        }
    }

    /**
     * The engine stops and starts again on its journal under a running gateway: the clients are told each book is
     * stale, then get a fresh snapshot, and end with the engine's books; so does a binary client.
     */
    @Test
    void clientsSeeStaleThenAFreshSnapshotWhenTheEngineRestarts() throws Exception
    {
        final int port = SystemTests.freeUdpPort();
        final String incremental = SystemTests.multicastChannel(SystemTests.freeUdpPort());
        final String snapshot = SystemTests.multicastChannel(SystemTests.freeUdpPort());
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port, incremental, snapshot);
        FeedChecks.appendJournal(config);
        final Path gatewayConfig = writeGatewayConfig(incremental, snapshot, 60_000);
        final Random random = new Random(System.nanoTime());

        try (EngineProcess gateway = EngineProcess.startCli(List.of("gateway", "--config", gatewayConfig.toString()));
            MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName()))
        {
            gateway.awaitStdout("ringbook gateway running", SystemTests.PROCESS_TIMEOUT_MS);
            final int httpPort = port(gateway, HTTP_PORT);
            try (EngineProcess engine = EngineProcess.start(config))
            {
                engine.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
                try (WsBookClient client = WsBookClient.connect("client", httpPort, 0);
                    BinaryBookClient binary = BinaryBookClient.connect("localhost", port(gateway, BINARY_PORT),
                        new BinaryBookClient.Listener() { }))
                {
                    Await.until("both instruments", SystemTests.TIMEOUT_MS, () -> { },
                        () -> client.welcome != null && client.welcome.get("instruments").size() == 2);
                    client.subscribe("ABC", 10, 0);
                    client.subscribe("XYZ", 10, 100);
                    FeedChecks.trade(aeron, port, random, 2_000);
                    assertEquals(0, engine.terminate(SystemTests.PROCESS_TIMEOUT_MS), engine::describe);
                    Await.until(() -> "stale books: " + client, SystemTests.PROCESS_TIMEOUT_MS, () -> { },
                        () -> client.books.values().stream().allMatch(book -> book.stale >= 1));

                    try (EngineProcess again = EngineProcess.start(config))
                    {
                        again.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
                        Await.until(() -> "fresh snapshots: " + client, SystemTests.PROCESS_TIMEOUT_MS, () -> { },
                            () -> client.books.values().stream().allMatch(book -> book.snapshots >= 2));
                        FeedChecks.trade(aeron, port, random, 2_000);
                        awaitQuiet(List.of(client));
                        assertEquals(0, again.terminate(SystemTests.PROCESS_TIMEOUT_MS), again::describe);
                    }
                    System.out.println("GatewaySystemTest restart: " + client + "; binary " + binary.snapshots() +
                        " snapshots, " + binary.updates() + " updates");
                    assertEquals(List.of(), client.problems, client::toString);
                    final Map<String, String> expected = FeedChecks.journalLevels(engineDir.resolve("journal"), 10);
                    client.books.forEach((symbol, book) -> assertEquals(expected.get(symbol), book.describe(10),
                        client + " " + symbol));
                    assertEquals(FeedChecks.journalBooks(engineDir.resolve("journal")), binary.booksBySymbol());
                    assertEquals(0, binary.malformed());
                    assertTrue(binary.snapshots() >= 4, "binary snapshots: " + binary.snapshots());
                }
            }
            assertEquals(0, gateway.terminate(SystemTests.PROCESS_TIMEOUT_MS), gateway::describe);
        }
    }

    /**
     * Waits until no book of any client has changed for 1.5 s (the flow has stopped and every diff is in).
     */
    static void awaitQuiet(final List<WsBookClient> clients)
    {
        final long[] last = { -1 };
        final long[] sinceNs = { System.nanoTime() };
        Await.until(() -> "quiet books: " + clients, 30_000, () -> { }, () ->
        {
            long sum = 0;
            for (final WsBookClient client : clients)
            {
                for (final WsBookClient.Book book : client.books.values())
                {
                    sum += book.updateId * 31 + book.snapshots;
                }
            }
            if (sum != last[0])
            {
                last[0] = sum;
                sinceNs[0] = System.nanoTime();
            }
            return System.nanoTime() - sinceNs[0] > 1_500_000_000L;
        });
    }

    Path writeGatewayConfig(final String incremental, final String snapshot, final int slowDisconnectMs)
        throws IOException
    {
        return Files.writeString(dir.resolve("gateway.yaml"), String.join("\n",
            "gateway:",
            "  dir: " + dir.resolve("gateway"),
            "  httpPort: 0",
            "  binaryPort: 0",
            "  heartbeatMs: 1000",
            "  slowSnapshotMs: 500",
            "  slowDisconnectMs: " + slowDisconnectMs,
            "  socketSendBufferBytes: 8192",
            "  writeBufferLowWaterMark: 8192",
            "  writeBufferHighWaterMark: " + HIGH_WATER_MARK,
            "feed:",
            "  incrementalChannel: " + incremental,
            "  snapshotChannel: " + snapshot,
            ""));
    }

    static int port(final EngineProcess gateway, final Pattern pattern)
    {
        for (final String line : gateway.stdoutLines())
        {
            final Matcher matcher = pattern.matcher(line);
            if (matcher.find())
            {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("no port in the gateway's output: " + gateway.describe());
    }

    static long metric(final int httpPort, final String name)
    {
        try
        {
            final String text = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            for (final String line : text.split("\n"))
            {
                if (line.startsWith(name + " "))
                {
                    return Long.parseLong(line.substring(name.length() + 1).trim());
                }
            }
            throw new AssertionError("no metric " + name + " in " + text);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }
}
