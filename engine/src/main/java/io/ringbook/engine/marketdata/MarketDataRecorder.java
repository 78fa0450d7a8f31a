package io.ringbook.engine.marketdata;

import io.ringbook.codecs.MarketDataTransfer;
import io.ringbook.codecs.marketdata.BookAction;
import io.ringbook.codecs.marketdata.BookSnapshotEncoder;
import io.ringbook.codecs.marketdata.IncrementalBookUpdateEncoder;
import io.ringbook.codecs.marketdata.InstrumentDefinitionEncoder;
import io.ringbook.codecs.marketdata.MessageHeaderEncoder;
import io.ringbook.codecs.marketdata.OrderBookEventEncoder;
import io.ringbook.codecs.marketdata.TradeEncoder;
import io.ringbook.codecs.marketdata.TradingStatus;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.NoOpEngineListener;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.Side;
import org.agrona.BitUtil;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * The matcher's market-data listener: encodes each command's book changes (price levels, orders) and trades as
 * SBE market-data messages, numbered per instrument ({@code rptSeq}), and writes them as one record into the
 * transfer ring, from which the feed publisher frames packets on its own thread (see {@code docs/market-data.md},
 * "Inside the engine"). The matcher never waits for the feed: when the ring is full the event is counted as lost,
 * and at the next command boundary with room the whole book of every instrument is written again, from which the
 * publisher and, through its snapshots, every client recover.
 * <p>
 * Messages are numbered when the command completes, level entries first, then order events, then trades, so
 * {@code rptSeq} rises through the packet. Nothing is allocated in steady state: staging arrays grow only for a
 * command with more changes than any before it. Single threaded: the matching thread (and, before the ring starts,
 * the thread that calls {@link #writeReset} and {@link #writeBooks}). Order lifecycle callbacks (accepted, rejected,
 * cancelled, replaced) carry nothing the feed needs: they are the inherited no-ops.
 */
public final class MarketDataRecorder extends NoOpEngineListener
{
    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;

    private final RingBuffer transferRing;
    private final MatchingEngine engine;
    private final AtomicCounter eventsLost;
    private final Int2ObjectHashMap<long[]> rptSeqs = new Int2ObjectHashMap<>();
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64 * 1024);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final IncrementalBookUpdateEncoder updateEncoder = new IncrementalBookUpdateEncoder();
    private final OrderBookEventEncoder orderEncoder = new OrderBookEventEncoder();
    private final TradeEncoder tradeEncoder = new TradeEncoder();
    private final InstrumentDefinitionEncoder definitionEncoder = new InstrumentDefinitionEncoder();
    private final BookSnapshotEncoder snapshotEncoder = new BookSnapshotEncoder();

    private long transactTimeNs;
    private boolean resendBooks;

    // Level changes of the current command.
    private int levels;
    private int[] levelInstrument = new int[16];
    private byte[] levelSide = new byte[16];
    private byte[] levelAction = new byte[16];
    private long[] levelPrice = new long[16];
    private long[] levelQuantity = new long[16];
    private int[] levelCount = new int[16];

    // Order changes of the current command.
    private int orders;
    private int[] orderInstrument = new int[16];
    private byte[] orderAction = new byte[16];
    private long[] orderId = new long[16];
    private byte[] orderSide = new byte[16];
    private long[] orderPrice = new long[16];
    private long[] orderQuantity = new long[16];
    private long[] orderExecuted = new long[16];

    // Trades of the current command.
    private int trades;
    private int[] tradeInstrument = new int[16];
    private long[] tradeId = new long[16];
    private long[] tradePrice = new long[16];
    private long[] tradeQuantity = new long[16];
    private long[] tradeMaker = new long[16];
    private long[] tradeTaker = new long[16];
    private byte[] tradeAggressor = new byte[16];

    /**
     * @param transferRing where records go (a one-to-one ring the publisher reads).
     * @param engine       the engine this listens to: its books are read (on the matching thread) to resend them.
     * @param eventsLost   counts events that found the ring full, or null.
     */
    public MarketDataRecorder(final RingBuffer transferRing, final MatchingEngine engine, final AtomicCounter eventsLost)
    {
        this.transferRing = Objects.requireNonNull(transferRing, "transferRing");
        this.engine = Objects.requireNonNull(engine, "engine");
        this.eventsLost = eventsLost;
    }

    /**
     * Starts a run: the publisher sends a ChannelReset and every sequence restarts. Call before {@link #writeBooks}.
     *
     * @return false when the ring is full.
     */
    public boolean writeReset(final long engineSequence)
    {
        rptSeqs.clear();
        buffer.putLong(0, engineSequence, ByteOrder.LITTLE_ENDIAN);
        return transferRing.write(MarketDataTransfer.RESET, buffer, 0, MarketDataTransfer.RESET_LENGTH);
    }

    /**
     * Writes the whole book of every instrument (definition, levels and orders), so the publisher's copies equal
     * the engine's: at start after recovery, and after the ring was full. Allocates only when a book has more
     * levels or orders than any before.
     *
     * @return false when the ring had no room for all of them (they are then written again later).
     */
    public boolean writeBooks(final long engineSequence)
    {
        final int[] ids = engine.instrumentIds();
        boolean all = true;
        for (final int id : ids)
        {
            all &= writeBook(engine.book(id), engineSequence, ids.length);
        }
        resendBooks = !all;
        return all;
    }

    private boolean writeBook(final OrderBook book, final long engineSequence, final int totalInstruments)
    {
        final Instrument instrument = book.instrument();
        final long rptSeq = rptSeq(instrument.id())[0];
        buffer.putLong(MarketDataTransfer.ENGINE_SEQUENCE_OFFSET, engineSequence, ByteOrder.LITTLE_ENDIAN);
        int offset = MarketDataTransfer.BOOK_MESSAGES_OFFSET;
        definitionEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .rptSeq(rptSeq)
            .engineSequence(engineSequence)
            .tickSize(instrument.tickSize())
            .lotSize(instrument.lotSize())
            .minPrice(instrument.tickSize())
            .maxPrice(Instrument.MAX_PRICE)
            .maxOrderQty(instrument.maxOrderQuantity())
            .instrumentId(instrument.id())
            .priceBandBps((int)instrument.bandBps())
            .totalInstruments(totalInstruments)
            .priceExponent((byte)instrument.priceExponent())
            .quantityExponent((byte)0)
            .tradingStatus(TradingStatus.Open)
            .symbol(asciiSymbol(instrument.symbol()));
        offset += HEADER + definitionEncoder.encodedLength();

        final int bidLevels = countLevels(book, Side.BUY);
        final int askLevels = countLevels(book, Side.SELL);
        final int orderCount = book.orderCount();
        buffer.checkLimit(offset + HEADER + BookSnapshotEncoder.BLOCK_LENGTH + 3 * 4 +
            (bidLevels + askLevels) * 20 + orderCount * 25);
        snapshotEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
            .rptSeq(rptSeq)
            .lastStreamSequence(0)
            .engineSequence(engineSequence)
            .transactTimeNs(transactTimeNs)
            .instrumentId(instrument.id())
            .chunkIndex(0)
            .chunkCount(1);
        final BookSnapshotEncoder.BidsEncoder bids = snapshotEncoder.bidsCount(bidLevels);
        book.forEachLevel(Side.BUY, Integer.MAX_VALUE,
            (side, price, quantity, count) -> bids.next().price(price).quantity(quantity).orderCount(count));
        final BookSnapshotEncoder.AsksEncoder asks = snapshotEncoder.asksCount(askLevels);
        book.forEachLevel(Side.SELL, Integer.MAX_VALUE,
            (side, price, quantity, count) -> asks.next().price(price).quantity(quantity).orderCount(count));
        final BookSnapshotEncoder.OrdersEncoder orderGroup = snapshotEncoder.ordersCount(orderCount);
        book.forEachOrder(order -> orderGroup.next()
            .orderId(order.orderId())
            .price(order.price())
            .quantity(order.leavesQuantity())
            .side(wireSide(order.side())));
        offset += HEADER + snapshotEncoder.encodedLength();
        if (offset > transferRing.maxMsgLength())
        {
            // A book bigger than a ring record (an eighth of the ring) cannot go whole: counted, not retried. Size
            // feed.transferRingBytes for the largest book (about 45 bytes per resting order).
            if (eventsLost != null)
            {
                eventsLost.increment();
            }
            return true;
        }
        return transferRing.write(MarketDataTransfer.BOOK, buffer, 0, offset);
    }

    private static int countLevels(final OrderBook book, final Side side)
    {
        return book.forEachLevel(side, Integer.MAX_VALUE, (s, price, quantity, count) -> { });
    }

    private static String asciiSymbol(final String symbol)
    {
        final int length = Math.min(symbol.length(), InstrumentDefinitionEncoder.symbolLength());
        final StringBuilder ascii = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            final char c = symbol.charAt(i);
            ascii.append(c < 128 ? c : '?');
        }
        return ascii.toString();
    }

    private long[] rptSeq(final int instrumentId)
    {
        long[] seq = rptSeqs.get(instrumentId);
        if (seq == null)
        {
            seq = new long[1];
            rptSeqs.put(instrumentId, seq);
        }
        return seq;
    }

    public void onCommandStart(final EngineCommand command)
    {
        levels = 0;
        orders = 0;
        trades = 0;
        transactTimeNs = command.timestampNs;
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId,
        final long takerAccountId, final long takerClientOrderId, final long takerLeavesQuantity)
    {
        if (trades == tradePrice.length)
        {
            growTrades();
        }
        tradeInstrument[trades] = instrumentId;
        this.tradeId[trades] = tradeId;
        tradePrice[trades] = price;
        tradeQuantity[trades] = quantity;
        tradeMaker[trades] = makerOrderId;
        tradeTaker[trades] = takerOrderId;
        tradeAggressor[trades] = (byte)aggressorSide.ordinal();
        trades++;
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
        if (orders == this.orderId.length)
        {
            growOrders();
        }
        orderInstrument[orders] = instrumentId;
        orderAction[orders] = (byte)action.ordinal();
        this.orderId[orders] = orderId;
        orderSide[orders] = (byte)side.ordinal();
        orderPrice[orders] = price;
        orderQuantity[orders] = quantity;
        orderExecuted[orders] = action == OrderAction.EXECUTE ? changeQuantity : 0;
        orders++;
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
        if (levels == levelPrice.length)
        {
            growLevels();
        }
        levelInstrument[levels] = instrumentId;
        levelSide[levels] = (byte)side.ordinal();
        levelAction[levels] = (byte)action.ordinal();
        levelPrice[levels] = price;
        levelQuantity[levels] = action == LevelAction.DELETE ? 0 : quantity;
        levelCount[levels] = action == LevelAction.DELETE ? 0 : orderCount;
        levels++;
    }

    public void onCommandComplete(final long sequence)
    {
        if (levels + orders + trades > 0)
        {
            final int length = encodeEvent(sequence);
            // An event bigger than a ring record (a mass cancel of tens of thousands of orders) goes as whole books.
            if (length > transferRing.maxMsgLength() ||
                !transferRing.write(MarketDataTransfer.EVENT, buffer, 0, length))
            {
                if (eventsLost != null)
                {
                    eventsLost.increment();
                }
                resendBooks = true;
            }
        }
        if (resendBooks)
        {
            writeBooks(sequence);
        }
    }

    private int encodeEvent(final long sequence)
    {
        buffer.checkLimit(MarketDataTransfer.EVENT_MESSAGES_OFFSET + HEADER + IncrementalBookUpdateEncoder.BLOCK_LENGTH +
            4 + levels * IncrementalBookUpdateEncoder.EntriesEncoder.sbeBlockLength() +
            orders * (HEADER + OrderBookEventEncoder.BLOCK_LENGTH) + trades * (HEADER + TradeEncoder.BLOCK_LENGTH));
        buffer.putLong(MarketDataTransfer.ENGINE_SEQUENCE_OFFSET, sequence, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(MarketDataTransfer.TRANSACT_TIME_OFFSET, transactTimeNs, ByteOrder.LITTLE_ENDIAN);
        int offset = MarketDataTransfer.EVENT_MESSAGES_OFFSET;
        int messages = 0;
        if (levels > 0)
        {
            updateEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .engineSequence(sequence)
                .transactTimeNs(transactTimeNs);
            final IncrementalBookUpdateEncoder.EntriesEncoder entries = updateEncoder.entriesCount(levels);
            for (int i = 0; i < levels; i++)
            {
                entries.next()
                    .price(levelPrice[i])
                    .aggregateQuantity(levelQuantity[i])
                    .rptSeq(++rptSeq(levelInstrument[i])[0])
                    .instrumentId(levelInstrument[i])
                    .orderCount(levelCount[i])
                    .side(WIRE_SIDES[levelSide[i]])
                    .action(BOOK_ACTIONS[levelAction[i]]);
            }
            offset += HEADER + updateEncoder.encodedLength();
            messages++;
        }
        for (int i = 0; i < orders; i++)
        {
            orderEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .rptSeq(++rptSeq(orderInstrument[i])[0])
                .engineSequence(sequence)
                .transactTimeNs(transactTimeNs)
                .orderId(orderId[i])
                .price(orderPrice[i])
                .quantity(orderQuantity[i])
                .executedQty(orderExecuted[i])
                .instrumentId(orderInstrument[i])
                .side(WIRE_SIDES[orderSide[i]])
                .action(ORDER_ACTIONS[orderAction[i]]);
            offset += HEADER + OrderBookEventEncoder.BLOCK_LENGTH;
            messages++;
        }
        for (int i = 0; i < trades; i++)
        {
            tradeEncoder.wrapAndApplyHeader(buffer, offset, headerEncoder)
                .rptSeq(++rptSeq(tradeInstrument[i])[0])
                .engineSequence(sequence)
                .transactTimeNs(transactTimeNs)
                .tradeId(tradeId[i])
                .price(tradePrice[i])
                .quantity(tradeQuantity[i])
                .makerOrderId(tradeMaker[i])
                .takerOrderId(tradeTaker[i])
                .instrumentId(tradeInstrument[i])
                .aggressorSide(WIRE_SIDES[tradeAggressor[i]]);
            offset += HEADER + TradeEncoder.BLOCK_LENGTH;
            messages++;
        }
        buffer.putInt(MarketDataTransfer.MESSAGE_COUNT_OFFSET, messages, ByteOrder.LITTLE_ENDIAN);
        return offset;
    }

    private static final io.ringbook.codecs.marketdata.Side[] WIRE_SIDES = {
        io.ringbook.codecs.marketdata.Side.Buy, io.ringbook.codecs.marketdata.Side.Sell };
    private static final BookAction[] BOOK_ACTIONS = { BookAction.New, BookAction.Change, BookAction.Delete };
    private static final io.ringbook.codecs.marketdata.OrderAction[] ORDER_ACTIONS = {
        io.ringbook.codecs.marketdata.OrderAction.Add, io.ringbook.codecs.marketdata.OrderAction.Modify,
        io.ringbook.codecs.marketdata.OrderAction.Execute, io.ringbook.codecs.marketdata.OrderAction.Delete };

    static
    {
        // The staging arrays hold engine enum ordinals and map them through these tables.
        if (Side.values().length != 2 || LevelAction.values().length != 3 || OrderAction.values().length != 4 ||
            Side.BUY.ordinal() != 0 || LevelAction.NEW.ordinal() != 0 || OrderAction.ADD.ordinal() != 0 ||
            OrderAction.DELETE.ordinal() != 3 || LevelAction.DELETE.ordinal() != 2)
        {
            throw new ExceptionInInitializerError("engine enums no longer match the market-data wire enums");
        }
    }

    private static io.ringbook.codecs.marketdata.Side wireSide(final Side side)
    {
        return WIRE_SIDES[side.ordinal()];
    }

    private void growLevels()
    {
        final int n = BitUtil.findNextPositivePowerOfTwo(levelPrice.length + 1);
        levelInstrument = Arrays.copyOf(levelInstrument, n);
        levelSide = Arrays.copyOf(levelSide, n);
        levelAction = Arrays.copyOf(levelAction, n);
        levelPrice = Arrays.copyOf(levelPrice, n);
        levelQuantity = Arrays.copyOf(levelQuantity, n);
        levelCount = Arrays.copyOf(levelCount, n);
    }

    private void growOrders()
    {
        final int n = BitUtil.findNextPositivePowerOfTwo(orderId.length + 1);
        orderInstrument = Arrays.copyOf(orderInstrument, n);
        orderAction = Arrays.copyOf(orderAction, n);
        orderId = Arrays.copyOf(orderId, n);
        orderSide = Arrays.copyOf(orderSide, n);
        orderPrice = Arrays.copyOf(orderPrice, n);
        orderQuantity = Arrays.copyOf(orderQuantity, n);
        orderExecuted = Arrays.copyOf(orderExecuted, n);
    }

    private void growTrades()
    {
        final int n = BitUtil.findNextPositivePowerOfTwo(tradePrice.length + 1);
        tradeInstrument = Arrays.copyOf(tradeInstrument, n);
        tradeId = Arrays.copyOf(tradeId, n);
        tradePrice = Arrays.copyOf(tradePrice, n);
        tradeQuantity = Arrays.copyOf(tradeQuantity, n);
        tradeMaker = Arrays.copyOf(tradeMaker, n);
        tradeTaker = Arrays.copyOf(tradeTaker, n);
        tradeAggressor = Arrays.copyOf(tradeAggressor, n);
    }
}
