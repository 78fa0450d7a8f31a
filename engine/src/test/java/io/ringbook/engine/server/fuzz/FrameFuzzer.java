package io.ringbook.engine.server.fuzz;

import io.ringbook.codecs.orderentry.CancelOrderEncoder;
import io.ringbook.codecs.orderentry.CancelRejectEncoder;
import io.ringbook.codecs.orderentry.CancelRejectResponseTo;
import io.ringbook.codecs.orderentry.CancelReplaceOrderEncoder;
import io.ringbook.codecs.orderentry.ExecutionReportEncoder;
import io.ringbook.codecs.orderentry.HeartbeatEncoder;
import io.ringbook.codecs.orderentry.LogonAcceptedEncoder;
import io.ringbook.codecs.orderentry.LogonEncoder;
import io.ringbook.codecs.orderentry.LogonRejectEncoder;
import io.ringbook.codecs.orderentry.LogonRejectReason;
import io.ringbook.codecs.orderentry.LogoutEncoder;
import io.ringbook.codecs.orderentry.MessageHeaderEncoder;
import io.ringbook.codecs.orderentry.NewOrderEncoder;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.OrderRejectEncoder;
import io.ringbook.codecs.orderentry.RejectReason;
import io.ringbook.codecs.orderentry.SessionRejectEncoder;
import io.ringbook.codecs.orderentry.SessionRejectReason;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;

/**
 * Makes hostile order-entry frames from a seeded {@link Random}: random bytes, truncated frames, valid frames with a
 * mutated header (schema, version, template, block length), enums out of range, extreme ids, prices and quantities,
 * variable-length fields that claim more bytes than the frame holds, flipped bytes, and valid frames of every
 * template (client-bound ones included).
 * <p>
 * One invariant makes the fuzz compatible with a state-hash check: a frame that names the NewOrder template is always
 * <em>poisoned</em> after mutation, i.e. given an unknown instrument, a quantity no instrument accepts, or a limit
 * price no instrument accepts, so if it gets past the order-entry agent the engine must reject it. Cancels and
 * replaces need no poison: they only come from fuzzer accounts, which never own an order. So nothing a fuzzer sends
 * can change the engine's state.
 */
public final class FrameFuzzer
{
    /** Largest frame made. */
    public static final int MAX_FRAME_LENGTH = 512;

    /** What a frame is, for the statistics. */
    public enum Kind
    {
        GARBAGE, TRUNCATED, HEADER, ENUM, VALUES, VAR_LENGTH, FLIPPED, VALID
    }

    private static final int HEADER = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int[] TEMPLATE_IDS = {
        LogonEncoder.TEMPLATE_ID, LogoutEncoder.TEMPLATE_ID, HeartbeatEncoder.TEMPLATE_ID,
        LogonAcceptedEncoder.TEMPLATE_ID, LogonRejectEncoder.TEMPLATE_ID, SessionRejectEncoder.TEMPLATE_ID,
        NewOrderEncoder.TEMPLATE_ID, CancelOrderEncoder.TEMPLATE_ID, CancelReplaceOrderEncoder.TEMPLATE_ID,
        ExecutionReportEncoder.TEMPLATE_ID, OrderRejectEncoder.TEMPLATE_ID, CancelRejectEncoder.TEMPLATE_ID };
    private static final long[] EXTREME_LONGS = {
        0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MAX_VALUE, 1L << 40, -(1L << 40), 0x8000_0000L };
    private static final int[] EXTREME_INTS = { 0, -1, 1, 2, 3, 4, 99, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 23 };

    private final Random random;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[MAX_FRAME_LENGTH]);
    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final LogonEncoder logon = new LogonEncoder();
    private final LogoutEncoder logout = new LogoutEncoder();
    private final HeartbeatEncoder heartbeat = new HeartbeatEncoder();
    private final NewOrderEncoder newOrder = new NewOrderEncoder();
    private final CancelOrderEncoder cancel = new CancelOrderEncoder();
    private final CancelReplaceOrderEncoder replace = new CancelReplaceOrderEncoder();
    private final LogonAcceptedEncoder logonAccepted = new LogonAcceptedEncoder();
    private final LogonRejectEncoder logonReject = new LogonRejectEncoder();
    private final SessionRejectEncoder sessionReject = new SessionRejectEncoder();
    private final ExecutionReportEncoder report = new ExecutionReportEncoder();
    private final OrderRejectEncoder orderReject = new OrderRejectEncoder();
    private final CancelRejectEncoder cancelReject = new CancelRejectEncoder();
    private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    private final int[] instrumentIds;
    private final int targetInstrumentId;
    private final long maxQuantity;
    private final long logonAccountId;
    private final String logonSecret;
    private final String responseChannel;
    private long nextClientOrderId = 1;

    /**
     * @param random             the seeded source of every choice.
     * @param instrumentIds      the engine's instruments (poisoned orders name none of them, or carry values none
     *                           of them accepts).
     * @param targetInstrumentId the instrument most frames name.
     * @param maxQuantity        the largest quantity any instrument accepts.
     * @param logonAccountId     account for Logon frames (a fuzzer's own, or one that does not exist).
     * @param logonSecret        secret for Logon frames.
     * @param responseChannel    response channel for Logon frames.
     */
    public FrameFuzzer(
        final Random random, final int[] instrumentIds, final int targetInstrumentId, final long maxQuantity,
        final long logonAccountId, final String logonSecret, final String responseChannel)
    {
        this.random = random;
        this.instrumentIds = instrumentIds.clone();
        this.targetInstrumentId = targetInstrumentId;
        this.maxQuantity = maxQuantity;
        this.logonAccountId = logonAccountId;
        this.logonSecret = logonSecret;
        this.responseChannel = responseChannel;
    }

    /**
     * @return the buffer {@link #next()} writes each frame into, at offset 0.
     */
    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return frames made so far, by kind.
     */
    public Map<Kind, Long> counts()
    {
        return counts;
    }

    /**
     * Make the next frame.
     *
     * @return its length in {@link #buffer()}.
     */
    public int next()
    {
        final int roll = random.nextInt(100);
        final Kind kind = roll < 15 ? Kind.GARBAGE : roll < 27 ? Kind.TRUNCATED : roll < 42 ? Kind.HEADER :
            roll < 55 ? Kind.ENUM : roll < 70 ? Kind.VALUES : roll < 78 ? Kind.VAR_LENGTH : roll < 90 ?
            Kind.FLIPPED : Kind.VALID;
        counts.merge(kind, 1L, Long::sum);
        int length;
        switch (kind)
        {
            case GARBAGE:
                length = garbage();
                break;
            case TRUNCATED:
                length = random.nextInt(validFrame(randomTemplateId()));
                break;
            case HEADER:
                length = mutateHeader(validFrame(randomTemplateId()));
                break;
            case ENUM:
                length = enumOutOfRange();
                break;
            case VALUES:
                length = extremeValues();
                break;
            case VAR_LENGTH:
                length = varLengthOverrun();
                break;
            case FLIPPED:
                length = flip(validFrame(randomTemplateId()));
                break;
            default:
                length = validFrame(randomClientTemplateId());
                break;
        }
        poisonNewOrder(length);
        return length;
    }

    private int randomTemplateId()
    {
        return TEMPLATE_IDS[random.nextInt(TEMPLATE_IDS.length)];
    }

    private int randomClientTemplateId()
    {
        final int roll = random.nextInt(10);
        return roll < 3 ? NewOrderEncoder.TEMPLATE_ID : roll < 5 ? CancelOrderEncoder.TEMPLATE_ID : roll < 7 ?
            CancelReplaceOrderEncoder.TEMPLATE_ID : roll < 9 ? HeartbeatEncoder.TEMPLATE_ID : LogonEncoder.TEMPLATE_ID;
    }

    private int garbage()
    {
        final int length = random.nextInt(10) == 0 ? random.nextInt(HEADER) : random.nextInt(128);
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, (byte)random.nextInt(256));
        }
        if (length >= HEADER && random.nextBoolean())
        {
            // Plausible header, random body: gets past the schema check more often.
            header.wrap(buffer, 0)
                .blockLength(random.nextInt(64))
                .templateId(randomTemplateId())
                .schemaId(MessageHeaderEncoder.SCHEMA_ID)
                .version(MessageHeaderEncoder.SCHEMA_VERSION);
        }
        return length;
    }

    private int instrumentId()
    {
        return random.nextInt(4) == 0 ? instrumentIds[random.nextInt(instrumentIds.length)] : targetInstrumentId;
    }

    /**
     * A valid frame of the template: fields in range, the fuzzer's own ids.
     *
     * @return its length.
     */
    private int validFrame(final int templateId)
    {
        switch (templateId)
        {
            case LogonEncoder.TEMPLATE_ID:
                logon.wrapAndApplyHeader(buffer, 0, header)
                    .accountId(logonAccountId)
                    .heartbeatIntervalMs(100 + random.nextInt(900))
                    .responseStreamId(102)
                    .secret(logonSecret)
                    .responseChannel(responseChannel);
                return HEADER + logon.encodedLength();
            case LogoutEncoder.TEMPLATE_ID:
                logout.wrapAndApplyHeader(buffer, 0, header).text("fuzz");
                return HEADER + logout.encodedLength();
            case HeartbeatEncoder.TEMPLATE_ID:
                heartbeat.wrapAndApplyHeader(buffer, 0, header).sendingTimeNs(random.nextLong());
                return HEADER + heartbeat.encodedLength();
            case NewOrderEncoder.TEMPLATE_ID:
                newOrder.wrapAndApplyHeader(buffer, 0, header)
                    .clientOrderId(nextClientOrderId++)
                    .price(9_000 + random.nextInt(2_000))
                    .quantity(1 + random.nextInt(100))
                    .instrumentId(instrumentId())
                    .side(random.nextBoolean() ? Side.Buy : Side.Sell)
                    .ordType(random.nextInt(5) == 0 ? OrdType.Market : OrdType.Limit)
                    .timeInForce(TimeInForce.get((short)random.nextInt(3)))
                    .stpMode(StpMode.get((short)random.nextInt(4)));
                newOrder.execInst().clear().postOnly(random.nextInt(5) == 0);
                return HEADER + newOrder.encodedLength();
            case CancelOrderEncoder.TEMPLATE_ID:
                cancel.wrapAndApplyHeader(buffer, 0, header)
                    .clientOrderId(random.nextInt(1000))
                    .origClientOrderId(random.nextInt(1000))
                    .orderId(random.nextBoolean() ? 0 : random.nextInt(10_000))
                    .instrumentId(instrumentId());
                return HEADER + cancel.encodedLength();
            case CancelReplaceOrderEncoder.TEMPLATE_ID:
                replace.wrapAndApplyHeader(buffer, 0, header)
                    .origClientOrderId(random.nextInt(1000))
                    .orderId(random.nextBoolean() ? 0 : random.nextInt(10_000))
                    .newClientOrderId(random.nextInt(1000))
                    .price(9_000 + random.nextInt(2_000))
                    .quantity(1 + random.nextInt(100))
                    .instrumentId(instrumentId());
                return HEADER + replace.encodedLength();
            case LogonAcceptedEncoder.TEMPLATE_ID:
                logonAccepted.wrapAndApplyHeader(buffer, 0, header).accountId(logonAccountId).sessionId(1)
                    .heartbeatIntervalMs(1000);
                return HEADER + logonAccepted.encodedLength();
            case LogonRejectEncoder.TEMPLATE_ID:
                logonReject.wrapAndApplyHeader(buffer, 0, header).accountId(logonAccountId)
                    .reason(LogonRejectReason.INVALID_CREDENTIALS).text("fuzz");
                return HEADER + logonReject.encodedLength();
            case SessionRejectEncoder.TEMPLATE_ID:
                sessionReject.wrapAndApplyHeader(buffer, 0, header).refTemplateId(10)
                    .reason(SessionRejectReason.InvalidValue).text("fuzz");
                return HEADER + sessionReject.encodedLength();
            case ExecutionReportEncoder.TEMPLATE_ID:
                report.wrapAndApplyHeader(buffer, 0, header).orderId(1).clientOrderId(1);
                return HEADER + ExecutionReportEncoder.BLOCK_LENGTH;
            case OrderRejectEncoder.TEMPLATE_ID:
                orderReject.wrapAndApplyHeader(buffer, 0, header).clientOrderId(1).engineSequence(1)
                    .instrumentId(targetInstrumentId).rejectReason(RejectReason.INVALID_PRICE);
                return HEADER + orderReject.encodedLength();
            default:
                cancelReject.wrapAndApplyHeader(buffer, 0, header).clientOrderId(1).origClientOrderId(1).orderId(1)
                    .engineSequence(1).instrumentId(targetInstrumentId).responseTo(CancelRejectResponseTo.Cancel)
                    .rejectReason(RejectReason.UNKNOWN_ORDER);
                return HEADER + cancelReject.encodedLength();
        }
    }

    private int mutateHeader(final int length)
    {
        switch (random.nextInt(5))
        {
            case 0:
                buffer.putShort(MessageHeaderEncoder.schemaIdEncodingOffset(), (short)(2 + random.nextInt(65534)),
                    ByteOrder.LITTLE_ENDIAN);
                break;
            case 1:
                buffer.putShort(MessageHeaderEncoder.versionEncodingOffset(), (short)(1 + random.nextInt(65535)),
                    ByteOrder.LITTLE_ENDIAN);
                break;
            case 2:
                buffer.putShort(MessageHeaderEncoder.templateIdEncodingOffset(), (short)(random.nextBoolean() ?
                    random.nextInt(65536) : randomTemplateId()), ByteOrder.LITTLE_ENDIAN);
                break;
            case 3:
                // Shorter than the template's block, or longer than the frame.
                final int blockLength = length - HEADER;
                buffer.putShort(MessageHeaderEncoder.blockLengthEncodingOffset(), (short)(random.nextBoolean() ?
                    random.nextInt(Math.max(1, blockLength)) : blockLength + 1 + random.nextInt(65535 - blockLength)),
                    ByteOrder.LITTLE_ENDIAN);
                break;
            default:
                for (int i = 0; i < HEADER; i++)
                {
                    buffer.putByte(i, (byte)random.nextInt(256));
                }
                break;
        }
        return length;
    }

    private int enumOutOfRange()
    {
        final int length = validFrame(NewOrderEncoder.TEMPLATE_ID);
        final int body = HEADER;
        final byte value = (byte)(random.nextBoolean() ? 4 + random.nextInt(252) : 255);
        switch (random.nextInt(5))
        {
            case 0:
                buffer.putByte(body + NewOrderEncoder.sideEncodingOffset(), (byte)(2 + random.nextInt(254)));
                break;
            case 1:
                buffer.putByte(body + NewOrderEncoder.ordTypeEncodingOffset(), (byte)(2 + random.nextInt(254)));
                break;
            case 2:
                buffer.putByte(body + NewOrderEncoder.timeInForceEncodingOffset(), (byte)(3 + random.nextInt(253)));
                break;
            case 3:
                buffer.putByte(body + NewOrderEncoder.stpModeEncodingOffset(), value);
                break;
            default:
                buffer.putByte(body + NewOrderEncoder.execInstEncodingOffset(), (byte)(2 + random.nextInt(254)));
                break;
        }
        return length;
    }

    private long extremeLong()
    {
        return random.nextInt(3) == 0 ? random.nextLong() : EXTREME_LONGS[random.nextInt(EXTREME_LONGS.length)];
    }

    private int extremeInt()
    {
        return random.nextInt(3) == 0 ? random.nextInt() : EXTREME_INTS[random.nextInt(EXTREME_INTS.length)];
    }

    private int extremeValues()
    {
        final int body = HEADER;
        final int roll = random.nextInt(3);
        if (roll == 0)
        {
            final int length = validFrame(NewOrderEncoder.TEMPLATE_ID);
            switch (random.nextInt(4))
            {
                case 0:
                    buffer.putLong(body + NewOrderEncoder.quantityEncodingOffset(), extremeLong(), ByteOrder.LITTLE_ENDIAN);
                    break;
                case 1:
                    buffer.putLong(body + NewOrderEncoder.priceEncodingOffset(), extremeLong(), ByteOrder.LITTLE_ENDIAN);
                    break;
                case 2:
                    buffer.putInt(body + NewOrderEncoder.instrumentIdEncodingOffset(), extremeInt(),
                        ByteOrder.LITTLE_ENDIAN);
                    break;
                default:
                    buffer.putLong(body + NewOrderEncoder.clientOrderIdEncodingOffset(), extremeLong(),
                        ByteOrder.LITTLE_ENDIAN);
                    break;
            }
            return length;
        }
        if (roll == 1)
        {
            final int length = validFrame(CancelOrderEncoder.TEMPLATE_ID);
            buffer.putLong(body + CancelOrderEncoder.orderIdEncodingOffset(), extremeLong(), ByteOrder.LITTLE_ENDIAN);
            buffer.putLong(body + CancelOrderEncoder.origClientOrderIdEncodingOffset(), extremeLong(),
                ByteOrder.LITTLE_ENDIAN);
            buffer.putInt(body + CancelOrderEncoder.instrumentIdEncodingOffset(), extremeInt(),
                ByteOrder.LITTLE_ENDIAN);
            return length;
        }
        final int length = validFrame(CancelReplaceOrderEncoder.TEMPLATE_ID);
        buffer.putLong(body + CancelReplaceOrderEncoder.orderIdEncodingOffset(), extremeLong(),
            ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(body + CancelReplaceOrderEncoder.priceEncodingOffset(), extremeLong(), ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(body + CancelReplaceOrderEncoder.quantityEncodingOffset(), extremeLong(),
            ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(body + CancelReplaceOrderEncoder.newClientOrderIdEncodingOffset(), extremeLong(),
            ByteOrder.LITTLE_ENDIAN);
        buffer.putInt(body + CancelReplaceOrderEncoder.instrumentIdEncodingOffset(), extremeInt(),
            ByteOrder.LITTLE_ENDIAN);
        return length;
    }

    /**
     * A Logon whose secret or response channel, or a Logout whose text, claims more bytes than follow; sometimes
     * also cut short; sometimes a Logon whose fixed block is the whole frame (the length field itself is missing).
     */
    private int varLengthOverrun()
    {
        final int roll = random.nextInt(4);
        if (roll == 3)
        {
            final int length = validFrame(LogoutEncoder.TEMPLATE_ID);
            final int lengthOffset = HEADER + LogoutEncoder.BLOCK_LENGTH;
            buffer.putShort(lengthOffset, (short)(length - lengthOffset + random.nextInt(65000)),
                ByteOrder.LITTLE_ENDIAN);
            return length;
        }
        final int length = validFrame(LogonEncoder.TEMPLATE_ID);
        final int secretLengthOffset = HEADER + LogonEncoder.BLOCK_LENGTH;
        if (roll == 0)
        {
            buffer.putShort(secretLengthOffset, (short)(length - secretLengthOffset + random.nextInt(65000)),
                ByteOrder.LITTLE_ENDIAN);
            return length;
        }
        if (roll == 1)
        {
            final int channelLengthOffset = secretLengthOffset + LogonEncoder.secretHeaderLength() +
                logonSecret.length();
            buffer.putShort(channelLengthOffset, (short)(length - channelLengthOffset + 1 + random.nextInt(65000)),
                ByteOrder.LITTLE_ENDIAN);
            return length;
        }
        return HEADER + LogonEncoder.BLOCK_LENGTH + random.nextInt(2);
    }

    private int flip(final int length)
    {
        final int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips && length > 0; i++)
        {
            final int index = random.nextInt(length);
            buffer.putByte(index, (byte)(buffer.getByte(index) ^ (1 << random.nextInt(8))));
        }
        return length;
    }

    /**
     * Whatever the mutations did: a frame whose header names NewOrder gets a value that makes the engine reject it.
     */
    private void poisonNewOrder(final int length)
    {
        if (length < HEADER ||
            buffer.getShort(MessageHeaderEncoder.templateIdEncodingOffset(), ByteOrder.LITTLE_ENDIAN) !=
            NewOrderEncoder.TEMPLATE_ID)
        {
            return;
        }
        final int quantityOffset = HEADER + NewOrderEncoder.quantityEncodingOffset();
        final int instrumentOffset = HEADER + NewOrderEncoder.instrumentIdEncodingOffset();
        final int priceOffset = HEADER + NewOrderEncoder.priceEncodingOffset();
        final int ordTypeOffset = HEADER + NewOrderEncoder.ordTypeEncodingOffset();
        if (length < quantityOffset + Long.BYTES)
        {
            return; // too short for any NewOrder block: refused before decoding
        }
        final long quantity = buffer.getLong(quantityOffset, ByteOrder.LITTLE_ENDIAN);
        if (quantity <= 0 || quantity > maxQuantity)
        {
            return; // already poisoned: no instrument takes this quantity
        }
        final int roll = random.nextInt(3);
        if (roll == 0 || length < ordTypeOffset + 1)
        {
            buffer.putLong(quantityOffset, random.nextBoolean() ? -random.nextInt(1000) :
                maxQuantity + 1 + random.nextInt(1 << 20), ByteOrder.LITTLE_ENDIAN);
        }
        else if (roll == 1)
        {
            buffer.putInt(instrumentOffset, unknownInstrumentId(), ByteOrder.LITTLE_ENDIAN);
        }
        else
        {
            // A limit order (so the price counts) at a price no instrument takes: not positive, or beyond every band.
            buffer.putByte(ordTypeOffset, (byte)OrdType.Limit.value());
            final long price = switch (random.nextInt(3))
            {
                case 0 -> -random.nextInt(1000);
                case 1 -> 1_000_000_000L + random.nextInt(1 << 30);
                default -> Long.MAX_VALUE - random.nextInt(1000);
            };
            buffer.putLong(priceOffset, price, ByteOrder.LITTLE_ENDIAN);
        }
    }

    private int unknownInstrumentId()
    {
        while (true)
        {
            final int id = random.nextBoolean() ? random.nextInt() : random.nextInt(100);
            boolean known = false;
            for (final int instrumentId : instrumentIds)
            {
                known |= instrumentId == id;
            }
            if (!known)
            {
                return id;
            }
        }
    }
}
