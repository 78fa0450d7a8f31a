package io.ringbook.feed.client;

/**
 * Why an instrument left LIVE; given to {@link FeedListener#onStale(int, StaleReason)}.
 */
public enum StaleReason
{
    /**
     * The incremental stream sequence jumped: packets were lost, for unknown instruments.
     */
    STREAM_GAP,

    /**
     * The instrument's rptSeq jumped: its own updates were lost.
     */
    RPT_SEQ_GAP,

    /**
     * A malformed incremental packet was dropped, which counts as a stream gap.
     */
    MALFORMED_PACKET,

    /**
     * The incremental image went away (publisher gone, or this subscriber fell behind and was dropped).
     */
    IMAGE_LOST,

    /**
     * The engine restarted ({@code ChannelReset}): every book is dropped.
     */
    RESET,

    /**
     * An update did not fit the book (a New for an existing level, a Change or Delete for a missing one).
     */
    INCONSISTENT
}
