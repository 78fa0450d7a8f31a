package io.ringbook.feed.client;

import io.ringbook.codecs.FrameCheckResult;
import io.ringbook.codecs.MessageHeaderValidator;
import io.ringbook.codecs.marketdata.BookSnapshotDecoder;
import io.ringbook.codecs.marketdata.ChannelResetDecoder;
import io.ringbook.codecs.marketdata.HeartbeatDecoder;
import io.ringbook.codecs.marketdata.IncrementalBookUpdateDecoder;
import io.ringbook.codecs.marketdata.InstrumentDefinitionDecoder;
import io.ringbook.codecs.marketdata.OrderBookEventDecoder;
import io.ringbook.codecs.marketdata.PacketHeaderDecoder;
import io.ringbook.codecs.marketdata.TradeDecoder;
import io.ringbook.feed.book.FeedBook;
import org.agrona.DirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;

import java.util.ArrayList;
import java.util.Objects;

import static io.ringbook.codecs.MessageHeaderValidator.HEADER_LENGTH;

/**
 * The transport-free core of the feed client: give it the packets of the incremental and snapshot streams (one
 * Aeron message each, reassembled) and it keeps one correct {@link FeedBook} per instrument, exactly as
 * {@code docs/market-data.md} "How a client keeps a correct book" says:
 * <ul>
 *     <li>each instrument is SYNCING or LIVE; a SYNCING one waits for a complete {@code BookSnapshot} (every chunk,
 *     one rptSeq), takes its book from it and replays the buffered incremental messages after it;</li>
 *     <li>while any instrument is SYNCING, incremental packets are copied into a bounded ring (the oldest are
 *     dropped when it is full, and counted);</li>
 *     <li>a LIVE instrument skips a message below its expected rptSeq (duplicate), applies an equal one, and goes
 *     back to SYNCING on a higher one while the others carry on;</li>
 *     <li>a stream sequence gap, a malformed incremental packet or the loss of the incremental image puts every
 *     instrument back to SYNCING; {@code ChannelReset} also empties every book;</li>
 *     <li>books are shown ({@link FeedListener#onBookUpdated}) only after a packet with {@code EndOfEvent}.</li>
 * </ul>
 * Every packet is checked whole before anything in it is applied: lengths, schema, template, group sizes and the
 * message count. A bad one is counted and dropped; nothing a packet holds can make the handler throw.
 * <p>
 * Single threaded, and allocation free in steady state (a new instrument, a new symbol or a book growing beyond its
 * arrays allocate).
 */
public final class FeedHandler
{
    private static final long UNKNOWN_SEQUENCE = Long.MIN_VALUE;
    private static final int GROUP_HEADER_LENGTH = 4;
    private static final int MIN_ENTRY_LENGTH = IncrementalBookUpdateDecoder.EntriesDecoder.sbeBlockLength();
    private static final int MIN_BID_LENGTH = BookSnapshotDecoder.BidsDecoder.sbeBlockLength();
    private static final int MIN_ASK_LENGTH = BookSnapshotDecoder.AsksDecoder.sbeBlockLength();
    private static final int MIN_ORDER_LENGTH = BookSnapshotDecoder.OrdersDecoder.sbeBlockLength();

    private final MessageHeaderValidator validator = MessageHeaderValidator.marketData();
    private final PacketHeaderDecoder packetHeader = new PacketHeaderDecoder();
    private final ChannelResetDecoder channelReset = new ChannelResetDecoder();
    private final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder();
    private final IncrementalBookUpdateDecoder bookUpdate = new IncrementalBookUpdateDecoder();
    private final OrderBookEventDecoder orderEvent = new OrderBookEventDecoder();
    private final TradeDecoder trade = new TradeDecoder();
    private final BookSnapshotDecoder snapshot = new BookSnapshotDecoder();

    private final FeedListener listener;
    private final boolean trackOrders;
    private final PacketRing ring;
    private final Int2ObjectHashMap<InstrumentState> instrumentById = new Int2ObjectHashMap<>();
    private final ArrayList<InstrumentState> instruments = new ArrayList<>();
    private final ArrayList<InstrumentState> changedInEvent = new ArrayList<>();
    private final FeedBook staging;
    private final FeedBook.OrderVisitor copyOrder = this::copyOrder;
    private FeedBook copyTarget;

    private long expectedIncrementalSequence = UNKNOWN_SEQUENCE;
    private long expectedSnapshotSequence = UNKNOWN_SEQUENCE;
    private boolean midEvent;
    private int syncingCount;
    private int expectedInstruments;

    private InstrumentState assembling;
    private long assemblyRptSeq;
    private long assemblyLastStreamSequence;
    /** First incremental stream sequence of the current run of packets received without a gap. */
    private long contiguousFrom = UNKNOWN_SEQUENCE;
    private long snapshotsTooOld;
    private int assemblyChunkCount;
    private int assemblyNextChunk;

    private long incrementalPackets;
    private long snapshotPackets;
    private long streamSequenceGaps;
    private long rptSeqGaps;
    private long duplicatesSkipped;
    private long snapshotsApplied;
    private long malformedPackets;
    private long imagesLost;
    private long resets;
    private long inconsistencies;

    /**
     * @param listener           told about instruments, books, trades and state changes.
     * @param trackOrders        keep each book's resting orders too (market by order), not only its levels.
     * @param bufferCapacityBytes room for the incremental packets kept while instruments are syncing: enough for the
     *                           traffic of a snapshot loop's lag behind the incremental stream.
     */
    public FeedHandler(final FeedListener listener, final boolean trackOrders, final int bufferCapacityBytes)
    {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.trackOrders = trackOrders;
        if (bufferCapacityBytes <= 0)
        {
            throw new IllegalArgumentException("bufferCapacityBytes must be positive: " + bufferCapacityBytes);
        }
        this.ring = new PacketRing(bufferCapacityBytes);
        this.staging = new FeedBook(-1, trackOrders);
    }

    /**
     * One packet of the incremental stream.
     *
     * @param buffer holding the packet.
     * @param offset where the packet starts.
     * @param length of the packet.
     */
    private long eventTransactTimeNs;
    /** Engine sequence of the last ChannelReset seen (the new run starts after it), or NO_RESET. */
    private long resetEngineSequence = NO_RESET;
    private static final long NO_RESET = Long.MIN_VALUE;
    private long staleSnapshotsIgnored;

    public void onIncrementalPacket(final DirectBuffer buffer, final int offset, final int length)
    {
        incrementalPackets++;
        if (!isWellFormed(buffer, offset, length))
        {
            malformedPackets++;
            allStale(StaleReason.MALFORMED_PACKET);
            return;
        }

        final long streamSequence = packetHeader.streamSequence();
        final boolean endOfEvent = packetHeader.flags().endOfEvent();
        final int messageCount = packetHeader.messageCount();
        final int firstMessage = offset + HEADER_LENGTH + packetHeader.sbeBlockLength();

        if (messageCount > 0 && ChannelResetDecoder.TEMPLATE_ID == MessageHeaderValidator.templateId(buffer,
            firstMessage))
        {
            channelReset.wrap(buffer, firstMessage + HEADER_LENGTH,
                MessageHeaderValidator.blockLength(buffer, firstMessage),
                MessageHeaderValidator.version(buffer, firstMessage));
            reset();
            resetEngineSequence = channelReset.engineSequence();
            contiguousFrom = streamSequence;
        }
        else if (UNKNOWN_SEQUENCE != expectedIncrementalSequence && streamSequence != expectedIncrementalSequence)
        {
            streamSequenceGaps++;
            contiguousFrom = streamSequence;
            allStale(StaleReason.STREAM_GAP);
        }
        else if (UNKNOWN_SEQUENCE == expectedIncrementalSequence)
        {
            contiguousFrom = streamSequence;
        }
        expectedIncrementalSequence = streamSequence + 1;

        if (!midEvent)
        {
            eventTransactTimeNs = 0;
        }
        applyMessages(buffer, firstMessage, offset + length, messageCount, null, 0);

        if (needsBuffering())
        {
            ring.add(buffer, offset, length);
        }

        midEvent = !endOfEvent;
        if (endOfEvent)
        {
            publishEvent();
            if (eventTransactTimeNs != 0)
            {
                listener.onEndOfEvent(packetHeader.engineSequence(), eventTransactTimeNs, packetHeader.sendingTimeNs());
                eventTransactTimeNs = 0;
            }
        }
    }

    /**
     * One packet of the snapshot stream.
     *
     * @param buffer holding the packet.
     * @param offset where the packet starts.
     * @param length of the packet.
     */
    public void onSnapshotPacket(final DirectBuffer buffer, final int offset, final int length)
    {
        snapshotPackets++;
        if (!isWellFormed(buffer, offset, length))
        {
            malformedPackets++;
            abortAssembly();
            return;
        }

        final long streamSequence = packetHeader.streamSequence();
        if (UNKNOWN_SEQUENCE != expectedSnapshotSequence && streamSequence != expectedSnapshotSequence)
        {
            abortAssembly();
        }
        expectedSnapshotSequence = streamSequence + 1;

        int position = offset + HEADER_LENGTH + packetHeader.sbeBlockLength();
        final int end = offset + length;
        final int messageCount = packetHeader.messageCount();
        for (int i = 0; i < messageCount; i++)
        {
            final int messageLength = messageLength(buffer, position, end);
            final int templateId = MessageHeaderValidator.templateId(buffer, position);
            final int blockLength = MessageHeaderValidator.blockLength(buffer, position);
            final int version = MessageHeaderValidator.version(buffer, position);
            final int body = position + HEADER_LENGTH;
            switch (templateId)
            {
                case InstrumentDefinitionDecoder.TEMPLATE_ID:
                    definition.wrap(buffer, body, blockLength, version);
                    onDefinition(definition.instrumentId());
                    break;

                case BookSnapshotDecoder.TEMPLATE_ID:
                    snapshot.wrap(buffer, body, blockLength, version);
                    onSnapshotChunk();
                    break;

                case ChannelResetDecoder.TEMPLATE_ID:
                    abortAssembly();
                    break;

                default:
                    break;
            }
            position += messageLength;
        }
    }

    /**
     * The incremental image went away (Aeron unavailable image): updates may have been lost for any instrument.
     */
    public void onIncrementalImageLost()
    {
        imagesLost++;
        allStale(StaleReason.IMAGE_LOST);
        expectedIncrementalSequence = UNKNOWN_SEQUENCE;
        midEvent = false;
    }

    /**
     * @return the instrument's book (kept, but stale, while it is SYNCING), or null for an unknown instrument.
     */
    public FeedBook book(final int instrumentId)
    {
        final InstrumentState state = instrumentById.get(instrumentId);
        return null == state ? null : state.book;
    }

    /**
     * @return the instrument's definition, or null for an unknown instrument.
     */
    public FeedInstrument instrument(final int instrumentId)
    {
        final InstrumentState state = instrumentById.get(instrumentId);
        return null == state ? null : state.instrument;
    }

    /**
     * @return true if the instrument's book follows the market.
     */
    public boolean isLive(final int instrumentId)
    {
        final InstrumentState state = instrumentById.get(instrumentId);
        return null != state && state.live;
    }

    /**
     * @return instruments known, in the order they became known.
     */
    public int instrumentCount()
    {
        return instruments.size();
    }

    /**
     * @param index from 0 to {@link #instrumentCount()} - 1.
     * @return the id of the index-th instrument that became known.
     */
    public int instrumentId(final int index)
    {
        return instruments.get(index).instrumentId;
    }

    /**
     * @return known instruments that are not LIVE.
     */
    public int syncingCount()
    {
        return syncingCount;
    }

    /**
     * @return true if at least one instrument is known and every known one is LIVE.
     */
    public boolean isAllLive()
    {
        return !instruments.isEmpty() && 0 == syncingCount;
    }

    /**
     * @return incremental packets received, including malformed ones.
     */
    public long incrementalPackets()
    {
        return incrementalPackets;
    }

    /**
     * @return snapshot packets received, including malformed ones.
     */
    public long snapshotPackets()
    {
        return snapshotPackets;
    }

    /**
     * @return jumps in the incremental stream sequence (each put every instrument back to SYNCING).
     */
    public long streamSequenceGaps()
    {
        return streamSequenceGaps;
    }

    /**
     * @return jumps in an instrument's rptSeq (each put that instrument back to SYNCING).
     */
    public long rptSeqGaps()
    {
        return rptSeqGaps;
    }

    /**
     * @return incremental messages skipped because their rptSeq was already applied.
     */
    public long duplicatesSkipped()
    {
        return duplicatesSkipped;
    }

    /**
     * @return complete snapshots applied (an instrument went from SYNCING to LIVE, or tried to).
     */
    public long snapshotsApplied()
    {
        return snapshotsApplied;
    }

    /**
     * @return packets of either stream dropped whole because they were malformed.
     */
    public long malformedPackets()
    {
        return malformedPackets;
    }

    /**
     * @return buffered incremental packets dropped because the buffer was full.
     */
    public long bufferOverflows()
    {
        return ring.dropped();
    }

    /**
     * @return losses of the incremental image.
     */
    public long imagesLost()
    {
        return imagesLost;
    }

    /**
     * @return complete snapshots not applied because the incremental packets after them were not all buffered (they
     *         came before the last gap or the oldest packet kept): the next loop's are used instead.
     */
    public long snapshotsTooOld()
    {
        return snapshotsTooOld;
    }

    /**
     * @return snapshots ignored because they came from the engine's run before the last ChannelReset.
     */
    public long staleSnapshotsIgnored()
    {
        return staleSnapshotsIgnored;
    }

    /**
     * @return {@code ChannelReset}s received.
     */
    public long resets()
    {
        return resets;
    }

    /**
     * @return updates that did not fit the book (a level, or an order when orders are tracked).
     */
    public long inconsistencies()
    {
        return inconsistencies;
    }

    private boolean needsBuffering()
    {
        return syncingCount > 0 || instruments.isEmpty() || instruments.size() < expectedInstruments;
    }

    /**
     * Walks the messages of a packet, applying those for LIVE instruments; during a replay ({@code only} not null)
     * only those of one instrument with rptSeq above {@code replayAfter}.
     */
    private void applyMessages(
        final DirectBuffer buffer,
        final int firstMessage,
        final int end,
        final int messageCount,
        final InstrumentState only,
        final long replayAfter)
    {
        int position = firstMessage;
        for (int i = 0; i < messageCount; i++)
        {
            final int messageLength = messageLength(buffer, position, end);
            final int templateId = MessageHeaderValidator.templateId(buffer, position);
            final int blockLength = MessageHeaderValidator.blockLength(buffer, position);
            final int version = MessageHeaderValidator.version(buffer, position);
            final int body = position + HEADER_LENGTH;
            switch (templateId)
            {
                case IncrementalBookUpdateDecoder.TEMPLATE_ID:
                    bookUpdate.wrap(buffer, body, blockLength, version);
                    eventTransactTimeNs = bookUpdate.transactTimeNs();
                    applyBookUpdate(only, replayAfter);
                    break;

                case OrderBookEventDecoder.TEMPLATE_ID:
                    orderEvent.wrap(buffer, body, blockLength, version);
                    eventTransactTimeNs = orderEvent.transactTimeNs();
                    applyOrderEvent(only, replayAfter);
                    break;

                case TradeDecoder.TEMPLATE_ID:
                    trade.wrap(buffer, body, blockLength, version);
                    eventTransactTimeNs = trade.transactTimeNs();
                    applyTrade(only, replayAfter);
                    break;

                case InstrumentDefinitionDecoder.TEMPLATE_ID:
                    definition.wrap(buffer, body, blockLength, version);
                    applyIncrementalDefinition(only, replayAfter);
                    break;

                default:
                    break;
            }
            position += messageLength;
        }
    }

    private void applyBookUpdate(final InstrumentState only, final long replayAfter)
    {
        final IncrementalBookUpdateDecoder.EntriesDecoder entries = bookUpdate.entries();
        while (entries.hasNext())
        {
            entries.next();
            final long price = entries.price();
            final long quantity = entries.aggregateQuantity();
            final long rptSeq = entries.rptSeq();
            final int instrumentId = entries.instrumentId();
            final int orderCount = entries.orderCount();
            final int side = entries.sideRaw();
            final int action = entries.actionRaw();

            final InstrumentState state = sequence(instrumentId, rptSeq, only, replayAfter);
            if (null != state && !state.book.applyLevel(side, action, price, quantity, orderCount))
            {
                inconsistencies++;
                stale(state, StaleReason.INCONSISTENT);
            }
        }
    }

    private void applyOrderEvent(final InstrumentState only, final long replayAfter)
    {
        final InstrumentState state = sequence(orderEvent.instrumentId(), orderEvent.rptSeq(), only, replayAfter);
        if (null != state && !state.book.applyOrder(
            orderEvent.actionRaw(), orderEvent.orderId(), orderEvent.sideRaw(), orderEvent.price(),
            orderEvent.quantity()))
        {
            // Counted, not resynchronised: a publisher that sends no orders in its snapshots would otherwise make a
            // client tracking orders resynchronise forever. The levels, which callers rely on, are still checked.
            inconsistencies++;
        }
    }

    private void applyTrade(final InstrumentState only, final long replayAfter)
    {
        final int instrumentId = trade.instrumentId();
        final InstrumentState state = sequence(instrumentId, trade.rptSeq(), only, replayAfter);
        if (null != state)
        {
            listener.onTrade(
                instrumentId,
                trade.tradeId(),
                trade.price(),
                trade.quantity(),
                trade.aggressorSideRaw(),
                trade.makerOrderId(),
                trade.takerOrderId(),
                trade.engineSequence());
        }
    }

    private void applyIncrementalDefinition(final InstrumentState only, final long replayAfter)
    {
        final int instrumentId = definition.instrumentId();
        if (null == only)
        {
            final InstrumentState state = instrumentById.get(instrumentId);
            if (null != state && state.live)
            {
                sequence(instrumentId, definition.rptSeq(), null, 0);
            }
            onDefinition(instrumentId);
        }
        else if (null != sequence(instrumentId, definition.rptSeq(), only, replayAfter))
        {
            onDefinition(instrumentId);
        }
    }

    /**
     * Checks a message's rptSeq against its instrument's expected one.
     *
     * @return the instrument's state if the message is to be applied to it, else null (unknown, not LIVE, not the
     *         instrument being replayed, duplicate, or a gap, which makes the instrument SYNCING).
     */
    private InstrumentState sequence(
        final int instrumentId, final long rptSeq, final InstrumentState only, final long replayAfter)
    {
        final InstrumentState state;
        if (null == only)
        {
            state = instrumentById.get(instrumentId);
            if (null == state || !state.live)
            {
                return null;
            }
        }
        else
        {
            if (instrumentId != only.instrumentId || rptSeq <= replayAfter || !only.live)
            {
                return null;
            }
            state = only;
        }

        if (rptSeq == state.expectedRptSeq)
        {
            state.expectedRptSeq++;
            markChanged(state);
            return state;
        }
        if (rptSeq < state.expectedRptSeq)
        {
            duplicatesSkipped++;
            return null;
        }
        rptSeqGaps++;
        stale(state, StaleReason.RPT_SEQ_GAP);
        return null;
    }

    private void onDefinition(final int instrumentId)
    {
        InstrumentState state = instrumentById.get(instrumentId);
        if (null == state)
        {
            state = new InstrumentState(instrumentId, new FeedBook(instrumentId, trackOrders));
            instrumentById.put(instrumentId, state);
            instruments.add(state);
            syncingCount++;
        }
        expectedInstruments = Math.max(expectedInstruments, definition.totalInstruments());
        if (state.instrument.update(definition))
        {
            listener.onInstrument(state.instrument);
        }
    }

    private void onSnapshotChunk()
    {
        final int instrumentId = snapshot.instrumentId();
        final InstrumentState state = instrumentById.get(instrumentId);
        final long rptSeq = snapshot.rptSeq();
        final int chunkIndex = snapshot.chunkIndex();
        final int chunkCount = snapshot.chunkCount();
        if (null != state && !state.live && isFromAnEarlierRun())
        {
            // A snapshot of the engine's previous run, still on its way after the ChannelReset: its rptSeq means
            // nothing in this run. The next loop brings this run's.
            staleSnapshotsIgnored++;
            if (state == assembling)
            {
                abortAssembly();
            }
            return;
        }
        if (null == state || state.live || chunkIndex >= chunkCount)
        {
            if (state == assembling)
            {
                abortAssembly();
            }
            return;
        }

        if (0 == chunkIndex)
        {
            assembling = state;
            assemblyRptSeq = rptSeq;
            assemblyLastStreamSequence = snapshot.lastStreamSequence();
            assemblyChunkCount = chunkCount;
            assemblyNextChunk = 0;
            staging.clear();
        }
        else if (assembling != state || assemblyRptSeq != rptSeq || assemblyChunkCount != chunkCount ||
            assemblyNextChunk != chunkIndex)
        {
            abortAssembly();
            return;
        }

        final BookSnapshotDecoder.BidsDecoder bids = snapshot.bids();
        while (bids.hasNext())
        {
            bids.next();
            staging.applyLevel(FeedBook.BID, FeedBook.NEW, bids.price(), bids.quantity(), bids.orderCount());
        }
        final BookSnapshotDecoder.AsksDecoder asks = snapshot.asks();
        while (asks.hasNext())
        {
            asks.next();
            staging.applyLevel(FeedBook.ASK, FeedBook.NEW, asks.price(), asks.quantity(), asks.orderCount());
        }
        final BookSnapshotDecoder.OrdersDecoder orders = snapshot.orders();
        while (orders.hasNext())
        {
            orders.next();
            if (trackOrders)
            {
                staging.addOrder(orders.orderId(), orders.sideRaw(), orders.price(), orders.quantity());
            }
        }

        assemblyNextChunk++;
        if (assemblyNextChunk == assemblyChunkCount)
        {
            abortAssembly();
            if (isOlderThanBuffered(assemblyLastStreamSequence))
            {
                // Replaying from it would need incremental packets this client no longer holds: applying it would
                // only find the same gap again. The loop brings a newer one.
                snapshotsTooOld++;
                staging.clear();
                return;
            }
            applySnapshot(state, rptSeq);
        }
    }

    /**
     * @return true when the incremental packets after {@code lastStreamSequence} are not all here: some came before
     *         the last gap, or before the oldest packet buffered. A snapshot naming sequence 0 is not checked.
     */
    private boolean isOlderThanBuffered(final long lastStreamSequence)
    {
        if (lastStreamSequence <= 0)
        {
            return false; // names no incremental packet (a publisher that has sent none): nothing to check
        }
        if (UNKNOWN_SEQUENCE != contiguousFrom && lastStreamSequence + 1 < contiguousFrom)
        {
            return true;
        }
        if (ring.size() > 0)
        {
            final int offset = ring.offset(0);
            packetHeader.wrap(ring.buffer(), offset + HEADER_LENGTH, MessageHeaderValidator.blockLength(ring.buffer(),
                offset), MessageHeaderValidator.version(ring.buffer(), offset));
            return lastStreamSequence + 1 < packetHeader.streamSequence();
        }
        return false;
    }

    private void applySnapshot(final InstrumentState state, final long rptSeq)
    {
        final FeedBook book = state.book;
        book.clear();
        for (int side = FeedBook.BID; side <= FeedBook.ASK; side++)
        {
            final int levels = staging.levels(side);
            for (int i = 0; i < levels; i++)
            {
                book.applyLevel(
                    side, FeedBook.NEW, staging.price(side, i), staging.quantity(side, i), staging.orderCount(side, i));
            }
        }
        if (trackOrders)
        {
            copyTarget = book;
            staging.forEachOrder(copyOrder);
            copyTarget = null;
        }
        staging.clear();

        snapshotsApplied++;
        state.live = true;
        state.announceLive = true;
        state.expectedRptSeq = rptSeq + 1;
        syncingCount--;

        final DirectBuffer buffered = ring.buffer();
        for (int i = 0, n = ring.size(); i < n && state.live; i++)
        {
            final int offset = ring.offset(i);
            final int length = ring.length(i);
            if (isWellFormed(buffered, offset, length))
            {
                applyMessages(
                    buffered,
                    offset + HEADER_LENGTH + packetHeader.sbeBlockLength(),
                    offset + length,
                    packetHeader.messageCount(),
                    state,
                    rptSeq);
            }
        }

        if (state.live)
        {
            markChanged(state);
            if (!midEvent)
            {
                publishEvent();
            }
        }
        if (!needsBuffering())
        {
            ring.clear();
        }
    }

    private void copyOrder(final long orderId, final int side, final long price, final long quantity)
    {
        copyTarget.addOrder(orderId, side, price, quantity);
    }

    private void markChanged(final InstrumentState state)
    {
        if (!state.changed)
        {
            state.changed = true;
            changedInEvent.add(state);
        }
    }

    private void publishEvent()
    {
        for (int i = 0, n = changedInEvent.size(); i < n; i++)
        {
            final InstrumentState state = changedInEvent.get(i);
            state.changed = false;
            if (state.live)
            {
                if (state.announceLive)
                {
                    state.announceLive = false;
                    listener.onLive(state.instrumentId);
                }
                listener.onBookUpdated(state.instrumentId, state.book);
            }
        }
        changedInEvent.clear();
    }

    private void stale(final InstrumentState state, final StaleReason reason)
    {
        if (state.live)
        {
            state.live = false;
            syncingCount++;
            if (state.announceLive)
            {
                state.announceLive = false;
            }
            else
            {
                listener.onStale(state.instrumentId, reason);
            }
        }
    }

    private void allStale(final StaleReason reason)
    {
        for (int i = 0, n = instruments.size(); i < n; i++)
        {
            stale(instruments.get(i), reason);
        }
    }

    private void reset()
    {
        resets++;
        allStale(StaleReason.RESET);
        for (int i = 0, n = instruments.size(); i < n; i++)
        {
            final InstrumentState state = instruments.get(i);
            state.book.clear();
            state.expectedRptSeq = 0;
            state.changed = false;
        }
        changedInEvent.clear();
        ring.clear();
        abortAssembly();
        expectedSnapshotSequence = UNKNOWN_SEQUENCE;
        midEvent = false;
        listener.onReset();
    }

    /**
     * After a ChannelReset with engine sequence E, this run's snapshots contain at least E (the engine recovered to E
     * before it started publishing) and name an incremental stream sequence of this run, which cannot be past the
     * last one seen here (if it is, the snapshot is early and the next loop serves as well).
     */
    private boolean isFromAnEarlierRun()
    {
        if (NO_RESET == resetEngineSequence)
        {
            return false;
        }
        final boolean lastSeenKnown = UNKNOWN_SEQUENCE != expectedIncrementalSequence;
        return snapshot.engineSequence() < resetEngineSequence ||
            (lastSeenKnown && snapshot.lastStreamSequence() > expectedIncrementalSequence - 1);
    }

    private void abortAssembly()
    {
        assembling = null;
        assemblyNextChunk = 0;
    }

    /**
     * Checks a whole packet: the {@code PacketHeader}, then exactly {@code messageCount} known messages that end where
     * the packet ends, each with its groups inside it. Leaves {@link #packetHeader} wrapped when it returns true.
     */
    private boolean isWellFormed(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < HEADER_LENGTH || (long)offset + length > buffer.capacity() ||
            FrameCheckResult.OK != validator.validate(buffer, offset, length) ||
            PacketHeaderDecoder.TEMPLATE_ID != MessageHeaderValidator.templateId(buffer, offset))
        {
            return false;
        }

        final int blockLength = MessageHeaderValidator.blockLength(buffer, offset);
        packetHeader.wrap(buffer, offset + HEADER_LENGTH, blockLength, MessageHeaderValidator.version(buffer, offset));
        final int messageCount = packetHeader.messageCount();
        final int end = offset + length;
        int position = offset + HEADER_LENGTH + blockLength;
        for (int i = 0; i < messageCount; i++)
        {
            if (FrameCheckResult.OK != validator.validate(buffer, position, end - position) ||
                PacketHeaderDecoder.TEMPLATE_ID == MessageHeaderValidator.templateId(buffer, position))
            {
                return false;
            }
            final int messageLength = messageLength(buffer, position, end);
            if (messageLength < 0)
            {
                return false;
            }
            position += messageLength;
        }
        return position == end;
    }

    /**
     * @return the length of the message at {@code position}, header and groups included, or -1 if it runs past
     *         {@code end}; the header itself has been validated.
     */
    private static int messageLength(final DirectBuffer buffer, final int position, final int end)
    {
        int limit = position + HEADER_LENGTH + MessageHeaderValidator.blockLength(buffer, position);
        switch (MessageHeaderValidator.templateId(buffer, position))
        {
            case IncrementalBookUpdateDecoder.TEMPLATE_ID:
                limit = groupEnd(buffer, limit, end, MIN_ENTRY_LENGTH);
                break;

            case BookSnapshotDecoder.TEMPLATE_ID:
                limit = groupEnd(buffer, limit, end, MIN_BID_LENGTH);
                limit = groupEnd(buffer, limit, end, MIN_ASK_LENGTH);
                limit = groupEnd(buffer, limit, end, MIN_ORDER_LENGTH);
                break;

            default:
                break;
        }
        return limit < 0 ? -1 : limit - position;
    }

    private static int groupEnd(final DirectBuffer buffer, final int start, final int end, final int minBlockLength)
    {
        if (start < 0 || end - start < GROUP_HEADER_LENGTH)
        {
            return -1;
        }
        final int blockLength = buffer.getShort(start, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        final int count = buffer.getShort(start + 2, java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
        if (blockLength < minBlockLength)
        {
            return -1;
        }
        final long groupEnd = (long)start + GROUP_HEADER_LENGTH + (long)blockLength * count;
        return groupEnd > end ? -1 : (int)groupEnd;
    }

    private static final class InstrumentState
    {
        final int instrumentId;
        final FeedBook book;
        final FeedInstrument instrument;
        long expectedRptSeq;
        boolean live;
        boolean announceLive;
        boolean changed;

        InstrumentState(final int instrumentId, final FeedBook book)
        {
            this.instrumentId = instrumentId;
            this.book = book;
            this.instrument = new FeedInstrument(instrumentId);
        }
    }
}
