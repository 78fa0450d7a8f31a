package io.ringbook.journal;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.NoOpEngineListener;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.book.ReferenceOrderBook;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Re-runs every journaled command through a fresh engine (fast book), re-encodes each command's events with
 * {@link EventEncoder} and compares the bytes with the journaled event record; then compares the final state hash
 * with a replay on the reference book. Deterministic matching means the two must be identical: a difference is a
 * bug in the engine, a changed engine reading an old journal, or a damaged journal.
 * <p>
 * The reader visits commands and event records separately, so each chunk of sequences has its journaled records
 * copied into one reused buffer first, then its commands are re-run and checked against them. Steady state allocates
 * nothing; memory is bounded by the chunk.
 */
public final class JournalVerifier
{
    /** Sequences per chunk. */
    public static final int DEFAULT_CHUNK = 1 << 16;

    private final JournalReader reader;
    private final int chunk;
    private final ExpandableArrayBuffer journaled = new ExpandableArrayBuffer(1 << 20);
    private final long[] recordSequences;
    private final int[] recordOffsets;
    private final int[] recordLengths;
    private final MatchingEngine engine;
    private final EventEncoder encoder;
    private final EngineCommand current = new EngineCommand();
    private int records;
    private int bytes;
    private int nextRecord;
    private long lastEventSequence;
    private long commands;
    private long checkedRecords;
    private long withoutRecord;
    private Divergence divergence;

    public JournalVerifier(final JournalReader reader)
    {
        this(reader, DEFAULT_CHUNK);
    }

    public JournalVerifier(final JournalReader reader, final int chunk)
    {
        this.reader = reader;
        this.chunk = chunk;
        this.recordSequences = new long[chunk];
        this.recordOffsets = new int[chunk];
        this.recordLengths = new int[chunk];
        this.encoder = new EventEncoder(this::check);
        this.engine = new MatchingEngine(FastOrderBook::new, encoder);
        for (final Instrument instrument : reader.instruments())
        {
            engine.addInstrument(instrument);
        }
    }

    /**
     * @return commands verified so far (for a progress line: another thread may read it while {@link #verify} runs).
     */
    public long commandsVerified()
    {
        return commands;
    }

    /**
     * Verify every command from the first to the last journaled one.
     *
     * @param reference also replay on the reference book and compare the state hash.
     * @return what was found.
     */
    public Result verify(final boolean reference)
    {
        final long first = reader.firstSequence();
        final long last = reader.lastSequence();
        lastEventSequence = reader.lastEventSequence();
        final Result result = new Result();
        if (last != 0)
        {
            for (long start = first; start <= last && divergence == null; start += chunk)
            {
                final long end = Math.min(last, start + chunk - 1);
                verifyChunk(start, end);
            }
        }
        result.commands = commands;
        result.eventRecords = checkedRecords;
        result.commandsWithoutRecord = withoutRecord;
        result.lastEventSequence = lastEventSequence;
        result.divergence = divergence;
        result.stateHash = engine.stateHash();
        result.referenceStateHash = result.stateHash;
        if (divergence == null && reference)
        {
            result.referenceStateHash =
                reader.replayTo(last, ReferenceOrderBook::new, new NoOpEngineListener()).stateHash();
        }
        result.referenceChecked = divergence == null && reference;
        return result;
    }

    /**
     * @return the engine after the commands verified so far.
     */
    public MatchingEngine engine()
    {
        return engine;
    }

    private void verifyChunk(final long start, final long end)
    {
        records = 0;
        bytes = 0;
        nextRecord = 0;
        reader.forEachEventRecord(start, end, this::keep);
        reader.forEachCommand(start, end, (command, sessionId) ->
        {
            if (divergence == null)
            {
                current.copyFrom(command);
                commands++;
                engine.process(current);
                if (divergence != null)
                {
                    divergence.sessionId = sessionId;
                }
            }
        });
        if (divergence == null && nextRecord < records)
        {
            divergence = new Divergence(recordSequences[nextRecord], null,
                "an event record without a journaled command", copy(nextRecord), null);
        }
    }

    private void keep(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (records == chunk)
        {
            throw new IllegalStateException("more event records than sequences in " + chunk + " at " + sequence);
        }
        journaled.putBytes(bytes, buffer, offset, length);
        recordSequences[records] = sequence;
        recordOffsets[records] = bytes;
        recordLengths[records] = length;
        records++;
        bytes += length;
    }

    /** The encoder's record for the command just processed. */
    private void check(final long sequence, final DirectBuffer buffer, final int offset, final int length)
    {
        if (nextRecord < records && recordSequences[nextRecord] < sequence)
        {
            divergence = new Divergence(recordSequences[nextRecord], null,
                "an event record without a journaled command", copy(nextRecord), null);
            return;
        }
        if (nextRecord >= records || recordSequences[nextRecord] != sequence)
        {
            if (sequence > lastEventSequence)
            {
                withoutRecord++; // journaled after the last event record: the engine stopped in between
                return;
            }
            divergence = new Divergence(sequence, current, "no event record journaled for this command", null,
                copy(buffer, offset, length));
            return;
        }
        final int at = recordOffsets[nextRecord];
        final int journaledLength = recordLengths[nextRecord];
        if (journaledLength != length || !equal(journaled, at, buffer, offset, length))
        {
            divergence = new Divergence(sequence, current, "events differ", copy(nextRecord),
                copy(buffer, offset, length));
            return;
        }
        nextRecord++;
        checkedRecords++;
    }

    private static boolean equal(
        final DirectBuffer a, final int aOffset, final DirectBuffer b, final int bOffset, final int length)
    {
        int i = 0;
        for (; i + 8 <= length; i += 8)
        {
            if (a.getLong(aOffset + i) != b.getLong(bOffset + i))
            {
                return false;
            }
        }
        for (; i < length; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    private byte[] copy(final int record)
    {
        final byte[] bytes = new byte[recordLengths[record]];
        journaled.getBytes(recordOffsets[record], bytes);
        return bytes;
    }

    private static byte[] copy(final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    /**
     * What a verification found.
     */
    public static final class Result
    {
        public long commands;
        public long eventRecords;
        /** Commands after the last event record, whose events were never journaled (not a divergence). */
        public long commandsWithoutRecord;
        public long lastEventSequence;
        public long stateHash;
        public long referenceStateHash;
        public boolean referenceChecked;
        /** The first divergence, or null. */
        public Divergence divergence;

        public boolean identical()
        {
            return divergence == null && stateHash == referenceStateHash;
        }
    }

    /**
     * The first place where journal and recomputation disagree.
     */
    public static final class Divergence
    {
        public final long sequence;
        /** A copy of the command, or null when the record has no command. */
        public final EngineCommand command;
        public long sessionId;
        public final String what;
        /** The journaled record, or null when there is none. */
        public final byte[] journaled;
        /** The recomputed record, or null when there is none. */
        public final byte[] recomputed;

        Divergence(
            final long sequence, final EngineCommand command, final String what, final byte[] journaled,
            final byte[] recomputed)
        {
            this.sequence = sequence;
            this.command = command == null ? null : new EngineCommand().copyFrom(command);
            this.what = what;
            this.journaled = journaled;
            this.recomputed = recomputed;
        }

        /**
         * @return the journaled record wrapped for decoding, or null.
         */
        public DirectBuffer journaledBuffer()
        {
            return journaled == null ? null : new UnsafeBuffer(journaled);
        }

        /**
         * @return the recomputed record wrapped for decoding, or null.
         */
        public DirectBuffer recomputedBuffer()
        {
            return recomputed == null ? null : new UnsafeBuffer(recomputed);
        }
    }
}
