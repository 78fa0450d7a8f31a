package io.ringbook.journal;

import io.ringbook.codecs.journal.CommandDecoder;
import io.ringbook.codecs.journal.EventBatchDecoder;
import io.ringbook.codecs.journal.MessageHeaderDecoder;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.ExpandableDirectByteBuffer;

/**
 * Names of the journal's directories and the few byte-level facts reader and writer share.
 */
public final class JournalLayout
{
    /** Queue of instrument definitions and sequenced commands. */
    public static final String COMMANDS_DIR = "commands";
    /** Queue of event records, one per command, one or more per excerpt. */
    public static final String EVENTS_DIR = "events";
    /** State snapshots: written by {@link JournalStorage}, read by {@link JournalReader#restoreTo}. */
    public static final String SNAPSHOTS_DIR = "snapshots";
    /** Chronicle Queue cycle files end with this. */
    public static final String CYCLE_FILE_SUFFIX = ".cq4";

    /**
     * Both {@code Command} and {@code EventBatch} have the sequence as their first field, so the sequence of any
     * excerpt that starts with one of them is at this offset, and a scan can read it without decoding.
     */
    static final int SEQUENCE_OFFSET = MessageHeaderDecoder.ENCODED_LENGTH;
    /** Offset of the template id in the message header. */
    static final int TEMPLATE_ID_OFFSET = 2;
    /** Offset of the schema id in the message header. */
    static final int SCHEMA_ID_OFFSET = 4;

    static
    {
        if (CommandDecoder.sequenceEncodingOffset() != 0 || EventBatchDecoder.sequenceEncodingOffset() != 0)
        {
            throw new ExceptionInInitializerError("journal schema: sequence must be the first field");
        }
    }

    private JournalLayout()
    {
    }

    /**
     * @return the template id of a journal message at the excerpt's read position, or -1 for anything else.
     */
    static int templateId(final Bytes<?> bytes)
    {
        final long start = bytes.readPosition();
        if (bytes.readRemaining() < MessageHeaderDecoder.ENCODED_LENGTH ||
            bytes.readUnsignedShort(start + SCHEMA_ID_OFFSET) != MessageHeaderDecoder.SCHEMA_ID)
        {
            return -1;
        }
        return bytes.readUnsignedShort(start + TEMPLATE_ID_OFFSET);
    }

    /**
     * @return the sequence of the {@code Command} or {@code EventBatch} at the excerpt's read position.
     */
    static long sequence(final Bytes<?> bytes)
    {
        return bytes.readLong(bytes.readPosition() + SEQUENCE_OFFSET);
    }

    /**
     * @return the sequence of the last message of the template in the excerpt, walking its messages: a
     *         {@code Command} is its header and block; an event record is as long as its {@code recordLength}
     *         (a version 0 record, without one, fills the excerpt).
     */
    private static long lastSequenceIn(final Bytes<?> bytes, final int templateId)
    {
        final long limit = bytes.readLimit();
        long position = bytes.readPosition();
        long sequence = 0;
        while (limit - position >= MessageHeaderDecoder.ENCODED_LENGTH + Long.BYTES &&
            bytes.readUnsignedShort(position + SCHEMA_ID_OFFSET) == MessageHeaderDecoder.SCHEMA_ID &&
            bytes.readUnsignedShort(position + TEMPLATE_ID_OFFSET) == templateId)
        {
            sequence = bytes.readLong(position + SEQUENCE_OFFSET);
            final int blockLength = bytes.readUnsignedShort(position);
            long length = MessageHeaderDecoder.ENCODED_LENGTH + blockLength;
            if (EventBatchDecoder.TEMPLATE_ID == templateId)
            {
                length = blockLength >= EventBatchDecoder.BLOCK_LENGTH ?
                    bytes.readUnsignedInt(position + SEQUENCE_OFFSET + EventBatchDecoder.recordLengthEncodingOffset()) :
                    limit - position;
            }
            if (length <= 0)
            {
                break;
            }
            position += length;
        }
        return sequence;
    }

    /**
     * Copies the excerpt into the buffer (grown when too small) and returns its length. Copying rather than
     * wrapping Chronicle's memory keeps a decoder safe from the mapping moving under it.
     */
    static int copy(final Bytes<?> bytes, final ExpandableDirectByteBuffer buffer)
    {
        final int length = (int)bytes.readRemaining();
        if (length > buffer.capacity())
        {
            buffer.checkLimit(length);
        }
        bytes.unsafeRead(buffer.addressOffset(), length);
        return length;
    }

    /**
     * Reads backward from the end for the last excerpt that starts with this template and returns the sequence of
     * the last message of the template in it (an excerpt holds one or more {@code Command} messages, or one or more
     * event records).
     *
     * @return the sequence, or 0 when the queue has none.
     */
    static long lastSequence(final ExcerptTailer tailer, final int templateId)
    {
        tailer.direction(TailerDirection.BACKWARD).toEnd();
        try
        {
            while (true)
            {
                try (DocumentContext dc = tailer.readingDocument())
                {
                    if (!dc.isPresent())
                    {
                        return 0;
                    }
                    if (dc.isData())
                    {
                        final Bytes<?> bytes = dc.wire().bytes();
                        if (templateId(bytes) == templateId)
                        {
                            return lastSequenceIn(bytes, templateId);
                        }
                    }
                }
            }
        }
        finally
        {
            tailer.direction(TailerDirection.FORWARD);
        }
    }
}
