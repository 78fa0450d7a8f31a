package io.ringbook.tools.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32;

/**
 * A WebSocket client of the gateway's JSON API for tests, on a plain socket (RFC 6455 framing written out here, so a
 * test controls exactly when it reads: {@link #pause()} stops reading the socket, and with a small receive buffer the
 * gateway soon sees the client as unwritable). It builds each subscribed book from the snapshot and diffs as the API
 * says a client must, and checks every message: update-id continuity and the checksum of its own book. Records
 * errors, stale notices, trades, latencies ({@code now - timeUs}) and the close frame.
 */
final class WsBookClient implements AutoCloseable
{
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String name;
    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final Thread reader;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean paused;
    private volatile boolean closed;

    final Map<String, Book> books = new ConcurrentHashMap<>();
    final List<JsonNode> errors = new CopyOnWriteArrayList<>();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final List<Long> latenciesUs = new CopyOnWriteArrayList<>();
    volatile JsonNode welcome;
    volatile int closeCode = -1;
    volatile String closeReason;
    volatile long messages;
    volatile long lastMessageNs = System.nanoTime();
    volatile long pongs;

    /**
     * One subscribed instrument's book as this client built it.
     */
    static final class Book
    {
        final TreeMap<BigDecimal, String[]> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<BigDecimal, String[]> asks = new TreeMap<>();
        volatile long updateId = -1;
        volatile long seq;
        volatile int depth;
        long snapshots;
        long diffs;
        long trades;
        long stale;
        long checksumFailures;
        long continuityFailures;

        synchronized String describe(final int levels)
        {
            final StringBuilder text = new StringBuilder("bids");
            bids.values().stream().limit(levels).forEach(l -> text.append(' ').append(l[0]).append('x').append(l[1]));
            text.append(" | asks");
            asks.values().stream().limit(levels).forEach(l -> text.append(' ').append(l[0]).append('x').append(l[1]));
            return text.toString();
        }
    }

    private WsBookClient(final String name, final Socket socket) throws IOException
    {
        this.name = name;
        this.socket = socket;
        out = socket.getOutputStream();
        in = new DataInputStream(socket.getInputStream());
        reader = new Thread(this::readLoop, "ws-" + name);
        reader.setDaemon(true);
    }

    /**
     * Connects and completes the handshake.
     *
     * @param receiveBufferBytes the socket's receive buffer (0: the OS default); small for a slow client.
     */
    static WsBookClient connect(final String name, final int port, final int receiveBufferBytes) throws IOException
    {
        final Socket socket = new Socket();
        if (receiveBufferBytes > 0)
        {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("localhost", port), 5_000);
        socket.setTcpNoDelay(true);
        final WsBookClient client = new WsBookClient(name, socket);
        client.handshake(port);
        client.reader.start();
        return client;
    }

    private void handshake(final int port) throws IOException
    {
        final byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        final String request = "GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\n" +
            "Connection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) +
            "\r\nSec-WebSocket-Version: 13\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        final StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n"))
        {
            final int b = in.read();
            if (b < 0)
            {
                throw new EOFException("connection closed during the handshake: " + head);
            }
            head.append((char)b);
        }
        if (!head.toString().startsWith("HTTP/1.1 101"))
        {
            throw new IOException("handshake refused: " + head);
        }
    }

    String name()
    {
        return name;
    }

    void send(final String json)
    {
        try
        {
            final byte[] payload = json.getBytes(StandardCharsets.UTF_8);
            final ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
            frame.write(0x81);
            if (payload.length < 126)
            {
                frame.write(0x80 | payload.length);
            }
            else
            {
                frame.write(0x80 | 126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xFF);
            }
            final byte[] mask = new byte[4];
            random.nextBytes(mask);
            frame.write(mask);
            for (int i = 0; i < payload.length; i++)
            {
                frame.write(payload[i] ^ mask[i & 3]);
            }
            synchronized (out)
            {
                out.write(frame.toByteArray());
                out.flush();
            }
        }
        catch (final IOException ex)
        {
            problems.add(name + ": send failed: " + ex);
        }
    }

    void subscribe(final String symbol, final int depth, final int intervalMs)
    {
        send("{\"op\":\"subscribe\",\"symbol\":\"" + symbol + "\",\"depth\":" + depth + ",\"interval\":" +
            intervalMs + "}");
    }

    /**
     * Stops reading the socket (the gateway's writes then back up).
     */
    void pause()
    {
        paused = true;
    }

    void resume()
    {
        paused = false;
        LockSupport.unpark(reader);
    }

    /**
     * Closes the socket without a close frame: an abrupt disconnect.
     */
    void abort()
    {
        closed = true;
        try
        {
            socket.setSoLinger(true, 0);
            socket.close();
        }
        catch (final IOException ignore)
        {
            // closing anyway
        }
    }

    boolean isClosedByServer()
    {
        return closeCode >= 0;
    }

    public void close()
    {
        abort();
    }

    private void readLoop()
    {
        try
        {
            while (!closed)
            {
                while (paused && !closed)
                {
                    LockSupport.parkNanos(1_000_000);
                }
                final int b0 = in.readUnsignedByte();
                final int b1 = in.readUnsignedByte();
                final int opcode = b0 & 0x0F;
                long length = b1 & 0x7F;
                if (length == 126)
                {
                    length = in.readUnsignedShort();
                }
                else if (length == 127)
                {
                    length = in.readLong();
                }
                final byte[] payload = new byte[(int)length];
                in.readFully(payload);
                switch (opcode)
                {
                    case 0x1:
                        onText(new String(payload, StandardCharsets.UTF_8));
                        break;
                    case 0x8:
                        closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                        closeReason = payload.length > 2 ?
                            new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                        closed = true;
                        break;
                    case 0x9:
                        break; // the gateway does not ping; ignore
                    default:
                        problems.add(name + ": unexpected opcode " + opcode);
                }
            }
        }
        catch (final IOException ex)
        {
            if (!closed)
            {
                closeCode = closeCode < 0 ? 1006 : closeCode; // abnormal closure
                closed = true;
            }
        }
        catch (final RuntimeException ex)
        {
            problems.add(name + ": " + ex);
        }
    }

    private void onText(final String text) throws IOException
    {
        messages++;
        lastMessageNs = System.nanoTime();
        final JsonNode message = MAPPER.readTree(text);
        final String type = message.path("type").asText();
        switch (type)
        {
            case "welcome":
                welcome = message;
                break;
            case "subscribed":
                books.computeIfAbsent(message.get("symbol").asText(), s -> new Book()).depth =
                    message.get("depth").asInt();
                break;
            case "snapshot":
                onSnapshot(message);
                break;
            case "diff":
                onDiff(message);
                break;
            case "trades":
                book(message).trades += message.get("trades").size();
                break;
            case "stale":
                book(message).stale++;
                break;
            case "error":
                errors.add(message);
                break;
            case "pong":
                pongs++;
                break;
            case "heartbeat":
            case "unsubscribed":
            case "instrument":
                break;
            default:
                problems.add(name + ": unknown message " + text);
        }
    }

    private Book book(final JsonNode message)
    {
        return books.computeIfAbsent(message.get("symbol").asText(), s -> new Book());
    }

    private void onSnapshot(final JsonNode message)
    {
        final Book book = book(message);
        synchronized (book)
        {
            book.bids.clear();
            book.asks.clear();
            apply(book.bids, message.get("bids"));
            apply(book.asks, message.get("asks"));
            book.updateId = message.get("updateId").asLong();
            book.seq = message.get("seq").asLong();
            book.snapshots++;
            check(book, message);
        }
    }

    private void onDiff(final JsonNode message)
    {
        final Book book = book(message);
        synchronized (book)
        {
            if (message.get("firstUpdateId").asLong() != book.updateId + 1)
            {
                book.continuityFailures++;
                problems.add(name + ": diff " + message.get("firstUpdateId") + " after update " + book.updateId);
            }
            apply(book.bids, message.get("bids"));
            apply(book.asks, message.get("asks"));
            book.updateId = message.get("lastUpdateId").asLong();
            book.seq = message.get("seq").asLong();
            book.diffs++;
            check(book, message);
            final long timeUs = message.get("timeUs").asLong();
            final java.time.Instant now = java.time.Instant.now();
            latenciesUs.add(now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000 - timeUs);
        }
    }

    private static void apply(final TreeMap<BigDecimal, String[]> side, final JsonNode levels)
    {
        for (final JsonNode level : levels)
        {
            final String price = level.get(0).asText();
            final String quantity = level.get(1).asText();
            if (new BigDecimal(quantity).signum() == 0)
            {
                side.remove(new BigDecimal(price));
            }
            else
            {
                side.put(new BigDecimal(price), new String[] {price, quantity});
            }
        }
    }

    private void check(final Book book, final JsonNode message)
    {
        if (book.depth > 0 && (book.bids.size() > book.depth || book.asks.size() > book.depth))
        {
            problems.add(name + ": more levels than the depth " + book.depth + ": " + book.describe(100));
        }
        final int levels = Math.min(10, book.depth > 0 ? book.depth : 10);
        final List<String[]> bids = new ArrayList<>(book.bids.values());
        final List<String[]> asks = new ArrayList<>(book.asks.values());
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < levels; i++)
        {
            if (i < bids.size())
            {
                text.append(text.length() > 0 ? ":" : "").append(bids.get(i)[0]).append(':').append(bids.get(i)[1]);
            }
            if (i < asks.size())
            {
                text.append(text.length() > 0 ? ":" : "").append(asks.get(i)[0]).append(':').append(asks.get(i)[1]);
            }
        }
        final CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
        if (crc.getValue() != message.get("checksum").asLong())
        {
            book.checksumFailures++;
            problems.add(name + ": checksum " + crc.getValue() + " of '" + text + "' != " + message.get("checksum"));
        }
    }

    public String toString()
    {
        final StringBuilder text = new StringBuilder(name).append(": ").append(messages).append(" messages");
        books.forEach((symbol, book) -> text.append(", ").append(symbol).append(" update ").append(book.updateId)
            .append(" (").append(book.snapshots).append(" snapshots, ").append(book.diffs).append(" diffs, ")
            .append(book.trades).append(" trades, ").append(book.stale).append(" stale)"));
        if (closeCode >= 0)
        {
            text.append(", closed ").append(closeCode).append(' ').append(closeReason);
        }
        return text.toString();
    }
}
