package io.ringbook.engine.mbo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays a LOBSTER message file and compares the book after every event with the order-book file's row for that
 * event, under two windowing rules that say which levels a replay can know. Both seed the book from row 0 with
 * message 0 undone and apply cancels and executions of unknown orders as reductions of the level's total.
 * <p>
 * A level-N file has messages only for events inside the top N levels at the time; deeper orders exist without
 * messages and surface in the reference when the book thins. So neither rule may look below what the data can
 * support:
 * <ul>
 *     <li><b>Proven region</b> (never reads the reference after the seed): per side, a bound such that every
 *     price at or better than it holds exactly what the replay says. It starts at row 0's deepest level (or
 *     covers the whole side when row 0 shows fewer than N levels). All events at or better than the bound are
 *     messaged as long as the bound is no deeper than the true N-th level; when the replay's own proven region
 *     holds N or more levels, its N-th level is the true N-th level and the bound moves up to it. The bound
 *     only narrows, so a shrinking book leaves little to compare: a cumulative check of the replay alone.</li>
 *     <li><b>Reference window</b> (the data README's rule): after event k compare the levels inside the price
 *     range that row k-1 showed (to its N-th level, or the whole side when it showed fewer). Those are exactly
 *     the prices where event k would have been messaged, so the replay must get them right. Levels that row k
 *     shows outside row k-1's range surfaced without a message: the replay takes their totals from row k, and
 *     drops its own levels there that row k does not show (orders that left while they were deeper than N).
 *     Levels already inside the previous window are never taken from the reference, so every event's effect on
 *     every visible level is checked.</li>
 * </ul>
 */
final class LobsterReferenceReplay
{
    static final class Result
    {
        long events;
        long provenLevelsCompared;
        long provenRowsCompared;
        long provenMismatches;
        long windowLevelsCompared;
        long windowRowsCompared;
        long windowMismatches;
        long windowLevelsTakenFromReference;
        long unknownOrderReductions;
        final List<String> mismatches = new ArrayList<>();

        public String toString()
        {
            return "events " + events + ", proven region: " + provenLevelsCompared + " levels in " +
                provenRowsCompared + " rows compared, " + provenMismatches + " mismatches; reference window: " +
                windowLevelsCompared + " levels in " + windowRowsCompared + " rows compared, " + windowMismatches +
                " mismatches, " + windowLevelsTakenFromReference + " surfaced levels taken from the reference; " +
                "unknown-order reductions " + unknownOrderReductions;
        }
    }

    private static final Side[] SIDES = { Side.BID, Side.ASK };

    private LobsterReferenceReplay()
    {
    }

    static Result run(final Path messages, final Path orderbook) throws IOException
    {
        final Result result = new Result();
        try (LobsterMessageReader messageReader = LobsterMessageReader.open(messages);
            LobsterOrderbookReader rows = LobsterOrderbookReader.open(orderbook))
        {
            final LobsterMessage m = new LobsterMessage();
            if (!messageReader.next(m) || !rows.next())
            {
                throw new AssertionError("empty LOBSTER files");
            }
            final int n = rows.levels();
            final MarketByOrderBook proven = new MarketByOrderBook();
            final MarketByOrderBook windowed = new MarketByOrderBook();
            rows.seed(proven, m);
            rows.seed(windowed, m);

            final long[] provenBound = new long[2];
            final boolean[] provenAll = new boolean[2];
            final long[] windowBound = new long[2];
            final boolean[] windowAll = new boolean[2];
            final long[] scratch = new long[64];

            long k = 0;
            while (true)
            {
                result.events++;
                if (MarketByOrderBook.UNKNOWN_ORDER_LEVEL_REDUCED == m.applyTo(proven))
                {
                    result.unknownOrderReductions++;
                }
                m.applyTo(windowed);

                boolean provenRow = false;
                boolean windowRow = false;
                for (final Side side : SIDES)
                {
                    final int s = side.ordinal();
                    final int refCount = rows.levelCount(side);
                    if (k == 0)
                    {
                        provenAll[s] = refCount < n;
                        provenBound[s] = refCount == 0 ? 0 : rows.price(side, refCount - 1);
                        windowAll[s] = provenAll[s];
                        windowBound[s] = provenBound[s];
                    }

                    // Proven region: narrow to the replay's own N-th level, then compare inside it.
                    int inRegion = countInside(proven, side, provenAll[s], provenBound[s], Integer.MAX_VALUE);
                    if (inRegion >= n)
                    {
                        provenAll[s] = false;
                        provenBound[s] = proven.levelPrice(side, n - 1);
                        inRegion = n;
                    }
                    final int compared = compare(result, "proven region", k, m, side, proven, rows,
                        provenAll[s], provenBound[s], inRegion);
                    if (compared < 0)
                    {
                        result.provenMismatches++;
                    }
                    else if (compared > 0)
                    {
                        result.provenLevelsCompared += compared;
                        provenRow = true;
                    }

                    // Reference window: compare inside row k-1's range (row 0's own range for message 0).
                    final int ours = countInside(windowed, side, windowAll[s], windowBound[s], n);
                    final int windowCompared = compare(result, "reference window", k, m, side, windowed, rows,
                        windowAll[s], windowBound[s], ours);
                    if (windowCompared < 0)
                    {
                        result.windowMismatches++;
                    }
                    else if (windowCompared > 0)
                    {
                        result.windowLevelsCompared += windowCompared;
                        windowRow = true;
                    }
                    result.windowLevelsTakenFromReference += takeSurfacedLevels(windowed, side, rows, n,
                        windowAll[s], windowBound[s], scratch);
                    windowAll[s] = refCount < n;
                    windowBound[s] = refCount == 0 ? 0 : rows.price(side, refCount - 1);
                }
                if (provenRow)
                {
                    result.provenRowsCompared++;
                }
                if (windowRow)
                {
                    result.windowRowsCompared++;
                }

                final boolean moreMessages = messageReader.next(m);
                final boolean moreRows = rows.next();
                if (moreMessages != moreRows)
                {
                    throw new AssertionError("message and order-book files differ in length at event " + (k + 1));
                }
                if (!moreMessages)
                {
                    break;
                }
                k++;
            }
            final String invariants = proven.checkInvariants();
            if (invariants != null || windowed.checkInvariants() != null)
            {
                throw new AssertionError("book invariants broken: " + invariants + " / " +
                    windowed.checkInvariants());
            }
        }
        return result;
    }

    private static boolean inside(final Side side, final long price, final boolean all, final long bound)
    {
        return all || (side == Side.BID ? price >= bound : price <= bound);
    }

    private static int countInside(
        final MarketByOrderBook book, final Side side, final boolean all, final long bound, final int max)
    {
        final int levels = book.levelCount(side);
        int count = 0;
        while (count < levels && count < max && inside(side, book.levelPrice(side, count), all, bound))
        {
            count++;
        }
        return count;
    }

    /**
     * Compares the reference row's levels inside the window with the first {@code ours} levels of the book.
     *
     * @return levels compared, or -1 on a mismatch.
     */
    private static int compare(
        final Result result,
        final String rule,
        final long k,
        final LobsterMessage m,
        final Side side,
        final MarketByOrderBook book,
        final LobsterOrderbookReader rows,
        final boolean all,
        final long bound,
        final int ours)
    {
        final int refCount = rows.levelCount(side);
        int reference = 0;
        while (reference < refCount && inside(side, rows.price(side, reference), all, bound))
        {
            reference++;
        }
        boolean equal = reference == ours;
        for (int level = 0; equal && level < reference; level++)
        {
            equal = rows.price(side, level) == book.levelPrice(side, level) &&
                rows.size(side, level) == book.levelSize(side, level);
        }
        if (equal)
        {
            return reference;
        }
        if (result.mismatches.size() < 10)
        {
            final StringBuilder text = new StringBuilder()
                .append(rule).append(": row ").append(k).append(' ').append(side).append(" after ").append(m)
                .append("\n  reference:");
            for (int level = 0; level < reference; level++)
            {
                text.append(' ').append(rows.price(side, level)).append('x').append(rows.size(side, level));
            }
            text.append("\n  replay:   ");
            for (int level = 0; level < ours; level++)
            {
                text.append(' ').append(book.levelPrice(side, level)).append('x').append(book.levelSize(side, level));
            }
            result.mismatches.add(text.toString());
        }
        return -1;
    }

    /**
     * Makes the book agree with the row outside the previous window: levels the row shows there surfaced without
     * a message, and book levels there that the row does not show (within its range) left without one.
     *
     * @return the number of levels changed.
     */
    private static int takeSurfacedLevels(
        final MarketByOrderBook book,
        final Side side,
        final LobsterOrderbookReader rows,
        final int n,
        final boolean previousAll,
        final long previousBound,
        final long[] scratch)
    {
        if (previousAll)
        {
            return 0;
        }
        final int refCount = rows.levelCount(side);
        final boolean rowAll = refCount < n;
        final long rowBound = refCount == 0 ? 0 : rows.price(side, refCount - 1);
        int changed = 0;

        int stale;
        do
        {
            stale = 0;
            for (int level = 0, levels = book.levelCount(side); level < levels && stale < scratch.length; level++)
            {
                final long price = book.levelPrice(side, level);
                if (!inside(side, price, false, previousBound) && inside(side, price, rowAll, rowBound) &&
                    !shownByRow(rows, side, refCount, price))
                {
                    scratch[stale++] = price;
                }
            }
            for (int i = 0; i < stale; i++)
            {
                book.reduceLevel(side, scratch[i], book.sizeAtPrice(side, scratch[i]));
                changed++;
            }
        }
        while (stale == scratch.length);

        for (int level = 0; level < refCount; level++)
        {
            final long price = rows.price(side, level);
            if (inside(side, price, false, previousBound))
            {
                continue;
            }
            final long delta = rows.size(side, level) - book.sizeAtPrice(side, price);
            if (delta > 0)
            {
                book.addAnonymous(side, price, delta);
                changed++;
            }
            else if (delta < 0)
            {
                book.reduceLevel(side, price, -delta);
                changed++;
            }
        }
        return changed;
    }

    private static boolean shownByRow(final LobsterOrderbookReader rows, final Side side, final int count,
        final long price)
    {
        for (int level = 0; level < count; level++)
        {
            if (rows.price(side, level) == price)
            {
                return true;
            }
        }
        return false;
    }
}
