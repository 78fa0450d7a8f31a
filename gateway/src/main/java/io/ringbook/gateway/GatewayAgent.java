package io.ringbook.gateway;

import io.aeron.Aeron;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.ringbook.feed.book.FeedBook;
import io.ringbook.feed.client.FeedClient;
import io.ringbook.feed.client.FeedHandler;
import io.ringbook.feed.client.FeedInstrument;
import io.ringbook.feed.client.FeedListener;
import io.ringbook.feed.client.StaleReason;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's one thread of state: it polls the feed client (books, gap recovery), takes the clients' requests
 * from the I/O threads, and serves every subscription at its own pace. A subscription is served when its interval
 * is due (or at once, for interval 0, when its book changed) and its client's channel is writable: it gets a
 * snapshot, or a diff between the view it was last sent and the book now, then the trades it has not had. A client
 * that does not read is not written to: its updates fold into its next diff (conflation), a fresh snapshot follows a
 * long spell, a longer one disconnects it. Nothing here ever waits for a client.
 * <p>
 * Writes go to Netty from this thread ({@code channel.write}, queued onto the channel's event loop); a channel's
 * writability tells this agent whether the client keeps up.
 */
public final class GatewayAgent implements Agent, FeedListener
{
    private static final long PASS_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int INITIAL_TRADES = 20;
    /**
     * A pass visits one bucket of clients (by id): each client every {@code VISIT_BUCKETS} ms, the shortest interval
     * a subscription can have, so a pass costs a tenth of the clients, not all of them.
     */
    static final int VISIT_BUCKETS = 10;

    private final GatewayConfig.Gateway config;
    private final GatewayCounters counters;
    private final FeedClient feed;
    private final NanoClock clock = new SystemNanoClock();
    private final ManyToOneConcurrentArrayQueue<Inbound> inbound = new ManyToOneConcurrentArrayQueue<>(64 * 1024);
    private final Int2ObjectHashMap<InstrumentView> views = new Int2ObjectHashMap<>();
    private final Map<String, InstrumentView> bySymbol = new HashMap<>();
    private final List<InstrumentView> changed = new ArrayList<>();
    private final List<ClientSession> sessions = new ArrayList<>();
    @SuppressWarnings("unchecked")
    private final List<ClientSession>[] buckets = new List[VISIT_BUCKETS];
    private int passCount;
    private long roundMaxQueued;
    private final JsonOut json = new JsonOut();
    private final ByteBuf scratch = io.netty.buffer.Unpooled.buffer(64 * 1024);
    private final BookChecksum checksum = new BookChecksum();
    private final long heartbeatNs;
    private final long slowSnapshotNs;
    private final long slowDisconnectNs;
    private final List<BookSink> sinks = new ArrayList<>();
    private long nowNs;
    private long nextPassNs;
    private long lastSeq;
    private long lastTimeUs;

    /**
     * Something else on the agent's thread that wants every book change (the binary server).
     */
    public interface BookSink
    {
        void onBookUpdated(InstrumentView view);

        void onStale(InstrumentView view);

        int doWork(long nowNs);
    }

    public GatewayAgent(
        final GatewayConfig config, final Aeron aeron, final GatewayCounters counters)
    {
        this.config = config.gateway;
        this.counters = counters;
        heartbeatNs = TimeUnit.MILLISECONDS.toNanos(this.config.heartbeatMs);
        slowSnapshotNs = TimeUnit.MILLISECONDS.toNanos(this.config.slowSnapshotMs);
        slowDisconnectNs = TimeUnit.MILLISECONDS.toNanos(this.config.slowDisconnectMs);
        for (int i = 0; i < VISIT_BUCKETS; i++)
        {
            buckets[i] = new ArrayList<>();
        }
        feed = new FeedClient(aeron, new FeedClient.Context()
            .incrementalChannel(config.feed.incrementalChannel)
            .incrementalStreamId(config.feed.incrementalStreamId)
            .snapshotChannel(config.feed.snapshotChannel)
            .snapshotStreamId(config.feed.snapshotStreamId)
            .listener(this));
    }

    /**
     * Adds a sink before the agent starts.
     */
    public void addSink(final BookSink sink)
    {
        sinks.add(sink);
    }

    /**
     * From any thread: hands the agent a client event.
     *
     * @return false when the queue is full.
     */
    boolean offer(final Inbound event)
    {
        return inbound.offer(event);
    }

    public FeedClient feed()
    {
        return feed;
    }

    public String roleName()
    {
        return "ringbook-gateway";
    }

    public void onClose()
    {
        feed.close();
    }

    public int doWork()
    {
        nowNs = clock.nanoTime();
        int work = feed.poll(256);
        stampChanged();
        work += inbound.drain(this::onInbound, 1024);
        for (int i = 0; i < sinks.size(); i++)
        {
            work += sinks.get(i).doWork(nowNs);
        }
        if (nowNs - nextPassNs >= 0)
        {
            nextPassNs = nowNs + PASS_INTERVAL_NS;
            work += pass();
        }
        return work;
    }

    // Feed listener (the agent's thread, inside feed.poll)

    public void onInstrument(final FeedInstrument instrument)
    {
        final InstrumentView view = view(instrument.instrumentId());
        final String oldSymbol = view.symbol;
        view.define(instrument);
        if (!oldSymbol.equals(view.symbol))
        {
            bySymbol.remove(oldSymbol, view);
            bySymbol.put(view.symbol, view);
            for (int i = 0; i < sessions.size(); i++)
            {
                final ClientSession session = sessions.get(i);
                final ByteBuf buf = message();
                json.wrap(buf).raw("{\"type\":\"instrument\",\"instrument\":");
                writeInstrument(view);
                json.raw('}');
                send(session, buf);
                flush(session);
            }
        }
    }

    public void onBookUpdated(final int instrumentId, final FeedBook book)
    {
        final InstrumentView view = view(instrumentId);
        view.book = book;
        view.live = true;
        if (!view.changed)
        {
            view.changed = true;
            changed.add(view);
        }
    }

    public void onTrade(
        final int instrumentId,
        final long tradeId,
        final long price,
        final long quantity,
        final int aggressorSide,
        final long makerOrderId,
        final long takerOrderId,
        final long engineSequence)
    {
        final InstrumentView view = view(instrumentId);
        view.addTrade(tradeId, price, quantity, aggressorSide, engineSequence);
        if (!view.changed)
        {
            view.changed = true;
            changed.add(view);
        }
    }

    public void onStale(final int instrumentId, final StaleReason reason)
    {
        final InstrumentView view = view(instrumentId);
        view.live = false;
        view.staleReason = reason.name();
        counters.feedStale.incrementAndGet();
        for (int i = 0; i < view.subscriptions.size(); i++)
        {
            final Subscription subscription = view.subscriptions.get(i);
            subscription.staleSent = false;
            subscription.needSnapshot = true;
            subscription.session.nextVisitNs = nowNs;
        }
        for (int i = 0; i < sinks.size(); i++)
        {
            sinks.get(i).onStale(view);
        }
    }

    public void onLive(final int instrumentId)
    {
        view(instrumentId).live = true;
    }

    public void onReset()
    {
        counters.feedResets.incrementAndGet();
    }

    public void onEndOfEvent(final long engineSequence, final long transactTimeNs, final long sendingTimeNs)
    {
        lastSeq = engineSequence;
        lastTimeUs = transactTimeNs / 1_000;
        counters.feedEvents.incrementAndGet();
        stampChanged();
    }

    /**
     * Gives the instruments changed since the last call a new update id, the last event's sequence and time, and
     * serves their as-fast-as-possible subscriptions and the sinks.
     */
    private void stampChanged()
    {
        final List<InstrumentView> changed = this.changed;
        for (int i = 0; i < changed.size(); i++)
        {
            final InstrumentView view = changed.get(i);
            view.changed = false;
            view.updateId++;
            view.seq = lastSeq;
            view.timeUs = lastTimeUs;
            view.timeTrades(lastTimeUs);
            encodeTrades(view);
            for (int s = 0; s < sinks.size(); s++)
            {
                sinks.get(s).onBookUpdated(view);
            }
            final List<Subscription> immediate = view.immediate;
            for (int s = 0; s < immediate.size(); s++)
            {
                final Subscription subscription = immediate.get(s);
                if (serve(subscription))
                {
                    flush(subscription.session);
                }
            }
        }
        changed.clear();
    }

    private InstrumentView view(final int instrumentId)
    {
        InstrumentView view = views.get(instrumentId);
        if (view == null)
        {
            view = new InstrumentView(instrumentId, config.tradesKept);
            views.put(instrumentId, view);
        }
        return view;
    }

    /**
     * Visits the instruments that are live, by id.
     */
    void forEachLiveView(final java.util.function.Consumer<InstrumentView> visitor)
    {
        for (final InstrumentView view : sortedViews())
        {
            if (view.live && view.book != null)
            {
                visitor.accept(view);
            }
        }
    }

    /**
     * @return the instrument named, or null.
     */
    InstrumentView view(final String symbol)
    {
        return bySymbol.get(symbol);
    }

    // Requests (from the I/O threads)

    private void onInbound(final Inbound event)
    {
        final ClientSession session = event.session;
        switch (event.kind)
        {
            case CONNECT:
                session.index = sessions.size();
                sessions.add(session);
                final List<ClientSession> bucket = buckets[bucketOf(session)];
                session.bucketIndex = bucket.size();
                bucket.add(session);
                session.lastSentNs = nowNs;
                session.nextVisitNs = nowNs;
                counters.clients.incrementAndGet();
                counters.connections.incrementAndGet();
                sendWelcome(session);
                break;
            case DISCONNECT:
                removeSession(session);
                break;
            case REQUEST:
                if (session.index >= 0)
                {
                    onRequest(session, event);
                }
                break;
            default:
                break;
        }
    }

    private void removeSession(final ClientSession session)
    {
        if (session.index < 0)
        {
            return;
        }
        final int index = session.index;
        final ClientSession last = sessions.remove(sessions.size() - 1);
        if (last != session)
        {
            sessions.set(index, last);
            last.index = index;
        }
        session.index = -1;
        final List<ClientSession> bucket = buckets[bucketOf(session)];
        final ClientSession lastInBucket = bucket.remove(bucket.size() - 1);
        if (lastInBucket != session)
        {
            bucket.set(session.bucketIndex, lastInBucket);
            lastInBucket.bucketIndex = session.bucketIndex;
        }
        session.bucketIndex = -1;
        if (session.pending != null)
        {
            session.pending.release();
            session.pending = null;
        }
        for (int i = 0; i < session.subscriptions.size(); i++)
        {
            final Subscription subscription = session.subscriptions.get(i);
            subscription.view.subscriptions.remove(subscription);
            subscription.view.immediate.remove(subscription);
        }
        counters.subscriptions.addAndGet(-session.subscriptions.size());
        session.subscriptions.clear();
        counters.clients.decrementAndGet();
    }

    private void onRequest(final ClientSession session, final Inbound request)
    {
        counters.requests.incrementAndGet();
        if (request.errorCode != null)
        {
            error(session, request.id, request.errorCode, request.errorMessage);
            return;
        }
        switch (request.op)
        {
            case "subscribe":
                subscribe(session, request);
                break;
            case "unsubscribe":
                unsubscribe(session, request);
                break;
            case "ping":
            {
                final ByteBuf buf = message();
                json.wrap(buf).raw("{\"type\":\"pong\"");
                id(request.id);
                json.raw(",\"timeUs\":").number(epochMicros()).raw('}');
                send(session, buf);
                flush(session);
                break;
            }
            default:
                error(session, request.id, "UNKNOWN_OP", "unknown op '" + request.op +
                    "': subscribe, unsubscribe or ping");
        }
    }

    private void subscribe(final ClientSession session, final Inbound request)
    {
        final InstrumentView view = request.symbol == null ? null : bySymbol.get(request.symbol);
        if (view == null)
        {
            error(session, request.id, "UNKNOWN_SYMBOL", "no instrument '" + request.symbol + "' (known: " +
                bySymbol.keySet() + ")");
            return;
        }
        final int depth = request.depth == 0 ? config.defaultDepth : request.depth;
        if (depth < 1 || depth > config.maxDepth)
        {
            error(session, request.id, "BAD_DEPTH", "depth must be 1 to " + config.maxDepth + ", not " + depth);
            return;
        }
        final long intervalMs = request.intervalMs < 0 ? config.defaultIntervalMs : request.intervalMs;
        if (!GatewayConfig.isValidInterval(intervalMs))
        {
            error(session, request.id, "BAD_INTERVAL", "interval must be 0 (as fast as you read) or 10 to 60000 " +
                "ms, not " + intervalMs);
            return;
        }
        Subscription subscription = session.subscription(view);
        if (subscription == null)
        {
            if (session.subscriptions.size() >= config.maxSubscriptions)
            {
                error(session, request.id, "TOO_MANY_SUBSCRIPTIONS", "at most " + config.maxSubscriptions +
                    " subscriptions per connection");
                return;
            }
            subscription = new Subscription(session, view, depth, TimeUnit.MILLISECONDS.toNanos(intervalMs));
            subscription.tradeCursor = Math.max(0, view.tradeCount - INITIAL_TRADES);
            session.subscriptions.add(subscription);
            view.subscriptions.add(subscription);
            counters.subscriptions.incrementAndGet();
        }
        else
        {
            subscription.configure(depth, TimeUnit.MILLISECONDS.toNanos(intervalMs));
        }
        view.immediate.remove(subscription);
        if (subscription.intervalNs == 0)
        {
            view.immediate.add(subscription);
        }
        final ByteBuf buf = message();
        json.wrap(buf).raw("{\"type\":\"subscribed\",\"symbol\":").string(view.symbol)
            .raw(",\"depth\":").number(depth).raw(",\"interval\":").number(intervalMs);
        id(request.id);
        json.raw('}');
        send(session, buf);
        serve(subscription);
        flush(session);
        session.nextVisitNs = nowNs; // its next due time is recomputed at its next visit
    }

    private void unsubscribe(final ClientSession session, final Inbound request)
    {
        final InstrumentView view = request.symbol == null ? null : bySymbol.get(request.symbol);
        final Subscription subscription = view == null ? null : session.subscription(view);
        if (subscription == null)
        {
            error(session, request.id, "NOT_SUBSCRIBED", "not subscribed to '" + request.symbol + "'");
            return;
        }
        session.subscriptions.remove(subscription);
        view.subscriptions.remove(subscription);
        view.immediate.remove(subscription);
        counters.subscriptions.decrementAndGet();
        final ByteBuf buf = message();
        json.wrap(buf).raw("{\"type\":\"unsubscribed\",\"symbol\":").string(view.symbol);
        id(request.id);
        json.raw('}');
        send(session, buf);
        flush(session);
    }

    private void error(final ClientSession session, final Long id, final String code, final String message)
    {
        counters.badRequests.incrementAndGet();
        final ByteBuf buf = message();
        json.wrap(buf).raw("{\"type\":\"error\",\"code\":").string(code).raw(",\"message\":").string(message);
        id(id);
        json.raw('}');
        send(session, buf);
        flush(session);
    }

    private void id(final Long id)
    {
        if (id != null)
        {
            json.raw(",\"id\":").number(id);
        }
    }

    private void sendWelcome(final ClientSession session)
    {
        final ByteBuf buf = message();
        json.wrap(buf).raw("{\"type\":\"welcome\",\"version\":1,\"heartbeatMs\":").number(config.heartbeatMs)
            .raw(",\"maxSubscriptions\":").number(config.maxSubscriptions)
            .raw(",\"maxDepth\":").number(config.maxDepth)
            .raw(",\"instruments\":[");
        boolean first = true;
        for (final InstrumentView view : sortedViews())
        {
            if (!first)
            {
                json.raw(',');
            }
            first = false;
            writeInstrument(view);
        }
        json.raw("]}");
        send(session, buf);
        flush(session);
    }

    private List<InstrumentView> sortedViews()
    {
        final List<InstrumentView> sorted = new ArrayList<>(bySymbol.values());
        sorted.sort((a, b) -> Integer.compare(a.instrumentId, b.instrumentId));
        return sorted;
    }

    private void writeInstrument(final InstrumentView view)
    {
        final FeedInstrument instrument = view.instrument;
        json.raw("{\"symbol\":").string(view.symbol).raw(",\"id\":").number(view.instrumentId)
            .raw(",\"tick\":").decimal(instrument.tickSize(), view.priceExponent)
            .raw(",\"lot\":").decimal(instrument.lotSize(), view.quantityExponent)
            .raw(",\"priceExponent\":").number(view.priceExponent)
            .raw(",\"quantityExponent\":").number(view.quantityExponent)
            .raw(",\"live\":").raw(view.live ? "true" : "false").raw('}');
    }

    // Serving

    /**
     * The periodic pass (every millisecond): due subscriptions, heartbeats, slow clients.
     */
    private int pass()
    {
        final FeedHandler handler = feed.handler();
        counters.feedStreamGaps.set(handler.streamSequenceGaps());
        counters.feedRptSeqGaps.set(handler.rptSeqGaps());
        counters.feedSnapshotsApplied.set(handler.snapshotsApplied());
        counters.feedMalformed.set(handler.malformedPackets());

        // One bucket of clients per pass; the largest queue is published once every bucket has been seen.
        final int bucketNumber = passCount++ % VISIT_BUCKETS;
        if (0 == bucketNumber)
        {
            counters.maxClientQueuedBytes.set(roundMaxQueued);
            roundMaxQueued = 0;
        }
        final List<ClientSession> bucket = buckets[bucketNumber];
        int work = 0;
        for (int i = bucket.size() - 1; i >= 0; i--)
        {
            final ClientSession session = bucket.get(i);
            // Nothing due (no interval, snapshot or heartbeat) and not being timed as slow: nothing to do. A client
            // that stops reading is noticed at its next due time (one interval, or the heartbeat, at most).
            if (session.unwritableSinceNs == 0 && nowNs - session.nextVisitNs < 0)
            {
                continue;
            }
            final ChannelOutboundBuffer outbound = session.channel.unsafe().outboundBuffer();
            roundMaxQueued = Math.max(roundMaxQueued, outbound != null ? outbound.totalPendingWriteBytes() : 0);
            if (session.closing)
            {
                continue;
            }
            if (!session.channel.isWritable())
            {
                work += slow(session);
                continue;
            }
            if (session.unwritableSinceNs != 0)
            {
                session.unwritableSinceNs = 0;
                session.slowSnapshotTaken = false;
            }
            boolean wrote = false;
            for (int s = 0; s < session.subscriptions.size(); s++)
            {
                final Subscription subscription = session.subscriptions.get(s);
                if (nowNs - subscription.nextDueNs >= 0 || subscription.needSnapshot)
                {
                    wrote |= serve(subscription);
                }
            }
            if (!wrote && nowNs - session.lastSentNs >= heartbeatNs)
            {
                final ByteBuf buf = message();
                json.wrap(buf).raw("{\"type\":\"heartbeat\",\"timeUs\":").number(epochMicros()).raw('}');
                send(session, buf);
                wrote = true;
            }
            if (wrote)
            {
                flush(session);
                work++;
            }
            session.nextVisitNs = nextVisit(session);
        }
        return work;
    }

    /**
     * @return when the session next has something due: a subscription's interval or pending snapshot, or its
     *         heartbeat.
     */
    private long nextVisit(final ClientSession session)
    {
        long next = session.lastSentNs + heartbeatNs;
        for (int s = 0; s < session.subscriptions.size(); s++)
        {
            final Subscription subscription = session.subscriptions.get(s);
            if (subscription.needSnapshot)
            {
                return nowNs;
            }
            if (subscription.nextDueNs - next < 0)
            {
                next = subscription.nextDueNs;
            }
        }
        return next;
    }

    private int slow(final ClientSession session)
    {
        if (session.unwritableSinceNs == 0)
        {
            session.unwritableSinceNs = nowNs;
            return 0;
        }
        final long unwritableNs = nowNs - session.unwritableSinceNs;
        if (unwritableNs >= slowDisconnectNs)
        {
            session.closing = true;
            counters.slowDisconnects.incrementAndGet();
            final Channel channel = session.channel;
            channel.writeAndFlush(new CloseWebSocketFrame(1008, "slow consumer: unwritable for " +
                TimeUnit.NANOSECONDS.toMillis(unwritableNs) + " ms"));
            // It is not reading: the close frame may never reach it. Close the connection regardless.
            channel.eventLoop().schedule(() -> channel.close(), 100, TimeUnit.MILLISECONDS);
            return 1;
        }
        if (unwritableNs >= slowSnapshotNs && !session.slowSnapshotTaken)
        {
            session.slowSnapshotTaken = true;
            counters.slowSnapshots.incrementAndGet();
            for (int i = 0; i < session.subscriptions.size(); i++)
            {
                session.subscriptions.get(i).needSnapshot = true;
            }
            return 1;
        }
        return 0;
    }

    /**
     * Serves one subscription if its client is writable: stale notice, snapshot or diff, trades.
     *
     * @return true if anything was written (the caller flushes).
     */
    private boolean serve(final Subscription subscription)
    {
        final ClientSession session = subscription.session;
        if (session.closing || !session.channel.isWritable())
        {
            return false;
        }
        final InstrumentView view = subscription.view;
        boolean wrote = false;
        if (!view.live || view.book == null)
        {
            if (!subscription.staleSent && view.book != null)
            {
                final ByteBuf buf = message();
                json.wrap(buf).raw("{\"type\":\"stale\",\"symbol\":").string(view.symbol)
                    .raw(",\"reason\":").string(view.staleReason).raw('}');
                send(session, buf);
                subscription.staleSent = true;
                subscription.needSnapshot = true;
                wrote = true;
            }
            return wrote;
        }
        subscription.staleSent = false;
        if (subscription.needSnapshot)
        {
            sendSnapshot(subscription);
            wrote = true;
        }
        else if (view.updateId != subscription.lastUpdateId)
        {
            wrote = sendDiff(subscription);
        }
        wrote |= sendTrades(subscription);
        subscription.nextDueNs = nextDue(subscription);
        return wrote;
    }

    /**
     * The interval's grid, shifted by the client's phase: clients are spread over the interval (client id mod the
     * interval in ms), so each pass writes to a slice of them rather than one pass to all; the clients of one phase
     * and interval are served in the same pass, with the same update ids, so their messages are encoded once
     * (InstrumentView's cache).
     */
    private long nextDue(final Subscription subscription)
    {
        return nextDue(nowNs, subscription.intervalNs, subscription.session.id);
    }

    /**
     * @return the first time after {@code nowNs} on the grid of {@code intervalNs} shifted by the client's phase, or
     *         {@code nowNs} for interval 0.
     */
    static long nextDue(final long nowNs, final long intervalNs, final long clientId)
    {
        if (intervalNs == 0)
        {
            return nowNs;
        }
        final long phaseNs = Math.floorMod(clientId, Math.max(1, intervalNs / PASS_INTERVAL_NS)) * PASS_INTERVAL_NS;
        return Math.floorDiv(nowNs - phaseNs, intervalNs) * intervalNs + intervalNs + phaseNs;
    }

    private static int bucketOf(final ClientSession session)
    {
        return (int)Math.floorMod(session.id, (long)VISIT_BUCKETS);
    }

    private void sendSnapshot(final Subscription subscription)
    {
        final ClientSession session = subscription.session;
        final InstrumentView view = subscription.view;
        final FeedBook book = view.book;
        final int cachedIndex = view.cachedMessage(subscription.depth, -1);
        if (cachedIndex >= 0)
        {
            send(session, view.cachedBytes(cachedIndex), view.cachedLength(cachedIndex));
            subscription.remember(book);
            subscription.lastUpdateId = view.updateId;
            subscription.needSnapshot = false;
            counters.snapshotsOut.incrementAndGet();
            return;
        }
        final ByteBuf buf = message();
        json.wrap(buf).raw("{\"type\":\"snapshot\",\"symbol\":").string(view.symbol)
            .raw(",\"updateId\":").number(view.updateId)
            .raw(",\"seq\":").number(view.seq)
            .raw(",\"timeUs\":").number(view.timeUs);
        for (int side = FeedBook.BID; side <= FeedBook.ASK; side++)
        {
            json.raw(side == FeedBook.BID ? ",\"bids\":[" : "],\"asks\":[");
            final int n = Math.min(subscription.depth, book.levels(side));
            for (int i = 0; i < n; i++)
            {
                if (i > 0)
                {
                    json.raw(',');
                }
                json.level(book.price(side, i), view.priceExponent, book.quantity(side, i), view.quantityExponent);
            }
        }
        json.raw("],\"checksum\":").number(checksum(subscription.depth, view)).raw('}');
        subscription.remember(book);
        subscription.lastUpdateId = view.updateId;
        subscription.needSnapshot = false;
        view.cache(subscription.depth, -1, buf);
        send(session, buf);
        counters.snapshotsOut.incrementAndGet();
    }

    /**
     * Sends the levels of the client's view that changed since it was last sent, if any.
     */
    private boolean sendDiff(final Subscription subscription)
    {
        final ClientSession session = subscription.session;
        final InstrumentView view = subscription.view;
        final FeedBook book = view.book;
        final int cachedIndex = view.cachedMessage(subscription.depth, subscription.lastUpdateId);
        if (cachedIndex >= 0)
        {
            final int length = view.cachedLength(cachedIndex);
            if (length == 0)
            {
                return false; // nothing visible changed at this depth
            }
            send(session, view.cachedBytes(cachedIndex), length);
            counters.conflatedUpdates.addAndGet(view.updateId - subscription.lastUpdateId - 1);
            subscription.remember(book);
            subscription.lastUpdateId = view.updateId;
            counters.diffsOut.incrementAndGet();
            return true;
        }
        final ByteBuf buf = message();
        json.wrap(buf).raw("{\"type\":\"diff\",\"symbol\":").string(view.symbol)
            .raw(",\"firstUpdateId\":").number(subscription.lastUpdateId + 1)
            .raw(",\"lastUpdateId\":").number(view.updateId)
            .raw(",\"seq\":").number(view.seq)
            .raw(",\"timeUs\":").number(view.timeUs);
        int changes = 0;
        for (int side = FeedBook.BID; side <= FeedBook.ASK; side++)
        {
            json.raw(side == FeedBook.BID ? ",\"bids\":[" : "],\"asks\":[");
            changes += writeSideDiff(subscription, side, book, view);
        }
        if (changes == 0)
        {
            // Nothing the client sees changed (levels below its depth, trades only): no diff; the next one covers
            // these update ids too.
            view.cache(subscription.depth, subscription.lastUpdateId, buf.clear());
            return false;
        }
        json.raw("],\"checksum\":").number(checksum(subscription.depth, view)).raw('}');
        view.cache(subscription.depth, subscription.lastUpdateId, buf);
        counters.conflatedUpdates.addAndGet(view.updateId - subscription.lastUpdateId - 1);
        subscription.remember(book);
        subscription.lastUpdateId = view.updateId;
        send(session, buf);
        counters.diffsOut.incrementAndGet();
        return true;
    }

    /**
     * Merges the side's last-sent view with the book's top levels, best first: a level gone from view is sent with
     * quantity 0, a new or changed one with its quantity.
     *
     * @return levels written.
     */
    private int writeSideDiff(final Subscription subscription, final int side, final FeedBook book,
        final InstrumentView view)
    {
        final long[] oldPrices = subscription.prices[side];
        final long[] oldQuantities = subscription.quantities[side];
        final int oldCount = subscription.counts[side];
        final int newCount = Math.min(subscription.depth, book.levels(side));
        int o = 0;
        int n = 0;
        int written = 0;
        while (o < oldCount || n < newCount)
        {
            final int order = BinaryServer.order(side, o < oldCount ? oldPrices[o] : 0, o == oldCount,
                n < newCount ? book.price(side, n) : 0, n == newCount);
            if (order < 0)
            {
                written = comma(written);
                json.level(oldPrices[o], view.priceExponent, 0, view.quantityExponent);
                o++;
            }
            else if (order > 0)
            {
                written = comma(written);
                json.level(book.price(side, n), view.priceExponent, book.quantity(side, n), view.quantityExponent);
                n++;
            }
            else
            {
                if (oldQuantities[o] != book.quantity(side, n))
                {
                    written = comma(written);
                    json.level(book.price(side, n), view.priceExponent, book.quantity(side, n),
                        view.quantityExponent);
                }
                o++;
                n++;
            }
        }
        return written;
    }

    private int comma(final int written)
    {
        if (written > 0)
        {
            json.raw(',');
        }
        return written + 1;
    }

    /**
     * Sends the trades the client has not had as one {@code trades} message, built from each trade's JSON object
     * encoded once ({@link #encodeTrades}).
     */
    private boolean sendTrades(final Subscription subscription)
    {
        final InstrumentView view = subscription.view;
        if (subscription.tradeCursor >= view.tradeCount)
        {
            return false;
        }
        final ClientSession session = subscription.session;
        final long oldest = Math.max(0, view.tradeCount - view.tradesKept());
        long missed = 0;
        if (subscription.tradeCursor < oldest)
        {
            missed = oldest - subscription.tradeCursor;
            subscription.tradeCursor = oldest;
            counters.tradesMissed.addAndGet(missed);
        }
        final ByteBuf buf = message();
        json.wrap(buf).raw("{\"type\":\"trades\",\"symbol\":").string(view.symbol).raw(",\"trades\":[");
        for (long i = subscription.tradeCursor; i < view.tradeCount; i++)
        {
            if (i > subscription.tradeCursor)
            {
                buf.writeByte(',');
            }
            buf.writeBytes(view.tradeJsonBytes(i), 0, view.tradeJsonLength(i));
        }
        json.raw(']');
        if (missed > 0)
        {
            json.raw(",\"missed\":").number(missed);
        }
        json.raw('}');
        send(session, buf);
        counters.tradesOut.addAndGet(view.tradeCount - subscription.tradeCursor);
        subscription.tradeCursor = view.tradeCount;
        return true;
    }

    /**
     * Encodes the trades added since the last call once, for every client.
     */
    private void encodeTrades(final InstrumentView view)
    {
        for (long i = Math.max(view.tradesEncoded, view.tradeCount - view.tradesKept()); i < view.tradeCount; i++)
        {
            final ByteBuf buf = message();
            json.wrap(buf).raw("{\"id\":").number(view.tradeId(i))
                .raw(",\"price\":").decimal(view.tradePrice(i), view.priceExponent)
                .raw(",\"qty\":").decimal(view.tradeQuantity(i), view.quantityExponent)
                .raw(",\"side\":").raw(view.tradeSide(i) == FeedBook.BID ? "\"buy\"" : "\"sell\"")
                .raw(",\"seq\":").number(view.tradeSeq(i))
                .raw(",\"timeUs\":").number(view.tradeTimeUs(i)).raw('}');
            view.tradeJson(i, buf);
        }
        view.tradesEncoded = view.tradeCount;
    }

    private long checksum(final int depth, final InstrumentView view)
    {
        final FeedBook book = view.book;
        final int levels = Math.min(BookChecksum.LEVELS, depth);
        final int bids = Math.min(levels, book.levels(FeedBook.BID));
        final int asks = Math.min(levels, book.levels(FeedBook.ASK));
        checksum.reset();
        for (int i = 0; i < levels; i++)
        {
            if (i < bids)
            {
                checksum.add(book.price(FeedBook.BID, i), view.priceExponent, book.quantity(FeedBook.BID, i),
                    view.quantityExponent);
            }
            if (i < asks)
            {
                checksum.add(book.price(FeedBook.ASK, i), view.priceExponent, book.quantity(FeedBook.ASK, i),
                    view.quantityExponent);
            }
        }
        return checksum.value();
    }

    /**
     * @return the scratch buffer a message is written into, empty.
     */
    private ByteBuf message()
    {
        return scratch.clear();
    }

    /**
     * Appends the message in {@code payload} to the session's pending bytes as a WebSocket text frame (RFC 6455,
     * server to client: unmasked). Every message for a client in one pass goes out in one write, which matters:
     * each write from this thread is a task for the channel's event loop. After the handshake Netty's HTTP encoder
     * is gone from the pipeline, so these bytes go to the socket as they are.
     */
    private void send(final ClientSession session, final ByteBuf payload)
    {
        send(session, payload, null, 0);
    }

    private void send(final ClientSession session, final byte[] bytes, final int length)
    {
        send(session, null, bytes, length);
    }

    private void send(final ClientSession session, final ByteBuf payloadBuf, final byte[] payloadBytes,
        final int bytesLength)
    {
        final int length = payloadBuf != null ? payloadBuf.readableBytes() : bytesLength;
        ByteBuf pending = session.pending;
        if (pending == null)
        {
            pending = session.channel.alloc().directBuffer(Math.max(1024, length + 10));
            session.pending = pending;
        }
        pending.writeByte(0x81); // FIN, text
        if (length < 126)
        {
            pending.writeByte(length);
        }
        else if (length < 65536)
        {
            pending.writeByte(126);
            pending.writeShort(length);
        }
        else
        {
            pending.writeByte(127);
            pending.writeLong(length);
        }
        if (payloadBuf != null)
        {
            pending.writeBytes(payloadBuf, payloadBuf.readerIndex(), length);
        }
        else
        {
            pending.writeBytes(payloadBytes, 0, length);
        }
        counters.messagesOut.incrementAndGet();
        counters.bytesOut.addAndGet(length);
        session.lastSentNs = nowNs;
    }

    private void flush(final ClientSession session)
    {
        final ByteBuf pending = session.pending;
        if (pending != null)
        {
            session.pending = null;
            session.channel.writeAndFlush(pending, session.channel.voidPromise());
        }
    }

    private static long epochMicros()
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    /**
     * For the close path: every session's channel, to close them.
     */
    List<ClientSession> sessions()
    {
        return sessions;
    }
}
