package io.ringbook.codecs;

/**
 * The records of the engine's market-data transfer ring (an Agrona {@code OneToOneRingBuffer}): the matcher's
 * recorder writes them, the feed publisher reads them. See {@code docs/market-data.md}, "Inside the engine".
 * All fields little-endian; the SBE messages that follow carry their own 8-byte message headers (schema 2).
 */
public final class MarketDataTransfer
{
    /**
     * One engine event: {@code engineSequence} int64, {@code transactTimeNs} int64, {@code messageCount} int32,
     * then that many market-data messages, as in an incremental event packet.
     */
    public static final int EVENT = 1;
    /**
     * The whole book of one instrument, replacing the publisher's copy: {@code engineSequence} int64, then an
     * {@code InstrumentDefinition} message and a {@code BookSnapshot} message (one chunk, orders included).
     */
    public static final int BOOK = 2;
    /** A new engine run: {@code engineSequence} int64 (the last recovered); the publisher sends a ChannelReset. */
    public static final int RESET = 3;

    /** Offset of the engine sequence in every record. */
    public static final int ENGINE_SEQUENCE_OFFSET = 0;
    /** Offset of the transact time in an {@link #EVENT} record. */
    public static final int TRANSACT_TIME_OFFSET = 8;
    /** Offset of the message count in an {@link #EVENT} record. */
    public static final int MESSAGE_COUNT_OFFSET = 16;
    /** Where the messages of an {@link #EVENT} record start. */
    public static final int EVENT_MESSAGES_OFFSET = 20;
    /** Where the messages of a {@link #BOOK} record start. */
    public static final int BOOK_MESSAGES_OFFSET = 8;
    /** Length of a {@link #RESET} record. */
    public static final int RESET_LENGTH = 8;

    private MarketDataTransfer()
    {
    }
}
