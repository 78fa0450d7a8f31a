package io.ringbook.tools.system;

import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

import static io.ringbook.tools.system.SystemTests.TIMEOUT_MS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's web page in a real headless chromium, without the real gateway: a small server in the test serves
 * the page's three files (from the gateway module's resources) and plays the gateway's side of the
 * WebSocket API (docs/websocket-api.md) from a book model of its own, with checksums computed by
 * {@link java.util.zip.CRC32}. The page must follow snapshots and diffs exactly, check every checksum and update id,
 * re-subscribe by itself when one is wrong, show a stale book, reconnect when the socket drops, and take its
 * subscription from the URL. Screenshots land in {@code target/screenshots/}.
 */
@Tag("system")
class WebPageSmokeTest
{
    private static final String AAPL = "AAPL";
    private static final String EURUSD = "EURUSD";
    private static final String STATE = "JSON.stringify(window.ringbook)";

    private static Browser browser;
    private FakeGateway gateway;

    @BeforeAll
    static void launchBrowser()
    {
        browser = Browser.launch();
    }

    @AfterAll
    static void closeBrowser()
    {
        CloseHelper.quietClose(browser);
    }

    @BeforeEach
    void startGateway()
    {
        gateway = FakeGateway.start();
    }

    @AfterEach
    void stopGateway()
    {
        CloseHelper.quietClose(gateway);
    }

    @Test
    void checksumAndBookLogicMatchTheDocsExamples()
    {
        assertEquals(1782968340L, FakeBook.crc32("190.01:300:190.02:100:190.00:1200"));
        assertEquals(1595569578L, FakeBook.crc32("190.00:1200:190.02:180:189.99:50"));

        browser.open(gateway.url("/"));
        browser.waitFor("window.RingbookLogic !== undefined", TIMEOUT_MS, () -> "the page's script to load");

        assertEquals(1782968340L, browser.evalLong("RingbookLogic.crc32('190.01:300:190.02:100:190.00:1200')"));
        assertEquals(1595569578L, browser.evalLong("RingbookLogic.crc32('190.00:1200:190.02:180:189.99:50')"));
        assertEquals(0L, browser.evalLong("RingbookLogic.crc32('')"));
        assertEquals(0xCBF43926L, browser.evalLong("RingbookLogic.crc32('123456789')"));
        assertEquals("190.01:300:190.02:100:190.00:1200", browser.evalString(
            "RingbookLogic.checksumText([['190.01','300'],['190.00','1200']], [['190.02','100']])"));

        // The doc's snapshot and diff, then a diff that skips an update id.
        final String docFlow = String.join("\n",
            "(() => {",
            "  const L = RingbookLogic;",
            "  const b = L.newBook();",
            "  const s = L.applySnapshot(b, {updateId: 1041, seq: 88211, timeUs: 1763900000123456,",
            "    bids: [['190.01', '300'], ['190.00', '1200']], asks: [['190.02', '100']], checksum: 1782968340});",
            "  const d = L.applyDiff(b, {firstUpdateId: 1042, lastUpdateId: 1047, seq: 88240,",
            "    timeUs: 1763900000223456, bids: [['190.01', '0'], ['189.99', '50']], asks: [['190.02', '180']],",
            "    checksum: 1595569578});",
            "  const g = L.applyDiff(b, {firstUpdateId: 1049, lastUpdateId: 1050, bids: [['1', '1']], asks: [],",
            "    checksum: 0});",
            "  const c = L.applyDiff(b, {firstUpdateId: 1048, lastUpdateId: 1048, bids: [], asks: [['190.03', '5']],",
            "    checksum: 1595569578});",
            "  return JSON.stringify({s: s, d: d, g: g, c: c, bids: b.bids, asks: b.asks, updateId: b.updateId});",
            "})()");
        assertEquals("{\"s\":\"ok\",\"d\":\"ok\",\"g\":\"gap\",\"c\":\"checksum\"," +
            "\"bids\":[[\"190.00\",\"1200\"],[\"189.99\",\"50\"]],\"asks\":[[\"190.02\",\"180\"],[\"190.03\",\"5\"]]," +
            "\"updateId\":1048}", browser.evalString(docFlow));

        // Prices order as numbers, not as strings; backoff 250 ms doubling to 10 s, +-50% jitter.
        assertTrue(browser.evalBoolean("RingbookLogic.compareDecimal('9.99', '10.00') < 0"));
        assertTrue(browser.evalBoolean("RingbookLogic.compareDecimal('-1.50', '-1.25') < 0"));
        assertEquals(125, browser.evalLong("RingbookLogic.backoffMs(0, 0)"));
        assertEquals(250, browser.evalLong("RingbookLogic.backoffMs(0, 0.5)"));
        assertEquals(2000, browser.evalLong("RingbookLogic.backoffMs(3, 0.5)"));
        assertEquals(10000, browser.evalLong("RingbookLogic.backoffMs(12, 0.5)"));
        assertEquals(List.of(), browser.pageErrors());
    }

    @Test
    void followsTheBookResyncsOnABadChecksumOrAGapShowsStaleAndReconnects()
    {
        browser.open(gateway.url("/"));

        final String subscribe = gateway.awaitRequest("subscribe", TIMEOUT_MS);
        assertEquals(AAPL, FakeGateway.field(subscribe, "symbol"), subscribe);
        assertEquals("20", FakeGateway.field(subscribe, "depth"), subscribe);
        assertEquals("100", FakeGateway.field(subscribe, "interval"), subscribe);
        awaitBook(AAPL, 20);
        assertStatus("open", AAPL);

        gateway.diff(AAPL, 6, levels("190.01", "0", "189.99", "50"), levels("190.02", "180"), false);
        gateway.trade(AAPL, "190.02", "120", "buy");
        gateway.trade(AAPL, "190.01", "300", "sell");
        gateway.diff(AAPL, 3, levels("190.01", "250"), levels("190.03", "0", "190.17", "400"), false);
        gateway.trade(AAPL, "190.02", "60", "buy");
        gateway.trade(AAPL, "190.00", "75", "sell");
        gateway.diff(AAPL, 2, levels("189.95", "1500", "189.87", "0"), levels("190.04", "990"), false);
        gateway.trade(AAPL, "190.01", "40", "sell");
        awaitBook(AAPL, 20);
        browser.waitFor("ringbook.renderedTrades === 5 && ringbook.renderedUpdateId === ringbook.updateId", TIMEOUT_MS,
            this::pageState);
        assertEquals(0, browser.evalLong("ringbook.checksumFailures"));
        assertEquals(0, browser.evalLong("ringbook.resyncs"));
        assertStatus("open", AAPL);
        final long latencyMs = browser.evalLong("ringbook.lastLatencyMs");
        assertTrue(latencyMs > -1000 && latencyMs < 10_000, () -> "latency " + latencyMs + " ms");
        assertEquals(5, browser.evalLong("document.querySelectorAll('#tape li').length"));
        browser.screenshot(screenshot("web-page-smoke.png"));

        // A wrong checksum: the page re-subscribes and rebuilds the book from the fresh snapshot.
        gateway.diff(AAPL, 2, levels("190.00", "1300"), levels(), true);
        final String resubscribe = gateway.awaitRequest("subscribe", TIMEOUT_MS);
        assertEquals(AAPL, FakeGateway.field(resubscribe, "symbol"), resubscribe);
        assertEquals("20", FakeGateway.field(resubscribe, "depth"), resubscribe);
        browser.waitFor("ringbook.checksumFailures === 1 && ringbook.resyncs === 1", TIMEOUT_MS, this::pageState);
        awaitBook(AAPL, 20);

        // A diff whose firstUpdateId skips one: the same.
        gateway.diffAfterGap(AAPL, levels("189.98", "10"), levels());
        gateway.awaitRequest("subscribe", TIMEOUT_MS);
        browser.waitFor("ringbook.gaps === 1 && ringbook.resyncs === 2", TIMEOUT_MS, this::pageState);
        awaitBook(AAPL, 20);
        assertEquals(1, browser.evalLong("ringbook.checksumFailures"));

        // Stale: the book stays on screen, marked, until the next snapshot.
        gateway.stale(AAPL, "GAP");
        browser.waitFor("ringbook.stale === true && document.getElementById('status').dataset.stale === 'true'" +
            " && !document.getElementById('stale-banner').hidden", TIMEOUT_MS, this::pageState);
        assertStatus("open", AAPL);
        assertEquals(gateway.levelsJson(AAPL, true, 20), browser.evalString("JSON.stringify(ringbook.bids)"));
        browser.screenshot(screenshot("web-page-smoke-stale.png"));
        gateway.snapshot(AAPL, 5);
        awaitBook(AAPL, 20);
        assertEquals(false, browser.eval("ringbook.stale"));

        // The connection drops: the page reconnects (after 125 to 375 ms) and subscribes again.
        gateway.dropConnections();
        gateway.awaitRequest("subscribe", TIMEOUT_MS);
        browser.waitFor("ringbook.reconnects === 1 && ringbook.connection === 'open'", TIMEOUT_MS, this::pageState);
        awaitBook(AAPL, 20);
        assertEquals(2, gateway.connectionsAccepted());
        assertStatus("open", AAPL);
        assertEquals(List.of(), browser.pageErrors());
    }

    @Test
    void urlParametersAndThePickerChooseTheSubscription()
    {
        browser.open(gateway.url("/?symbol=EURUSD&depth=5&interval=250"));

        final String subscribe = gateway.awaitRequest("subscribe", TIMEOUT_MS);
        assertEquals(EURUSD, FakeGateway.field(subscribe, "symbol"), subscribe);
        assertEquals("5", FakeGateway.field(subscribe, "depth"), subscribe);
        assertEquals("250", FakeGateway.field(subscribe, "interval"), subscribe);
        awaitBook(EURUSD, 5);
        assertStatus("open", EURUSD);
        assertEquals("[\"AAPL\",\"EURUSD\"]", browser.evalString(
            "JSON.stringify(Array.from(document.querySelectorAll('#instrument option')).map(o => o.value))"));
        assertEquals(EURUSD, browser.evalString("document.getElementById('instrument').value"));

        browser.eval("(() => { const s = document.getElementById('instrument'); s.value = 'AAPL';" +
            " s.dispatchEvent(new Event('change')); })()");
        final String unsubscribe = gateway.awaitRequest("unsubscribe", TIMEOUT_MS);
        assertEquals(EURUSD, FakeGateway.field(unsubscribe, "symbol"), unsubscribe);
        final String next = gateway.awaitRequest("subscribe", TIMEOUT_MS);
        assertEquals(AAPL, FakeGateway.field(next, "symbol"), next);
        assertEquals("5", FakeGateway.field(next, "depth"), next);
        awaitBook(AAPL, 5);
        assertStatus("open", AAPL);
        assertTrue(browser.evalString("location.search").contains("symbol=AAPL"));
        assertEquals(List.of(), browser.pageErrors());
    }

    /**
     * Wait until the page holds the fake gateway's book of the symbol at its current update id, checksum ok.
     */
    private void awaitBook(final String symbol, final int depth)
    {
        final long updateId = gateway.updateId(symbol);
        browser.waitFor("ringbook.symbol === '" + symbol + "' && ringbook.updateId === " + updateId +
            " && ringbook.checksumOk === true", TIMEOUT_MS, this::pageState);
        assertEquals(gateway.levelsJson(symbol, true, depth), browser.evalString("JSON.stringify(ringbook.bids)"));
        assertEquals(gateway.levelsJson(symbol, false, depth), browser.evalString("JSON.stringify(ringbook.asks)"));
        assertEquals(String.valueOf(updateId),
            browser.evalString("document.getElementById('status').dataset.updateId"));
    }

    private void assertStatus(final String connection, final String symbol)
    {
        assertEquals(connection, browser.evalString("document.getElementById('status').dataset.connection"));
        assertEquals(symbol, browser.evalString("document.getElementById('status').dataset.symbol"));
    }

    private String pageState()
    {
        return "page state " + browser.evalString(STATE) + "; requests seen " + gateway.requestsSeen();
    }

    private static Path screenshot(final String name)
    {
        return Path.of(System.getProperty("basedir", "."), "target", "screenshots", name);
    }

    private static List<String[]> levels(final String... priceQty)
    {
        final List<String[]> levels = new ArrayList<>();
        for (int i = 0; i < priceQty.length; i += 2)
        {
            levels.add(new String[]{priceQty[i], priceQty[i + 1]});
        }
        return levels;
    }

    /**
     * One instrument's book as the gateway holds it: levels by price, update id and sequence.
     */
    static final class FakeBook
    {
        private static final int CHECKSUM_LEVELS = 10;

        final TreeMap<BigDecimal, String[]> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<BigDecimal, String[]> asks = new TreeMap<>();
        long updateId;
        long seq;

        FakeBook(final long updateId, final long seq)
        {
            this.updateId = updateId;
            this.seq = seq;
        }

        void set(final boolean bid, final String price, final String qty)
        {
            final TreeMap<BigDecimal, String[]> side = bid ? bids : asks;
            if (new BigDecimal(qty).signum() == 0)
            {
                side.remove(new BigDecimal(price));
            }
            else
            {
                side.put(new BigDecimal(price), new String[]{price, qty});
            }
        }

        List<String[]> top(final boolean bid, final int depth)
        {
            final List<String[]> levels = new ArrayList<>();
            final Iterator<String[]> it = (bid ? bids : asks).values().iterator();
            while (it.hasNext() && levels.size() < depth)
            {
                levels.add(it.next());
            }
            return levels;
        }

        /** The doc's checksum: bid i then ask i, i = 0..9, "price:qty", joined by ':'. */
        long checksum(final int depth)
        {
            final List<String[]> topBids = top(true, Math.min(depth, CHECKSUM_LEVELS));
            final List<String[]> topAsks = top(false, Math.min(depth, CHECKSUM_LEVELS));
            final StringBuilder text = new StringBuilder();
            for (int i = 0; i < CHECKSUM_LEVELS; i++)
            {
                if (i < topBids.size())
                {
                    append(text, topBids.get(i));
                }
                if (i < topAsks.size())
                {
                    append(text, topAsks.get(i));
                }
            }
            return crc32(text.toString());
        }

        private static void append(final StringBuilder text, final String[] level)
        {
            if (text.length() > 0)
            {
                text.append(':');
            }
            text.append(level[0]).append(':').append(level[1]);
        }

        static long crc32(final String text)
        {
            final CRC32 crc = new CRC32();
            crc.update(text.getBytes(StandardCharsets.US_ASCII));
            return crc.getValue();
        }

        static String json(final List<String[]> levels)
        {
            final StringBuilder json = new StringBuilder("[");
            for (final String[] level : levels)
            {
                if (json.length() > 1)
                {
                    json.append(',');
                }
                json.append("[\"").append(level[0]).append("\",\"").append(level[1]).append("\"]");
            }
            return json.append(']').toString();
        }
    }

    /**
     * The gateway's side of the WebSocket API for one test, on a loopback port: static files from the class path,
     * and a WebSocket at {@code /ws} (RFC 6455, text frames; written by hand, the JDK's HTTP server has none). A
     * subscribe is answered at once with {@code subscribed} and a snapshot of the model at the subscribed depth; the
     * test sends diffs, trades and stale messages, which go to every connection subscribed to the symbol. Diffs
     * assume the book fits the subscriber's depth. Blocking I/O on daemon threads, one per connection: nothing spins.
     */
    static final class FakeGateway implements AutoCloseable
    {
        private static final String WEB_RESOURCES = "io/ringbook/gateway/web/";
        private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
        private static final Pattern FIELD = Pattern.compile("\"(\\w+)\":(\"([^\"]*)\"|(-?\\d+))");
        private static final Map<String, String> CONTENT_TYPES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

        private final ServerSocket server;
        private final Thread acceptor;
        private final List<Connection> connections = new CopyOnWriteArrayList<>();
        private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
        private final List<String> requestsSeen = new CopyOnWriteArrayList<>();
        private final AtomicInteger connectionsAccepted = new AtomicInteger();
        private final Map<String, FakeBook> books = new HashMap<>();
        private long tradeId = 1;
        private volatile boolean closed;

        private FakeGateway(final ServerSocket server)
        {
            this.server = server;
            books.put(AAPL, aaplBook());
            books.put(EURUSD, eurUsdBook());
            acceptor = new Thread(this::accept, "fake-gateway-accept");
            acceptor.setDaemon(true);
        }

        static FakeGateway start()
        {
            try
            {
                final FakeGateway gateway = new FakeGateway(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
                gateway.acceptor.start();
                return gateway;
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }

        /** 15 levels a side around 190.01 / 190.02, a cent apart. */
        private static FakeBook aaplBook()
        {
            final FakeBook book = new FakeBook(1041, 88211);
            for (int i = 0; i < 15; i++)
            {
                book.set(true, new BigDecimal("190.01").subtract(new BigDecimal("0.01").multiply(
                    BigDecimal.valueOf(i))).toPlainString(), String.valueOf(100 * (1 + (i * 7) % 11) + 25 * i));
                book.set(false, new BigDecimal("190.02").add(new BigDecimal("0.01").multiply(
                    BigDecimal.valueOf(i))).toPlainString(), String.valueOf(100 * (1 + (i * 5) % 9) + 40 * i));
            }
            return book;
        }

        /** 8 levels a side in units of 0.00001. */
        private static FakeBook eurUsdBook()
        {
            final FakeBook book = new FakeBook(77, 5000);
            for (int i = 0; i < 8; i++)
            {
                book.set(true, String.format(Locale.ROOT, "1.%05d", 10003 - i), String.valueOf(1_000_000 * (i + 1)));
                book.set(false, String.format(Locale.ROOT, "1.%05d", 10005 + i), String.valueOf(500_000 * (i + 2)));
            }
            return book;
        }

        String url(final String pathAndQuery)
        {
            return "http://127.0.0.1:" + server.getLocalPort() + pathAndQuery;
        }

        /**
         * @return the next request from a page with this op (others are skipped), waiting with a deadline.
         */
        String awaitRequest(final String op, final long timeoutMs)
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            try
            {
                while (true)
                {
                    final String request = requests.poll(deadlineNs - System.nanoTime(), TimeUnit.NANOSECONDS);
                    if (request == null)
                    {
                        throw new AssertionError("timed out after " + timeoutMs + "ms waiting for a " + op +
                            " request; requests seen " + requestsSeen);
                    }
                    if (op.equals(field(request, "op")))
                    {
                        return request;
                    }
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", ex);
            }
        }

        /**
         * @return a string or integer field of a flat JSON object, as text, or null.
         */
        static String field(final String json, final String name)
        {
            final Matcher matcher = FIELD.matcher(json);
            while (matcher.find())
            {
                if (matcher.group(1).equals(name))
                {
                    return matcher.group(3) != null ? matcher.group(3) : matcher.group(4);
                }
            }
            return null;
        }

        List<String> requestsSeen()
        {
            return List.copyOf(requestsSeen);
        }

        int connectionsAccepted()
        {
            return connectionsAccepted.get();
        }

        synchronized long updateId(final String symbol)
        {
            return books.get(symbol).updateId;
        }

        synchronized String levelsJson(final String symbol, final boolean bid, final int depth)
        {
            return FakeBook.json(books.get(symbol).top(bid, depth));
        }

        /**
         * Change the levels (absolute quantities, "0" removes) as {@code changes} updates and send the diff, with
         * the right checksum or a wrong one.
         */
        synchronized void diff(
            final String symbol, final int changes, final List<String[]> bids, final List<String[]> asks,
            final boolean wrongChecksum)
        {
            final FakeBook book = books.get(symbol);
            sendDiff(symbol, book, book.updateId + 1, book.updateId + changes, bids, asks, wrongChecksum);
        }

        /**
         * A diff whose firstUpdateId is one past where it should be (the page missed an update).
         */
        synchronized void diffAfterGap(final String symbol, final List<String[]> bids, final List<String[]> asks)
        {
            final FakeBook book = books.get(symbol);
            sendDiff(symbol, book, book.updateId + 2, book.updateId + 2, bids, asks, false);
        }

        private void sendDiff(
            final String symbol, final FakeBook book, final long firstUpdateId, final long lastUpdateId,
            final List<String[]> bids, final List<String[]> asks, final boolean wrongChecksum)
        {
            bids.forEach(level -> book.set(true, level[0], level[1]));
            asks.forEach(level -> book.set(false, level[0], level[1]));
            book.updateId = lastUpdateId;
            book.seq += 10;
            for (final Connection connection : connections)
            {
                final Integer depth = connection.depths.get(symbol);
                if (depth != null)
                {
                    final long checksum = book.checksum(depth) + (wrongChecksum ? 1 : 0);
                    connection.send("{\"type\":\"diff\",\"symbol\":\"" + symbol + "\",\"firstUpdateId\":" +
                        firstUpdateId + ",\"lastUpdateId\":" + lastUpdateId + ",\"seq\":" + book.seq +
                        ",\"timeUs\":" + nowUs() + ",\"bids\":" + FakeBook.json(bids) + ",\"asks\":" +
                        FakeBook.json(asks) + ",\"checksum\":" + (checksum & 0xFFFF_FFFFL) + "}");
                }
            }
        }

        synchronized void trade(final String symbol, final String price, final String qty, final String side)
        {
            final FakeBook book = books.get(symbol);
            book.seq++;
            broadcast(symbol, "{\"type\":\"trades\",\"symbol\":\"" + symbol + "\",\"trades\":[{\"id\":" +
                tradeId++ + ",\"price\":\"" + price + "\",\"qty\":\"" + qty + "\",\"side\":\"" + side +
                "\",\"seq\":" + book.seq + ",\"timeUs\":" + nowUs() + "}]}");
        }

        synchronized void stale(final String symbol, final String reason)
        {
            broadcast(symbol, "{\"type\":\"stale\",\"symbol\":\"" + symbol + "\",\"reason\":\"" + reason + "\"}");
        }

        /**
         * The gateway recovered: a snapshot after {@code updates} more updates.
         */
        synchronized void snapshot(final String symbol, final int updates)
        {
            final FakeBook book = books.get(symbol);
            book.updateId += updates;
            for (final Connection connection : connections)
            {
                final Integer depth = connection.depths.get(symbol);
                if (depth != null)
                {
                    connection.send(snapshotJson(symbol, depth));
                }
            }
        }

        /**
         * Close every WebSocket abruptly, as a gateway restart would.
         */
        void dropConnections()
        {
            for (final Connection connection : connections)
            {
                connection.closeSocket();
            }
        }

        private void broadcast(final String symbol, final String json)
        {
            for (final Connection connection : connections)
            {
                if (connection.depths.containsKey(symbol))
                {
                    connection.send(json);
                }
            }
        }

        private String snapshotJson(final String symbol, final int depth)
        {
            final FakeBook book = books.get(symbol);
            return "{\"type\":\"snapshot\",\"symbol\":\"" + symbol + "\",\"updateId\":" + book.updateId +
                ",\"seq\":" + book.seq + ",\"timeUs\":" + nowUs() + ",\"bids\":" +
                FakeBook.json(book.top(true, depth)) + ",\"asks\":" + FakeBook.json(book.top(false, depth)) +
                ",\"checksum\":" + book.checksum(depth) + "}";
        }

        private static String welcomeJson()
        {
            return "{\"type\":\"welcome\",\"version\":1,\"heartbeatMs\":5000,\"maxSubscriptions\":16," +
                "\"maxDepth\":50,\"instruments\":[" +
                "{\"symbol\":\"AAPL\",\"id\":1,\"tick\":\"0.01\",\"lot\":\"1\",\"priceExponent\":-2," +
                "\"quantityExponent\":0,\"live\":true}," +
                "{\"symbol\":\"EURUSD\",\"id\":2,\"tick\":\"0.00001\",\"lot\":\"1000\",\"priceExponent\":-5," +
                "\"quantityExponent\":0,\"live\":true}]}";
        }

        private static long nowUs()
        {
            final Instant now = Instant.now();
            return TimeUnit.SECONDS.toMicros(now.getEpochSecond()) + now.getNano() / 1000;
        }

        /** A request from a page: recorded, and a subscribe or unsubscribe answered. */
        private void onRequest(final Connection connection, final String request)
        {
            final String op = field(request, "op");
            final String symbol = field(request, "symbol");
            final String id = field(request, "id");
            synchronized (this)
            {
                if ("subscribe".equals(op) || "unsubscribe".equals(op))
                {
                    if (!books.containsKey(symbol))
                    {
                        connection.send("{\"type\":\"error\",\"code\":\"UNKNOWN_SYMBOL\",\"message\":\"no " +
                            "instrument '" + symbol + "'\",\"id\":" + id + "}");
                    }
                    else if ("subscribe".equals(op))
                    {
                        final int depth = Integer.parseInt(field(request, "depth"));
                        connection.depths.put(symbol, depth);
                        connection.send("{\"type\":\"subscribed\",\"symbol\":\"" + symbol + "\",\"depth\":" + depth +
                            ",\"interval\":" + field(request, "interval") + ",\"id\":" + id + "}");
                        connection.send(snapshotJson(symbol, depth));
                    }
                    else
                    {
                        connection.depths.remove(symbol);
                        connection.send("{\"type\":\"unsubscribed\",\"symbol\":\"" + symbol + "\",\"id\":" + id +
                            "}");
                    }
                }
            }
            requestsSeen.add(request);
            requests.add(request);
        }

        private void accept()
        {
            while (!closed)
            {
                try
                {
                    final Socket socket = server.accept();
                    final Thread thread = new Thread(() -> serve(socket), "fake-gateway-connection");
                    thread.setDaemon(true);
                    thread.start();
                }
                catch (final IOException ex)
                {
                    if (!closed)
                    {
                        System.err.println("fake gateway accept: " + ex);
                    }
                }
            }
        }

        private void serve(final Socket socket)
        {
            try (socket)
            {
                socket.setTcpNoDelay(true);
                final DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                final OutputStream out = new BufferedOutputStream(socket.getOutputStream());
                final String requestLine = readLine(in);
                if (requestLine == null)
                {
                    return;
                }
                final Map<String, String> headers = new HashMap<>();
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in))
                {
                    final int colon = line.indexOf(':');
                    if (colon > 0)
                    {
                        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).trim());
                    }
                }
                final String target = requestLine.split(" ")[1];
                final int query = target.indexOf('?');
                final String path = query < 0 ? target : target.substring(0, query);
                if ("/ws".equals(path) && "websocket".equalsIgnoreCase(headers.get("upgrade")))
                {
                    webSocket(socket, in, out, headers.get("sec-websocket-key"));
                }
                else
                {
                    serveFile(out, path);
                }
            }
            catch (final IOException ex)
            {
                // The page went away, or the test dropped the connection.
            }
        }

        private static void serveFile(final OutputStream out, final String path) throws IOException
        {
            final String name = "/".equals(path) ? "index.html" : path.substring(1);
            final String type = CONTENT_TYPES.get(name);
            final byte[] body = type == null ? null : webFile(name);
            final byte[] content = body != null ? body : ("not found: " + path).getBytes(StandardCharsets.UTF_8);
            out.write(("HTTP/1.1 " + (body != null ? "200 OK" : "404 Not Found") + "\r\nContent-Type: " +
                (body != null ? type : "text/plain") + "\r\nContent-Length: " + content.length +
                "\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(content);
            out.flush();
        }

        /**
         * A file of the page: from the gateway module's sources when the build names the root (so that
         * {@code -pl tools} tests the page being edited, not whichever gateway jar was installed last), else from
         * the class path, as the gateway serves it.
         */
        private static byte[] webFile(final String name) throws IOException
        {
            final String root = System.getProperty("ringbook.root.dir");
            if (root != null)
            {
                final Path source = Path.of(root, "gateway", "src", "main", "resources").resolve(WEB_RESOURCES + name);
                if (Files.isRegularFile(source))
                {
                    return Files.readAllBytes(source);
                }
            }
            try (InputStream resource =
                WebPageSmokeTest.class.getClassLoader().getResourceAsStream(WEB_RESOURCES + name))
            {
                return resource == null ? null : resource.readAllBytes();
            }
        }

        private void webSocket(final Socket socket, final DataInputStream in, final OutputStream out, final String key)
            throws IOException
        {
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
                "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final Connection connection = new Connection(socket, out);
            connectionsAccepted.incrementAndGet();
            connections.add(connection);
            try
            {
                connection.send(welcomeJson());
                while (true)
                {
                    final int first = in.read();
                    if (first < 0)
                    {
                        return;
                    }
                    final int second = in.readUnsignedByte();
                    final int opcode = first & 0x0F;
                    long length = second & 0x7F;
                    if (length == 126)
                    {
                        length = in.readUnsignedShort();
                    }
                    else if (length == 127)
                    {
                        length = in.readLong();
                    }
                    final byte[] mask = new byte[4];
                    if ((second & 0x80) != 0)
                    {
                        in.readFully(mask);
                    }
                    final byte[] payload = new byte[Math.toIntExact(length)];
                    in.readFully(payload);
                    for (int i = 0; i < payload.length; i++)
                    {
                        payload[i] ^= mask[i & 3];
                    }
                    if (opcode == 0x1)
                    {
                        onRequest(connection, new String(payload, StandardCharsets.UTF_8));
                    }
                    else if (opcode == 0x8)
                    {
                        connection.sendFrame(0x88, payload);
                        return;
                    }
                    else if (opcode == 0x9)
                    {
                        connection.sendFrame(0x8A, payload);
                    }
                }
            }
            finally
            {
                connections.remove(connection);
            }
        }

        private static String acceptKey(final String key)
        {
            try
            {
                final byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
                return Base64.getEncoder().encodeToString(sha1);
            }
            catch (final NoSuchAlgorithmException ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        private static String readLine(final InputStream in) throws IOException
        {
            final ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0)
            {
                if (b == '\n')
                {
                    final String text = line.toString(StandardCharsets.US_ASCII);
                    return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
                }
                line.write(b);
            }
            return line.size() == 0 ? null : line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close()
        {
            closed = true;
            try
            {
                server.close();
            }
            catch (final IOException ex)
            {
                // Closing anyway.
            }
            dropConnections();
            try
            {
                acceptor.join(TIMEOUT_MS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * One page's WebSocket: its subscriptions (symbol to depth) and frames out, one writer at a time.
         */
        static final class Connection
        {
            final Map<String, Integer> depths = new ConcurrentHashMap<>();
            private final Socket socket;
            private final OutputStream out;

            Connection(final Socket socket, final OutputStream out)
            {
                this.socket = socket;
                this.out = out;
            }

            void send(final String text)
            {
                sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8));
            }

            synchronized void sendFrame(final int firstByte, final byte[] payload)
            {
                try
                {
                    out.write(firstByte);
                    if (payload.length < 126)
                    {
                        out.write(payload.length);
                    }
                    else if (payload.length < 65_536)
                    {
                        out.write(126);
                        out.write(payload.length >>> 8);
                        out.write(payload.length & 0xFF);
                    }
                    else
                    {
                        out.write(127);
                        for (int shift = 56; shift >= 0; shift -= 8)
                        {
                            out.write((int)(((long)payload.length >>> shift) & 0xFF));
                        }
                    }
                    out.write(payload);
                    out.flush();
                }
                catch (final SocketException ex)
                {
                    // Dropped by the test or closed by the page: nothing to send to.
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }

            void closeSocket()
            {
                try
                {
                    socket.close();
                }
                catch (final IOException ex)
                {
                    // Closing anyway.
                }
            }
        }
    }
}
