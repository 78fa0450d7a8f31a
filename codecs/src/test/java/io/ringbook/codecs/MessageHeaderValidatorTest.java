package io.ringbook.codecs;

import io.ringbook.codecs.marketdata.TradeEncoder;
import io.ringbook.codecs.orderentry.LogonDecoder;
import io.ringbook.codecs.orderentry.LogonEncoder;
import io.ringbook.codecs.orderentry.MessageHeaderEncoder;
import io.ringbook.codecs.orderentry.NewOrderDecoder;
import io.ringbook.codecs.orderentry.NewOrderEncoder;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static io.ringbook.codecs.MessageHeaderValidator.HEADER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad frames become result codes with clear explanations, and good ones pass without allocating.
 */
class MessageHeaderValidatorTest
{
    private static final int OFFSET = 16;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[256]);
    private final MessageHeaderValidator orderEntry = MessageHeaderValidator.orderEntry();
    private final MessageHeaderValidator marketData = MessageHeaderValidator.marketData();
    private int newOrderLength;

    @BeforeEach
    void encodeNewOrder()
    {
        final NewOrderEncoder encoder = new NewOrderEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, new MessageHeaderEncoder())
            .clientOrderId(1L).price(2L).quantity(3L).instrumentId(4)
            .side(Side.Sell).ordType(OrdType.Limit).timeInForce(TimeInForce.IOC);
        encoder.execInst().clear();
        encoder.stpMode(StpMode.CancelBoth);
        newOrderLength = HEADER_LENGTH + encoder.encodedLength();
        assertEquals(FrameCheckResult.OK, orderEntry.validate(buffer, OFFSET, newOrderLength));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 1, 7 })
    void shorterThanTheHeaderIsShortBuffer(final int length)
    {
        assertEquals(FrameCheckResult.SHORT_BUFFER, orderEntry.validate(buffer, OFFSET, length));
        assertEquals(
            "short buffer: " + length + " bytes at offset 16 in a buffer of capacity 256, " +
            "a message needs at least the 8-byte header",
            orderEntry.describe(buffer, OFFSET, length));
    }

    @Test
    void lengthOrOffsetOutsideTheBufferIsShortBuffer()
    {
        assertEquals(FrameCheckResult.SHORT_BUFFER, orderEntry.validate(buffer, -1, newOrderLength));
        assertEquals(FrameCheckResult.SHORT_BUFFER, orderEntry.validate(buffer, OFFSET, -5));
        assertEquals(FrameCheckResult.SHORT_BUFFER, orderEntry.validate(buffer, 250, HEADER_LENGTH));
        assertEquals(FrameCheckResult.SHORT_BUFFER, orderEntry.validate(buffer, OFFSET, Integer.MAX_VALUE));
        assertEquals(FrameCheckResult.SHORT_BUFFER, orderEntry.validate(buffer, Integer.MAX_VALUE, HEADER_LENGTH));
        assertEquals(FrameCheckResult.SHORT_BUFFER, orderEntry.validate(new UnsafeBuffer(new byte[0]), 0, 0));
    }

    @Test
    void bodyShorterThanBlockLengthIsShortMessage()
    {
        final int truncated = newOrderLength - 1;
        assertEquals(FrameCheckResult.SHORT_MESSAGE, orderEntry.validate(buffer, OFFSET, truncated));
        assertEquals(FrameCheckResult.SHORT_MESSAGE, orderEntry.validate(buffer, OFFSET, HEADER_LENGTH));
        assertEquals(
            "short message: template 10 declares a " + NewOrderDecoder.BLOCK_LENGTH + "-byte block but only " +
            (NewOrderDecoder.BLOCK_LENGTH - 1) + " bytes follow the header",
            orderEntry.describe(buffer, OFFSET, truncated));
    }

    @Test
    void blockLengthBelowTheTemplatesRootBlockIsRefused()
    {
        buffer.putShort(OFFSET + MessageHeaderValidator.BLOCK_LENGTH_OFFSET, (short)(NewOrderDecoder.BLOCK_LENGTH - 1));
        assertEquals(FrameCheckResult.BLOCK_LENGTH_TOO_SHORT, orderEntry.validate(buffer, OFFSET, newOrderLength));
        assertEquals(
            "block length " + (NewOrderDecoder.BLOCK_LENGTH - 1) + " is less than the " +
            NewOrderDecoder.BLOCK_LENGTH + " bytes of template 10",
            orderEntry.describe(buffer, OFFSET, newOrderLength));
    }

    @Test
    void longerBlockFromANewerSenderIsAcceptedWhenTheBytesArePresent()
    {
        buffer.putShort(OFFSET + MessageHeaderValidator.BLOCK_LENGTH_OFFSET, (short)(NewOrderDecoder.BLOCK_LENGTH + 4));
        assertEquals(FrameCheckResult.SHORT_MESSAGE, orderEntry.validate(buffer, OFFSET, newOrderLength));
        assertEquals(FrameCheckResult.OK, orderEntry.validate(buffer, OFFSET, newOrderLength + 4));
    }

    @Test
    void otherSchemaIsWrongSchemaId()
    {
        final TradeEncoder trade = new TradeEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, new io.ringbook.codecs.marketdata.MessageHeaderEncoder());
        final int length = HEADER_LENGTH + trade.encodedLength();
        assertEquals(FrameCheckResult.OK, marketData.validate(buffer, OFFSET, length));
        assertEquals(FrameCheckResult.WRONG_SCHEMA_ID, orderEntry.validate(buffer, OFFSET, length));
        assertEquals("wrong schema id 2, expected 1", orderEntry.describe(buffer, OFFSET, length));

        encodeNewOrder();
        assertEquals(FrameCheckResult.WRONG_SCHEMA_ID, marketData.validate(buffer, OFFSET, newOrderLength));
        assertEquals("wrong schema id 1, expected 2", marketData.describe(buffer, OFFSET, newOrderLength));
    }

    @Test
    void newerOrderEntryVersionIsWrongVersion()
    {
        buffer.putShort(OFFSET + MessageHeaderValidator.VERSION_OFFSET, (short)1);
        assertEquals(FrameCheckResult.WRONG_VERSION, orderEntry.validate(buffer, OFFSET, newOrderLength));
        assertEquals("unsupported version 1 of schema 1, accepted 0 to 0", orderEntry.describe(buffer, OFFSET, newOrderLength));

        buffer.putShort(OFFSET + MessageHeaderValidator.VERSION_OFFSET, (short)0xFFFF);
        assertEquals(FrameCheckResult.WRONG_VERSION, orderEntry.validate(buffer, OFFSET, newOrderLength));
    }

    @Test
    void marketDataReadersAcceptNewerVersions()
    {
        final TradeEncoder trade = new TradeEncoder()
            .wrapAndApplyHeader(buffer, OFFSET, new io.ringbook.codecs.marketdata.MessageHeaderEncoder());
        final int length = HEADER_LENGTH + trade.encodedLength();
        buffer.putShort(OFFSET + MessageHeaderValidator.VERSION_OFFSET, (short)3);
        assertEquals(FrameCheckResult.OK, marketData.validate(buffer, OFFSET, length));
    }

    @ParameterizedTest
    @ValueSource(ints = { 0, 7, 13, 999, 0xFFFF })
    void templateNotInTheSchemaIsUnknownTemplate(final int templateId)
    {
        buffer.putShort(OFFSET + MessageHeaderValidator.TEMPLATE_ID_OFFSET, (short)templateId);
        assertEquals(FrameCheckResult.UNKNOWN_TEMPLATE, orderEntry.validate(buffer, OFFSET, newOrderLength));
        assertEquals("unknown template id " + templateId + " for schema 1", orderEntry.describe(buffer, OFFSET, newOrderLength));
        assertFalse(orderEntry.isKnownTemplate(templateId));
    }

    @Test
    void okIsDescribedToo()
    {
        assertEquals("ok: template 10 of schema 1 version 0, block length " + NewOrderDecoder.BLOCK_LENGTH,
            orderEntry.describe(buffer, OFFSET, newOrderLength));
    }

    @Test
    void everyResultHasItsOwnMessage()
    {
        final Set<String> messages = new HashSet<>();
        for (final FrameCheckResult result : FrameCheckResult.values())
        {
            assertNotNull(result.message());
            assertFalse(result.message().isBlank(), result.name());
            assertTrue(messages.add(result.message()), "duplicate message for " + result);
        }
    }

    @Test
    void garbageNeverThrowsAndEveryCodeIsReachable()
    {
        final Random random = new Random(42);
        final byte[] bytes = new byte[64];
        final UnsafeBuffer garbage = new UnsafeBuffer(bytes);
        final Set<FrameCheckResult> seen = EnumSet.noneOf(FrameCheckResult.class);
        for (int i = 0; i < 200_000; i++)
        {
            random.nextBytes(bytes);
            // Bias the header towards plausible values so every branch is hit, not just WRONG_SCHEMA_ID.
            garbage.putShort(MessageHeaderValidator.SCHEMA_ID_OFFSET, (short)(random.nextInt(4) == 0 ? 7 : 1));
            garbage.putShort(MessageHeaderValidator.VERSION_OFFSET, (short)random.nextInt(2));
            garbage.putShort(MessageHeaderValidator.TEMPLATE_ID_OFFSET, (short)random.nextInt(25));
            garbage.putShort(MessageHeaderValidator.BLOCK_LENGTH_OFFSET, (short)random.nextInt(128));
            final int offset = random.nextInt(8) - 1;
            final int length = random.nextInt(80) - 4;
            final FrameCheckResult result = orderEntry.validate(garbage, offset, length);
            assertNotNull(result);
            assertNotNull(orderEntry.describe(garbage, offset, length));
            seen.add(result);
        }
        assertEquals(EnumSet.allOf(FrameCheckResult.class), seen);
    }

    @Test
    void validateDoesNotAllocate()
    {
        final long allocated = AllocationProbe.steadyStateBytes(() ->
        {
            long sink = 0;
            for (int i = 0; i < 500_000; i++)
            {
                sink += orderEntry.validate(buffer, OFFSET, newOrderLength).ordinal();
                sink += orderEntry.validate(buffer, OFFSET, newOrderLength - 1).ordinal();
                sink += orderEntry.validate(buffer, OFFSET, 3).ordinal();
            }
            return sink;
        });
        assertEquals(0L, allocated, "bytes allocated by 1.5M validations");
    }

    @Test
    void headerLayoutMatchesBothGeneratedSchemas()
    {
        assertEquals(HEADER_LENGTH, MessageHeaderEncoder.ENCODED_LENGTH);
        assertEquals(MessageHeaderValidator.BLOCK_LENGTH_OFFSET, MessageHeaderEncoder.blockLengthEncodingOffset());
        assertEquals(MessageHeaderValidator.TEMPLATE_ID_OFFSET, MessageHeaderEncoder.templateIdEncodingOffset());
        assertEquals(MessageHeaderValidator.SCHEMA_ID_OFFSET, MessageHeaderEncoder.schemaIdEncodingOffset());
        assertEquals(MessageHeaderValidator.VERSION_OFFSET, MessageHeaderEncoder.versionEncodingOffset());
        assertEquals(java.nio.ByteOrder.LITTLE_ENDIAN, MessageHeaderEncoder.BYTE_ORDER);

        assertEquals(HEADER_LENGTH, io.ringbook.codecs.marketdata.MessageHeaderEncoder.ENCODED_LENGTH);
        assertEquals(MessageHeaderValidator.BLOCK_LENGTH_OFFSET,
            io.ringbook.codecs.marketdata.MessageHeaderEncoder.blockLengthEncodingOffset());
        assertEquals(MessageHeaderValidator.TEMPLATE_ID_OFFSET,
            io.ringbook.codecs.marketdata.MessageHeaderEncoder.templateIdEncodingOffset());
        assertEquals(MessageHeaderValidator.SCHEMA_ID_OFFSET,
            io.ringbook.codecs.marketdata.MessageHeaderEncoder.schemaIdEncodingOffset());
        assertEquals(MessageHeaderValidator.VERSION_OFFSET,
            io.ringbook.codecs.marketdata.MessageHeaderEncoder.versionEncodingOffset());
        assertEquals(java.nio.ByteOrder.LITTLE_ENDIAN, io.ringbook.codecs.marketdata.MessageHeaderEncoder.BYTE_ORDER);

        new io.ringbook.codecs.marketdata.MessageHeaderEncoder().wrap(buffer, 3)
            .blockLength(0xFFFE).templateId(0x1234).schemaId(0xABCD).version(0x8001);
        assertEquals(0xFFFE, MessageHeaderValidator.blockLength(buffer, 3));
        assertEquals(0x1234, MessageHeaderValidator.templateId(buffer, 3));
        assertEquals(0xABCD, MessageHeaderValidator.schemaId(buffer, 3));
        assertEquals(0x8001, MessageHeaderValidator.version(buffer, 3));
    }

    @Test
    void constructionRefusesInconsistentTables()
    {
        assertThrows(IllegalArgumentException.class, () -> new MessageHeaderValidator(0, 0));
        assertThrows(IllegalArgumentException.class, () -> new MessageHeaderValidator(1, 0, new LogonDecoder()));
        assertThrows(IllegalArgumentException.class, () -> new MessageHeaderValidator(-1, 0, new LogonDecoder()));
        assertThrows(IllegalArgumentException.class, () -> new MessageHeaderValidator(0, 0x10000, new LogonDecoder()));
        assertThrows(IllegalArgumentException.class,
            () -> new MessageHeaderValidator(0, 0, new LogonDecoder(), new LogonDecoder()));
        assertThrows(IllegalArgumentException.class,
            () -> new MessageHeaderValidator(0, 0, new LogonDecoder(), new io.ringbook.codecs.marketdata.TradeDecoder()));
    }

    @Test
    void aValidatorForSomeTemplatesRefusesTheOthers()
    {
        final MessageDecoderFlyweight[] sessionOnly = { new LogonDecoder() };
        final MessageHeaderValidator logonOnly = new MessageHeaderValidator(0, 0, sessionOnly);
        assertEquals(FrameCheckResult.UNKNOWN_TEMPLATE, logonOnly.validate(buffer, OFFSET, newOrderLength));

        final LogonEncoder logon = new LogonEncoder().wrapAndApplyHeader(buffer, OFFSET, new MessageHeaderEncoder())
            .accountId(1L).heartbeatIntervalMs(1).secret("x");
        assertEquals(FrameCheckResult.OK, logonOnly.validate(buffer, OFFSET, HEADER_LENGTH + logon.encodedLength()));
        assertEquals(1, logonOnly.schemaId());
        assertEquals(0, logonOnly.minVersion());
        assertEquals(0, logonOnly.maxVersion());
    }
}
