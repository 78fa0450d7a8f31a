package io.ringbook.feed.publisher;

import io.ringbook.codecs.MarketDataTransfer;
import io.ringbook.codecs.marketdata.BookAction;
import io.ringbook.codecs.marketdata.BookSnapshotEncoder;
import io.ringbook.codecs.marketdata.IncrementalBookUpdateEncoder;
import io.ringbook.codecs.marketdata.InstrumentDefinitionEncoder;
import io.ringbook.codecs.marketdata.MessageHeaderEncoder;
import io.ringbook.codecs.marketdata.OrderAction;
import io.ringbook.codecs.marketdata.OrderBookEventEncoder;
import io.ringbook.codecs.marketdata.Side;
import io.ringbook.codecs.marketdata.TradeEncoder;
import io.ringbook.codecs.marketdata.TradingStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Writes transfer-ring records as the engine's market-data recorder does ({@code docs/market-data.md}, "Inside the
 * engine"): an event is started with {@link #event}, messages are appended, {@link #write()} puts it in the ring.
 * Reuses its buffers, so writing allocates nothing once warm (except {@link #messageBytes()}).
 */
final class TransferRecords
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    private final RingBuffer ring;
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 20));
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final IncrementalBookUpdateEncoder update = new IncrementalBookUpdateEncoder();
    private final OrderBookEventEncoder order = new OrderBookEventEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final BookSnapshotEncoder snapshot = new BookSnapshotEncoder();
    private IncrementalBookUpdateEncoder.EntriesEncoder entries;
    private int messageCount;
    private int limit;
    private long engineSequence;
    private long transactTimeNs;

    TransferRecords(final RingBuffer ring)
    {
        this.ring = ring;
    }

    void reset(final long engineSequence)
    {
        buffer.putLong(0, engineSequence, LE);
        assertTrue(ring.write(MarketDataTransfer.RESET, buffer, 0, MarketDataTransfer.RESET_LENGTH));
    }

    TransferRecords event(final long engineSequence, final long transactTimeNs)
    {
        this.engineSequence = engineSequence;
        this.transactTimeNs = transactTimeNs;
        buffer.putLong(MarketDataTransfer.ENGINE_SEQUENCE_OFFSET, engineSequence, LE);
        buffer.putLong(MarketDataTransfer.TRANSACT_TIME_OFFSET, transactTimeNs, LE);
        messageCount = 0;
        limit = MarketDataTransfer.EVENT_MESSAGES_OFFSET;
        return this;
    }

    /**
     * Starts an IncrementalBookUpdate of {@code count} entries, each added by {@link #level}.
     */
    TransferRecords levels(final int count)
    {
        entries = update.wrapAndApplyHeader(buffer, limit, header)
            .engineSequence(engineSequence)
            .transactTimeNs(transactTimeNs)
            .entriesCount(count);
        messageCount++;
        limit = update.limit();
        return this;
    }

    TransferRecords level(
        final int instrumentId, final int side, final int action, final long price, final long quantity,
        final int orderCount, final long rptSeq)
    {
        entries.next()
            .price(price)
            .aggregateQuantity(quantity)
            .rptSeq(rptSeq)
            .instrumentId(instrumentId)
            .orderCount(orderCount)
            .side(Side.get((short)side))
            .action(BookAction.get((short)action));
        limit = update.limit();
        return this;
    }

    TransferRecords order(
        final int instrumentId, final int action, final long orderId, final int side, final long price,
        final long quantity, final long executedQty, final long rptSeq)
    {
        order.wrapAndApplyHeader(buffer, limit, header)
            .rptSeq(rptSeq)
            .engineSequence(engineSequence)
            .transactTimeNs(transactTimeNs)
            .orderId(orderId)
            .price(price)
            .quantity(quantity)
            .executedQty(executedQty)
            .instrumentId(instrumentId)
            .side(Side.get((short)side))
            .action(OrderAction.get((short)action));
        messageCount++;
        limit = order.limit();
        return this;
    }

    TransferRecords trade(
        final int instrumentId, final long tradeId, final long price, final long quantity, final long rptSeq)
    {
        trade.wrapAndApplyHeader(buffer, limit, header)
            .rptSeq(rptSeq)
            .engineSequence(engineSequence)
            .transactTimeNs(transactTimeNs)
            .tradeId(tradeId)
            .price(price)
            .quantity(quantity)
            .makerOrderId(1)
            .takerOrderId(2)
            .instrumentId(instrumentId)
            .aggressorSide(Side.Buy);
        messageCount++;
        limit = trade.limit();
        return this;
    }

    TransferRecords definition(final int instrumentId, final String symbol, final long rptSeq)
    {
        encodeDefinition(limit, instrumentId, symbol, rptSeq);
        messageCount++;
        limit = definition.limit();
        return this;
    }

    /**
     * @return the messages of the event being built, as they will go out on the wire.
     */
    byte[] messageBytes()
    {
        final byte[] bytes = new byte[limit - MarketDataTransfer.EVENT_MESSAGES_OFFSET];
        buffer.getBytes(MarketDataTransfer.EVENT_MESSAGES_OFFSET, bytes);
        return bytes;
    }

    /**
     * @return whether the ring took it.
     */
    boolean write()
    {
        buffer.putInt(MarketDataTransfer.MESSAGE_COUNT_OFFSET, messageCount, LE);
        return ring.write(MarketDataTransfer.EVENT, buffer, 0, limit);
    }

    /**
     * Writes a book record: levels are {price, quantity, orderCount} best first, orders {orderId, side, price, qty}
     * in priority order.
     */
    void book(
        final long engineSequence, final int instrumentId, final String symbol, final long rptSeq,
        final long transactTimeNs, final long[][] bids, final long[][] asks, final long[][] orders)
    {
        buffer.putLong(MarketDataTransfer.ENGINE_SEQUENCE_OFFSET, engineSequence, LE);
        encodeDefinition(MarketDataTransfer.BOOK_MESSAGES_OFFSET, instrumentId, symbol, rptSeq);
        final BookSnapshotEncoder encoder = snapshot.wrapAndApplyHeader(buffer, definition.limit(), header)
            .rptSeq(rptSeq)
            .lastStreamSequence(0)
            .engineSequence(engineSequence)
            .transactTimeNs(transactTimeNs)
            .instrumentId(instrumentId)
            .chunkIndex(0)
            .chunkCount(1);
        final BookSnapshotEncoder.BidsEncoder bidsEncoder = encoder.bidsCount(bids.length);
        for (final long[] level : bids)
        {
            bidsEncoder.next().price(level[0]).quantity(level[1]).orderCount((int)level[2]);
        }
        final BookSnapshotEncoder.AsksEncoder asksEncoder = encoder.asksCount(asks.length);
        for (final long[] level : asks)
        {
            asksEncoder.next().price(level[0]).quantity(level[1]).orderCount((int)level[2]);
        }
        final BookSnapshotEncoder.OrdersEncoder ordersEncoder = encoder.ordersCount(orders.length);
        for (final long[] o : orders)
        {
            ordersEncoder.next().orderId(o[0]).price(o[2]).quantity(o[3]).side(Side.get((short)o[1]));
        }
        assertTrue(ring.write(MarketDataTransfer.BOOK, buffer, 0, encoder.limit()));
    }

    private void encodeDefinition(final int offset, final int instrumentId, final String symbol, final long rptSeq)
    {
        definition.wrapAndApplyHeader(buffer, offset, header)
            .rptSeq(rptSeq)
            .engineSequence(engineSequence)
            .tickSize(1)
            .lotSize(1)
            .minPrice(1)
            .maxPrice(1_000_000)
            .maxOrderQty(1_000_000)
            .instrumentId(instrumentId)
            .priceBandBps(0)
            .totalInstruments(3)
            .priceExponent((byte)-2)
            .quantityExponent((byte)0)
            .tradingStatus(TradingStatus.Open)
            .symbol(symbol);
    }
}
