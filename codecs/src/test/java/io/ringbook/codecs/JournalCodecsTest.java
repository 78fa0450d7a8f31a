package io.ringbook.codecs;

import io.ringbook.codecs.journal.AcceptedDecoder;
import io.ringbook.codecs.journal.AcceptedEncoder;
import io.ringbook.codecs.journal.BooleanType;
import io.ringbook.codecs.journal.CancelReason;
import io.ringbook.codecs.journal.CancelledDecoder;
import io.ringbook.codecs.journal.CancelledEncoder;
import io.ringbook.codecs.journal.CommandDecoder;
import io.ringbook.codecs.journal.CommandEncoder;
import io.ringbook.codecs.journal.CommandType;
import io.ringbook.codecs.journal.EventBatchDecoder;
import io.ringbook.codecs.journal.EventBatchEncoder;
import io.ringbook.codecs.journal.InstrumentDefinitionDecoder;
import io.ringbook.codecs.journal.InstrumentDefinitionEncoder;
import io.ringbook.codecs.journal.LevelAction;
import io.ringbook.codecs.journal.LevelChangeDecoder;
import io.ringbook.codecs.journal.LevelChangeEncoder;
import io.ringbook.codecs.journal.MessageHeaderEncoder;
import io.ringbook.codecs.journal.OrderAction;
import io.ringbook.codecs.journal.OrderChangeDecoder;
import io.ringbook.codecs.journal.OrderChangeEncoder;
import io.ringbook.codecs.journal.OrderType;
import io.ringbook.codecs.journal.RejectReason;
import io.ringbook.codecs.journal.RejectedDecoder;
import io.ringbook.codecs.journal.RejectedEncoder;
import io.ringbook.codecs.journal.ReplacedDecoder;
import io.ringbook.codecs.journal.ReplacedEncoder;
import io.ringbook.codecs.journal.Side;
import io.ringbook.codecs.journal.StpMode;
import io.ringbook.codecs.journal.TimeInForce;
import io.ringbook.codecs.journal.TradeDecoder;
import io.ringbook.codecs.journal.TradeEncoder;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.ringbook.codecs.SbeTestFrames.OFFSET;
import static io.ringbook.codecs.SbeTestFrames.assertFullyDecoded;
import static io.ringbook.codecs.SbeTestFrames.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every journal message survives encode, validate and decode with every field intact, null enums included.
 */
class JournalCodecsTest
{
    private final SbeTestFrames frames = new SbeTestFrames(MessageHeaderValidator.journal());
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

    @Test
    void instrumentDefinition()
    {
        final InstrumentDefinitionEncoder encoder = new InstrumentDefinitionEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .instrumentId(8_388_607).tickSize(5).lotSize(100).priceExponent(-4).bandBps(100_000)
            .maxOrderQuantity(Long.MAX_VALUE).referencePrice(123_455).symbol("BTC-USD/Ünïcode");
        final DirectBuffer message = frames.frame(encoder);
        final InstrumentDefinitionDecoder decoder = decode(new InstrumentDefinitionDecoder(), message);
        assertEquals(8_388_607, decoder.instrumentId());
        assertEquals(5, decoder.tickSize());
        assertEquals(100, decoder.lotSize());
        assertEquals(-4, decoder.priceExponent());
        assertEquals(100_000, decoder.bandBps());
        assertEquals(Long.MAX_VALUE, decoder.maxOrderQuantity());
        assertEquals(123_455, decoder.referencePrice());
        assertEquals("BTC-USD/Ünïcode", decoder.symbol());
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @EnumSource(value = Side.class, names = { "Buy", "Sell", "NULL_VAL" })
    void command(final Side side)
    {
        final CommandEncoder encoder = new CommandEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .sequence(Long.MAX_VALUE).timestampNs(1_700_000_000_123_456_789L).sessionId(42)
            .commandType(CommandType.ReplaceOrder).instrumentId(7).accountId(1001).clientOrderId(-1)
            .orderId(99).newClientOrderId(100).requestId(555).side(side).orderType(OrderType.Market)
            .timeInForce(TimeInForce.Fok).stpMode(StpMode.CancelBoth).postOnly(BooleanType.True)
            .price(Long.MIN_VALUE).quantity(3);
        final DirectBuffer message = frames.frame(encoder);
        final CommandDecoder decoder = decode(new CommandDecoder(), message);
        assertEquals(Long.MAX_VALUE, decoder.sequence());
        assertEquals(1_700_000_000_123_456_789L, decoder.timestampNs());
        assertEquals(42, decoder.sessionId());
        assertEquals(CommandType.ReplaceOrder, decoder.commandType());
        assertEquals(7, decoder.instrumentId());
        assertEquals(1001, decoder.accountId());
        assertEquals(-1, decoder.clientOrderId());
        assertEquals(99, decoder.orderId());
        assertEquals(100, decoder.newClientOrderId());
        assertEquals(555, decoder.requestId());
        assertEquals(side, decoder.side());
        assertEquals(OrderType.Market, decoder.orderType());
        assertEquals(TimeInForce.Fok, decoder.timeInForce());
        assertEquals(StpMode.CancelBoth, decoder.stpMode());
        assertEquals(BooleanType.True, decoder.postOnly());
        assertEquals(Long.MIN_VALUE, decoder.price());
        assertEquals(3, decoder.quantity());
        assertFullyDecoded(decoder, message);
    }

    @Test
    void eventBatchAndEvents()
    {
        DirectBuffer message = frames.frame(new EventBatchEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder).sequence(77));
        final EventBatchDecoder batch = decode(new EventBatchDecoder(), message);
        assertEquals(77, batch.sequence());
        assertFullyDecoded(batch, message);

        message = frames.frame(new AcceptedEncoder().wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .sequence(1).instrumentId(2).orderId(3).accountId(4).clientOrderId(5).side(Side.Sell)
            .orderType(OrderType.Limit).timeInForce(TimeInForce.Ioc).price(9).quantity(10));
        final AcceptedDecoder accepted = decode(new AcceptedDecoder(), message);
        assertEquals("1 2 3 4 5 Sell Limit Ioc 9 10", accepted.sequence() + " " + accepted.instrumentId() + " " +
            accepted.orderId() + " " + accepted.accountId() + " " + accepted.clientOrderId() + " " +
            accepted.side() + " " + accepted.orderType() + " " + accepted.timeInForce() + " " + accepted.price() +
            " " + accepted.quantity());
        assertFullyDecoded(accepted, message);

        message = frames.frame(new RejectedEncoder().wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .sequence(1).commandType(CommandType.NULL_VAL).instrumentId(2).accountId(3).clientOrderId(4).orderId(5)
            .reason(RejectReason.InvalidOrderType));
        final RejectedDecoder rejected = decode(new RejectedDecoder(), message);
        assertEquals("1 NULL_VAL 2 3 4 5 InvalidOrderType", rejected.sequence() + " " + rejected.commandType() +
            " " + rejected.instrumentId() + " " + rejected.accountId() + " " + rejected.clientOrderId() + " " +
            rejected.orderId() + " " + rejected.reason());
        assertFullyDecoded(rejected, message);

        message = frames.frame(new TradeEncoder().wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .sequence(1).instrumentId(2).tradeId(3).price(4).quantity(5).aggressorSide(Side.Buy).makerOrderId(6)
            .makerAccountId(7).makerClientOrderId(8).makerOrderQuantity(9).makerLeavesQuantity(10).takerOrderId(11)
            .takerAccountId(12).takerClientOrderId(13).takerLeavesQuantity(14));
        final TradeDecoder trade = decode(new TradeDecoder(), message);
        assertEquals("1 2 3 4 5 Buy 6 7 8 9 10 11 12 13 14", trade.sequence() + " " + trade.instrumentId() + " " +
            trade.tradeId() + " " + trade.price() + " " + trade.quantity() + " " + trade.aggressorSide() + " " +
            trade.makerOrderId() + " " + trade.makerAccountId() + " " + trade.makerClientOrderId() + " " +
            trade.makerOrderQuantity() + " " + trade.makerLeavesQuantity() + " " + trade.takerOrderId() + " " +
            trade.takerAccountId() + " " + trade.takerClientOrderId() + " " + trade.takerLeavesQuantity());
        assertFullyDecoded(trade, message);

        message = frames.frame(new CancelledEncoder().wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .sequence(1).instrumentId(2).orderId(3).accountId(4).clientOrderId(5).side(Side.Buy).price(6)
            .orderQuantity(7).cancelledQuantity(8).reason(CancelReason.SessionDisconnect));
        final CancelledDecoder cancelled = decode(new CancelledDecoder(), message);
        assertEquals("1 2 3 4 5 Buy 6 7 8 SessionDisconnect", cancelled.sequence() + " " + cancelled.instrumentId() +
            " " + cancelled.orderId() + " " + cancelled.accountId() + " " + cancelled.clientOrderId() + " " +
            cancelled.side() + " " + cancelled.price() + " " + cancelled.orderQuantity() + " " +
            cancelled.cancelledQuantity() + " " + cancelled.reason());
        assertFullyDecoded(cancelled, message);

        message = frames.frame(new ReplacedEncoder().wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .sequence(1).instrumentId(2).orderId(3).accountId(4).origClientOrderId(5).clientOrderId(6)
            .side(Side.Sell).price(7).quantity(8).leavesQuantity(9));
        final ReplacedDecoder replaced = decode(new ReplacedDecoder(), message);
        assertEquals("1 2 3 4 5 6 Sell 7 8 9", replaced.sequence() + " " + replaced.instrumentId() + " " +
            replaced.orderId() + " " + replaced.accountId() + " " + replaced.origClientOrderId() + " " +
            replaced.clientOrderId() + " " + replaced.side() + " " + replaced.price() + " " + replaced.quantity() +
            " " + replaced.leavesQuantity());
        assertFullyDecoded(replaced, message);

        message = frames.frame(new OrderChangeEncoder().wrapAndApplyHeader(frames.cleanBuffer(), OFFSET,
            headerEncoder).sequence(1).instrumentId(2).action(OrderAction.Execute).orderId(3).side(Side.Buy)
            .price(4).quantity(0).changeQuantity(5));
        final OrderChangeDecoder order = decode(new OrderChangeDecoder(), message);
        assertEquals("1 2 Execute 3 Buy 4 0 5", order.sequence() + " " + order.instrumentId() + " " +
            order.action() + " " + order.orderId() + " " + order.side() + " " + order.price() + " " +
            order.quantity() + " " + order.changeQuantity());
        assertFullyDecoded(order, message);

        message = frames.frame(new LevelChangeEncoder().wrapAndApplyHeader(frames.cleanBuffer(), OFFSET,
            headerEncoder).sequence(1).instrumentId(2).action(LevelAction.Delete).side(Side.Sell).price(3)
            .quantity(0).orderCount(0));
        final LevelChangeDecoder level = decode(new LevelChangeDecoder(), message);
        assertEquals("1 2 Delete Sell 3 0 0", level.sequence() + " " + level.instrumentId() + " " +
            level.action() + " " + level.side() + " " + level.price() + " " + level.quantity() + " " +
            level.orderCount());
        assertFullyDecoded(level, message);
    }
}
