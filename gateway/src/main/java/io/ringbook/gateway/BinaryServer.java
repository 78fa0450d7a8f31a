package io.ringbook.gateway;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import io.ringbook.codecs.marketdata.BookAction;
import io.ringbook.codecs.marketdata.BookSnapshotEncoder;
import io.ringbook.codecs.marketdata.IncrementalBookUpdateEncoder;
import io.ringbook.codecs.marketdata.InstrumentDefinitionEncoder;
import io.ringbook.codecs.marketdata.MessageHeaderEncoder;
import io.ringbook.codecs.marketdata.Side;
import io.ringbook.codecs.marketdata.TradeEncoder;
import io.ringbook.codecs.marketdata.TradingStatus;
import io.ringbook.feed.book.FeedBook;
import io.ringbook.feed.client.FeedInstrument;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary port, for algorithmic clients: full depth, every change, as SBE messages of the market-data schema
 * ({@code docs/gateway.md}, Binary protocol) over TCP, each framed by a 4-byte little-endian length. On connect a
 * client gets every live instrument's {@code InstrumentDefinition} and {@code BookSnapshot}; then, per engine event and
 * instrument, one {@code IncrementalBookUpdate} (the levels that changed: New, Change, Delete) and a {@code Trade} per
 * trade. The update is encoded once and the same bytes go to every client, batched: each client gets one write per
 * duty cycle of the gateway agent with every update since the last. A client that cannot take it (its channel
 * unwritable) misses updates and gets fresh snapshots of every instrument when it can; a book the gateway's feed lost
 * (stale) is sent whole again when it is live. {@code rptSeq} in these messages is the gateway's update id of the book.
 * <p>
 * Runs on the gateway agent's thread ({@link GatewayAgent.BookSink}); the Netty I/O threads only accept and close.
 */
public final class BinaryServer implements AutoCloseable
{
    private static final int LENGTH_BYTES = 4;

    private final Channel serverChannel;
    private final GatewayAgent agent;
    private final GatewayCounters counters;
    private final ManyToOneConcurrentArrayQueue<Object[]> events = new ManyToOneConcurrentArrayQueue<>(16 * 1024);
    private final List<Session> sessions = new ArrayList<>();
    private final Int2ObjectHashMap<Published> published = new Int2ObjectHashMap<>();
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(64 * 1024);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final IncrementalBookUpdateEncoder update = new IncrementalBookUpdateEncoder();
    private final BookSnapshotEncoder snapshot = new BookSnapshotEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final Sink sink = new Sink();
    /** This duty cycle's updates, framed, for every client in step: written to each once, at the end of the cycle. */
    private ByteBuf batch;
    private int batchEvents;
    /** Per entry of a book's change log, while an update is encoded: its level's index now, -1 gone, or UNCHANGED. */
    private int[] changedIndex = new int[64];
    private static final int UNCHANGED = -2;
    private static final int BATCH_INITIAL_BYTES = 64 * 1024;

    public BinaryServer(
        final GatewayConfig.Gateway config,
        final EventLoopGroup boss,
        final EventLoopGroup workers,
        final GatewayAgent agent,
        final GatewayCounters counters) throws InterruptedException
    {
        this.agent = agent;
        this.counters = counters;
        final ServerBootstrap bootstrap = new ServerBootstrap();
        if (config.socketSendBufferBytes > 0)
        {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.socketSendBufferBytes);
        }
        serverChannel = bootstrap
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(
                config.writeBufferLowWaterMark * 8, config.writeBufferHighWaterMark * 8))
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                protected void initChannel(final SocketChannel channel)
                {
                    channel.pipeline().addLast(new ChannelInboundHandlerAdapter()
                    {
                        public void channelActive(final ChannelHandlerContext ctx)
                        {
                            offer(new Object[] {Boolean.TRUE, ctx.channel()});
                        }

                        public void channelInactive(final ChannelHandlerContext ctx)
                        {
                            offer(new Object[] {Boolean.FALSE, ctx.channel()});
                        }

                        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
                        {
                            ReferenceCountUtil.release(msg); // clients send nothing; whatever comes is dropped
                        }

                        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
                        {
                            ctx.close();
                        }
                    });
                }
            })
            .bind(config.bindAddress, config.binaryPort).sync().channel();
    }

    private void offer(final Object[] event)
    {
        while (!events.offer(event))
        {
            Thread.yield();
        }
    }

    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    GatewayAgent.BookSink sink()
    {
        return sink;
    }

    public void close()
    {
        serverChannel.close().syncUninterruptibly();
    }

    /**
     * A connected client.
     */
    private static final class Session
    {
        final Channel channel;
        /** Instrument id to the epoch of its book this client was last sent whole. */
        final Int2IntHashMap epochs = new Int2IntHashMap(-1);
        boolean behind;
        /** Where its share of this cycle's batch starts, and updates before that. */
        int batchFrom;
        int batchFromEvents;

        Session(final Channel channel)
        {
            this.channel = channel;
        }
    }

    /**
     * What the clients were sent of an instrument: which book (its changes are logged, see
     * {@link FeedBook#trackChanges}), the epoch of its last replacement, and the trades sent.
     */
    private static final class Published
    {
        FeedBook book;
        int epoch;
        long tradeCursor;
    }

    private final class Sink implements GatewayAgent.BookSink
    {
        public void onBookUpdated(final InstrumentView view)
        {
            final Published state = published(view.instrumentId);
            final FeedBook book = view.book;
            if (state.book != book)
            {
                // A book not seen before: log its changes from now on; every client gets it whole first.
                state.book = book;
                book.trackChanges(true);
                state.epoch++;
            }
            if (sessions.isEmpty())
            {
                state.tradeCursor = view.tradeCount;
                book.clearChanges();
                return;
            }
            int length = 0;
            if (book.changesLost())
            {
                state.epoch++; // replaced (a snapshot after a gap) or too many levels changed: sent whole instead
            }
            else
            {
                length = encodeUpdate(view);
            }
            book.clearChanges();
            length = encodeTrades(view, state, length);
            // Appended to this duty cycle's batch at once: a snapshot for a client below reuses the scratch buffer.
            final int batchStart = null == batch ? 0 : batch.writerIndex();
            if (length > 0)
            {
                if (null == batch)
                {
                    batch = sessions.get(0).channel.alloc().directBuffer(Math.max(BATCH_INITIAL_BYTES, length));
                }
                batch.writeBytes(scratch.byteArray(), 0, length);
                batchEvents++;
            }
            for (int i = 0; i < sessions.size(); i++)
            {
                final Session session = sessions.get(i);
                if (!session.channel.isWritable())
                {
                    session.behind = true;
                    continue;
                }
                if (session.behind)
                {
                    resync(session);
                    continue;
                }
                if (session.epochs.get(view.instrumentId) != state.epoch)
                {
                    // The batch so far first (this client is in step on the other books), then this book whole,
                    // which already holds this event.
                    writeBatch(session, batchStart);
                    sendWhole(session, view, state);
                    session.channel.flush();
                    skipBatch(session);
                }
            }
        }

        public void onStale(final InstrumentView view)
        {
            published(view.instrumentId).epoch++;
        }

        public int doWork(final long nowNs)
        {
            int work = 0;
            Object[] event;
            while ((event = events.poll()) != null)
            {
                work++;
                final Channel channel = (Channel)event[1];
                if (event[0] == Boolean.TRUE)
                {
                    final Session session = new Session(channel);
                    sessions.add(session);
                    counters.binaryClients.incrementAndGet();
                    resync(session);
                }
                else
                {
                    for (int i = 0; i < sessions.size(); i++)
                    {
                        if (sessions.get(i).channel == channel)
                        {
                            sessions.remove(i);
                            counters.binaryClients.decrementAndGet();
                            break;
                        }
                    }
                }
            }
            for (int i = 0; i < sessions.size(); i++)
            {
                final Session session = sessions.get(i);
                if (session.behind && session.channel.isWritable())
                {
                    resync(session);
                    work++;
                }
            }
            if (null != batch)
            {
                // One write and flush per client per duty cycle, of every update since the last: the same bytes
                // for all (a slice of one buffer each).
                for (int i = 0; i < sessions.size(); i++)
                {
                    final Session session = sessions.get(i);
                    if (!session.behind && writeBatch(session, batch.writerIndex()))
                    {
                        session.channel.flush();
                    }
                    session.batchFrom = 0;
                    session.batchFromEvents = 0;
                }
                batch.release();
                batch = null;
                batchEvents = 0;
                work++;
            }
            return work;
        }
    }

    private Published published(final int instrumentId)
    {
        Published state = published.get(instrumentId);
        if (state == null)
        {
            state = new Published();
            published.put(instrumentId, state);
        }
        return state;
    }

    /**
     * Sends a client every live book whole; they hold every update batched so far, which it is not sent.
     */
    private void resync(final Session session)
    {
        session.behind = false;
        agent.forEachLiveView(view -> sendWhole(session, view, published(view.instrumentId)));
        session.channel.flush();
        skipBatch(session);
    }

    /**
     * Writes (does not flush) the client's share of this cycle's batch up to {@code end}: from where it was last
     * written to it or told to skip.
     *
     * @return true if anything was written.
     */
    private boolean writeBatch(final Session session, final int end)
    {
        if (null == batch || end <= session.batchFrom)
        {
            return false;
        }
        final int from = session.batchFrom;
        final int length = end - from;
        counters.binaryMessagesOut.addAndGet(batchEventsBefore(end) - session.batchFromEvents);
        counters.binaryBytesOut.addAndGet(length);
        session.channel.write(batch.retainedSlice(from, length), session.channel.voidPromise());
        session.batchFrom = end;
        session.batchFromEvents = batchEventsBefore(end);
        return true;
    }

    /**
     * @return updates in the batch before {@code end}: all of them, or all but the last when {@code end} is where
     *         the last one starts.
     */
    private int batchEventsBefore(final int end)
    {
        return end == batch.writerIndex() ? batchEvents : batchEvents - 1;
    }

    /**
     * The client has been sent, whole, everything in the batch so far.
     */
    private void skipBatch(final Session session)
    {
        session.batchFrom = null == batch ? 0 : batch.writerIndex();
        session.batchFromEvents = batchEvents;
    }

    private void sendWhole(final Session session, final InstrumentView view, final Published state)
    {
        final FeedInstrument instrument = view.instrument;
        int length = 0;
        if (instrument != null)
        {
            definition.wrapAndApplyHeader(scratch, length + LENGTH_BYTES, header)
                .rptSeq(view.updateId)
                .engineSequence(view.seq)
                .tickSize(instrument.tickSize())
                .lotSize(instrument.lotSize())
                .minPrice(instrument.minPrice())
                .maxPrice(instrument.maxPrice())
                .maxOrderQty(instrument.maxOrderQty())
                .instrumentId(view.instrumentId)
                .priceBandBps(instrument.priceBandBps())
                .totalInstruments(instrument.totalInstruments())
                .priceExponent((byte)instrument.priceExponent())
                .quantityExponent((byte)instrument.quantityExponent())
                .tradingStatus(TradingStatus.get((short)instrument.tradingStatus()))
                .symbol(instrument.symbol());
            length = frame(length, definition.encodedLength());
        }
        final FeedBook book = view.book;
        final BookSnapshotEncoder encoder = snapshot.wrapAndApplyHeader(scratch, length + LENGTH_BYTES, header)
            .rptSeq(view.updateId)
            .lastStreamSequence(0)
            .engineSequence(view.seq)
            .transactTimeNs(view.timeUs * 1_000)
            .instrumentId(view.instrumentId)
            .chunkIndex(0)
            .chunkCount(1);
        final BookSnapshotEncoder.BidsEncoder bids = encoder.bidsCount(book.levels(FeedBook.BID));
        for (int i = 0; i < book.levels(FeedBook.BID); i++)
        {
            bids.next().price(book.price(FeedBook.BID, i)).quantity(book.quantity(FeedBook.BID, i))
                .orderCount(book.orderCount(FeedBook.BID, i));
        }
        final BookSnapshotEncoder.AsksEncoder asks = encoder.asksCount(book.levels(FeedBook.ASK));
        for (int i = 0; i < book.levels(FeedBook.ASK); i++)
        {
            asks.next().price(book.price(FeedBook.ASK, i)).quantity(book.quantity(FeedBook.ASK, i))
                .orderCount(book.orderCount(FeedBook.ASK, i));
        }
        encoder.ordersCount(0);
        length = frame(length, encoder.encodedLength());
        session.epochs.put(view.instrumentId, state.epoch);
        final ByteBuf buf = session.channel.alloc().directBuffer(length);
        buf.writeBytes(scratch.byteArray(), 0, length);
        write(session, buf, length);
        counters.binarySnapshots.incrementAndGet();
    }

    /**
     * Encodes the levels changed since the last update (the book's change log) as one IncrementalBookUpdate into
     * {@link #scratch}: bids then asks, each level with its quantity and order count now (Delete when it is gone, New
     * when it was not there before). Levels that came and went, or ended as they were, are left out.
     *
     * @return bytes encoded (0 when no level changed).
     */
    private int encodeUpdate(final InstrumentView view)
    {
        final FeedBook book = view.book;
        final int logged = book.changes();
        if (changedIndex.length < logged)
        {
            changedIndex = new int[Math.max(logged, changedIndex.length * 2)];
        }
        int changes = 0;
        for (int i = 0; i < logged; i++)
        {
            final int index = book.levelIndex(book.changedSide(i), book.changedPrice(i));
            changedIndex[i] = isChanged(book, i, index) ? index : UNCHANGED;
            if (changedIndex[i] != UNCHANGED)
            {
                changes++;
            }
        }
        if (changes == 0)
        {
            return 0;
        }
        final IncrementalBookUpdateEncoder encoder = update.wrapAndApplyHeader(scratch, LENGTH_BYTES, header)
            .engineSequence(view.seq)
            .transactTimeNs(view.timeUs * 1_000);
        final IncrementalBookUpdateEncoder.EntriesEncoder entries = encoder.entriesCount(changes);
        for (int side = FeedBook.BID; side <= FeedBook.ASK; side++)
        {
            final Side wireSide = side == FeedBook.BID ? Side.Buy : Side.Sell;
            for (int i = 0; i < logged; i++)
            {
                final int index = changedIndex[i];
                if (book.changedSide(i) != side || index == UNCHANGED)
                {
                    continue;
                }
                final boolean present = index >= 0;
                final BookAction action = !present ? BookAction.Delete :
                    book.changedLevelExisted(i) ? BookAction.Change : BookAction.New;
                entries.next().price(book.changedPrice(i))
                    .aggregateQuantity(present ? book.quantity(side, index) : 0).rptSeq(view.updateId)
                    .instrumentId(view.instrumentId).orderCount(present ? book.orderCount(side, index) : 0)
                    .side(wireSide).action(action);
            }
        }
        return frame(0, encoder.encodedLength());
    }

    /**
     * @param index the changed level's index in the book now, -1 when it is gone.
     */
    private static boolean isChanged(final FeedBook book, final int i, final int index)
    {
        final int side = book.changedSide(i);
        final boolean existed = book.changedLevelExisted(i);
        if (index < 0)
        {
            return existed;
        }
        return !existed || book.quantity(side, index) != book.changedLevelQuantityBefore(i) ||
            book.orderCount(side, index) != book.changedLevelOrderCountBefore(i);
    }

    /**
     * Merge order of a last-sent level and a current one, best first on their side (the binary updates' and the
     * WebSocket diffs' walk).
     *
     * @return -1 when the old level comes first (better, or the new side is done), 1 when the new one does, 0 for
     *         the same price.
     */
    static int order(
        final int side, final long oldPrice, final boolean oldDone, final long newPrice, final boolean newDone)
    {
        if (oldDone)
        {
            return 1;
        }
        if (newDone)
        {
            return -1;
        }
        if (oldPrice == newPrice)
        {
            return 0;
        }
        return side == FeedBook.BID ? (oldPrice > newPrice ? -1 : 1) : (oldPrice < newPrice ? -1 : 1);
    }

    private int encodeTrades(final InstrumentView view, final Published state, final int offset)
    {
        int length = offset;
        final long from = Math.max(state.tradeCursor, view.tradeCount - view.tradesKept());
        for (long i = from; i < view.tradeCount; i++)
        {
            trade.wrapAndApplyHeader(scratch, length + LENGTH_BYTES, header)
                .rptSeq(view.updateId)
                .engineSequence(view.tradeSeq(i))
                .transactTimeNs(view.tradeTimeUs(i) * 1_000)
                .tradeId(view.tradeId(i))
                .price(view.tradePrice(i))
                .quantity(view.tradeQuantity(i))
                .makerOrderId(0)
                .takerOrderId(0)
                .instrumentId(view.instrumentId)
                .aggressorSide(view.tradeSide(i) == FeedBook.BID ? Side.Buy : Side.Sell);
            length = frame(length, trade.encodedLength());
        }
        state.tradeCursor = view.tradeCount;
        return length;
    }

    /**
     * Writes the length prefix of the message just encoded at {@code offset + 4}.
     *
     * @return the end of the frame.
     */
    private int frame(final int offset, final int bodyLength)
    {
        final int messageLength = MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        scratch.putInt(offset, messageLength, ByteOrder.LITTLE_ENDIAN);
        return offset + LENGTH_BYTES + messageLength;
    }

    private void write(final Session session, final ByteBuf buf, final int length)
    {
        counters.binaryMessagesOut.incrementAndGet();
        counters.binaryBytesOut.addAndGet(length);
        session.channel.write(buf, session.channel.voidPromise());
    }
}
