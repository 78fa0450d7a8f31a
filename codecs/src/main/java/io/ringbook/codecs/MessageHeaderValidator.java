package io.ringbook.codecs;

import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

import java.util.Arrays;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * Checks an SBE message header against one schema before anything is decoded, so an adapter can refuse bad input
 * with a reason instead of letting a generated decoder throw, or read past the message, on a hot thread.
 * <p>
 * It checks that the header fits, that schema id, version and template id are ones this reader accepts, and that
 * the root block the header declares is long enough for the template and present in full. It does not walk
 * repeating groups or variable-length data: decode those from a buffer that ends where the message ends, so the
 * decoders' bounds checks stop at the message. {@link #validate} never throws and never allocates; instances are
 * immutable and may be shared between threads.
 * <p>
 * Both ringbook schemas use the standard little-endian 8-byte header (blockLength, templateId, schemaId, version,
 * each uint16), which is what this class reads; the tests hold the generated header codecs to that layout.
 */
public final class MessageHeaderValidator
{
    /**
     * Encoded length of the message header in both ringbook schemas.
     */
    public static final int HEADER_LENGTH = 8;

    /**
     * Offset of blockLength in the header.
     */
    public static final int BLOCK_LENGTH_OFFSET = 0;

    /**
     * Offset of templateId in the header.
     */
    public static final int TEMPLATE_ID_OFFSET = 2;

    /**
     * Offset of schemaId in the header.
     */
    public static final int SCHEMA_ID_OFFSET = 4;

    /**
     * Offset of version in the header.
     */
    public static final int VERSION_OFFSET = 6;

    private static final int UNKNOWN = -1;
    private static final int MAX_UINT16 = 0xFFFF;

    private final int schemaId;
    private final int minVersion;
    private final int maxVersion;
    private final int[] minBlockLengthByTemplateId;

    /**
     * Builds a validator for the messages whose decoders are given.
     * <p>
     * The minimum block length of each template is its decoder's {@code sbeBlockLength()}. When a later schema
     * version adds fields to a message, readers that still accept older versions must accept the older, shorter
     * block: give them a validator built for that.
     *
     * @param minVersion lowest header version accepted.
     * @param maxVersion highest header version accepted; SBE decoders can read newer versions that only append
     *                   fields, so a reader that wants that passes 65535.
     * @param decoders   one decoder per accepted template, all of the same schema.
     * @throws IllegalArgumentException if the decoders disagree on the schema, repeat a template id, or none is
     *                                  given, or the version range is empty.
     */
    public MessageHeaderValidator(final int minVersion, final int maxVersion, final MessageDecoderFlyweight... decoders)
    {
        if (decoders.length == 0)
        {
            throw new IllegalArgumentException("at least one decoder is needed");
        }
        if (minVersion < 0 || maxVersion > MAX_UINT16 || minVersion > maxVersion)
        {
            throw new IllegalArgumentException("invalid version range [" + minVersion + ", " + maxVersion + "]");
        }

        int maxTemplateId = 0;
        for (final MessageDecoderFlyweight decoder : decoders)
        {
            maxTemplateId = Math.max(maxTemplateId, decoder.sbeTemplateId());
        }

        final int[] table = new int[maxTemplateId + 1];
        Arrays.fill(table, UNKNOWN);
        final int schemaId = decoders[0].sbeSchemaId();
        for (final MessageDecoderFlyweight decoder : decoders)
        {
            if (decoder.sbeSchemaId() != schemaId)
            {
                throw new IllegalArgumentException(decoder.getClass().getName() + " is of schema " +
                    decoder.sbeSchemaId() + ", not " + schemaId);
            }
            if (table[decoder.sbeTemplateId()] != UNKNOWN)
            {
                throw new IllegalArgumentException("template id " + decoder.sbeTemplateId() + " given twice");
            }
            table[decoder.sbeTemplateId()] = decoder.sbeBlockLength();
        }

        this.schemaId = schemaId;
        this.minVersion = minVersion;
        this.maxVersion = maxVersion;
        this.minBlockLengthByTemplateId = table;
    }

    /**
     * The engine's view of order entry: every template of schema 1, versions up to the one it was built with.
     * A newer client is refused (WRONG_VERSION) because the engine cannot honour fields it does not know.
     *
     * @return a new validator for the order entry schema.
     */
    public static MessageHeaderValidator orderEntry()
    {
        return new MessageHeaderValidator(
            0,
            io.ringbook.codecs.orderentry.MessageHeaderDecoder.SCHEMA_VERSION,
            new io.ringbook.codecs.orderentry.LogonDecoder(),
            new io.ringbook.codecs.orderentry.LogoutDecoder(),
            new io.ringbook.codecs.orderentry.HeartbeatDecoder(),
            new io.ringbook.codecs.orderentry.LogonAcceptedDecoder(),
            new io.ringbook.codecs.orderentry.LogonRejectDecoder(),
            new io.ringbook.codecs.orderentry.SessionRejectDecoder(),
            new io.ringbook.codecs.orderentry.NewOrderDecoder(),
            new io.ringbook.codecs.orderentry.CancelOrderDecoder(),
            new io.ringbook.codecs.orderentry.CancelReplaceOrderDecoder(),
            new io.ringbook.codecs.orderentry.ExecutionReportDecoder(),
            new io.ringbook.codecs.orderentry.OrderRejectDecoder(),
            new io.ringbook.codecs.orderentry.CancelRejectDecoder());
    }

    /**
     * A feed reader's view of market data: every template of schema 2, any version, since SBE lets an older
     * reader decode a newer publisher's messages (fields are only ever appended).
     *
     * @return a new validator for the market data schema.
     */
    public static MessageHeaderValidator marketData()
    {
        return new MessageHeaderValidator(
            0,
            MAX_UINT16,
            new io.ringbook.codecs.marketdata.PacketHeaderDecoder(),
            new io.ringbook.codecs.marketdata.HeartbeatDecoder(),
            new io.ringbook.codecs.marketdata.ChannelResetDecoder(),
            new io.ringbook.codecs.marketdata.InstrumentDefinitionDecoder(),
            new io.ringbook.codecs.marketdata.IncrementalBookUpdateDecoder(),
            new io.ringbook.codecs.marketdata.OrderBookEventDecoder(),
            new io.ringbook.codecs.marketdata.TradeDecoder(),
            new io.ringbook.codecs.marketdata.BookSnapshotDecoder());
    }

    /**
     * A journal reader's view: every template of schema 3, versions up to the one it was built with, since a
     * journal written by a newer engine may hold fields this reader would silently drop.
     *
     * @return a new validator for the journal schema.
     */
    public static MessageHeaderValidator journal()
    {
        return new MessageHeaderValidator(
            0,
            io.ringbook.codecs.journal.MessageHeaderDecoder.SCHEMA_VERSION,
            new io.ringbook.codecs.journal.InstrumentDefinitionDecoder(),
            new io.ringbook.codecs.journal.CommandDecoder(),
            new io.ringbook.codecs.journal.EventBatchDecoder(),
            new io.ringbook.codecs.journal.AcceptedDecoder(),
            new io.ringbook.codecs.journal.RejectedDecoder(),
            new io.ringbook.codecs.journal.TradeDecoder(),
            new io.ringbook.codecs.journal.CancelledDecoder(),
            new io.ringbook.codecs.journal.ReplacedDecoder(),
            new io.ringbook.codecs.journal.OrderChangeDecoder(),
            new io.ringbook.codecs.journal.LevelChangeDecoder());
    }

    /**
     * Checks the header of the message at {@code offset}, of which {@code length} bytes are available.
     *
     * @param buffer holding the message.
     * @param offset of the message header in the buffer.
     * @param length bytes from {@code offset} that belong to this message (or packet).
     * @return {@link FrameCheckResult#OK}, or the first problem found.
     */
    public FrameCheckResult validate(final DirectBuffer buffer, final int offset, final int length)
    {
        if (offset < 0 || length < HEADER_LENGTH || (long)offset + length > buffer.capacity())
        {
            return FrameCheckResult.SHORT_BUFFER;
        }
        if (schemaId(buffer, offset) != schemaId)
        {
            return FrameCheckResult.WRONG_SCHEMA_ID;
        }
        final int version = version(buffer, offset);
        if (version < minVersion || version > maxVersion)
        {
            return FrameCheckResult.WRONG_VERSION;
        }
        final int minBlockLength = minBlockLength(templateId(buffer, offset));
        if (UNKNOWN == minBlockLength)
        {
            return FrameCheckResult.UNKNOWN_TEMPLATE;
        }
        final int blockLength = blockLength(buffer, offset);
        if (blockLength < minBlockLength)
        {
            return FrameCheckResult.BLOCK_LENGTH_TOO_SHORT;
        }
        if (length - HEADER_LENGTH < blockLength)
        {
            return FrameCheckResult.SHORT_MESSAGE;
        }
        return FrameCheckResult.OK;
    }

    /**
     * Validates and explains the outcome with the numbers involved, e.g. "wrong schema id 2, expected 1". For the
     * failure path (logs, SessionReject text); it allocates.
     *
     * @param buffer holding the message.
     * @param offset of the message header in the buffer.
     * @param length bytes from {@code offset} that belong to this message.
     * @return a sentence describing what {@link #validate} returns for the same arguments.
     */
    public String describe(final DirectBuffer buffer, final int offset, final int length)
    {
        final FrameCheckResult result = validate(buffer, offset, length);
        switch (result)
        {
            case OK:
                return "ok: template " + templateId(buffer, offset) + " of schema " + schemaId + " version " +
                    version(buffer, offset) + ", block length " + blockLength(buffer, offset);
            case SHORT_BUFFER:
                return "short buffer: " + length + " bytes at offset " + offset + " in a buffer of capacity " +
                    buffer.capacity() + ", a message needs at least the " + HEADER_LENGTH + "-byte header";
            case WRONG_SCHEMA_ID:
                return "wrong schema id " + schemaId(buffer, offset) + ", expected " + schemaId;
            case WRONG_VERSION:
                return "unsupported version " + version(buffer, offset) + " of schema " + schemaId +
                    ", accepted " + minVersion + " to " + maxVersion;
            case UNKNOWN_TEMPLATE:
                return "unknown template id " + templateId(buffer, offset) + " for schema " + schemaId;
            case BLOCK_LENGTH_TOO_SHORT:
                return "block length " + blockLength(buffer, offset) + " is less than the " +
                    minBlockLength(templateId(buffer, offset)) + " bytes of template " + templateId(buffer, offset);
            case SHORT_MESSAGE:
                return "short message: template " + templateId(buffer, offset) + " declares a " +
                    blockLength(buffer, offset) + "-byte block but only " + (length - HEADER_LENGTH) +
                    " bytes follow the header";
            default:
                return result.message();
        }
    }

    /**
     * Whether this validator accepts the template, e.g. to route or count messages by template.
     *
     * @param templateId a template id.
     * @return true if {@code templateId} is a message this validator accepts.
     */
    public boolean isKnownTemplate(final int templateId)
    {
        return UNKNOWN != minBlockLength(templateId);
    }

    /**
     * The schema this validator expects, so adapters and tests need not repeat the constant.
     *
     * @return the expected schema id.
     */
    public int schemaId()
    {
        return schemaId;
    }

    /**
     * Lowest accepted version.
     *
     * @return the lowest version {@link #validate} accepts.
     */
    public int minVersion()
    {
        return minVersion;
    }

    /**
     * Highest accepted version.
     *
     * @return the highest version {@link #validate} accepts.
     */
    public int maxVersion()
    {
        return maxVersion;
    }

    /**
     * Reads blockLength from a header without wrapping a decoder; the caller has checked the header fits.
     *
     * @param buffer holding the header.
     * @param offset of the header.
     * @return the header's blockLength.
     */
    public static int blockLength(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + BLOCK_LENGTH_OFFSET, LITTLE_ENDIAN) & MAX_UINT16;
    }

    /**
     * Reads templateId from a header without wrapping a decoder; the caller has checked the header fits.
     *
     * @param buffer holding the header.
     * @param offset of the header.
     * @return the header's templateId.
     */
    public static int templateId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + TEMPLATE_ID_OFFSET, LITTLE_ENDIAN) & MAX_UINT16;
    }

    /**
     * Reads schemaId from a header without wrapping a decoder; the caller has checked the header fits.
     *
     * @param buffer holding the header.
     * @param offset of the header.
     * @return the header's schemaId.
     */
    public static int schemaId(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + SCHEMA_ID_OFFSET, LITTLE_ENDIAN) & MAX_UINT16;
    }

    /**
     * Reads version from a header without wrapping a decoder; the caller has checked the header fits.
     *
     * @param buffer holding the header.
     * @param offset of the header.
     * @return the header's version.
     */
    public static int version(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + VERSION_OFFSET, LITTLE_ENDIAN) & MAX_UINT16;
    }

    private int minBlockLength(final int templateId)
    {
        return templateId < minBlockLengthByTemplateId.length ? minBlockLengthByTemplateId[templateId] : UNKNOWN;
    }
}
