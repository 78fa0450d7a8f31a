package io.ringbook.feed.client;

import io.ringbook.feed.book.FeedBook;

/**
 * What a {@link FeedHandler} tells its owner, on the thread that feeds it packets. Every method has an empty default,
 * so an implementation overrides only what it needs.
 * <p>
 * Books are shown only at event boundaries: {@link #onBookUpdated} comes after the packet with {@code EndOfEvent},
 * once per instrument the event changed, so a caller never sees a half-applied event. The {@link FeedBook} passed is
 * the handler's own: read it inside the callback (or copy it), do not keep it across callbacks for another thread.
 */
public interface FeedListener
{
    /**
     * An instrument became known, or its definition changed (symbol, tick, status...). Not called again for a
     * definition repeated unchanged on the snapshot loop.
     *
     * @param instrument the handler's record of the instrument, updated in place by later definitions.
     */
    default void onInstrument(final FeedInstrument instrument)
    {
    }

    /**
     * An engine event (or a recovery) changed the book of a LIVE instrument; the book is consistent.
     *
     * @param instrumentId the instrument.
     * @param book         its book, best levels first.
     */
    default void onBookUpdated(final int instrumentId, final FeedBook book)
    {
    }

    /**
     * A trade on a LIVE instrument, in feed order (before the {@link #onBookUpdated} of its event).
     *
     * @param aggressorSide {@link FeedBook#BID} when the taker bought, {@link FeedBook#ASK} when it sold.
     */
    default void onTrade(
        final int instrumentId,
        final long tradeId,
        final long price,
        final long quantity,
        final int aggressorSide,
        final long makerOrderId,
        final long takerOrderId,
        final long engineSequence)
    {
    }

    /**
     * The instrument left LIVE: its book is kept but no longer follows the market until {@link #onLive}.
     *
     * @param instrumentId the instrument.
     * @param reason       why.
     */
    default void onStale(final int instrumentId, final StaleReason reason)
    {
    }

    /**
     * The instrument (re)synchronised from a snapshot and is LIVE; {@link #onBookUpdated} follows at once.
     *
     * @param instrumentId the instrument.
     */
    default void onLive(final int instrumentId)
    {
    }

    /**
     * The engine restarted ({@code ChannelReset}): every book was emptied and every instrument is SYNCING. Comes
     * after the {@link #onStale} of the instruments that were LIVE.
     */
    default void onReset()
    {
    }

    /**
     * An engine event of the live incremental stream is complete (after its {@link #onBookUpdated} calls): for
     * latency, the engine's time of the command and the publisher's time of sending, both epoch nanoseconds.
     *
     * @param engineSequence the command the event belongs to.
     * @param transactTimeNs when the engine sequenced it.
     * @param sendingTimeNs  when the publisher sent its packet.
     */
    default void onEndOfEvent(final long engineSequence, final long transactTimeNs, final long sendingTimeNs)
    {
    }
}
