package io.ringbook.codecs;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;
import org.agrona.sbe.MessageEncoderFlyweight;

import static io.ringbook.codecs.MessageHeaderValidator.HEADER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Encode-then-decode plumbing shared by the round-trip tests of both schemas.
 * <p>
 * Messages are encoded at a non-zero offset (code that assumes offset 0 fails), validated there, then copied into
 * a buffer of exactly the message's length and decoded from it, so a decoder that reads past the end of its
 * message trips Agrona's bounds checks.
 */
final class SbeTestFrames
{
    static final int OFFSET = 24;

    final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final MessageHeaderValidator validator;

    SbeTestFrames(final MessageHeaderValidator validator)
    {
        this.validator = validator;
    }

    /**
     * The buffer to encode into, scrubbed so stale bytes from an earlier message cannot make a test pass.
     */
    MutableDirectBuffer cleanBuffer()
    {
        buffer.setMemory(0, buffer.capacity(), (byte)0x5A);
        return buffer;
    }

    /**
     * Validates the message just encoded at {@link #OFFSET} and returns an exact-length copy of it.
     */
    DirectBuffer frame(final MessageEncoderFlyweight encoder)
    {
        final int length = HEADER_LENGTH + encoder.encodedLength();
        assertEquals(FrameCheckResult.OK, validator.validate(buffer, OFFSET, length),
            () -> validator.describe(buffer, OFFSET, length));
        assertEquals(encoder.sbeTemplateId(), MessageHeaderValidator.templateId(buffer, OFFSET));
        assertEquals(encoder.sbeBlockLength(), MessageHeaderValidator.blockLength(buffer, OFFSET));
        assertEquals(encoder.sbeSchemaId(), MessageHeaderValidator.schemaId(buffer, OFFSET));
        assertEquals(encoder.sbeSchemaVersion(), MessageHeaderValidator.version(buffer, OFFSET));

        final byte[] bytes = new byte[length];
        buffer.getBytes(OFFSET, bytes);
        final UnsafeBuffer message = new UnsafeBuffer(bytes);
        assertEquals(FrameCheckResult.OK, validator.validate(message, 0, length));
        return message;
    }

    /**
     * Wraps the decoder over a framed message the way an adapter does: from the header's block length and version.
     */
    static <D extends MessageDecoderFlyweight> D decode(final D decoder, final DirectBuffer message)
    {
        assertEquals(decoder.sbeTemplateId(), MessageHeaderValidator.templateId(message, 0));
        decoder.wrap(
            message,
            HEADER_LENGTH,
            MessageHeaderValidator.blockLength(message, 0),
            MessageHeaderValidator.version(message, 0));
        return decoder;
    }

    /**
     * Call after reading every field, group and var data: the decoder must have consumed the message exactly.
     */
    static void assertFullyDecoded(final MessageDecoderFlyweight decoder, final DirectBuffer message)
    {
        assertEquals(message.capacity(), HEADER_LENGTH + decoder.encodedLength(), "decoded length");
    }
}
