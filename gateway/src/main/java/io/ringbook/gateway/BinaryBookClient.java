package io.ringbook.gateway;

import io.ringbook.codecs.marketdata.BookSnapshotDecoder;
import io.ringbook.codecs.marketdata.IncrementalBookUpdateDecoder;
import io.ringbook.codecs.marketdata.InstrumentDefinitionDecoder;
import io.ringbook.codecs.marketdata.MessageHeaderDecoder;
import io.ringbook.codecs.marketdata.TradeDecoder;
import io.ringbook.feed.book.FeedBook;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import java.util.TreeMap;

/**
 * A client of the gateway's binary port ({@code docs/gateway.md}, Binary protocol), for algorithmic clients, tests and
 * benchmarks: reads the length-framed SBE messages on a thread of its own and keeps every book at full depth
 * ({@link FeedBook}). {@link Listener} hears each update after it is applied, with the engine's time of its event.
 */
public final class BinaryBookClient implements AutoCloseable
{
    private final Socket socket;
    private final DataInputStream in;
    private final Thread reader;
    private final Listener listener;
    private final Int2ObjectHashMap<FeedBook> books = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<String> symbols = new Int2ObjectHashMap<>();
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final IncrementalBookUpdateDecoder update = new IncrementalBookUpdateDecoder();
    private final BookSnapshotDecoder snapshot = new BookSnapshotDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64 * 1024]);
    private volatile boolean closed;
    private volatile long snapshots;
    private volatile long updates;
    private volatile long trades;
    private volatile long malformed;
    private volatile Throwable failure;

    /**
     * Hears each message after it is applied, on the client's reader thread.
     */
    public interface Listener
    {
        default void onSnapshot(final int instrumentId, final FeedBook book)
        {
        }

        default void onUpdate(final int instrumentId, final FeedBook book, final long engineSequence,
            final long transactTimeNs)
        {
        }

        default void onTrade(final int instrumentId, final long price, final long quantity,
            final long transactTimeNs)
        {
        }
    }

    private BinaryBookClient(final Socket socket, final Listener listener) throws IOException
    {
        this.socket = socket;
        this.listener = listener;
        in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 64 * 1024));
        reader = new Thread(this::readLoop, "ringbook-binary-client");
        reader.setDaemon(true);
    }

    /**
     * Connects and starts reading.
     */
    public static BinaryBookClient connect(final String host, final int port, final Listener listener)
        throws IOException
    {
        final Socket socket = new Socket();
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setTcpNoDelay(true);
        final BinaryBookClient client = new BinaryBookClient(socket, listener);
        client.reader.start();
        return client;
    }

    private void readLoop()
    {
        try
        {
            while (!closed)
            {
                final int length = Integer.reverseBytes(in.readInt()); // little-endian length prefix
                if (length < MessageHeaderDecoder.ENCODED_LENGTH || length > 16 * 1024 * 1024)
                {
                    throw new IOException("bad frame length " + length);
                }
                if (buffer.capacity() < length)
                {
                    buffer.wrap(new byte[Math.max(length, buffer.capacity() * 2)]);
                }
                in.readFully(buffer.byteArray(), 0, length);
                onMessage(length);
            }
        }
        catch (final EOFException ex)
        {
            closed = true;
        }
        catch (final IOException | RuntimeException ex)
        {
            if (!closed)
            {
                failure = ex;
            }
            closed = true;
        }
    }

    private void onMessage(final int length)
    {
        header.wrap(buffer, 0);
        final int offset = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = header.blockLength();
        final int version = header.version();
        switch (header.templateId())
        {
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
            {
                definition.wrap(buffer, offset, blockLength, version);
                final int id = definition.instrumentId();
                final byte[] symbol = new byte[InstrumentDefinitionDecoder.symbolLength()];
                definition.getSymbol(symbol, 0);
                int end = 0;
                while (end < symbol.length && symbol[end] != 0)
                {
                    end++;
                }
                synchronized (this)
                {
                    symbols.put(id, new String(symbol, 0, end, java.nio.charset.StandardCharsets.US_ASCII));
                }
                break;
            }
            case BookSnapshotDecoder.TEMPLATE_ID:
            {
                snapshot.wrap(buffer, offset, blockLength, version);
                final int id = snapshot.instrumentId();
                synchronized (this)
                {
                    final FeedBook book = book(id);
                    book.clear();
                    for (final BookSnapshotDecoder.BidsDecoder bid : snapshot.bids())
                    {
                        book.applyLevel(FeedBook.BID, FeedBook.NEW, bid.price(), bid.quantity(), bid.orderCount());
                    }
                    for (final BookSnapshotDecoder.AsksDecoder ask : snapshot.asks())
                    {
                        book.applyLevel(FeedBook.ASK, FeedBook.NEW, ask.price(), ask.quantity(), ask.orderCount());
                    }
                    snapshots++;
                    listener.onSnapshot(id, book);
                }
                break;
            }
            case IncrementalBookUpdateDecoder.TEMPLATE_ID:
            {
                update.wrap(buffer, offset, blockLength, version);
                final long engineSequence = update.engineSequence();
                final long transactTimeNs = update.transactTimeNs();
                int instrumentId = 0;
                synchronized (this)
                {
                    for (final IncrementalBookUpdateDecoder.EntriesDecoder entry : update.entries())
                    {
                        instrumentId = entry.instrumentId();
                        if (!book(instrumentId).applyLevel(entry.sideRaw(), entry.actionRaw(), entry.price(),
                            entry.aggregateQuantity(), entry.orderCount()))
                        {
                            malformed++;
                        }
                    }
                    updates++;
                    listener.onUpdate(instrumentId, book(instrumentId), engineSequence, transactTimeNs);
                }
                break;
            }
            case TradeDecoder.TEMPLATE_ID:
                trade.wrap(buffer, offset, blockLength, version);
                trades++;
                listener.onTrade(trade.instrumentId(), trade.price(), trade.quantity(), trade.transactTimeNs());
                break;
            default:
                malformed++;
        }
    }

    private FeedBook book(final int instrumentId)
    {
        FeedBook book = books.get(instrumentId);
        if (book == null)
        {
            book = new FeedBook(instrumentId, false);
            books.put(instrumentId, book);
        }
        return book;
    }

    /**
     * @return by symbol, each book's {@link FeedBook#levelsHash()} and level counts: {@code 0x<hash> levels b/a}.
     */
    public synchronized Map<String, String> booksBySymbol()
    {
        final Map<String, String> result = new TreeMap<>();
        books.forEach((id, book) -> result.put(symbols.getOrDefault(id, String.valueOf(id)),
            "0x" + Long.toHexString(book.levelsHash()) + " levels " + book.levels(FeedBook.BID) + "/" +
            book.levels(FeedBook.ASK)));
        return result;
    }

    public long snapshots()
    {
        return snapshots;
    }

    public long updates()
    {
        return updates;
    }

    public long trades()
    {
        return trades;
    }

    /**
     * @return level updates that did not fit the book (a New for a level it has, a Change or Delete of one it has
     *         not): 0 unless the stream is wrong.
     */
    public long malformed()
    {
        return malformed;
    }

    public boolean isClosed()
    {
        return closed;
    }

    /**
     * @return why reading stopped, if not a clean end of stream.
     */
    public Throwable failure()
    {
        return failure;
    }

    public void close()
    {
        closed = true;
        try
        {
            socket.close();
        }
        catch (final IOException ignore)
        {
            // closing
        }
        try
        {
            reader.join(2_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
