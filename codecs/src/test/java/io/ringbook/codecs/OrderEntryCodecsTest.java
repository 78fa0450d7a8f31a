package io.ringbook.codecs;

import io.ringbook.codecs.orderentry.CancelOrderDecoder;
import io.ringbook.codecs.orderentry.CancelOrderEncoder;
import io.ringbook.codecs.orderentry.CancelReason;
import io.ringbook.codecs.orderentry.CancelRejectDecoder;
import io.ringbook.codecs.orderentry.CancelRejectEncoder;
import io.ringbook.codecs.orderentry.CancelRejectResponseTo;
import io.ringbook.codecs.orderentry.CancelReplaceOrderDecoder;
import io.ringbook.codecs.orderentry.CancelReplaceOrderEncoder;
import io.ringbook.codecs.orderentry.ExecType;
import io.ringbook.codecs.orderentry.ExecutionReportDecoder;
import io.ringbook.codecs.orderentry.ExecutionReportEncoder;
import io.ringbook.codecs.orderentry.HeartbeatDecoder;
import io.ringbook.codecs.orderentry.HeartbeatEncoder;
import io.ringbook.codecs.orderentry.LogonAcceptedDecoder;
import io.ringbook.codecs.orderentry.LogonAcceptedEncoder;
import io.ringbook.codecs.orderentry.LogonDecoder;
import io.ringbook.codecs.orderentry.LogonEncoder;
import io.ringbook.codecs.orderentry.LogonRejectDecoder;
import io.ringbook.codecs.orderentry.LogonRejectEncoder;
import io.ringbook.codecs.orderentry.LogonRejectReason;
import io.ringbook.codecs.orderentry.LogoutDecoder;
import io.ringbook.codecs.orderentry.LogoutEncoder;
import io.ringbook.codecs.orderentry.MessageHeaderEncoder;
import io.ringbook.codecs.orderentry.NewOrderDecoder;
import io.ringbook.codecs.orderentry.NewOrderEncoder;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.OrderRejectDecoder;
import io.ringbook.codecs.orderentry.OrderRejectEncoder;
import io.ringbook.codecs.orderentry.OrderStatus;
import io.ringbook.codecs.orderentry.RejectReason;
import io.ringbook.codecs.orderentry.SessionRejectDecoder;
import io.ringbook.codecs.orderentry.SessionRejectEncoder;
import io.ringbook.codecs.orderentry.SessionRejectReason;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.ringbook.codecs.SbeTestFrames.OFFSET;
import static io.ringbook.codecs.SbeTestFrames.assertFullyDecoded;
import static io.ringbook.codecs.SbeTestFrames.decode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Every order entry message survives encode, validate and decode with every field intact.
 */
class OrderEntryCodecsTest
{
    private final SbeTestFrames frames = new SbeTestFrames(MessageHeaderValidator.orderEntry());
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();

    /**
     * Texts for var data: empty, ASCII, multi-byte UTF-8, and longer than any fixed-size field would be.
     */
    static Stream<String> texts()
    {
        return Stream.of("", "s3cr3t", "päss wörd ✓ 日本語 🔑", "x".repeat(1000));
    }

    @ParameterizedTest
    @MethodSource("texts")
    void logon(final String secret)
    {
        final LogonEncoder encoder = new LogonEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .accountId(4_000_000_001L)
            .heartbeatIntervalMs(1_500)
            .responseStreamId(2_002)
            .secret(secret)
            .responseChannel("aeron:udp?endpoint=localhost:40201|" + secret);
        final DirectBuffer message = frames.frame(encoder);

        final LogonDecoder decoder = decode(new LogonDecoder(), message);
        assertEquals(4_000_000_001L, decoder.accountId());
        assertEquals(1_500, decoder.heartbeatIntervalMs());
        assertEquals(2_002, decoder.responseStreamId());
        assertEquals(secret, decoder.secret());
        assertEquals("aeron:udp?endpoint=localhost:40201|" + secret, decoder.responseChannel());
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @MethodSource("texts")
    void logout(final String text)
    {
        final LogoutEncoder encoder = new LogoutEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .text(text);
        final DirectBuffer message = frames.frame(encoder);

        final LogoutDecoder decoder = decode(new LogoutDecoder(), message);
        assertEquals(0, LogoutDecoder.BLOCK_LENGTH);
        assertEquals(text, decoder.text());
        assertFullyDecoded(decoder, message);
    }

    @Test
    void heartbeat()
    {
        final HeartbeatEncoder encoder = new HeartbeatEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .sendingTimeNs(1_763_884_800_123_456_789L);
        final DirectBuffer message = frames.frame(encoder);

        final HeartbeatDecoder decoder = decode(new HeartbeatDecoder(), message);
        assertEquals(1_763_884_800_123_456_789L, decoder.sendingTimeNs());
        assertFullyDecoded(decoder, message);
    }

    @Test
    void logonAccepted()
    {
        final LogonAcceptedEncoder encoder = new LogonAcceptedEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .accountId(77L)
            .sessionId(0x1234_5678_9ABCL)
            .heartbeatIntervalMs(30_000);
        final DirectBuffer message = frames.frame(encoder);

        final LogonAcceptedDecoder decoder = decode(new LogonAcceptedDecoder(), message);
        assertEquals(77L, decoder.accountId());
        assertEquals(0x1234_5678_9ABCL, decoder.sessionId());
        assertEquals(30_000, decoder.heartbeatIntervalMs());
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @EnumSource(value = LogonRejectReason.class, mode = EnumSource.Mode.EXCLUDE, names = { "SBE_UNKNOWN", "NULL_VAL" })
    void logonReject(final LogonRejectReason reason)
    {
        final String text = "logon refused: " + reason;
        final LogonRejectEncoder encoder = new LogonRejectEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .accountId(-5L)
            .reason(reason)
            .text(text);
        final DirectBuffer message = frames.frame(encoder);

        final LogonRejectDecoder decoder = decode(new LogonRejectDecoder(), message);
        assertEquals(-5L, decoder.accountId());
        assertEquals(reason, decoder.reason());
        assertEquals(text, decoder.text());
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @EnumSource(value = SessionRejectReason.class, mode = EnumSource.Mode.EXCLUDE, names = { "SBE_UNKNOWN", "NULL_VAL" })
    void sessionReject(final SessionRejectReason reason)
    {
        final SessionRejectEncoder encoder = new SessionRejectEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .refTemplateId(65_000)
            .reason(reason)
            .text("wrong schema id 2, expected 1 ✗");
        final DirectBuffer message = frames.frame(encoder);

        final SessionRejectDecoder decoder = decode(new SessionRejectDecoder(), message);
        assertEquals(65_000, decoder.refTemplateId());
        assertEquals(reason, decoder.reason());
        assertEquals("wrong schema id 2, expected 1 ✗", decoder.text());
        assertFullyDecoded(decoder, message);
    }

    static Stream<Arguments> newOrders()
    {
        final List<Arguments> all = new ArrayList<>();
        for (final Side side : values(Side.values()))
        {
            for (final OrdType ordType : values(OrdType.values()))
            {
                for (final TimeInForce timeInForce : values(TimeInForce.values()))
                {
                    for (final StpMode stpMode : values(StpMode.values()))
                    {
                        all.add(Arguments.of(side, ordType, timeInForce, stpMode, true));
                        all.add(Arguments.of(side, ordType, timeInForce, stpMode, false));
                    }
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("newOrders")
    void newOrder(
        final Side side, final OrdType ordType, final TimeInForce timeInForce, final StpMode stpMode, final boolean postOnly)
    {
        final NewOrderEncoder encoder = new NewOrderEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .clientOrderId(Long.MAX_VALUE - 11)
            .price(-1_234_567_890_123L)
            .quantity(987_654_321L)
            .instrumentId(Integer.MAX_VALUE - 3)
            .side(side)
            .ordType(ordType)
            .timeInForce(timeInForce);
        encoder.execInst().clear().postOnly(postOnly);
        encoder.stpMode(stpMode);
        final DirectBuffer message = frames.frame(encoder);

        final NewOrderDecoder decoder = decode(new NewOrderDecoder(), message);
        assertEquals(Long.MAX_VALUE - 11, decoder.clientOrderId());
        assertEquals(-1_234_567_890_123L, decoder.price());
        assertEquals(987_654_321L, decoder.quantity());
        assertEquals(Integer.MAX_VALUE - 3, decoder.instrumentId());
        assertEquals(side, decoder.side());
        assertEquals(ordType, decoder.ordType());
        assertEquals(timeInForce, decoder.timeInForce());
        assertEquals(postOnly, decoder.execInst().postOnly());
        assertEquals(postOnly ? 1 : 0, decoder.execInst().getRaw());
        assertEquals(stpMode, decoder.stpMode());
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @CsvSource({
        "9001, 0",          // by client order id, cancel request has its own id
        "0, 424242",        // by engine order id, no id for the request
        "9001, 424242",
    })
    void cancelOrder(final long clientOrderId, final long orderId)
    {
        final CancelOrderEncoder encoder = new CancelOrderEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .clientOrderId(clientOrderId)
            .origClientOrderId(8_000_000_000L)
            .orderId(orderId)
            .instrumentId(17);
        final DirectBuffer message = frames.frame(encoder);

        final CancelOrderDecoder decoder = decode(new CancelOrderDecoder(), message);
        assertEquals(clientOrderId, decoder.clientOrderId());
        assertEquals(clientOrderId == 0, decoder.clientOrderId() == CancelOrderDecoder.clientOrderIdNullValue());
        assertEquals(8_000_000_000L, decoder.origClientOrderId());
        assertEquals(orderId, decoder.orderId());
        assertEquals(orderId == 0, decoder.orderId() == CancelOrderDecoder.orderIdNullValue());
        assertEquals(17, decoder.instrumentId());
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @CsvSource({ "0", "31337" })
    void cancelReplaceOrder(final long orderId)
    {
        final CancelReplaceOrderEncoder encoder = new CancelReplaceOrderEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .origClientOrderId(100L)
            .orderId(orderId)
            .newClientOrderId(101L)
            .price(10_025L)
            .quantity(3_000L)
            .instrumentId(-2);
        final DirectBuffer message = frames.frame(encoder);

        final CancelReplaceOrderDecoder decoder = decode(new CancelReplaceOrderDecoder(), message);
        assertEquals(100L, decoder.origClientOrderId());
        assertEquals(orderId, decoder.orderId());
        assertEquals(101L, decoder.newClientOrderId());
        assertEquals(10_025L, decoder.price());
        assertEquals(3_000L, decoder.quantity());
        assertEquals(-2, decoder.instrumentId());
        assertFullyDecoded(decoder, message);
    }

    /**
     * Rows that together use every value of each enum in an execution report at least once.
     */
    static Stream<Arguments> executionReports()
    {
        final ExecType[] execTypes = values(ExecType.values());
        final OrderStatus[] statuses = values(OrderStatus.values());
        final Side[] sides = values(Side.values());
        final CancelReason[] reasons = values(CancelReason.values());
        final int rows = Math.max(Math.max(execTypes.length, statuses.length), Math.max(sides.length, reasons.length));
        final List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < rows; i++)
        {
            all.add(Arguments.of(
                execTypes[i % execTypes.length],
                statuses[i % statuses.length],
                sides[i % sides.length],
                reasons[i % reasons.length]));
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("executionReports")
    void executionReport(
        final ExecType execType, final OrderStatus orderStatus, final Side side, final CancelReason cancelReason)
    {
        final boolean fill = execType == ExecType.Trade;
        final long lastPx = fill ? -10_050L : ExecutionReportEncoder.lastPxNullValue();
        final long tradeId = fill ? 5_000_000_007L : ExecutionReportEncoder.tradeIdNullValue();
        final ExecutionReportEncoder encoder = new ExecutionReportEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .orderId(1_000_001L)
            .clientOrderId(2_000_002L)
            .origClientOrderId(3_000_003L)
            .price(-10_000L)
            .orderQty(5_000L)
            .leavesQty(3_500L)
            .cumQty(1_500L)
            .lastPx(lastPx)
            .lastQty(fill ? 500L : 0L)
            .tradeId(tradeId)
            .engineSequence(123_456_789_012L)
            .transactTimeNs(1_763_884_800_000_000_001L)
            .instrumentId(42)
            .execType(execType)
            .orderStatus(orderStatus)
            .side(side)
            .cancelReason(cancelReason);
        final DirectBuffer message = frames.frame(encoder);

        final ExecutionReportDecoder decoder = decode(new ExecutionReportDecoder(), message);
        assertEquals(1_000_001L, decoder.orderId());
        assertEquals(2_000_002L, decoder.clientOrderId());
        assertEquals(3_000_003L, decoder.origClientOrderId());
        assertEquals(-10_000L, decoder.price());
        assertEquals(5_000L, decoder.orderQty());
        assertEquals(3_500L, decoder.leavesQty());
        assertEquals(1_500L, decoder.cumQty());
        assertEquals(lastPx, decoder.lastPx());
        assertEquals(!fill, decoder.lastPx() == ExecutionReportDecoder.lastPxNullValue());
        assertEquals(fill ? 500L : 0L, decoder.lastQty());
        assertEquals(tradeId, decoder.tradeId());
        assertEquals(123_456_789_012L, decoder.engineSequence());
        assertEquals(1_763_884_800_000_000_001L, decoder.transactTimeNs());
        assertEquals(42, decoder.instrumentId());
        assertEquals(execType, decoder.execType());
        assertEquals(orderStatus, decoder.orderStatus());
        assertEquals(side, decoder.side());
        assertEquals(cancelReason, decoder.cancelReason());
        assertFullyDecoded(decoder, message);
    }

    @ParameterizedTest
    @EnumSource(value = RejectReason.class, mode = EnumSource.Mode.EXCLUDE, names = { "SBE_UNKNOWN", "NULL_VAL" })
    void orderReject(final RejectReason reason)
    {
        final OrderRejectEncoder encoder = new OrderRejectEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .clientOrderId(-77L)
            .engineSequence(Long.MAX_VALUE)
            .instrumentId(Integer.MIN_VALUE)
            .rejectReason(reason);
        final DirectBuffer message = frames.frame(encoder);

        final OrderRejectDecoder decoder = decode(new OrderRejectDecoder(), message);
        assertEquals(-77L, decoder.clientOrderId());
        assertEquals(Long.MAX_VALUE, decoder.engineSequence());
        assertEquals(Integer.MIN_VALUE, decoder.instrumentId());
        assertEquals(reason, decoder.rejectReason());
        assertFullyDecoded(decoder, message);
    }

    static Stream<Arguments> cancelRejects()
    {
        final RejectReason[] reasons = values(RejectReason.values());
        final CancelRejectResponseTo[] responses = values(CancelRejectResponseTo.values());
        final List<Arguments> all = new ArrayList<>();
        for (int i = 0; i < reasons.length; i++)
        {
            all.add(Arguments.of(responses[i % responses.length], reasons[i]));
        }
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("cancelRejects")
    void cancelReject(final CancelRejectResponseTo responseTo, final RejectReason reason)
    {
        final CancelRejectEncoder encoder = new CancelRejectEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .clientOrderId(555L)
            .origClientOrderId(444L)
            .orderId(333L)
            .engineSequence(222L)
            .instrumentId(111)
            .responseTo(responseTo)
            .rejectReason(reason);
        final DirectBuffer message = frames.frame(encoder);

        final CancelRejectDecoder decoder = decode(new CancelRejectDecoder(), message);
        assertEquals(555L, decoder.clientOrderId());
        assertEquals(444L, decoder.origClientOrderId());
        assertEquals(333L, decoder.orderId());
        assertEquals(222L, decoder.engineSequence());
        assertEquals(111, decoder.instrumentId());
        assertEquals(responseTo, decoder.responseTo());
        assertEquals(reason, decoder.rejectReason());
        assertFullyDecoded(decoder, message);
    }

    @Test
    void unknownEnumValuesDecodeToSbeUnknownInsteadOfThrowing()
    {
        final NewOrderEncoder encoder = new NewOrderEncoder()
            .wrapAndApplyHeader(frames.cleanBuffer(), OFFSET, headerEncoder)
            .side(Side.Buy)
            .ordType(OrdType.Limit)
            .timeInForce(TimeInForce.GTC);
        encoder.execInst().clear();
        encoder.stpMode(StpMode.None);
        final DirectBuffer message = frames.frame(encoder);
        final UnsafeBuffer tampered = new UnsafeBuffer(message.byteArray().clone());
        final int sideOffset = MessageHeaderValidator.HEADER_LENGTH + NewOrderEncoder.sideEncodingOffset();
        final int tifOffset = MessageHeaderValidator.HEADER_LENGTH + NewOrderEncoder.timeInForceEncodingOffset();
        tampered.putByte(sideOffset, (byte)200);
        tampered.putByte(tifOffset, (byte)3);

        final NewOrderDecoder decoder = decode(new NewOrderDecoder(), tampered);
        assertEquals(Side.SBE_UNKNOWN, decoder.side());
        assertEquals(200, decoder.sideRaw());
        assertEquals(TimeInForce.SBE_UNKNOWN, decoder.timeInForce());
        assertEquals(3, decoder.timeInForceRaw());
    }

    @Test
    void rejectReasonsTheEngineReliesOnExist()
    {
        final String[] required = {
            "UNKNOWN_INSTRUMENT", "PRICE_OFF_TICK", "INVALID_PRICE", "QUANTITY_NOT_LOT_MULTIPLE", "INVALID_QUANTITY",
            "QUANTITY_ABOVE_MAX", "OUTSIDE_BAND", "DUPLICATE_CLIENT_ORDER_ID", "UNKNOWN_ORDER", "NOT_YOUR_ORDER",
            "WOULD_CROSS", "FOK_NOT_FILLABLE", "INVALID_TIME_IN_FORCE", "INVALID_ORDER_TYPE", "RATE_LIMITED",
            "NOT_LOGGED_ON", "ENGINE_HALTED" };
        for (final String name : required)
        {
            final RejectReason reason = RejectReason.valueOf(name);
            assertNotNull(reason);
            assertEquals(reason, RejectReason.get(reason.value()), name);
        }
        for (final String name : new String[]{ "CLIENT", "EXPIRED", "SELF_TRADE", "REPLACED", "SESSION_DISCONNECT", "ENGINE" })
        {
            assertFalse(CancelReason.valueOf(name) == CancelReason.NONE, name);
        }
    }

    /**
     * An enum's real values, without the SBE_UNKNOWN and NULL_VAL sentinels the generator adds.
     */
    static <E extends Enum<E>> E[] values(final E[] all)
    {
        int count = 0;
        for (final E value : all)
        {
            if (!isSentinel(value))
            {
                all[count++] = value;
            }
        }
        return java.util.Arrays.copyOf(all, count);
    }

    private static boolean isSentinel(final Enum<?> value)
    {
        return value.name().equals("SBE_UNKNOWN") || value.name().equals("NULL_VAL");
    }
}
