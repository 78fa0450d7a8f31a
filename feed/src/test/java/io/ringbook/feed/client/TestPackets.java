package io.ringbook.feed.client;

import io.ringbook.codecs.marketdata.BookAction;
import io.ringbook.codecs.marketdata.BookSnapshotEncoder;
import io.ringbook.codecs.marketdata.ChannelResetEncoder;
import io.ringbook.codecs.marketdata.HeartbeatEncoder;
import io.ringbook.codecs.marketdata.IncrementalBookUpdateEncoder;
import io.ringbook.codecs.marketdata.InstrumentDefinitionEncoder;
import io.ringbook.codecs.marketdata.MessageHeaderEncoder;
import io.ringbook.codecs.marketdata.OrderAction;
import io.ringbook.codecs.marketdata.OrderBookEventEncoder;
import io.ringbook.codecs.marketdata.PacketHeaderEncoder;
import io.ringbook.codecs.marketdata.Side;
import io.ringbook.codecs.marketdata.TradeEncoder;
import io.ringbook.codecs.marketdata.TradingStatus;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds feed packets with the generated encoders, as the publisher does: a PacketHeader, then messages. A packet
 * is begun with {@link #begin}, messages appended, and {@link #end} patches the message count and returns a copy.
 */
final class TestPackets
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1 << 20]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final PacketHeaderEncoder packetHeader = new PacketHeaderEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final ChannelResetEncoder channelReset = new ChannelResetEncoder();
    private final InstrumentDefinitionEncoder definition = new InstrumentDefinitionEncoder();
    private final IncrementalBookUpdateEncoder bookUpdate = new IncrementalBookUpdateEncoder();
    private final OrderBookEventEncoder orderEvent = new OrderBookEventEncoder();
    private final TradeEncoder trade = new TradeEncoder();
    private final BookSnapshotEncoder snapshot = new BookSnapshotEncoder();
    private int limit;
    private int messageCount;

    /**
     * A price level change for {@link #bookUpdate}.
     */
    record Level(int instrumentId, int side, int action, long price, long quantity, int orderCount, long rptSeq)
    {
    }

    /**
     * A price level of a snapshot.
     */
    record SnapLevel(long price, long quantity, int orderCount)
    {
    }

    /**
     * A resting order of a snapshot.
     */
    record SnapOrder(long orderId, int side, long price, long quantity)
    {
    }

    TestPackets begin(final long streamSequence, final boolean endOfEvent)
    {
        packetHeader.wrapAndApplyHeader(buffer, 0, header)
            .streamSequence(streamSequence)
            .engineSequence(streamSequence)
            .sendingTimeNs(0)
            .messageCount(0);
        packetHeader.flags().clear().endOfEvent(endOfEvent);
        limit = MessageHeaderEncoder.ENCODED_LENGTH + packetHeader.encodedLength();
        messageCount = 0;
        return this;
    }

    byte[] end()
    {
        packetHeader.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH).messageCount(messageCount);
        final byte[] packet = new byte[limit];
        buffer.getBytes(0, packet);
        return packet;
    }

    TestPackets heartbeat()
    {
        heartbeat.wrapAndApplyHeader(buffer, limit, header).engineSequence(1);
        return added(heartbeat.encodedLength());
    }

    TestPackets channelReset()
    {
        return channelReset(1);
    }

    TestPackets channelReset(final long engineSequence)
    {
        channelReset.wrapAndApplyHeader(buffer, limit, header).engineSequence(engineSequence).transactTimeNs(0);
        return added(channelReset.encodedLength());
    }

    TestPackets definition(final int instrumentId, final String symbol, final long rptSeq, final int total)
    {
        definition.wrapAndApplyHeader(buffer, limit, header)
            .rptSeq(rptSeq)
            .engineSequence(1)
            .tickSize(1)
            .lotSize(1)
            .minPrice(1)
            .maxPrice(1_000_000)
            .maxOrderQty(1_000_000)
            .instrumentId(instrumentId)
            .priceBandBps(0)
            .totalInstruments(total)
            .priceExponent((byte)-2)
            .quantityExponent((byte)0)
            .tradingStatus(TradingStatus.Open)
            .symbol(symbol);
        return added(definition.encodedLength());
    }

    TestPackets bookUpdate(final Level... levels)
    {
        bookUpdate.wrapAndApplyHeader(buffer, limit, header).engineSequence(1).transactTimeNs(0);
        final IncrementalBookUpdateEncoder.EntriesEncoder entries = bookUpdate.entriesCount(levels.length);
        for (final Level level : levels)
        {
            entries.next()
                .price(level.price())
                .aggregateQuantity(level.quantity())
                .rptSeq(level.rptSeq())
                .instrumentId(level.instrumentId())
                .orderCount(level.orderCount())
                .side(Side.get((short)level.side()))
                .action(BookAction.get((short)level.action()));
        }
        return added(bookUpdate.encodedLength());
    }

    TestPackets orderEvent(
        final int instrumentId, final long rptSeq, final int action, final long orderId, final int side,
        final long price, final long quantity)
    {
        orderEvent.wrapAndApplyHeader(buffer, limit, header)
            .rptSeq(rptSeq)
            .engineSequence(1)
            .transactTimeNs(0)
            .orderId(orderId)
            .price(price)
            .quantity(quantity)
            .executedQty(0)
            .instrumentId(instrumentId)
            .side(Side.get((short)side))
            .action(OrderAction.get((short)action));
        return added(orderEvent.encodedLength());
    }

    TestPackets trade(final int instrumentId, final long rptSeq, final long tradeId, final long price, final long qty)
    {
        trade.wrapAndApplyHeader(buffer, limit, header)
            .rptSeq(rptSeq)
            .engineSequence(1)
            .transactTimeNs(0)
            .tradeId(tradeId)
            .price(price)
            .quantity(qty)
            .makerOrderId(1)
            .takerOrderId(2)
            .instrumentId(instrumentId)
            .aggressorSide(Side.Buy);
        return added(trade.encodedLength());
    }

    TestPackets snapshot(
        final int instrumentId, final long rptSeq, final int chunkIndex, final int chunkCount,
        final List<SnapLevel> bids, final List<SnapLevel> asks, final List<SnapOrder> orders)
    {
        return snapshot(instrumentId, rptSeq, chunkIndex, chunkCount, bids, asks, orders, 1, 0);
    }

    TestPackets snapshot(
        final int instrumentId, final long rptSeq, final int chunkIndex, final int chunkCount,
        final List<SnapLevel> bids, final List<SnapLevel> asks, final List<SnapOrder> orders,
        final long engineSequence, final long lastStreamSequence)
    {
        snapshot.wrapAndApplyHeader(buffer, limit, header)
            .rptSeq(rptSeq)
            .lastStreamSequence(lastStreamSequence)
            .engineSequence(engineSequence)
            .transactTimeNs(0)
            .instrumentId(instrumentId)
            .chunkIndex(chunkIndex)
            .chunkCount(chunkCount);
        final BookSnapshotEncoder.BidsEncoder bidsEncoder = snapshot.bidsCount(bids.size());
        for (final SnapLevel level : bids)
        {
            bidsEncoder.next().price(level.price()).quantity(level.quantity()).orderCount(level.orderCount());
        }
        final BookSnapshotEncoder.AsksEncoder asksEncoder = snapshot.asksCount(asks.size());
        for (final SnapLevel level : asks)
        {
            asksEncoder.next().price(level.price()).quantity(level.quantity()).orderCount(level.orderCount());
        }
        final BookSnapshotEncoder.OrdersEncoder ordersEncoder = snapshot.ordersCount(orders.size());
        for (final SnapOrder order : orders)
        {
            ordersEncoder.next().orderId(order.orderId()).price(order.price()).quantity(order.quantity())
                .side(Side.get((short)order.side()));
        }
        return added(snapshot.encodedLength());
    }

    static Level level(
        final int instrumentId, final int side, final int action, final long price, final long quantity,
        final int orderCount, final long rptSeq)
    {
        return new Level(instrumentId, side, action, price, quantity, orderCount, rptSeq);
    }

    static List<SnapLevel> levels(final long... priceQuantityCount)
    {
        final List<SnapLevel> levels = new ArrayList<>();
        for (int i = 0; i < priceQuantityCount.length; i += 3)
        {
            levels.add(new SnapLevel(priceQuantityCount[i], priceQuantityCount[i + 1], (int)priceQuantityCount[i + 2]));
        }
        return levels;
    }

    private TestPackets added(final int encodedLength)
    {
        limit += MessageHeaderEncoder.ENCODED_LENGTH + encodedLength;
        messageCount++;
        return this;
    }
}
