package io.ringbook.gateway;

import io.ringbook.feed.book.FeedBook;

/**
 * One client's subscription to one instrument: its depth and interval, and the view it was last sent (the top
 * {@code depth} levels per side): the next diff is the difference between that view and the book's top levels
 * then, so the client's state in the gateway is bounded by its depth, whatever the update rate.
 */
final class Subscription
{
    final ClientSession session;
    final InstrumentView view;
    int depth;
    long intervalNs;
    long nextDueNs;
    /** updateId of the last snapshot or diff sent (0: none yet). */
    long lastUpdateId;
    boolean needSnapshot = true;
    boolean staleSent;
    long tradeCursor;

    final long[][] prices = new long[2][];
    final long[][] quantities = new long[2][];
    final int[] counts = new int[2];

    Subscription(final ClientSession session, final InstrumentView view, final int depth, final long intervalNs)
    {
        this.session = session;
        this.view = view;
        configure(depth, intervalNs);
    }

    void configure(final int depth, final long intervalNs)
    {
        this.depth = depth;
        this.intervalNs = intervalNs;
        for (int side = FeedBook.BID; side <= FeedBook.ASK; side++)
        {
            prices[side] = new long[depth];
            quantities[side] = new long[depth];
            counts[side] = 0;
        }
        needSnapshot = true;
        nextDueNs = 0;
    }

    /**
     * Records the book's top levels as sent.
     */
    void remember(final FeedBook book)
    {
        for (int side = FeedBook.BID; side <= FeedBook.ASK; side++)
        {
            final int n = Math.min(depth, book.levels(side));
            for (int i = 0; i < n; i++)
            {
                prices[side][i] = book.price(side, i);
                quantities[side][i] = book.quantity(side, i);
            }
            counts[side] = n;
        }
    }
}
