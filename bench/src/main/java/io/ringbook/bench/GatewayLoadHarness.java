package io.ringbook.bench;

import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.Workload;
import io.ringbook.gateway.BinaryBookClient;
import io.ringbook.gateway.Gateway;
import io.ringbook.gateway.GatewayConfig;
import io.ringbook.feed.book.FeedBook;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * How many WebSocket clients one gateway serves, and the binary port's latency. In one JVM: the feed as the engine
 * publishes it ({@link FeedRig}: matcher, recorder, publisher on its own thread, Aeron IPC), a {@link Gateway} joined
 * to it, and the clients: JDK WebSocket clients (one {@link HttpClient}, one callback thread) each subscribed to the
 * first instrument at a depth and an interval, and a {@link BinaryBookClient}.
 * <p>
 * A sender thread matches exchange-core's mix at RATE commands per second, each stamped with its intended time
 * (epoch ns), which the feed carries as {@code transactTimeNs} and the gateway as {@code timeUs}: a client's latency is
 * its clock when a diff arrives minus the diff's {@code timeUs} (the freshness of the newest event in it). For each
 * client count: connect and subscribe, WARMUP seconds, then SECONDS measured: latency percentiles, diffs per client
 * per second. Then the binary phase at BINARYRATE events per second: latency of each {@code IncrementalBookUpdate}.
 * <pre>
 * java $(flags) -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.ringbook.bench.GatewayLoadHarness \
 *     [clients=500,1000,2000,5000] [rate=2000] [interval=100] [depth=10] [seconds=10] [warmup=3] \
 *     [binaryRate=100000] [hgrm=PREFIX] [wsClient=netty|jdk]
 * </pre>
 * The WebSocket clients are Netty's on one event-loop thread ({@code wsClient=netty}, the default), or one JDK
 * {@code HttpClient} WebSocket each ({@code wsClient=jdk}: the heavier client these numbers were first taken with).
 */
public final class GatewayLoadHarness
{
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(30);

    private GatewayLoadHarness()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = new HashMap<>();
        for (final String arg : args)
        {
            final int eq = arg.indexOf('=');
            if (eq < 1)
            {
                System.err.println("usage: GatewayLoadHarness [clients=500,1000,2000,5000] [rate=2000] " +
                    "[interval=100] [depth=10] [seconds=10] [warmup=3] [binaryRate=100000] [hgrm=PREFIX] " +
                    "[wsClient=netty|jdk]");
                System.exit(2);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        final String[] clientCounts = options.getOrDefault("clients", "500,1000,2000,5000").split(",");
        final long rate = Long.parseLong(options.getOrDefault("rate", "2000"));
        final int interval = Integer.parseInt(options.getOrDefault("interval", "100"));
        final int depth = Integer.parseInt(options.getOrDefault("depth", "10"));
        final int seconds = Integer.parseInt(options.getOrDefault("seconds", "10"));
        final int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
        final long binaryRate = Long.parseLong(options.getOrDefault("binaryRate", "100000"));
        final String hgrm = options.get("hgrm");
        final boolean jdkClients = "jdk".equals(options.getOrDefault("wsClient", "netty"));

        final long commands = rate * (long)(seconds + warmup + 30) * clientCounts.length +
            binaryRate * (seconds + warmup);
        final Workload workload = ExchangeCoreWorkload.generate(PipelineBenchmark.SEED, (int)(commands * 11 / 10));
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        System.out.printf("gateway load: %d cores, %s, %d events/s, depth %d, interval %d ms%n",
            Runtime.getRuntime().availableProcessors(), workload.name(), rate, depth, interval);

        try (FeedRig rig = new FeedRig(workload, "ipc", "shared", "backoff", clock))
        {
            rig.publisherOnCaller = false;
            final AgentRunner publisherRunner = new AgentRunner(new BackoffIdleStrategy(
                100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)),
                Throwable::printStackTrace, null, rig.publisher);
            final GatewayConfig config = new GatewayConfig();
            config.gateway.aeronDir = rig.driver.aeronDirectoryName();
            config.gateway.httpPort = 0;
            config.gateway.binaryPort = 0;
            config.gateway.maxClients = 100_000;
            config.feed.incrementalChannel = rig.incrementalChannel;
            config.feed.incrementalStreamId = FeedRig.INCREMENTAL_STREAM_ID;
            config.feed.snapshotChannel = rig.snapshotChannel;
            config.feed.snapshotStreamId = FeedRig.SNAPSHOT_STREAM_ID;
            final Gateway gateway = Gateway.launch(config, System.out);
            final Sender sender = new Sender(rig, clock);
            final ExecutorService callbacks = Executors.newSingleThreadExecutor();
            final HttpClient http = HttpClient.newBuilder().executor(callbacks).build();
            final List<WebSocket> sockets = new ArrayList<>();
            final Stats stats = new Stats(clock);
            final NettyWsClients nettyClients = new NettyWsClients(gateway.httpPort(), stats);
            try
            {
                AgentRunner.startOnThread(publisherRunner);
                awaitFeed(rig, gateway);
                sender.rate = rate;
                sender.start();
                final String symbol = firstSymbol(http, gateway.httpPort());
                for (final String count : clientCounts)
                {
                    final int target = Integer.parseInt(count.trim());
                    final String subscribe = "{\"op\":\"subscribe\",\"symbol\":\"" + symbol + "\",\"depth\":" +
                        depth + ",\"interval\":" + interval + "}";
                    if (jdkClients)
                    {
                        connect(http, gateway.httpPort(), sockets, target, stats, subscribe);
                    }
                    else
                    {
                        nettyClients.connect(target, subscribe);
                    }
                    sleep(warmup);
                    stats.reset();
                    final long diffsBefore = stats.diffs.get();
                    final long sentBefore = gateway.counters().messagesOut.get();
                    sleep(seconds);
                    final Histogram histogram = stats.recorder.getIntervalHistogram();
                    final long diffs = stats.diffs.get() - diffsBefore;
                    report("ws clients=" + target, histogram, hgrm == null ? null : hgrm + "-ws-" + target);
                    System.out.printf("  %.1f diffs per client per second, gateway messages out %.0f/s, " +
                        "slow-client snapshots %d, disconnects %d%n",
                        diffs / (double)seconds / target,
                        (gateway.counters().messagesOut.get() - sentBefore) / (double)seconds,
                        gateway.counters().slowSnapshots.get(), gateway.counters().slowDisconnects.get());
                }
                for (final WebSocket socket : sockets)
                {
                    socket.abort();
                }
                sockets.clear();
                nettyClients.close();

                // The binary port at binaryRate events per second.
                final Recorder binaryRecorder = new Recorder(MAX_LATENCY_NS, 3);
                try (BinaryBookClient binary = BinaryBookClient.connect("localhost", gateway.binaryPort(),
                    new BinaryBookClient.Listener()
                    {
                        public void onUpdate(final int instrumentId, final FeedBook book, final long engineSequence,
                            final long transactTimeNs)
                        {
                            binaryRecorder.recordValue(
                                Math.min(MAX_LATENCY_NS, Math.max(0, clock.nanoTime() - transactTimeNs)));
                        }
                    }))
                {
                    sender.rate = binaryRate;
                    sleep(warmup);
                    binaryRecorder.reset();
                    final long updatesBefore = binary.updates();
                    final long snapshotsBefore = binary.snapshots();
                    sleep(seconds);
                    report("binary at " + binaryRate + "/s", binaryRecorder.getIntervalHistogram(),
                        hgrm == null ? null : hgrm + "-binary");
                    System.out.printf("  %.0f updates/s received, %d snapshots (fell behind) while measuring, " +
                        "sender at most %.1f ms behind%n", (binary.updates() - updatesBefore) / (double)seconds,
                        binary.snapshots() - snapshotsBefore, sender.maxBehindNs / 1e6);
                }
            }
            finally
            {
                sender.stop();
                for (final WebSocket socket : sockets)
                {
                    socket.abort();
                }
                callbacks.shutdownNow();
                nettyClients.close();
                CloseHelper.quietClose(gateway);
                CloseHelper.quietClose(publisherRunner);
            }
        }
    }

    private static void awaitFeed(final FeedRig rig, final Gateway gateway)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        rig.writeStart(); // the gateway takes the books from the snapshot loop if it joins after this
        while (gateway.counters().feedSnapshotsApplied.get() == 0)
        {
            check(deadlineNs, "the gateway did not take the books");
            LockSupport.parkNanos(1_000_000);
        }
    }

    private static void check(final long deadlineNs, final String what)
    {
        if (System.nanoTime() > deadlineNs)
        {
            throw new IllegalStateException(what);
        }
    }

    private static String firstSymbol(final HttpClient http, final int port) throws Exception
    {
        final CompletableFuture<String> welcome = new CompletableFuture<>();
        final WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create("ws://localhost:" + port + "/ws"),
            new WebSocket.Listener()
            {
                public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
                {
                    final String text = data.toString();
                    final int at = text.indexOf("\"symbol\":\"");
                    if (at > 0)
                    {
                        welcome.complete(text.substring(at + 10, text.indexOf('"', at + 10)));
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
        final String symbol = welcome.get(10, TimeUnit.SECONDS);
        socket.abort();
        return symbol;
    }

    private static void connect(
        final HttpClient http, final int port, final List<WebSocket> sockets, final int target, final Stats stats,
        final String subscribe) throws Exception
    {
        final List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        while (sockets.size() + pending.size() < target)
        {
            pending.add(http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://localhost:" + port + "/ws"), new Client(stats))
                .thenCompose(socket -> socket.sendText(subscribe, true)));
            if (pending.size() == 100)
            {
                for (final CompletableFuture<WebSocket> future : pending)
                {
                    sockets.add(future.get(30, TimeUnit.SECONDS));
                }
                pending.clear();
            }
        }
        for (final CompletableFuture<WebSocket> future : pending)
        {
            sockets.add(future.get(30, TimeUnit.SECONDS));
        }
    }

    private static void sleep(final int seconds) throws InterruptedException
    {
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds)); // a measuring window, not a wait for a condition
    }

    private static void report(final String what, final Histogram histogram, final String hgrmFile) throws Exception
    {
        System.out.printf("%s: %d updates, latency us: p50 %.0f, p90 %.0f, p99 %.0f, p99.9 %.0f, max %.0f%n",
            what, histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1e3,
            histogram.getValueAtPercentile(90) / 1e3, histogram.getValueAtPercentile(99) / 1e3,
            histogram.getValueAtPercentile(99.9) / 1e3, histogram.getMaxValue() / 1e3);
        if (hgrmFile != null)
        {
            try (PrintStream out = new PrintStream(hgrmFile + ".hgrm"))
            {
                histogram.outputPercentileDistribution(out, 1000.0);
            }
        }
    }

    /**
     * Latencies and counts of every client's diffs.
     */
    static final class Stats
    {
        final OffsetEpochNanoClock clock;
        final Recorder recorder = new Recorder(MAX_LATENCY_NS, 3);
        final AtomicLong diffs = new AtomicLong();

        Stats(final OffsetEpochNanoClock clock)
        {
            this.clock = clock;
        }

        void reset()
        {
            recorder.reset();
        }

        void record(final long nowNs, final long timeUs)
        {
            diffs.incrementAndGet();
            recorder.recordValue(Math.min(MAX_LATENCY_NS, Math.max(0, nowNs - timeUs * 1_000)));
        }
    }

    /**
     * One WebSocket client: records each diff's latency from its {@code timeUs}.
     */
    static final class Client implements WebSocket.Listener
    {
        private final Stats stats;
        private final StringBuilder partial = new StringBuilder();

        Client(final Stats stats)
        {
            this.stats = stats;
        }

        public CompletionStage<?> onText(final WebSocket webSocket, final CharSequence data, final boolean last)
        {
            final long nowNs = stats.clock.nanoTime();
            final CharSequence text;
            if (last && partial.length() == 0)
            {
                text = data;
            }
            else
            {
                partial.append(data);
                text = last ? partial : null;
            }
            if (text != null)
            {
                onMessage(text, nowNs);
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void onMessage(final CharSequence text, final long nowNs)
        {
            if (text.length() < 16 || text.charAt(9) != 'd') // {"type":"diff"
            {
                return;
            }
            final String message = text.toString();
            final int at = message.indexOf("\"timeUs\":");
            if (at < 0)
            {
                return;
            }
            long timeUs = 0;
            for (int i = at + 9; i < message.length() && Character.isDigit(message.charAt(i)); i++)
            {
                timeUs = timeUs * 10 + (message.charAt(i) - '0');
            }
            stats.record(nowNs, timeUs);
        }
    }

    /**
     * Plays the workload at a settable rate, each command stamped with its intended time.
     */
    static final class Sender implements Runnable
    {
        private final FeedRig rig;
        private final OffsetEpochNanoClock clock;
        private final Thread thread = new Thread(this, "sender");
        volatile long rate;
        volatile boolean running = true;
        volatile long maxBehindNs;

        Sender(final FeedRig rig, final OffsetEpochNanoClock clock)
        {
            this.rig = rig;
            this.clock = clock;
            thread.setDaemon(true);
        }

        void start()
        {
            thread.start();
        }

        void stop() throws InterruptedException
        {
            running = false;
            thread.join(5_000);
        }

        public void run()
        {
            long currentRate = rate;
            long startNs = clock.nanoTime();
            long sent = 0;
            while (running)
            {
                if (rate != currentRate)
                {
                    currentRate = rate;
                    startNs = clock.nanoTime();
                    sent = 0;
                    maxBehindNs = 0;
                }
                final long dueNs = startNs + sent * 1_000_000_000L / currentRate;
                final long nowNs = clock.nanoTime();
                if (nowNs < dueNs)
                {
                    LockSupport.parkNanos(Math.min(dueNs - nowNs, 50_000));
                    continue;
                }
                maxBehindNs = Math.max(maxBehindNs, nowNs - dueNs);
                rig.process(dueNs);
                sent++;
            }
        }
    }
}
