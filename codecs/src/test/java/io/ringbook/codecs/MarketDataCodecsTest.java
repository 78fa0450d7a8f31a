package io.ringbook.codecs;

import io.ringbook.codecs.marketdata.BookAction;
import io.ringbook.codecs.marketdata.BookSnapshotDecoder;
import io.ringbook.codecs.marketdata.BookSnapshotEncoder;
import io.ringbook.codecs.marketdata.ChannelResetDecoder;
import io.ringbook.codecs.marketdata.ChannelResetEncoder;
import io.ringbook.codecs.marketdata.HeartbeatDecoder;
import io.ringbook.codecs.marketdata.HeartbeatEncoder;
import io.ringbook.codecs.marketdata.IncrementalBookUpdateDecoder;
import io.ringbook.codecs.marketdata.IncrementalBookUpdateEncoder;
import io.ringbook.codecs.marketdata.InstrumentDefinitionDecoder;
import io.ringbook.codecs.marketdata.InstrumentDefinitionEncoder;
import io.ringbook.codecs.marketdata.MessageHeaderEncoder;
import io.ringbook.codecs.marketdata.OrderAction;
import io.ringbook.codecs.marketdata.OrderBookEventDecoder;
import io.ringbook.codecs.marketdata.OrderBookEventEncoder;
import io.ringbook.codecs.marketdata.PacketHeaderDecoder;
import io.ringbook.codecs.marketdata.PacketHeaderEncoder;
import io.ringbook.codecs.marketdata.Side;
import io.ringbook.codecs.marketdata.TradeDecoder;
import io.ringbook.codecs.marketdata.TradeEncoder;
import io.ringbook.codecs.marketdata.TradingStatus;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.ringbook.codecs.MessageHeaderValidator.HEADER_LENGTH;
import static io.ringbook.codecs.OrderEntryCodecsTest.values;
import static io.ringbook.codecs.SbeTestFrames.OFFSET;
import static io.ringbook.codecs.SbeTestFrames.assertFullyDecoded;
import static io.ringbook.codecs.SbeTestFrames.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every market data message survives encode, validate and decode with every field intact, and packets of several
 * messages can be walked message by message.
 */
class MarketDataCodecsTest
{
    private final SbeTestFrames frames = new SbeTestFrames(MessageHeaderValidator.marketData());
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void packetHeader(final boolean endOfEvent)
    {
        final PacketHeaderEncoder encoder = new PacketHeaderEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .streamSequence(9_000_000_001L)
            .engineSequence(8_000_000_002L)
            .sendingTimeNs(1_763_884_800_999_999_999L)
            .messageCount(65_534);
        encoder.flags().clear().endOfEvent(endOfEvent);
        final DirectBuffer message = frames.frame(encoder);

        final PacketHeaderDecoder decoder = decode(new PacketHeaderDecoder(), message);
        assertEquals(9_000_000_001L, decoder.streamSequence());
        assertEquals(8_000_000_002L, decoder.engineSequence());
        assertEquals(1_763_884_800_999_999_999L, decoder.sendingTimeNs());
        assertEquals(65_534, decoder.messageCount());
        assertEquals(endOfEvent, decoder.flags().endOfEvent());
        assertEquals(endOfEvent ? 1 : 0, decoder.flags().getRaw());
        assertFullyDecoded(decoder, message);
    }

    @Test
    void heartbeat()
    {
        final HeartbeatEncoder encoder = new HeartbeatEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .engineSequence(31_415_926_535L);
        final DirectBuffer message = frames.frame(encoder);

        final HeartbeatDecoder decoder = decode(new HeartbeatDecoder(), message);
        assertEquals(31_415_926_535L, decoder.engineSequence());
        assertFullyDecoded(decoder, message);
    }

    @Test
    void channelReset()
    {
        final ChannelResetEncoder encoder = new ChannelResetEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .engineSequence(27_182_818_284L)
            .transactTimeNs(1_700_000_000_000_000_123L);
        final DirectBuffer message = frames.frame(encoder);

        final ChannelResetDecoder decoder = decode(new ChannelResetDecoder(), message);
        assertEquals(27_182_818_284L, decoder.engineSequence());
        assertEquals(1_700_000_000_000_000_123L, decoder.transactTimeNs());
        assertFullyDecoded(decoder, message);
    }

    static Stream<Arguments> instrumentDefinitions()
    {
        final TradingStatus[] statuses = values(TradingStatus.values());
        final String[] symbols = { "BTC-USD", "", "ABCDEFGHIJKLMNOP" };
        final int[] priceExponents = { -2, 0, 3, -18 };
        final List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            all.add(Arguments.of(
                symbols[i % symbols.length], statuses[i % statuses.length], priceExponents[i], -priceExponents[i]));
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("instrumentDefinitions")
    void instrumentDefinition(
        final String symbol, final TradingStatus status, final int priceExponent, final int quantityExponent)
    {
        final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .rptSeq(1L)
            .engineSequence(2L)
            .tickSize(5L)
            .lotSize(100L)
            .minPrice(-500_000L)
            .maxPrice(99_999_995L)
            .maxOrderQty(1_000_000_000L)
            .instrumentId(7)
            .priceBandBps(1_000)
            .totalInstruments(250)
            .priceExponent((byte)priceExponent)
            .quantityExponent((byte)quantityExponent)
            .tradingStatus(status)
            .symbol(symbol);
        final DirectBuffer message = frames.frame(encoder);

        final InstrumentDefinitionDecoder decoder = decode(new InstrumentDefinitionDecoder(), message);
        assertEquals(1L, decoder.rptSeq());
        assertEquals(2L, decoder.engineSequence());
        assertEquals(5L, decoder.tickSize());
        assertEquals(100L, decoder.lotSize());
        assertEquals(-500_000L, decoder.minPrice());
        assertEquals(99_999_995L, decoder.maxPrice());
        assertEquals(1_000_000_000L, decoder.maxOrderQty());
        assertEquals(7, decoder.instrumentId());
        assertEquals(1_000, decoder.priceBandBps());
        assertEquals(250, decoder.totalInstruments());
        assertEquals(priceExponent, decoder.priceExponent());
        assertEquals(quantityExponent, decoder.quantityExponent());
        assertEquals(status, decoder.tradingStatus());
        assertEquals(symbol, decoder.symbol());
        assertEquals(16, InstrumentDefinitionDecoder.symbolLength());
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 2, 7 })
    void incrementalBookUpdate(final int entryCount)
    {
        final Side[] sides = values(Side.values());
        final BookAction[] actions = values(BookAction.values());
        final IncrementalBookUpdateEncoder encoder = new IncrementalBookUpdateEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .engineSequence(600L)
            .transactTimeNs(1_763_884_800_000_000_600L);
        final IncrementalBookUpdateEncoder.EntriesEncoder entries = encoder.entriesCount(entryCount);
        for (int i = 0; i < entryCount; i++)
        {
            entries.next()
                .price(10_000L + i)
                .aggregateQuantity(i * 1_000L)
                .rptSeq(5_000L + i)
                .instrumentId(i % 3)
                .orderCount(i * 2)
                .side(sides[i % sides.length])
                .action(actions[i % actions.length]);
        }
        final DirectBuffer message = frames.frame(encoder);

        final IncrementalBookUpdateDecoder decoder = decode(new IncrementalBookUpdateDecoder(), message);
        assertEquals(600L, decoder.engineSequence());
        assertEquals(1_763_884_800_000_000_600L, decoder.transactTimeNs());
        final IncrementalBookUpdateDecoder.EntriesDecoder decoded = decoder.entries();
        assertEquals(entryCount, decoded.count());
        int i = 0;
        while (decoded.hasNext())
        {
            decoded.next();
            assertEquals(10_000L + i, decoded.price());
            assertEquals(i * 1_000L, decoded.aggregateQuantity());
            assertEquals(5_000L + i, decoded.rptSeq());
            assertEquals(i % 3, decoded.instrumentId());
            assertEquals(i * 2, decoded.orderCount());
            assertEquals(sides[i % sides.length], decoded.side());
            assertEquals(actions[i % actions.length], decoded.action());
            i++;
        }
        assertEquals(entryCount, i);
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @EnumSource(value = OrderAction.class, mode = EnumSource.Mode.EXCLUDE, names = { "SBE_UNKNOWN", "NULL_VAL" })
    void orderBookEvent(final OrderAction action)
    {
        final Side side = action.ordinal() % 2 == 0 ? Side.Buy : Side.Sell;
        final OrderBookEventEncoder encoder = new OrderBookEventEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .rptSeq(71L)
            .engineSequence(72L)
            .transactTimeNs(73L)
            .orderId(74L)
            .price(-75L)
            .quantity(76L)
            .executedQty(77L)
            .instrumentId(78)
            .side(side)
            .action(action);
        final DirectBuffer message = frames.frame(encoder);

        final OrderBookEventDecoder decoder = decode(new OrderBookEventDecoder(), message);
        assertEquals(71L, decoder.rptSeq());
        assertEquals(72L, decoder.engineSequence());
        assertEquals(73L, decoder.transactTimeNs());
        assertEquals(74L, decoder.orderId());
        assertEquals(-75L, decoder.price());
        assertEquals(76L, decoder.quantity());
        assertEquals(77L, decoder.executedQty());
        assertEquals(78, decoder.instrumentId());
        assertEquals(side, decoder.side());
        assertEquals(action, decoder.action());
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @EnumSource(value = Side.class, mode = EnumSource.Mode.EXCLUDE, names = { "SBE_UNKNOWN", "NULL_VAL" })
    void trade(final Side aggressorSide)
    {
        final TradeEncoder encoder = new TradeEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .rptSeq(81L)
            .engineSequence(82L)
            .transactTimeNs(83L)
            .tradeId(84L)
            .price(85L)
            .quantity(86L)
            .makerOrderId(87L)
            .takerOrderId(88L)
            .instrumentId(89)
            .aggressorSide(aggressorSide);
        final DirectBuffer message = frames.frame(encoder);

        final TradeDecoder decoder = decode(new TradeDecoder(), message);
        assertEquals(81L, decoder.rptSeq());
        assertEquals(82L, decoder.engineSequence());
        assertEquals(83L, decoder.transactTimeNs());
        assertEquals(84L, decoder.tradeId());
        assertEquals(85L, decoder.price());
        assertEquals(86L, decoder.quantity());
        assertEquals(87L, decoder.makerOrderId());
        assertEquals(88L, decoder.takerOrderId());
        assertEquals(89, decoder.instrumentId());
        assertEquals(aggressorSide, decoder.aggressorSide());
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0",
        "1, 0, 0",
        "0, 1, 1",
        "3, 4, 7",
        "50, 40, 300",
    })
    void bookSnapshot(final int bidCount, final int askCount, final int orderCount)
    {
        final BookSnapshotEncoder encoder = new BookSnapshotEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .rptSeq(91L)
            .lastStreamSequence(92L)
            .engineSequence(93L)
            .transactTimeNs(94L)
            .instrumentId(95)
            .chunkIndex(2)
            .chunkCount(3);
        final BookSnapshotEncoder.BidsEncoder bids = encoder.bidsCount(bidCount);
        for (int i = 0; i < bidCount; i++)
        {
            bids.next().price(10_000L - i).quantity(100L + i).orderCount(1 + i);
        }
        final BookSnapshotEncoder.AsksEncoder asks = encoder.asksCount(askCount);
        for (int i = 0; i < askCount; i++)
        {
            asks.next().price(10_001L + i).quantity(200L + i).orderCount(2 + i);
        }
        final BookSnapshotEncoder.OrdersEncoder orders = encoder.ordersCount(orderCount);
        for (int i = 0; i < orderCount; i++)
        {
            orders.next().orderId(1_000_000L + i).price(-i).quantity(i * 10L).side(i % 2 == 0 ? Side.Buy : Side.Sell);
        }
        final DirectBuffer message = frames.frame(encoder);

        final BookSnapshotDecoder decoder = decode(new BookSnapshotDecoder(), message);
        assertEquals(91L, decoder.rptSeq());
        assertEquals(92L, decoder.lastStreamSequence());
        assertEquals(93L, decoder.engineSequence());
        assertEquals(94L, decoder.transactTimeNs());
        assertEquals(95, decoder.instrumentId());
        assertEquals(2, decoder.chunkIndex());
        assertEquals(3, decoder.chunkCount());

        final BookSnapshotDecoder.BidsDecoder decodedBids = decoder.bids();
        assertEquals(bidCount, decodedBids.count());
        for (int i = 0; i < bidCount; i++)
        {
            decodedBids.next();
            assertEquals(10_000L - i, decodedBids.price());
            assertEquals(100L + i, decodedBids.quantity());
            assertEquals(1 + i, decodedBids.orderCount());
        }
        final BookSnapshotDecoder.AsksDecoder decodedAsks = decoder.asks();
        assertEquals(askCount, decodedAsks.count());
        for (int i = 0; i < askCount; i++)
        {
            decodedAsks.next();
            assertEquals(10_001L + i, decodedAsks.price());
            assertEquals(200L + i, decodedAsks.quantity());
            assertEquals(2 + i, decodedAsks.orderCount());
        }
        final BookSnapshotDecoder.OrdersDecoder decodedOrders = decoder.orders();
        assertEquals(orderCount, decodedOrders.count());
        for (int i = 0; i < orderCount; i++)
        {
            decodedOrders.next();
            assertEquals(1_000_000L + i, decodedOrders.orderId());
            assertEquals(-i, decodedOrders.price());
            assertEquals(i * 10L, decodedOrders.quantity());
            assertEquals(i % 2 == 0 ? Side.Buy : Side.Sell, decodedOrders.side());
        }
        assertFullyDecoded(decoder, message);
    }

    /**
     * The packet convention end to end: a PacketHeader, then messageCount messages of one engine event, walked
     * the way a feed client does, validating each header before wrapping its decoder.
     */
    @Test
    void packetOfOneEngineEventIsWalkedMessageByMessage()
    {
        final ExpandableArrayBuffer packet = new ExpandableArrayBuffer(512);
        final PacketHeaderEncoder packetHeader = new PacketHeaderEncoder()
            .wrapAndApplyHeader(packet, 0, headerEncoder)
            .streamSequence(1_001L)
            .engineSequence(77L)
            .sendingTimeNs(123L)
            .messageCount(3);
        packetHeader.flags().clear().endOfEvent(true);
        int length = HEADER_LENGTH + packetHeader.encodedLength();

        final TradeEncoder trade = new TradeEncoder()
            .wrapAndApplyHeader(packet, length, headerEncoder)
            .rptSeq(12L).engineSequence(77L).transactTimeNs(120L).tradeId(9L).price(10_000L).quantity(5L)
            .makerOrderId(3L).takerOrderId(4L).instrumentId(1).aggressorSide(Side.Buy);
        length += HEADER_LENGTH + trade.encodedLength();

        final OrderBookEventEncoder orderEvent = new OrderBookEventEncoder()
            .wrapAndApplyHeader(packet, length, headerEncoder)
            .rptSeq(13L).engineSequence(77L).transactTimeNs(120L).orderId(3L).price(10_000L).quantity(0L)
            .executedQty(5L).instrumentId(1).side(Side.Sell).action(OrderAction.Execute);
        length += HEADER_LENGTH + orderEvent.encodedLength();

        final IncrementalBookUpdateEncoder bookUpdate = new IncrementalBookUpdateEncoder()
            .wrapAndApplyHeader(packet, length, headerEncoder)
            .engineSequence(77L)
            .transactTimeNs(120L);
        bookUpdate.entriesCount(1).next()
            .price(10_000L).aggregateQuantity(0L).rptSeq(14L).instrumentId(1).orderCount(0)
            .side(Side.Sell).action(BookAction.Delete);
        length += HEADER_LENGTH + bookUpdate.encodedLength();

        final MessageHeaderValidator validator = MessageHeaderValidator.marketData();
        final PacketHeaderDecoder packetHeaderDecoder = new PacketHeaderDecoder();
        final TradeDecoder tradeDecoder = new TradeDecoder();
        final OrderBookEventDecoder orderEventDecoder = new OrderBookEventDecoder();
        final IncrementalBookUpdateDecoder bookUpdateDecoder = new IncrementalBookUpdateDecoder();

        assertEquals(FrameCheckResult.OK, validator.validate(packet, 0, length));
        assertEquals(PacketHeaderDecoder.TEMPLATE_ID, MessageHeaderValidator.templateId(packet, 0));
        packetHeaderDecoder.wrap(
            packet, HEADER_LENGTH, MessageHeaderValidator.blockLength(packet, 0), MessageHeaderValidator.version(packet, 0));
        assertTrue(packetHeaderDecoder.flags().endOfEvent());
        final long engineSequence = packetHeaderDecoder.engineSequence();
        int offset = HEADER_LENGTH + packetHeaderDecoder.encodedLength();

        final List<Integer> templates = new ArrayList<>();
        final List<Long> rptSeqs = new ArrayList<>();
        for (int i = 0; i < packetHeaderDecoder.messageCount(); i++)
        {
            final FrameCheckResult result = validator.validate(packet, offset, length - offset);
            assertEquals(FrameCheckResult.OK, result, validator.describe(packet, offset, length - offset));
            final int templateId = MessageHeaderValidator.templateId(packet, offset);
            final int blockLength = MessageHeaderValidator.blockLength(packet, offset);
            final int version = MessageHeaderValidator.version(packet, offset);
            final int bodyOffset = offset + HEADER_LENGTH;
            templates.add(templateId);
            switch (templateId)
            {
                case TradeDecoder.TEMPLATE_ID:
                    tradeDecoder.wrap(packet, bodyOffset, blockLength, version);
                    assertEquals(engineSequence, tradeDecoder.engineSequence());
                    rptSeqs.add(tradeDecoder.rptSeq());
                    offset = bodyOffset + tradeDecoder.encodedLength();
                    break;
                case OrderBookEventDecoder.TEMPLATE_ID:
                    orderEventDecoder.wrap(packet, bodyOffset, blockLength, version);
                    assertEquals(engineSequence, orderEventDecoder.engineSequence());
                    rptSeqs.add(orderEventDecoder.rptSeq());
                    offset = bodyOffset + orderEventDecoder.encodedLength();
                    break;
                case IncrementalBookUpdateDecoder.TEMPLATE_ID:
                    bookUpdateDecoder.wrap(packet, bodyOffset, blockLength, version);
                    assertEquals(engineSequence, bookUpdateDecoder.engineSequence());
                    for (final IncrementalBookUpdateDecoder.EntriesDecoder entry : bookUpdateDecoder.entries())
                    {
                        rptSeqs.add(entry.rptSeq());
                    }
                    offset = bodyOffset + bookUpdateDecoder.encodedLength();
                    break;
                default:
                    fail("unexpected template " + templateId);
            }
        }

        assertEquals(length, offset, "the packet ends after messageCount messages");
        assertEquals(List.of(TradeDecoder.TEMPLATE_ID, OrderBookEventDecoder.TEMPLATE_ID,
            IncrementalBookUpdateDecoder.TEMPLATE_ID), templates);
        assertEquals(List.of(12L, 13L, 14L), rptSeqs, "rptSeq is gap-free per instrument across message kinds");
    }

    @Test
    void everyIncrementalMessageCarriesTheSequencesTheFeedNeeds() throws ReflectiveOperationException
    {
        final Class<?>[] perInstrument = {
            InstrumentDefinitionDecoder.class, OrderBookEventDecoder.class, TradeDecoder.class,
            BookSnapshotDecoder.class, IncrementalBookUpdateDecoder.EntriesDecoder.class };
        for (final Class<?> decoder : perInstrument)
        {
            assertEquals(long.class, decoder.getMethod("rptSeq").getReturnType(), decoder.getSimpleName());
            assertEquals(int.class, decoder.getMethod("instrumentId").getReturnType(), decoder.getSimpleName());
        }
        final Class<?>[] engineSequenced = {
            PacketHeaderDecoder.class, HeartbeatDecoder.class, ChannelResetDecoder.class,
            InstrumentDefinitionDecoder.class, IncrementalBookUpdateDecoder.class, OrderBookEventDecoder.class,
            TradeDecoder.class, BookSnapshotDecoder.class };
        for (final Class<?> decoder : engineSequenced)
        {
            assertEquals(long.class, decoder.getMethod("engineSequence").getReturnType(), decoder.getSimpleName());
        }
    }
}
