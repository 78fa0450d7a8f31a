package io.ringbook.engine;

import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.book.ReferenceOrderBook;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A million seeded random commands through the reference and the fast book: the same events, field by field, for
 * every command, and the same state hash throughout.
 */
class DifferentialTest
{
    private static final int COMMANDS = 1_000_000;
    private static final long SEED = 20261123L;

    @Test
    void fastBookMatchesReferenceBookOnAMillionRandomCommands()
    {
        final DigestListener referenceOut = new DigestListener();
        final DigestListener fastOut = new DigestListener();
        final MatchingEngine reference = newEngine(ReferenceOrderBook::new, referenceOut);
        final MatchingEngine fast = newEngine(instrument -> new FastOrderBook(instrument, 64), fastOut);
        final RandomCommands random = new RandomCommands(SEED);
        final AcceptedTracker tracker = new AcceptedTracker(random);
        final EngineCommand command = new EngineCommand();
        final long[] counts = new long[9];

        for (int i = 1; i <= COMMANDS; i++)
        {
            random.next(command);
            command.sequence = i;
            referenceOut.reset();
            fastOut.reset();
            reference.process(command);
            fast.process(command);
            if (!referenceOut.sameAs(fastOut))
            {
                fail("events differ at command " + i + ": " + command + "\n" + explain(i));
            }
            tracker.scan(referenceOut, counts);
            if (i % 50_000 == 0)
            {
                assertEquals(reference.stateHash(), fast.stateHash(), "state hash differs after command " + i);
                validate(fast);
            }
        }
        assertEquals(reference.stateHash(), fast.stateHash());
        validate(fast);

        // The run must actually exercise what it claims to: plenty of each kind of event.
        assertTrue(counts[1] > 200_000, () -> "accepted " + counts[1]);
        assertTrue(counts[2] > 50_000, () -> "rejected " + counts[2]);
        assertTrue(counts[3] > 100_000, () -> "trades " + counts[3]);
        assertTrue(counts[4] > 100_000, () -> "cancelled " + counts[4]);
        assertTrue(counts[5] > 50_000, () -> "replaced " + counts[5]);
        assertTrue(tracker.selfTradeCancels > 1_000, () -> "self-trade cancels " + tracker.selfTradeCancels);
        assertTrue(tracker.rejectReasons.size() >= 12, () -> "reject reasons seen " + tracker.rejectReasons);
    }

    private static MatchingEngine newEngine(
        final java.util.function.Function<Instrument, OrderBook> factory, final EngineListener listener)
    {
        final MatchingEngine engine = new MatchingEngine(factory, listener, 1 << 10);
        for (final Instrument instrument : RandomCommands.INSTRUMENTS)
        {
            engine.addInstrument(instrument);
        }
        return engine;
    }

    private static void validate(final MatchingEngine fast)
    {
        for (final int id : fast.instrumentIds())
        {
            ((FastOrderBook)fast.book(id)).validateInternalState();
        }
    }

    /**
     * Replay up to the failing command with readable listeners and show both event lists for it.
     */
    private static String explain(final int failing)
    {
        final RecordingListener referenceText = new RecordingListener();
        final RecordingListener fastText = new RecordingListener();
        final MatchingEngine reference = newEngine(ReferenceOrderBook::new, referenceText);
        final MatchingEngine fast = newEngine(FastOrderBook::new, fastText);
        final RandomCommands random = new RandomCommands(SEED);
        final DigestListener digest = new DigestListener();
        final MatchingEngine tracking = newEngine(ReferenceOrderBook::new, digest);
        final AcceptedTracker tracker = new AcceptedTracker(random);
        final EngineCommand command = new EngineCommand();
        for (int i = 1; i <= failing; i++)
        {
            random.next(command);
            command.sequence = i;
            referenceText.events.clear();
            fastText.events.clear();
            digest.reset();
            reference.process(command);
            fast.process(command);
            tracking.process(command);
            tracker.scan(digest, new long[9]);
        }
        final List<String> lines = new ArrayList<>();
        lines.add("reference:");
        lines.addAll(referenceText.events);
        lines.add("fast:");
        lines.addAll(fastText.events);
        return String.join("\n", lines);
    }

    /**
     * Feeds accepted orders back to the generator and counts events, reading the digest.
     */
    private static final class AcceptedTracker
    {
        final RandomCommands random;
        final java.util.Set<Long> rejectReasons = new java.util.TreeSet<>();
        long selfTradeCancels;

        AcceptedTracker(final RandomCommands random)
        {
            this.random = random;
        }

        void scan(final DigestListener digest, final long[] counts)
        {
            final long[] v = digest.values;
            int i = 0;
            while (i < digest.size)
            {
                final int type = (int)v[i];
                counts[type]++;
                switch (type)
                {
                    case 1:
                        random.remember((int)v[i + 2], v[i + 4], v[i + 5], v[i + 3]);
                        i += 11;
                        break;
                    case 2:
                        rejectReasons.add(v[i + 7]);
                        i += 8;
                        break;
                    case 3:
                        i += 16;
                        break;
                    case 4:
                        if (v[i + 10] == CancelReason.SELF_TRADE.ordinal())
                        {
                            selfTradeCancels++;
                        }
                        i += 11;
                        break;
                    case 5:
                        i += 11;
                        break;
                    case 6:
                        i += 9;
                        break;
                    case 7:
                        i += 8;
                        break;
                    case 8:
                        i += 2;
                        break;
                    default:
                        throw new IllegalStateException("bad digest at " + i);
                }
            }
        }
    }
}
