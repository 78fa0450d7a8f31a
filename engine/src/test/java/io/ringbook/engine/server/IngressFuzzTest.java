package io.ringbook.engine.server;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.ringbook.codecs.orderentry.CancelRejectDecoder;
import io.ringbook.codecs.orderentry.ExecutionReportDecoder;
import io.ringbook.codecs.orderentry.LogonEncoder;
import io.ringbook.codecs.orderentry.MessageHeaderEncoder;
import io.ringbook.codecs.orderentry.OrderRejectDecoder;
import io.ringbook.codecs.orderentry.SessionRejectDecoder;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.client.LogonRejectedException;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.engine.client.OrderEntryListener;
import io.ringbook.engine.server.fuzz.AccountReplyCounts;
import io.ringbook.engine.server.fuzz.CleanOrderFlow;
import io.ringbook.engine.server.fuzz.FrameFuzzer;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.TelemetryReader;
import org.agrona.CloseHelper;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile input on the order-entry ingress of an in-process {@link EngineNode} (real media driver, UDP on localhost)
 * while a clean session trades: for a bounded time ({@value #DURATION_PROP}, 5 s by default) fuzzer sessions, some
 * logged on as their own accounts and some never logged on, send what {@link FrameFuzzer} makes (garbage, truncated
 * frames, mutated headers, enums out of range, extreme values, overrunning variable-length fields, flipped bytes),
 * reconnecting when the engine throws them out; meanwhile a clean session sends the seeded {@link CleanOrderFlow}.
 * <p>
 * Afterwards: the engine still answers a valid order correctly (so no thread died), its error counter is 0, it
 * counted malformed frames, session rejects and garbage disconnects, no fuzzer ever had an order accepted, and its
 * state hash equals that of a fresh engine that processed only the clean session's commands, whose replies also
 * match what the clean session got. Everything is seeded ({@value #SEED_PROP}); a failure names the seed.
 */
@Tag("slow")
class IngressFuzzTest
{
    static final String SEED_PROP = "ringbook.fuzz.seed";
    static final String DURATION_PROP = "ringbook.fuzz.durationMs";
    private static final long CLEAN = 1;
    private static final String CLEAN_SECRET = "clean-secret";
    private static final int ABC = 1;
    private static final int FUZ = 2;
    private static final int PRB = 3;
    private static final int[] INSTRUMENTS = { ABC, FUZ, PRB };
    private static final long MAX_QUANTITY = 1000;
    private static final int MAX_BAD_FRAMES = 8;
    private static final int CLIENT_ORDER_ID_CAPACITY = 1 << 16;
    private static final int ORDERS_PER_INSTRUMENT = 1 << 13;
    private static final long FENCE_REQUEST_ID = Long.MAX_VALUE - 1;
    private static final long PROBE_SELL = Long.MAX_VALUE - 10;
    private static final long PROBE_BUY = Long.MAX_VALUE - 11;
    private static final String SMALL_TERMS = "|term-length=65536";
    private static final long TIMEOUT_MS = 10_000;
    /** Connecting blocks the test's one thread for a moment, so logged-on fuzzers come back at most this often. */
    private static final long RECONNECT_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(50);

    @TempDir
    Path dir;

    private EngineNode node;
    private Aeron fuzzAeron;
    private OrderEntryClient clean;
    private final List<Fuzzer> fuzzers = new ArrayList<>();

    @AfterEach
    void tearDown()
    {
        fuzzers.forEach(Fuzzer::close);
        CloseHelper.quietCloseAll(clean, fuzzAeron);
        if (node != null)
        {
            node.close();
        }
    }

    @Test
    void hostileIngressNeitherKillsTheEngineNorChangesItsState() throws IOException
    {
        final long seed = Long.getLong(SEED_PROP, ThreadLocalRandom.current().nextLong());
        final long durationMs = Long.getLong(DURATION_PROP, 5_000);
        System.out.println("IngressFuzzTest: seed " + seed + ", " + durationMs + " ms (-D" + SEED_PROP + "=" +
            seed + " repeats it)");
        try
        {
            fuzz(seed, durationMs);
        }
        catch (final AssertionError | RuntimeException ex)
        {
            throw new AssertionError("IngressFuzzTest failed with seed " + seed + " (rerun with -D" + SEED_PROP +
                "=" + seed + "): " + ex.getMessage(), ex);
        }
    }

    /**
     * The response channel of a Logon is client input: one the driver cannot use, or could only use by erroring
     * (another term length on a channel and stream already published on), is a refused logon, counted, and never an
     * engine error (which would mean a bug, and which a client could use to fill the error log).
     */
    @Test
    void logonsWithUnusableResponseChannelsAreRefusedWithoutEngineErrors() throws IOException
    {
        node = EngineNode.launch(EngineConfig.parse(config(dir, EngineNodeTest.freeUdpPort(), 1000), "fuzz"));
        fuzzAeron = connectAeron(dir.resolve("aeron").toString());
        final List<String> channels = List.of(
            "aeron:udp?endpoint=localhost:40999|term-length?65536",
            "aero?:udp?endpoint=localhost:40999",
            "aeron:udp?endpoinu=localhost:40999",
            "aeron:udp?endpoint=localhost:40999|term-length=3",
            "aeron:udp?endpoint=localhost:40999|mtu=7",
            "aeron:udp?endpoint=no-such-host.invalid:40999",
            // Usable, but the second names the first's channel and stream with another term length, while the
            // first (its reject undeliverable) still holds its publication: the driver would refuse to share it.
            "aeron:udp?endpoint=localhost:40999",
            "aeron:udp?endpoint=localhost:40999|term-length=65536");
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final List<ExclusivePublication> connections = new ArrayList<>();
        try (TelemetryReader stat = TelemetryReader.open(dir))
        {
            for (final String channel : channels)
            {
                // A connection each: the engine ignores a second Logon on a connection whose first was refused.
                final ExclusivePublication publication = fuzzAeron.addExclusivePublication(
                    node.config().engine.ingressChannel, node.config().engine.ingressStreamId);
                connections.add(publication);
                Await.until("the ingress to connect", TIMEOUT_MS, () -> { }, publication::isConnected);
                final long rejects = stat.counterValue(EngineCounter.LOGON_REJECTS);
                final int length = logon(buffer, 99, "guess", channel);
                Await.until("the logon to go", TIMEOUT_MS, () -> { }, () -> publication.offer(buffer, 0, length) > 0);
                Await.until("the logon with " + channel + " to be refused", TIMEOUT_MS, () -> { },
                    () -> stat.counterValue(EngineCounter.LOGON_REJECTS) > rejects);
            }
            final StringBuilder errors = new StringBuilder();
            stat.readErrors((count, first, last, text) -> errors.append(count).append(" x ").append(text).append('\n'));
            assertEquals(0, stat.counterValue(EngineCounter.ERRORS), () -> "the engine logged errors:\n" + errors);
            assertEquals(channels.size(), stat.counterValue(EngineCounter.LOGON_REJECTS));
            assertEquals(0, stat.counterValue(EngineCounter.LOGONS));
        }
        finally
        {
            connections.forEach(CloseHelper::quietClose);
        }
    }

    /**
     * A Logon that the engine refuses but cannot answer (its response channel leads nowhere) stays pending until the
     * logon timeout, its reply retried by housekeeping. When the client goes meanwhile, Aeron frees its image's
     * buffers a few seconds later; the pending reply must not read them. (It did: the LogonReject took its account id
     * from the agent's logon decoder, still wrapped over that image, and the order-entry thread died of SIGSEGV,
     * taking the whole engine with it, on the word of a client that never logged on.)
     */
    @Test
    void anUndeliverableLogonRejectOutlivingItsClientIsHarmless() throws IOException
    {
        node = EngineNode.launch(EngineConfig.parse(config(dir, EngineNodeTest.freeUdpPort(), 7000), "fuzz"));
        final String aeronDir = dir.resolve("aeron").toString();
        fuzzAeron = connectAeron(aeronDir);
        final ExclusivePublication publication = fuzzAeron.addExclusivePublication(
            node.config().engine.ingressChannel, node.config().engine.ingressStreamId);
        Await.until("the ingress to connect", TIMEOUT_MS, () -> { }, publication::isConnected);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final int length = logon(buffer, 99, "guess",
            "aeron:udp?endpoint=localhost:" + EngineNodeTest.freeUdpPort());
        try (TelemetryReader stat = TelemetryReader.open(dir))
        {
            Await.until("the logon to go", TIMEOUT_MS, () -> { }, () -> publication.offer(buffer, 0, length) > 0);
            Await.until("the logon to be refused", TIMEOUT_MS, () -> { },
                () -> stat.counterValue(EngineCounter.LOGON_REJECTS) == 1);
            publication.close();
            Await.until("the refused session to time out", 3 * TIMEOUT_MS, () -> { },
                () -> stat.counterValue(EngineCounter.SESSION_TIMEOUTS) == 1);

            final CleanListener out = new CleanListener();
            clean = OrderEntryClient.connect(new OrderEntryClient.Context()
                .aeronDirectoryName(aeronDir)
                .ingressChannel(node.config().engine.ingressChannel)
                .accountId(CLEAN)
                .secret(CLEAN_SECRET)
                .listener(out));
            send(() -> clean.newOrder(PROBE_SELL, PRB, io.ringbook.codecs.orderentry.Side.Sell,
                io.ringbook.codecs.orderentry.OrdType.Limit, io.ringbook.codecs.orderentry.TimeInForce.GTC, 10_000, 10,
                false, io.ringbook.codecs.orderentry.StpMode.None));
            Await.until("the order's New", TIMEOUT_MS, this::pollAll, () -> out.probe.size() == 1);
            assertEquals("New New id=1 clid=" + PROBE_SELL + " Sell px=10000 qty=10 leaves=10 cum=0 last=-",
                out.probe.get(0));
            assertEquals(0, stat.counterValue(EngineCounter.ERRORS));
        }
    }

    /**
     * An Aeron client for the test's raw publications and fuzzers, whose errors are printed, not fatal (Aeron's
     * default handler exits the JVM when the driver goes).
     */
    private static Aeron connectAeron(final String aeronDir)
    {
        return Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(aeronDir)
            .errorHandler(ex -> System.err.println("IngressFuzzTest Aeron client: " + ex)));
    }

    private static int logon(final ExpandableArrayBuffer buffer, final long account, final String secret,
        final String responseChannel)
    {
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final LogonEncoder logon = new LogonEncoder().wrapAndApplyHeader(buffer, 0, header)
            .accountId(account)
            .heartbeatIntervalMs(1000)
            .responseStreamId(102)
            .secret(secret)
            .responseChannel(responseChannel);
        return MessageHeaderEncoder.ENCODED_LENGTH + logon.encodedLength();
    }

    static String config(final Path dir, final int port, final int logonTimeoutMs)
    {
        return String.join("\n",
            "engine:",
            "  dir: " + dir,
            "  ingressChannel: aeron:udp?endpoint=localhost:" + port,
            "  ringSize: 1024",
            "  logonTimeoutMs: " + logonTimeoutMs,
            "  maxBadFrames: " + MAX_BAD_FRAMES,
            "  clientOrderIdCapacity: " + CLIENT_ORDER_ID_CAPACITY,
            "  ordersPerInstrument: " + ORDERS_PER_INSTRUMENT,
            "instruments:",
            "  - { id: 1, symbol: ABC, tick: '0.01', lot: 1, maxQty: " + MAX_QUANTITY + ", band: 10%, ref: '100.00' }",
            "  - { id: 2, symbol: FUZ, tick: '0.01', lot: 10, maxQty: " + MAX_QUANTITY + ", band: 10%, ref: '100.00' }",
            "  - { id: 3, symbol: PRB, tick: '0.01', lot: 1, maxQty: " + MAX_QUANTITY + ", band: 10%, ref: '100.00' }",
            "accounts:",
            "  - { id: 1, name: clean, secret: " + CLEAN_SECRET + ", cancelOnDisconnect: false, maxOrdersPerSecond: 0 }",
            "  - { id: 11, name: fuzz1, secret: fuzz1-secret }",
            "  - { id: 12, name: fuzz2, secret: fuzz2-secret, maxOrdersPerSecond: 200 }",
            "");
    }

    private void fuzz(final long seed, final long durationMs) throws IOException
    {
        final Random seeds = new Random(seed);
        node = EngineNode.launch(EngineConfig.parse(config(dir, EngineNodeTest.freeUdpPort(), 1000), "fuzz"));
        final String aeronDir = dir.resolve("aeron").toString();
        final String ingress = node.config().engine.ingressChannel;
        fuzzAeron = connectAeron(aeronDir);

        final CleanListener cleanOut = new CleanListener();
        clean = OrderEntryClient.connect(new OrderEntryClient.Context()
            .aeronDirectoryName(aeronDir)
            .ingressChannel(ingress)
            .accountId(CLEAN)
            .secret(CLEAN_SECRET)
            .heartbeatIntervalMs(2000) // it is polled between fuzzer reconnects, which block for a moment
            .listener(cleanOut));
        final CleanOrderFlow flow = new CleanOrderFlow(new Random(seeds.nextLong()), CLEAN, ABC);

        final String deadEndpoint = "aeron:udp?endpoint=localhost:" + EngineNodeTest.freeUdpPort();
        fuzzers.add(new Fuzzer("fuzz1", 11, "fuzz1-secret", seeds.nextLong(), ingress, deadEndpoint));
        fuzzers.add(new Fuzzer("fuzz2", 12, "fuzz2-secret", seeds.nextLong(), ingress, deadEndpoint));
        fuzzers.add(new Fuzzer("anonymous", 0, "not-a-secret", seeds.nextLong(), ingress, deadEndpoint));

        final long endNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(durationMs);
        long iterations = 0;
        long nowNs;
        while ((nowNs = System.nanoTime()) < endNs)
        {
            flow.sendNext(clean);
            for (final Fuzzer fuzzer : fuzzers)
            {
                fuzzer.step(nowNs);
            }
            pollAll();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200));
            iterations++;
        }
        fuzzers.forEach(Fuzzer::close);

        // The clean session was never disturbed, and everything it sent has been answered (a fence: a cancel of
        // nothing, whose reject comes after every earlier reply).
        assertNull(cleanOut.disconnectReason, "the clean session was disconnected");
        assertEquals(0, cleanOut.sessionRejects, "the clean session sends only valid frames");
        final EngineCommand fence = new EngineCommand().cancel(ABC, CLEAN, FENCE_REQUEST_ID, 0);
        fence.requestId = FENCE_REQUEST_ID;
        send(() -> flow.sendExtra(clean, fence));
        Await.until("the clean session's fence", TIMEOUT_MS, this::pollAll, () -> cleanOut.fenced);

        // (a) A valid order on an instrument nobody used gets exactly the right reports: the agent and the matcher
        // are alive.
        send(() -> flow.sendExtra(clean, new EngineCommand()
            .newOrder(PRB, CLEAN, PROBE_SELL, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 10_000, 10)));
        Await.until("the probe's New", TIMEOUT_MS, this::pollAll, () -> cleanOut.probe.size() >= 1);
        send(() -> flow.sendExtra(clean, new EngineCommand()
            .newOrder(PRB, CLEAN, PROBE_BUY, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 10_000, 4)));
        Await.until("the probe's trade", TIMEOUT_MS, this::pollAll, () -> cleanOut.probe.size() >= 4);
        final long sellId = cleanOut.probeSellOrderId;
        assertEquals(List.of(
            "New New id=" + sellId + " clid=" + PROBE_SELL + " Sell px=10000 qty=10 leaves=10 cum=0 last=-",
            "New New id=" + (sellId + 1) + " clid=" + PROBE_BUY + " Buy px=10000 qty=4 leaves=4 cum=0 last=-",
            "Trade PartiallyFilled id=" + sellId + " clid=" + PROBE_SELL + " Sell px=10000 qty=10 leaves=6 cum=4 " +
                "last=4@10000 trade=1",
            "Trade Filled id=" + (sellId + 1) + " clid=" + PROBE_BUY + " Buy px=10000 qty=4 leaves=0 cum=4 " +
                "last=4@10000 trade=1"), cleanOut.probe);

        // (b), (c): no errors; the bad input was seen, refused and thrown out.
        final Map<EngineCounter, Long> counters = new EnumMap<>(EngineCounter.class);
        try (TelemetryReader stat = TelemetryReader.open(dir))
        {
            for (final EngineCounter counter : EngineCounter.values())
            {
                counters.put(counter, stat.counterValue(counter));
            }
            final StringBuilder errors = new StringBuilder();
            stat.readErrors((count, first, last, text) -> errors.append(count).append(" x ").append(text).append('\n'));
            assertEquals(0, counters.get(EngineCounter.ERRORS), () -> "the engine logged errors:\n" + errors);
        }
        final Map<String, Long> fuzzStats = new TreeMap<>();
        for (final Fuzzer fuzzer : fuzzers)
        {
            fuzzer.frames.counts().forEach((kind, count) -> fuzzStats.merge(kind.name(), count, Long::sum));
            fuzzStats.merge("reconnections", (long)fuzzer.reconnections, Long::sum);
            fuzzStats.merge("logon failures", (long)fuzzer.logonFailures, Long::sum);
            fuzzStats.merge("logouts seen", (long)fuzzer.out.disconnects, Long::sum);
            fuzzStats.merge("session rejects seen", fuzzer.out.sessionRejects, Long::sum);
            fuzzStats.merge("order rejects seen", fuzzer.out.orderRejects, Long::sum);
            fuzzStats.merge("cancel rejects seen", fuzzer.out.cancelRejects, Long::sum);
            assertEquals(0, fuzzer.out.executionReports, fuzzer.name + " must never have an order accepted");
        }
        System.out.println("IngressFuzzTest: " + iterations + " iterations, " + flow.sent().size() +
            " clean commands, fuzz " + fuzzStats + ", counters " + counters);
        assertTrue(counters.get(EngineCounter.MALFORMED_FRAMES) > 0, counters::toString);
        assertTrue(counters.get(EngineCounter.SESSION_REJECTS) > 0, counters::toString);
        assertTrue(counters.get(EngineCounter.GARBAGE_DISCONNECTS) > 0, counters::toString);

        // (d) The state is the clean session's alone: a fresh engine fed only its commands ends in the same state
        // and gives the same replies. Clients go first: an Aeron client that outlives its media driver calls its
        // error handler, and Aeron's default one (which OrderEntryClient's own Aeron client has) exits the JVM.
        // The clean session's logout changes nothing: its account keeps its orders.
        CloseHelper.quietCloseAll(clean, fuzzAeron);
        clean = null;
        fuzzAeron = null;
        node.close();
        final long nodeHash = node.stateHash();
        final AccountReplyCounts replayed = new AccountReplyCounts(CLEAN);
        final MatchingEngine replay = new MatchingEngine(
            instrument -> new FastOrderBook(instrument, ORDERS_PER_INSTRUMENT), replayed, CLIENT_ORDER_ID_CAPACITY);
        for (final Instrument instrument : node.config().buildInstruments())
        {
            replay.addInstrument(instrument);
        }
        long sequence = 0;
        for (final EngineCommand command : flow.sent())
        {
            command.sequence = sequence++;
            replay.process(command);
        }
        assertEquals(sellId + 2, replay.nextOrderId(), "order ids: only the clean session's orders were accepted");
        assertEquals(replayed.counts(), cleanOut.counts, "replies to the clean session");
        assertEquals(replay.stateHash(), nodeHash, "state hash of the engine vs the clean session's replay");
    }

    private void pollAll()
    {
        if (clean != null)
        {
            clean.poll();
        }
        for (final Fuzzer fuzzer : fuzzers)
        {
            fuzzer.poll();
        }
    }

    private void send(final java.util.function.LongSupplier send)
    {
        final long[] result = {0};
        Await.until("a send", TIMEOUT_MS, this::pollAll, () -> (result[0] = send.getAsLong()) > 0);
    }

    /**
     * What the clean session got: counts by reply type, the probe's reports as lines, and the fence.
     */
    private static final class CleanListener implements OrderEntryListener
    {
        final Map<String, Long> counts = new TreeMap<>();
        final List<String> probe = new ArrayList<>();
        long probeSellOrderId;
        long sessionRejects;
        boolean fenced;
        String disconnectReason;

        public void onExecutionReport(final ExecutionReportDecoder r)
        {
            counts.merge(r.execType().name(), 1L, Long::sum);
            if (r.instrumentId() == PRB)
            {
                if (r.clientOrderId() == PROBE_SELL)
                {
                    probeSellOrderId = r.orderId();
                }
                probe.add(r.execType() + " " + r.orderStatus() + " id=" + r.orderId() + " clid=" +
                    r.clientOrderId() + " " + r.side() + " px=" + r.price() + " qty=" + r.orderQty() + " leaves=" +
                    r.leavesQty() + " cum=" + r.cumQty() + " last=" +
                    (r.lastQty() == 0 ? "-" : r.lastQty() + "@" + r.lastPx() + " trade=" + r.tradeId()));
            }
        }

        public void onOrderReject(final OrderRejectDecoder r)
        {
            counts.merge("OrderReject", 1L, Long::sum);
            if (r.instrumentId() == PRB)
            {
                probe.add("reject " + r.clientOrderId() + " " + r.rejectReason());
            }
        }

        public void onCancelReject(final CancelRejectDecoder r)
        {
            counts.merge("CancelReject", 1L, Long::sum);
            fenced |= r.clientOrderId() == FENCE_REQUEST_ID;
        }

        public void onSessionReject(final SessionRejectDecoder r)
        {
            sessionRejects++;
        }

        public void onDisconnected(final String reason)
        {
            disconnectReason = reason;
        }
    }

    /**
     * What a fuzzer got back.
     */
    private static final class FuzzListener implements OrderEntryListener
    {
        long executionReports;
        long orderRejects;
        long cancelRejects;
        long sessionRejects;
        int disconnects;
        boolean disconnected;

        public void onExecutionReport(final ExecutionReportDecoder r)
        {
            executionReports++;
        }

        public void onOrderReject(final OrderRejectDecoder r)
        {
            orderRejects++;
        }

        public void onCancelReject(final CancelRejectDecoder r)
        {
            cancelRejects++;
        }

        public void onSessionReject(final SessionRejectDecoder r)
        {
            sessionRejects++;
        }

        public void onDisconnected(final String reason)
        {
            disconnects++;
            disconnected = true;
        }
    }

    /**
     * One hostile sender. With an account it logs on (as that account, through {@link OrderEntryClient}) so its
     * frames reach order handling, and connects again with a new client whenever the engine logs it out; without
     * one it only ever writes raw frames to a publication of its own, and replaces the publication (a new Aeron
     * session, so a new engine session) after about {@code maxBadFrames} frames.
     */
    private final class Fuzzer
    {
        final String name;
        final long accountId;
        final String secret;
        final String ingress;
        final Random random;
        final FrameFuzzer frames;
        final FuzzListener out = new FuzzListener();
        OrderEntryClient client;
        ExclusivePublication raw;
        int sentOnConnection;
        int reconnections;
        int logonFailures;
        long nextConnectNs;

        Fuzzer(final String name, final long accountId, final String secret, final long seed, final String ingress,
            final String deadEndpoint)
        {
            this.name = name;
            this.accountId = accountId;
            this.secret = secret;
            this.ingress = ingress + SMALL_TERMS;
            this.random = new Random(seed);
            // Logon frames of the anonymous fuzzer name an account that does not exist.
            this.frames = new FrameFuzzer(new Random(random.nextLong()), INSTRUMENTS, FUZ, MAX_QUANTITY,
                accountId == 0 ? 99 : accountId, secret, deadEndpoint);
        }

        void step(final long nowNs)
        {
            if (nowNs < nextConnectNs)
            {
                return;
            }
            if (accountId == 0)
            {
                stepAnonymous();
                return;
            }
            if (client != null && out.disconnected)
            {
                // Thrown out (or logged out by a fuzzed Logout): come back a little later with a new client.
                client.close();
                client = null;
                reconnections++;
                nextConnectNs = nowNs + RECONNECT_DELAY_NS;
                return;
            }
            if (client == null)
            {
                out.disconnected = false;
                try
                {
                    client = OrderEntryClient.connect(new OrderEntryClient.Context()
                        .aeron(fuzzAeron)
                        .ingressChannel(ingress)
                        .accountId(accountId)
                        .secret(secret)
                        .heartbeatIntervalMs(1000)
                        .connectTimeoutMs(5000)
                        .listener(out));
                }
                catch (final LogonRejectedException | IllegalStateException ex)
                {
                    // e.g. ALREADY_LOGGED_ON while the engine has not yet seen the last session go: try again soon.
                    logonFailures++;
                    nextConnectNs = nowNs + RECONNECT_DELAY_NS;
                    return;
                }
            }
            for (int i = 1 + random.nextInt(3); i > 0; i--)
            {
                client.sendRaw(frames.buffer(), 0, frames.next());
            }
        }

        private void stepAnonymous()
        {
            if (raw == null)
            {
                raw = fuzzAeron.addExclusivePublication(ingress, node.config().engine.ingressStreamId);
                sentOnConnection = 0;
            }
            if (!raw.isConnected())
            {
                return;
            }
            for (int i = 1 + random.nextInt(3); i > 0; i--)
            {
                if (raw.offer(frames.buffer(), 0, frames.next()) > 0)
                {
                    sentOnConnection++;
                }
            }
            if (sentOnConnection >= MAX_BAD_FRAMES + random.nextInt(MAX_BAD_FRAMES))
            {
                raw.close();
                raw = null;
                reconnections++;
                nextConnectNs = System.nanoTime() + RECONNECT_DELAY_NS / 10;
            }
        }

        void poll()
        {
            if (client != null)
            {
                client.poll();
            }
        }

        void close()
        {
            CloseHelper.quietCloseAll(client, raw);
            client = null;
            raw = null;
        }
    }
}
