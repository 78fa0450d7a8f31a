package io.ringbook.feed.publisher;

import io.aeron.Aeron;
import io.aeron.AeronCounters;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.logbuffer.BufferClaim;
import io.ringbook.codecs.MarketDataTransfer;
import io.ringbook.codecs.marketdata.BookSnapshotDecoder;
import io.ringbook.codecs.marketdata.BookSnapshotEncoder;
import io.ringbook.codecs.marketdata.ChannelResetEncoder;
import io.ringbook.codecs.marketdata.HeartbeatEncoder;
import io.ringbook.codecs.marketdata.IncrementalBookUpdateDecoder;
import io.ringbook.codecs.marketdata.InstrumentDefinitionDecoder;
import io.ringbook.codecs.marketdata.MessageHeaderDecoder;
import io.ringbook.codecs.marketdata.MessageHeaderEncoder;
import io.ringbook.codecs.marketdata.OrderBookEventDecoder;
import io.ringbook.codecs.marketdata.PacketHeaderEncoder;
import io.ringbook.codecs.marketdata.Side;
import io.ringbook.codecs.marketdata.TradeDecoder;
import io.ringbook.feed.FeedChannels;
import io.ringbook.feed.book.FeedBook;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Publishes the engine's market data: reads the records the matcher's recorder writes into the transfer ring, frames
 * each engine event as one packet on the incremental stream, keeps its own copy of every book ({@link ReplicaBook}) and
 * walks the instruments in a snapshot loop on the snapshot stream, with heartbeats on idle streams. The protocol is
 * {@code docs/market-data.md}.
 * <p>
 * The matcher never waits for this agent, and this agent never waits for subscribers: a packet still back-pressured
 * after {@link Context#offerAttempts()} tries is dropped and counted, and its stream sequence is spent, so receivers
 * see the gap and recover from snapshots. Nothing is allocated in steady state: flyweights, claims and scratch buffers
 * are reused, books grow to their high-water mark. Allocation happens on a new instrument, a reset and on errors.
 * <p>
 * An event bigger than the incremental publication's maximum message length is split over several packets at message
 * boundaries (an {@code IncrementalBookUpdate} too big on its own is split by entries), only the last with
 * {@code EndOfEvent}. A record that cannot be decoded (unknown schema or template, a message running past the record)
 * is reported to the error handler; the messages before the bad one are still applied and published.
 */
public final class MarketDataPublisher implements Agent
{
    /** Name of the agent's thread. */
    public static final String ROLE_NAME = "ringbook-feed-publisher";

    static final int PACKET_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + PacketHeaderEncoder.BLOCK_LENGTH;
    private static final int MESSAGE_HEADER_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int GROUP_HEADER_LENGTH = 4;
    private static final int LEVEL_LENGTH = BookSnapshotEncoder.BidsEncoder.sbeBlockLength();
    private static final int ORDER_LENGTH = BookSnapshotEncoder.OrdersEncoder.sbeBlockLength();
    private static final int SNAPSHOT_FIXED_LENGTH =
        PACKET_HEADER_LENGTH + MESSAGE_HEADER_LENGTH + BookSnapshotEncoder.BLOCK_LENGTH + 3 * GROUP_HEADER_LENGTH;
    private static final int MAX_CHUNKS = 65_535;
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final Context ctx;
    private final RingBuffer transferRing;
    private final PublisherCounters counters;
    private final ErrorHandler errorHandler;
    private final NanoClock nanoClock;
    private final EpochNanoClock epochClock;
    private final Stream incremental;
    private final Stream snapshot;
    private final long snapshotIntervalNs;
    private final long heartbeatIntervalNs;
    private final int offerAttempts;
    private final int recordBatchLimit;
    private final boolean includeOrders;
    private final int levelsPerChunk;
    private final int ordersPerChunk;

    private final BufferClaim claim = new BufferClaim();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final PacketHeaderEncoder packetHeaderEncoder = new PacketHeaderEncoder();
    private final HeartbeatEncoder heartbeatEncoder = new HeartbeatEncoder();
    private final ChannelResetEncoder channelResetEncoder = new ChannelResetEncoder();
    private final BookSnapshotEncoder snapshotEncoder = new BookSnapshotEncoder();
    private final BookSnapshotDecoder snapshotDecoder = new BookSnapshotDecoder();
    private final IncrementalBookUpdateDecoder updateDecoder = new IncrementalBookUpdateDecoder();
    private final OrderBookEventDecoder orderDecoder = new OrderBookEventDecoder();
    private final TradeDecoder tradeDecoder = new TradeDecoder();
    private final InstrumentDefinitionDecoder definitionDecoder = new InstrumentDefinitionDecoder();
    private final ExpandableDirectByteBuffer packetBuffer;
    private final ExpandableDirectByteBuffer splitBuffer = new ExpandableDirectByteBuffer(1024);
    private final FeedBook.OrderVisitor orderCollector = this::collectOrder;
    private final MessageHandler recordHandler = this::onRecord;

    private final Int2ObjectHashMap<InstrumentState> instruments = new Int2ObjectHashMap<>();
    private int lastInstrumentId;
    private InstrumentState lastState;
    private int[] instrumentIds = new int[16];
    private int instrumentCount;
    private int lastSnapshotInstrumentId = Integer.MIN_VALUE;
    private int[] messageOffsets = new int[64];
    private long[] orderIds = new long[64];
    private long[] orderPrices = new long[64];
    private long[] orderQuantities = new long[64];
    private byte[] orderSides = new byte[64];
    private int orderCount;

    /** The snapshot being sent: its packets, encoded when it was taken, offered as the stream's window allows. */
    private final ExpandableDirectByteBuffer stage = new ExpandableDirectByteBuffer(64 * 1024);
    private int[] stagedOffsets = new int[16];
    private int[] stagedLengths = new int[16];
    private int stagedCount;
    private int stagedNext;
    private int stageLimit;
    /** Publication position just after the last snapshot packet that got onto the snapshot stream. */
    private long snapshotEndPosition;
    /** Largest window the snapshot publication has offered: its whole window, when the sender has sent everything. */
    private long snapshotWindow;
    /** A loop turn found the stream busy: the snapshot is taken as soon as the stream has sent the last one. */
    private boolean snapshotDue;
    private final CountersReader countersReader;
    private final int snapshotSenderPositionId;

    private long nowNs;
    private long epochNs;
    private long nextSnapshotNs;
    private long lastEngineSequence;

    /**
     * Adds the two publications (exclusive: this agent is their only writer); they are closed by {@link #onClose()}.
     *
     * @param ctx          settings, concluded here.
     * @param aeron        client to add the publications with.
     * @param transferRing the ring the matcher's market-data recorder writes; this agent is its only reader.
     * @param counters     where to count; see {@link PublisherCounters}.
     */
    public MarketDataPublisher(
        final Context ctx, final Aeron aeron, final RingBuffer transferRing, final PublisherCounters counters)
    {
        this(ctx,
            aeron.addExclusivePublication(ctx.conclude().incrementalChannel(), ctx.incrementalStreamId()),
            aeron.addExclusivePublication(ctx.snapshotChannel(), ctx.snapshotStreamId()),
            transferRing, counters, aeron.countersReader());
    }

    /**
     * With publications made elsewhere (any {@link Publication} this agent alone writes to); closed by
     * {@link #onClose()}. Without the driver's counters the snapshot loop judges what the media driver has sent
     * from the publication's limit alone.
     */
    public MarketDataPublisher(
        final Context ctx,
        final Publication incrementalPublication,
        final Publication snapshotPublication,
        final RingBuffer transferRing,
        final PublisherCounters counters)
    {
        this(ctx, incrementalPublication, snapshotPublication, transferRing, counters, null);
    }

    /**
     * With publications made elsewhere (any {@link Publication} this agent alone writes to); closed by
     * {@link #onClose()}.
     *
     * @param countersReader the media driver's counters, to read the snapshot publication's sender position (how
     *                       much of it is on the wire); null to judge that from the publication's limit.
     */
    public MarketDataPublisher(
        final Context ctx,
        final Publication incrementalPublication,
        final Publication snapshotPublication,
        final RingBuffer transferRing,
        final PublisherCounters counters,
        final CountersReader countersReader)
    {
        this.ctx = ctx.conclude();
        this.transferRing = transferRing;
        this.counters = counters;
        errorHandler = ctx.errorHandler();
        nanoClock = ctx.nanoClock();
        epochClock = ctx.epochClock();
        snapshotIntervalNs = TimeUnit.MILLISECONDS.toNanos(ctx.snapshotIntervalMs());
        heartbeatIntervalNs = TimeUnit.MILLISECONDS.toNanos(ctx.heartbeatIntervalMs());
        offerAttempts = ctx.offerAttempts();
        recordBatchLimit = ctx.recordBatchLimit();
        includeOrders = ctx.includeOrders();

        nowNs = nanoClock.nanoTime();
        epochNs = epochClock.nanoTime();
        incremental = new Stream(incrementalPublication, nowNs);
        snapshot = new Stream(snapshotPublication, nowNs);
        this.countersReader = countersReader;
        // A network publication has a sender position; an IPC one has none (its subscribers' positions set its limit).
        snapshotSenderPositionId = null == countersReader ? CountersReader.NULL_COUNTER_ID :
            countersReader.findByTypeIdAndRegistrationId(
                AeronCounters.DRIVER_SENDER_POSITION_TYPE_ID, snapshotPublication.registrationId());
        nextSnapshotNs = nowNs;

        // A snapshot chunk must fit one Aeron message: shrink the chunk limits until it does.
        int levels = ctx.maxLevelsPerChunk();
        int orders = includeOrders ? ctx.maxOrdersPerChunk() : 0;
        final int maxLength = snapshotPublication.maxMessageLength();
        while (SNAPSHOT_FIXED_LENGTH + levels * LEVEL_LENGTH + orders * ORDER_LENGTH > maxLength &&
            (levels > 1 || orders > 1))
        {
            levels = Math.max(1, levels / 2);
            orders = Math.max(includeOrders ? 1 : 0, orders / 2);
        }
        levelsPerChunk = levels;
        ordersPerChunk = Math.max(1, orders);
        packetBuffer = new ExpandableDirectByteBuffer(Math.max(
            4096, Math.min(maxLength, SNAPSHOT_FIXED_LENGTH + levels * LEVEL_LENGTH + orders * ORDER_LENGTH)));
    }

    public String roleName()
    {
        return ROLE_NAME;
    }

    public int doWork()
    {
        nowNs = nanoClock.nanoTime();
        epochNs = epochClock.nanoTime();

        int work = transferRing.read(recordHandler, recordBatchLimit);
        work += sendStagedSnapshot();
        if (nowNs - nextSnapshotNs >= 0)
        {
            nextSnapshotNs = nowNs + snapshotIntervalNs;
            if (isSnapshotStreamBusy())
            {
                // Taking a snapshot now would queue it behind one the link has not carried yet: by the time it
                // arrived it would be too old to use. It is taken as soon as the previous one is sent.
                snapshotDue = true;
                counters.snapshotsDeferred.increment();
            }
            else
            {
                snapshotDue = false;
                work += snapshotNextInstrument();
            }
        }
        else if (snapshotDue && !isSnapshotStreamBusy())
        {
            snapshotDue = false;
            work += snapshotNextInstrument();
        }
        work += heartbeatIfIdle(incremental);
        if (stagedNext == stagedCount)
        {
            work += heartbeatIfIdle(snapshot); // never between the packets of a snapshot: they have their sequences
        }
        return work;
    }

    public void onClose()
    {
        CloseHelper.closeAll(incremental.publication, snapshot.publication);
    }

    /**
     * @return the last stream sequence used (published, dropped or not connected) on the incremental stream.
     */
    public long incrementalSequence()
    {
        return incremental.sequence;
    }

    /**
     * @return the last stream sequence used on the snapshot stream.
     */
    public long snapshotSequence()
    {
        return snapshot.sequence;
    }

    /**
     * @return true when the snapshot loop reads the snapshot publication's sender position from the media driver's
     *         counters (a network publication with the driver's counters at hand), false when it judges what was sent
     *         from the publication's limit.
     */
    public boolean readsSnapshotSenderPosition()
    {
        return CountersReader.NULL_COUNTER_ID != snapshotSenderPositionId;
    }

    /**
     * @return the publisher's copy of an instrument's book, or null if the instrument is unknown. For tests and
     *         tools on the agent's own thread.
     */
    public ReplicaBook book(final int instrumentId)
    {
        final InstrumentState state = instruments.get(instrumentId);
        return state != null ? state.book : null;
    }

    /**
     * @return levels per snapshot chunk in effect (the configured limit, or less where a chunk had to fit the
     *         snapshot publication's maximum message length).
     */
    public int levelsPerChunk()
    {
        return levelsPerChunk;
    }

    /**
     * @return orders per snapshot chunk in effect.
     */
    public int ordersPerChunk()
    {
        return ordersPerChunk;
    }

    // Transfer ring records

    private void onRecord(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        switch (msgTypeId)
        {
            case MarketDataTransfer.EVENT:
                onEvent(buffer, index, length);
                break;
            case MarketDataTransfer.BOOK:
                onBook(buffer, index, length);
                break;
            case MarketDataTransfer.RESET:
                if (length < MarketDataTransfer.RESET_LENGTH)
                {
                    malformed("reset record too short", msgTypeId, length);
                    break;
                }
                onReset(buffer.getLong(index + MarketDataTransfer.ENGINE_SEQUENCE_OFFSET, LE));
                break;
            default:
                malformed("unknown transfer record type", msgTypeId, length);
        }
    }

    private void onEvent(final DirectBuffer buffer, final int index, final int length)
    {
        if (length < MarketDataTransfer.EVENT_MESSAGES_OFFSET)
        {
            malformed("event record too short", MarketDataTransfer.EVENT, length);
            return;
        }
        final long engineSequence = buffer.getLong(index + MarketDataTransfer.ENGINE_SEQUENCE_OFFSET, LE);
        final long transactTimeNs = buffer.getLong(index + MarketDataTransfer.TRANSACT_TIME_OFFSET, LE);
        final int messageCount = buffer.getInt(index + MarketDataTransfer.MESSAGE_COUNT_OFFSET, LE);
        final int start = index + MarketDataTransfer.EVENT_MESSAGES_OFFSET;
        final int end = index + length;
        if (messageCount < 0 || messageCount > 0xFFFF)
        {
            malformed("bad message count in event record", MarketDataTransfer.EVENT, messageCount);
            return;
        }
        if (messageOffsets.length <= messageCount)
        {
            messageOffsets = Arrays.copyOf(messageOffsets, Math.max(messageCount + 1, messageOffsets.length * 2));
        }

        int offset = start;
        int decoded = 0;
        while (decoded < messageCount)
        {
            final int next = messageEnd(buffer, offset, end);
            if (next < 0)
            {
                break;
            }
            applyMessage(buffer, offset, engineSequence, transactTimeNs);
            messageOffsets[decoded++] = offset;
            offset = next;
        }
        messageOffsets[decoded] = offset;
        lastEngineSequence = engineSequence;

        publishEvent(buffer, start, offset - start, decoded, engineSequence);
    }

    private void onBook(final DirectBuffer buffer, final int index, final int length)
    {
        final int end = index + length;
        final int definitionOffset = index + MarketDataTransfer.BOOK_MESSAGES_OFFSET;
        if (length < MarketDataTransfer.BOOK_MESSAGES_OFFSET)
        {
            malformed("book record too short", MarketDataTransfer.BOOK, length);
            return;
        }
        final long engineSequence = buffer.getLong(index + MarketDataTransfer.ENGINE_SEQUENCE_OFFSET, LE);
        final int snapshotOffset = messageEnd(buffer, definitionOffset, end);
        if (snapshotOffset < 0 || headerDecoder.templateId() != InstrumentDefinitionDecoder.TEMPLATE_ID ||
            messageEnd(buffer, snapshotOffset, end) < 0 || headerDecoder.templateId() != BookSnapshotDecoder.TEMPLATE_ID)
        {
            malformed("book record is not an InstrumentDefinition and a BookSnapshot", MarketDataTransfer.BOOK, length);
            return;
        }

        headerDecoder.wrap(buffer, definitionOffset);
        final int instrumentId = definitionDecoder.wrap(
            buffer, definitionOffset + MESSAGE_HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version())
            .instrumentId();
        headerDecoder.wrap(buffer, snapshotOffset);
        final BookSnapshotDecoder snapshot = snapshotDecoder.wrap(
            buffer, snapshotOffset + MESSAGE_HEADER_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        if (snapshot.instrumentId() != instrumentId)
        {
            malformed("book record's definition and snapshot name different instruments", instrumentId,
                snapshot.instrumentId());
            return;
        }

        final InstrumentState state = instrument(instrumentId);
        state.define(buffer, definitionOffset, snapshotOffset - definitionOffset);
        state.rptSeq = snapshot.rptSeq();
        state.engineSequence = snapshot.engineSequence();
        state.transactTimeNs = snapshot.transactTimeNs();
        final ReplicaBook book = state.book;
        book.clear();
        for (final BookSnapshotDecoder.BidsDecoder bid : snapshot.bids())
        {
            book.applyLevel(FeedBook.BID, FeedBook.NEW, bid.price(), bid.quantity(), bid.orderCount());
        }
        for (final BookSnapshotDecoder.AsksDecoder ask : snapshot.asks())
        {
            book.applyLevel(FeedBook.ASK, FeedBook.NEW, ask.price(), ask.quantity(), ask.orderCount());
        }
        for (final BookSnapshotDecoder.OrdersDecoder order : snapshot.orders())
        {
            if (book.tracksOrders())
            {
                book.addOrder(order.orderId(), order.sideRaw(), order.price(), order.quantity());
            }
        }
        if (engineSequence > lastEngineSequence)
        {
            lastEngineSequence = engineSequence;
        }
    }

    private void onReset(final long engineSequence)
    {
        instruments.clear();
        lastState = null;
        instrumentCount = 0;
        lastSnapshotInstrumentId = Integer.MIN_VALUE;
        lastEngineSequence = engineSequence;
        incremental.sequence = 0;
        snapshot.sequence = 0;
        stagedCount = 0;
        stagedNext = 0; // the rest of a snapshot of the previous run: of no use to anyone now
        sendChannelReset(incremental, engineSequence);
        sendChannelReset(snapshot, engineSequence);
    }

    /**
     * Checks that the message at {@code offset} (header included) lies within {@code end}, leaving
     * {@link #headerDecoder} on its header.
     *
     * @return where the message ends, or -1 (reported) for an unknown schema or template, or one too long.
     */
    private int messageEnd(final DirectBuffer buffer, final int offset, final int end)
    {
        if (offset + MESSAGE_HEADER_LENGTH > end)
        {
            return malformed("message header past the end of the record", -1, end - offset);
        }
        headerDecoder.wrap(buffer, offset);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            return malformed("unknown schema id", -1, headerDecoder.schemaId());
        }
        final int templateId = headerDecoder.templateId();
        final int groups;
        switch (templateId)
        {
            case IncrementalBookUpdateDecoder.TEMPLATE_ID:
                groups = 1;
                break;
            case BookSnapshotDecoder.TEMPLATE_ID:
                groups = 3;
                break;
            case OrderBookEventDecoder.TEMPLATE_ID:
            case TradeDecoder.TEMPLATE_ID:
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
                groups = 0;
                break;
            default:
                return malformed("unknown template id", -1, templateId);
        }
        int limit = offset + MESSAGE_HEADER_LENGTH + headerDecoder.blockLength();
        for (int i = 0; i < groups && limit <= end; i++)
        {
            if (limit + GROUP_HEADER_LENGTH > end)
            {
                limit = end + 1;
                break;
            }
            final int blockLength = buffer.getShort(limit, LE) & 0xFFFF;
            final int numInGroup = buffer.getShort(limit + 2, LE) & 0xFFFF;
            limit += GROUP_HEADER_LENGTH + blockLength * numInGroup;
        }
        if (limit > end)
        {
            return malformed("message runs past the end of the record", -1, templateId);
        }
        return limit;
    }

    /**
     * Applies one message, already checked by {@link #messageEnd}, to the publisher's books.
     */
    private void applyMessage(
        final DirectBuffer buffer, final int offset, final long engineSequence, final long transactTimeNs)
    {
        headerDecoder.wrap(buffer, offset);
        final int bodyOffset = offset + MESSAGE_HEADER_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case IncrementalBookUpdateDecoder.TEMPLATE_ID:
            {
                updateDecoder.wrap(buffer, bodyOffset, blockLength, version);
                for (final IncrementalBookUpdateDecoder.EntriesDecoder entry : updateDecoder.entries())
                {
                    final InstrumentState state = instrument(entry.instrumentId());
                    state.book.applyLevel(
                        entry.sideRaw(), entry.actionRaw(), entry.price(), entry.aggregateQuantity(),
                        entry.orderCount());
                    state.update(entry.rptSeq(), engineSequence, transactTimeNs);
                }
                break;
            }
            case OrderBookEventDecoder.TEMPLATE_ID:
            {
                orderDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final InstrumentState state = instrument(orderDecoder.instrumentId());
                state.book.applyOrder(
                    orderDecoder.actionRaw(), orderDecoder.orderId(), orderDecoder.sideRaw(), orderDecoder.price(),
                    orderDecoder.quantity());
                state.update(orderDecoder.rptSeq(), engineSequence, transactTimeNs);
                break;
            }
            case TradeDecoder.TEMPLATE_ID:
            {
                tradeDecoder.wrap(buffer, bodyOffset, blockLength, version);
                instrument(tradeDecoder.instrumentId()).update(tradeDecoder.rptSeq(), engineSequence, transactTimeNs);
                break;
            }
            case InstrumentDefinitionDecoder.TEMPLATE_ID:
            {
                definitionDecoder.wrap(buffer, bodyOffset, blockLength, version);
                final InstrumentState state = instrument(definitionDecoder.instrumentId());
                state.define(buffer, offset, MESSAGE_HEADER_LENGTH + blockLength);
                state.update(definitionDecoder.rptSeq(), engineSequence, transactTimeNs);
                break;
            }
            default:
                break;
        }
    }

    private InstrumentState instrument(final int instrumentId)
    {
        // Most events touch one instrument, several messages each: remember the last one looked up.
        if (lastState != null && lastInstrumentId == instrumentId)
        {
            return lastState;
        }
        InstrumentState state = instruments.get(instrumentId);
        if (state == null)
        {
            state = new InstrumentState(new ReplicaBook(instrumentId, includeOrders));
            instruments.put(instrumentId, state);
            if (instrumentCount == instrumentIds.length)
            {
                instrumentIds = Arrays.copyOf(instrumentIds, instrumentCount * 2);
            }
            int at = instrumentCount;
            while (at > 0 && instrumentIds[at - 1] > instrumentId)
            {
                instrumentIds[at] = instrumentIds[at - 1];
                at--;
            }
            instrumentIds[at] = instrumentId;
            instrumentCount++;
        }
        lastInstrumentId = instrumentId;
        lastState = state;
        return state;
    }

    private int malformed(final String what, final int type, final int value)
    {
        errorHandler.onError(new IllegalStateException(
            "market-data transfer: " + what + " (type " + type + ", value " + value + ")"));
        return -1;
    }

    // Incremental stream

    private void publishEvent(
        final DirectBuffer buffer, final int offset, final int length, final int messageCount,
        final long engineSequence)
    {
        final int maxMessageLength = incremental.publication.maxMessageLength();
        if (PACKET_HEADER_LENGTH + length <= maxMessageLength)
        {
            sendPacket(incremental, buffer, offset, length, messageCount, engineSequence, true);
            return;
        }

        // Too big for one Aeron message: as many whole messages per packet as fit, only the last packet ends the event.
        final int room = maxMessageLength - PACKET_HEADER_LENGTH;
        int first = 0;
        while (first < messageCount)
        {
            int last = first;
            while (last < messageCount && messageOffsets[last + 1] - messageOffsets[first] <= room)
            {
                last++;
            }
            if (last > first)
            {
                sendPacket(
                    incremental, buffer, messageOffsets[first], messageOffsets[last] - messageOffsets[first],
                    last - first, engineSequence, last == messageCount);
                first = last;
            }
            else
            {
                splitMessage(buffer, messageOffsets[first], messageOffsets[first + 1], room, engineSequence,
                    first + 1 == messageCount);
                first++;
            }
        }
    }

    /**
     * Sends one message too big for a packet of its own as several: only an {@code IncrementalBookUpdate} (the
     * only message with an unbounded group on the incremental stream) can be, and it is split by entries.
     */
    private void splitMessage(
        final DirectBuffer buffer, final int offset, final int end, final int room, final long engineSequence,
        final boolean endsEvent)
    {
        headerDecoder.wrap(buffer, offset);
        final int rootLength = MESSAGE_HEADER_LENGTH + headerDecoder.blockLength();
        final int groupOffset = offset + rootLength;
        final int entryLength = buffer.getShort(groupOffset, LE) & 0xFFFF;
        final int entries = buffer.getShort(groupOffset + 2, LE) & 0xFFFF;
        final int perPacket = entryLength == 0 ? entries : (room - rootLength - GROUP_HEADER_LENGTH) / entryLength;
        if (headerDecoder.templateId() != IncrementalBookUpdateDecoder.TEMPLATE_ID || perPacket < 1)
        {
            malformed("message too big for the incremental publication", -1, end - offset);
            incremental.sequence++; // spent: subscribers see the gap
            counters.packetsDropped.increment();
            return;
        }

        final ExpandableDirectByteBuffer part = splitBuffer;
        part.putBytes(0, buffer, offset, rootLength);
        for (int from = 0; from < entries; from += perPacket)
        {
            final int count = Math.min(perPacket, entries - from);
            part.putShort(rootLength, (short)entryLength, LE);
            part.putShort(rootLength + 2, (short)count, LE);
            part.putBytes(
                rootLength + GROUP_HEADER_LENGTH, buffer, groupOffset + GROUP_HEADER_LENGTH + from * entryLength,
                count * entryLength);
            sendPacket(incremental, part, 0, rootLength + GROUP_HEADER_LENGTH + count * entryLength, 1,
                engineSequence, endsEvent && from + count == entries);
        }
    }

    /**
     * Frames messages as one packet (a new stream sequence) and offers it: a claim when it fits one frame, else a
     * copy from the packet buffer.
     */
    private void sendPacket(
        final Stream stream, final DirectBuffer buffer, final int offset, final int length, final int messageCount,
        final long engineSequence, final boolean endOfEvent)
    {
        final Publication publication = stream.publication;
        final long sequence = ++stream.sequence;
        final int packetLength = PACKET_HEADER_LENGTH + length;
        stream.lastSendNs = nowNs;
        if (packetLength <= publication.maxPayloadLength())
        {
            long result = 0;
            for (int attempt = 0; attempt < offerAttempts; attempt++)
            {
                result = publication.tryClaim(packetLength, claim);
                if (result > 0)
                {
                    final MutableDirectBuffer claimed = claim.buffer();
                    final int at = claim.offset();
                    writePacketHeader(claimed, at, sequence, engineSequence, messageCount, endOfEvent);
                    claimed.putBytes(at + PACKET_HEADER_LENGTH, buffer, offset, length);
                    claim.commit();
                    break;
                }
                if (!isRetryable(result))
                {
                    break;
                }
            }
            onOfferResult(stream, result, packetLength);
        }
        else
        {
            writePacketHeader(packetBuffer, 0, sequence, engineSequence, messageCount, endOfEvent);
            packetBuffer.putBytes(PACKET_HEADER_LENGTH, buffer, offset, length);
            offerPacketBuffer(stream, packetLength);
        }
    }

    /**
     * Offers the packet built at the start of {@link #packetBuffer} (its header already written with the stream's
     * next sequence).
     *
     * @return true if it got onto the stream.
     */
    private boolean offerPacketBuffer(final Stream stream, final int packetLength)
    {
        stream.lastSendNs = nowNs;
        long result = 0;
        for (int attempt = 0; attempt < offerAttempts; attempt++)
        {
            result = stream.publication.offer(packetBuffer, 0, packetLength);
            if (result > 0 || !isRetryable(result))
            {
                break;
            }
        }
        return onOfferResult(stream, result, packetLength);
    }

    private static boolean isRetryable(final long result)
    {
        return result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION;
    }

    private boolean onOfferResult(final Stream stream, final long result, final int packetLength)
    {
        if (result > 0)
        {
            counters.packetsPublished.increment();
            counters.bytesPublished.getAndAdd(packetLength);
            return true;
        }
        if (result == Publication.NOT_CONNECTED)
        {
            counters.packetsNotConnected.increment();
            return false;
        }
        counters.packetsDropped.increment();
        if ((result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED) && !stream.errorReported)
        {
            stream.errorReported = true;
            errorHandler.onError(new IllegalStateException("market-data publication " +
                stream.publication.channel() + " stream " + stream.publication.streamId() + ": " +
                Publication.errorString(result)));
        }
        return false;
    }

    private void writePacketHeader(
        final MutableDirectBuffer buffer, final int offset, final long streamSequence, final long engineSequence,
        final int messageCount, final boolean endOfEvent)
    {
        packetHeaderEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .streamSequence(streamSequence)
            .engineSequence(engineSequence)
            .sendingTimeNs(epochNs)
            .messageCount(messageCount)
            .flags().clear().endOfEvent(endOfEvent);
    }

    private void sendChannelReset(final Stream stream, final long engineSequence)
    {
        writePacketHeader(packetBuffer, 0, ++stream.sequence, engineSequence, 1, true);
        channelResetEncoder.wrapAndApplyHeader(packetBuffer, PACKET_HEADER_LENGTH, headerEncoder)
            .engineSequence(engineSequence)
            .transactTimeNs(epochNs);
        offerPacketBuffer(stream, PACKET_HEADER_LENGTH + MESSAGE_HEADER_LENGTH + ChannelResetEncoder.BLOCK_LENGTH);
    }

    private int heartbeatIfIdle(final Stream stream)
    {
        if (nowNs - stream.lastSendNs < heartbeatIntervalNs)
        {
            return 0;
        }
        writePacketHeader(packetBuffer, 0, ++stream.sequence, lastEngineSequence, 1, true);
        heartbeatEncoder.wrapAndApplyHeader(packetBuffer, PACKET_HEADER_LENGTH, headerEncoder)
            .engineSequence(lastEngineSequence);
        offerPacketBuffer(stream, PACKET_HEADER_LENGTH + MESSAGE_HEADER_LENGTH + HeartbeatEncoder.BLOCK_LENGTH);
        counters.heartbeats.increment();
        return 1;
    }

    // Snapshot loop

    private int snapshotNextInstrument()
    {
        if (instrumentCount == 0)
        {
            return 0;
        }
        int next = 0;
        while (next < instrumentCount && instrumentIds[next] <= lastSnapshotInstrumentId)
        {
            next++;
        }
        if (next == instrumentCount)
        {
            next = 0;
        }
        final int instrumentId = instrumentIds[next];
        lastSnapshotInstrumentId = instrumentId;
        if (!snapshot.publication.isConnected())
        {
            return 0; // nobody to recover: spend no work (and no sequence) on it
        }
        stageSnapshot(instruments.get(instrumentId));
        sendStagedSnapshot();
        return 1;
    }

    /**
     * Encodes an instrument's snapshot (its definition, then the book in chunks) as packets in {@link #stage}, each
     * with its stream sequence: the book as it is now, sent by {@link #sendStagedSnapshot()} as the stream allows.
     */
    private void stageSnapshot(final InstrumentState state)
    {
        stagedCount = 0;
        stagedNext = 0;
        stageLimit = 0;
        if (state.definitionLength > 0)
        {
            writePacketHeader(stage, 0, ++snapshot.sequence, state.engineSequence, 1, true);
            stage.putBytes(PACKET_HEADER_LENGTH, state.definition, 0, state.definitionLength);
            addStagedPacket(PACKET_HEADER_LENGTH + state.definitionLength);
        }

        final ReplicaBook book = state.book;
        book.sort();
        final int bids = book.levels(FeedBook.BID);
        final int levels = bids + book.levels(FeedBook.ASK);
        orderCount = 0;
        if (includeOrders && book.tracksOrders())
        {
            book.forEachOrder(orderCollector);
        }
        final int chunks = Math.min(MAX_CHUNKS, Math.max(1, Math.max(
            (levels + levelsPerChunk - 1) / levelsPerChunk, (orderCount + ordersPerChunk - 1) / ordersPerChunk)));

        for (int chunk = 0; chunk < chunks; chunk++)
        {
            final int levelFrom = chunk * levelsPerChunk;
            final int levelTo = Math.min(levels, levelFrom + levelsPerChunk);
            final int bidFrom = Math.min(levelFrom, bids);
            final int bidTo = Math.min(levelTo, bids);
            final int askFrom = Math.max(levelFrom, bids) - bids;
            final int askTo = Math.max(levelTo, bids) - bids;
            final int orderFrom = Math.min(orderCount, chunk * ordersPerChunk);
            final int orderTo = Math.min(orderCount, orderFrom + ordersPerChunk);

            final int at = stageLimit;
            final BookSnapshotEncoder encoder = snapshotEncoder
                .wrapAndApplyHeader(stage, at + PACKET_HEADER_LENGTH, headerEncoder)
                .rptSeq(state.rptSeq)
                .lastStreamSequence(incremental.sequence)
                .engineSequence(state.engineSequence)
                .transactTimeNs(state.transactTimeNs)
                .instrumentId(book.instrumentId())
                .chunkIndex(chunk)
                .chunkCount(chunks);
            final BookSnapshotEncoder.BidsEncoder bidsEncoder = encoder.bidsCount(Math.max(0, bidTo - bidFrom));
            for (int i = bidFrom; i < bidTo; i++)
            {
                bidsEncoder.next()
                    .price(book.price(FeedBook.BID, i))
                    .quantity(book.quantity(FeedBook.BID, i))
                    .orderCount(book.orderCount(FeedBook.BID, i));
            }
            final BookSnapshotEncoder.AsksEncoder asksEncoder = encoder.asksCount(Math.max(0, askTo - askFrom));
            for (int i = askFrom; i < askTo; i++)
            {
                asksEncoder.next()
                    .price(book.price(FeedBook.ASK, i))
                    .quantity(book.quantity(FeedBook.ASK, i))
                    .orderCount(book.orderCount(FeedBook.ASK, i));
            }
            final BookSnapshotEncoder.OrdersEncoder ordersEncoder = encoder.ordersCount(orderTo - orderFrom);
            for (int i = orderFrom; i < orderTo; i++)
            {
                ordersEncoder.next()
                    .orderId(orderIds[i])
                    .price(orderPrices[i])
                    .quantity(orderQuantities[i])
                    .side(orderSides[i] == FeedBook.BID ? Side.Buy : Side.Sell);
            }
            final int packetLength = encoder.limit() - at;
            writePacketHeader(stage, at, ++snapshot.sequence, state.engineSequence, 1, chunk == chunks - 1);
            addStagedPacket(packetLength);
        }
    }

    private void addStagedPacket(final int length)
    {
        if (stagedCount == stagedOffsets.length)
        {
            stagedOffsets = Arrays.copyOf(stagedOffsets, stagedCount * 2);
            stagedLengths = Arrays.copyOf(stagedLengths, stagedCount * 2);
        }
        stagedOffsets[stagedCount] = stageLimit;
        stagedLengths[stagedCount] = length;
        stagedCount++;
        stageLimit += length;
    }

    /**
     * Offers the staged snapshot's packets in order until the stream pushes back (the rest wait for the next duty
     * cycle: a snapshot is never sent in part because the link was busy) or one cannot be sent at all (not
     * connected, closed: the rest of the snapshot is given up, and subscribers see the gap in the sequence).
     *
     * @return packets that got onto the stream.
     */
    private int sendStagedSnapshot()
    {
        int sent = 0;
        while (stagedNext < stagedCount)
        {
            final int length = stagedLengths[stagedNext];
            final long result = snapshot.publication.offer(stage, stagedOffsets[stagedNext], length);
            if (result > 0)
            {
                snapshotEndPosition = result;
                snapshot.lastSendNs = nowNs;
                onOfferResult(snapshot, result, length);
                stagedNext++;
                sent++;
                if (stagedNext == stagedCount)
                {
                    counters.snapshotsPublished.increment();
                }
            }
            else if (isRetryable(result))
            {
                break;
            }
            else
            {
                onOfferResult(snapshot, result, length);
                stagedNext = stagedCount;
            }
        }
        return sent;
    }

    /**
     * @return true while the previous snapshot is not all offered, or not yet all sent by the media driver: its end
     *         lies past the sender's position.
     */
    private boolean isSnapshotStreamBusy()
    {
        return stagedNext < stagedCount || snapshotSentPosition() < snapshotEndPosition;
    }

    /**
     * @return how far the media driver has sent the snapshot publication: its sender position where the driver has
     *         one (a network publication); else its limit less its window (the window is the largest seen), plus an
     *         eighth of it, the step in which the driver moves an IPC publication's limit as subscribers read.
     */
    private long snapshotSentPosition()
    {
        if (CountersReader.NULL_COUNTER_ID != snapshotSenderPositionId)
        {
            return countersReader.getCounterValue(snapshotSenderPositionId);
        }
        final Publication publication = snapshot.publication;
        final long limit = publication.positionLimit();
        final long window = limit - publication.position();
        if (window > snapshotWindow)
        {
            snapshotWindow = window;
        }
        return limit - snapshotWindow + (snapshotWindow >> 3);
    }

    private void collectOrder(final long orderId, final int side, final long price, final long quantity)
    {
        if (orderCount == orderIds.length)
        {
            final int capacity = orderCount * 2;
            orderIds = Arrays.copyOf(orderIds, capacity);
            orderPrices = Arrays.copyOf(orderPrices, capacity);
            orderQuantities = Arrays.copyOf(orderQuantities, capacity);
            orderSides = Arrays.copyOf(orderSides, capacity);
        }
        orderIds[orderCount] = orderId;
        orderPrices[orderCount] = price;
        orderQuantities[orderCount] = quantity;
        orderSides[orderCount] = (byte)side;
        orderCount++;
    }

    /**
     * One stream: its publication and sequence.
     */
    private static final class Stream
    {
        final Publication publication;
        long sequence;
        long lastSendNs;
        boolean errorReported;

        Stream(final Publication publication, final long nowNs)
        {
            this.publication = publication;
            this.lastSendNs = nowNs;
        }
    }

    /**
     * What the publisher knows of one instrument.
     */
    private static final class InstrumentState
    {
        final ReplicaBook book;
        final ExpandableArrayBuffer definition = new ExpandableArrayBuffer(128);
        int definitionLength;
        long rptSeq;
        long engineSequence;
        long transactTimeNs;

        InstrumentState(final ReplicaBook book)
        {
            this.book = book;
        }

        void define(final DirectBuffer buffer, final int offset, final int length)
        {
            definition.putBytes(0, buffer, offset, length);
            definitionLength = length;
        }

        void update(final long rptSeq, final long engineSequence, final long transactTimeNs)
        {
            if (rptSeq > this.rptSeq)
            {
                this.rptSeq = rptSeq;
            }
            this.engineSequence = engineSequence;
            this.transactTimeNs = transactTimeNs;
        }
    }

    /**
     * Settings of a {@link MarketDataPublisher}: defaults from {@link Configuration} (system properties), fluent
     * setters, checked by {@link #conclude()}.
     */
    public static final class Context
    {
        private boolean concluded;
        private String incrementalChannel = FeedChannels.incrementalChannel();
        private int incrementalStreamId = FeedChannels.incrementalStreamId();
        private String snapshotChannel = FeedChannels.snapshotChannel();
        private int snapshotStreamId = FeedChannels.snapshotStreamId();
        private long snapshotIntervalMs = Configuration.snapshotIntervalMs();
        private long heartbeatIntervalMs = Configuration.heartbeatIntervalMs();
        private int offerAttempts = Configuration.offerAttempts();
        private boolean includeOrders = Configuration.includeOrders();
        private int maxLevelsPerChunk = Configuration.maxLevelsPerChunk();
        private int maxOrdersPerChunk = Configuration.maxOrdersPerChunk();
        private int recordBatchLimit = Configuration.RECORD_BATCH_LIMIT_DEFAULT;
        private NanoClock nanoClock;
        private EpochNanoClock epochClock;
        private ErrorHandler errorHandler;

        /**
         * Checks the settings and fills in the clocks and error handler left unset. Idempotent.
         *
         * @return this.
         */
        public Context conclude()
        {
            if (concluded)
            {
                return this;
            }
            concluded = true;
            if (incrementalChannel == null || snapshotChannel == null)
            {
                throw new IllegalArgumentException("incrementalChannel and snapshotChannel are required");
            }
            if (snapshotIntervalMs < 0 || heartbeatIntervalMs <= 0 || offerAttempts < 1 || maxLevelsPerChunk < 1 ||
                maxOrdersPerChunk < 1 || recordBatchLimit < 1)
            {
                throw new IllegalArgumentException("bad market-data publisher settings: " + this);
            }
            if (nanoClock == null)
            {
                nanoClock = SystemNanoClock.INSTANCE;
            }
            if (epochClock == null)
            {
                epochClock = new SystemEpochNanoClock();
            }
            if (errorHandler == null)
            {
                errorHandler = Throwable::printStackTrace;
            }
            return this;
        }

        public String incrementalChannel()
        {
            return incrementalChannel;
        }

        public Context incrementalChannel(final String channel)
        {
            incrementalChannel = channel;
            return this;
        }

        public int incrementalStreamId()
        {
            return incrementalStreamId;
        }

        public Context incrementalStreamId(final int streamId)
        {
            incrementalStreamId = streamId;
            return this;
        }

        public String snapshotChannel()
        {
            return snapshotChannel;
        }

        public Context snapshotChannel(final String channel)
        {
            snapshotChannel = channel;
            return this;
        }

        public int snapshotStreamId()
        {
            return snapshotStreamId;
        }

        public Context snapshotStreamId(final int streamId)
        {
            snapshotStreamId = streamId;
            return this;
        }

        /**
         * @return time between two instruments' snapshots in the loop (0: one per duty cycle).
         */
        public long snapshotIntervalMs()
        {
            return snapshotIntervalMs;
        }

        public Context snapshotIntervalMs(final long intervalMs)
        {
            snapshotIntervalMs = intervalMs;
            return this;
        }

        /**
         * @return how long a stream may send nothing before it gets a heartbeat.
         */
        public long heartbeatIntervalMs()
        {
            return heartbeatIntervalMs;
        }

        public Context heartbeatIntervalMs(final long intervalMs)
        {
            heartbeatIntervalMs = intervalMs;
            return this;
        }

        /**
         * @return tries per packet while back-pressured before it is dropped.
         */
        public int offerAttempts()
        {
            return offerAttempts;
        }

        public Context offerAttempts(final int attempts)
        {
            offerAttempts = attempts;
            return this;
        }

        /**
         * @return whether snapshots carry the resting orders (market by order) as well as the levels.
         */
        public boolean includeOrders()
        {
            return includeOrders;
        }

        public Context includeOrders(final boolean include)
        {
            includeOrders = include;
            return this;
        }

        public int maxLevelsPerChunk()
        {
            return maxLevelsPerChunk;
        }

        /**
         * @param levels price levels (bids and asks together) per snapshot chunk at most.
         */
        public Context maxLevelsPerChunk(final int levels)
        {
            maxLevelsPerChunk = levels;
            return this;
        }

        public int maxOrdersPerChunk()
        {
            return maxOrdersPerChunk;
        }

        /**
         * @param orders orders per snapshot chunk at most.
         */
        public Context maxOrdersPerChunk(final int orders)
        {
            maxOrdersPerChunk = orders;
            return this;
        }

        public int recordBatchLimit()
        {
            return recordBatchLimit;
        }

        /**
         * @param limit transfer-ring records read per duty cycle at most.
         */
        public Context recordBatchLimit(final int limit)
        {
            recordBatchLimit = limit;
            return this;
        }

        public NanoClock nanoClock()
        {
            return nanoClock;
        }

        /**
         * @param clock monotonic clock for the snapshot and heartbeat intervals, read once per duty cycle.
         */
        public Context nanoClock(final NanoClock clock)
        {
            nanoClock = clock;
            return this;
        }

        public EpochNanoClock epochClock()
        {
            return epochClock;
        }

        /**
         * @param clock wall clock for {@code PacketHeader.sendingTimeNs}, read once per duty cycle.
         */
        public Context epochClock(final EpochNanoClock clock)
        {
            epochClock = clock;
            return this;
        }

        public ErrorHandler errorHandler()
        {
            return errorHandler;
        }

        /**
         * @param handler receives malformed records and closed publications (default: print to stderr).
         */
        public Context errorHandler(final ErrorHandler handler)
        {
            errorHandler = handler;
            return this;
        }

        public String toString()
        {
            return "MarketDataPublisher.Context{incremental=" + incrementalChannel + " #" + incrementalStreamId +
                ", snapshot=" + snapshotChannel + " #" + snapshotStreamId +
                ", snapshotIntervalMs=" + snapshotIntervalMs + ", heartbeatIntervalMs=" + heartbeatIntervalMs +
                ", offerAttempts=" + offerAttempts + ", includeOrders=" + includeOrders +
                ", maxLevelsPerChunk=" + maxLevelsPerChunk + ", maxOrdersPerChunk=" + maxOrdersPerChunk +
                ", recordBatchLimit=" + recordBatchLimit + '}';
        }
    }

    /**
     * Defaults of the {@link Context}, each overridable by a system property.
     */
    public static final class Configuration
    {
        public static final String SNAPSHOT_INTERVAL_MS_PROP_NAME = "ringbook.feed.snapshot.interval.ms";
        public static final long SNAPSHOT_INTERVAL_MS_DEFAULT = 10;
        public static final String HEARTBEAT_INTERVAL_MS_PROP_NAME = "ringbook.feed.heartbeat.interval.ms";
        public static final long HEARTBEAT_INTERVAL_MS_DEFAULT = 1000;
        public static final String OFFER_ATTEMPTS_PROP_NAME = "ringbook.feed.offer.attempts";
        public static final int OFFER_ATTEMPTS_DEFAULT = 3;
        public static final String INCLUDE_ORDERS_PROP_NAME = "ringbook.feed.snapshot.orders";
        public static final boolean INCLUDE_ORDERS_DEFAULT = true;
        public static final String MAX_LEVELS_PER_CHUNK_PROP_NAME = "ringbook.feed.snapshot.levels.per.chunk";
        public static final int MAX_LEVELS_PER_CHUNK_DEFAULT = 500;
        public static final String MAX_ORDERS_PER_CHUNK_PROP_NAME = "ringbook.feed.snapshot.orders.per.chunk";
        public static final int MAX_ORDERS_PER_CHUNK_DEFAULT = 500;
        public static final int RECORD_BATCH_LIMIT_DEFAULT = 256;

        private Configuration()
        {
        }





        public static long snapshotIntervalMs()
        {
            return Long.getLong(SNAPSHOT_INTERVAL_MS_PROP_NAME, SNAPSHOT_INTERVAL_MS_DEFAULT);
        }

        public static long heartbeatIntervalMs()
        {
            return Long.getLong(HEARTBEAT_INTERVAL_MS_PROP_NAME, HEARTBEAT_INTERVAL_MS_DEFAULT);
        }

        public static int offerAttempts()
        {
            return Integer.getInteger(OFFER_ATTEMPTS_PROP_NAME, OFFER_ATTEMPTS_DEFAULT);
        }

        public static boolean includeOrders()
        {
            final String value = System.getProperty(INCLUDE_ORDERS_PROP_NAME);
            return value == null ? INCLUDE_ORDERS_DEFAULT : Boolean.parseBoolean(value);
        }

        public static int maxLevelsPerChunk()
        {
            return Integer.getInteger(MAX_LEVELS_PER_CHUNK_PROP_NAME, MAX_LEVELS_PER_CHUNK_DEFAULT);
        }

        public static int maxOrdersPerChunk()
        {
            return Integer.getInteger(MAX_ORDERS_PER_CHUNK_PROP_NAME, MAX_ORDERS_PER_CHUNK_DEFAULT);
        }
    }
}
