package io.ringbook.journal;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.NoOpEngineListener;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.snapshot.EngineSnapshot;
import io.ringbook.engine.workload.Addressing;
import io.ringbook.engine.workload.RealisticMixWorkload;
import io.ringbook.engine.workload.Workload;
import io.ringbook.journal.snapshot.SnapshotStore;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.ExpandableDirectByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ranges start at the right command however the journal is laid out: many hourly cycles, two engine runs (the
 * second defining an instrument the first lacked, right after a snapshot), definitions in the middle of the
 * stream. {@code restoreTo} from snapshots gives the state {@code replayTo} does at every sequence tried.
 */
class JournalSeekTest
{
    private static final int BENCHMARK_COMMANDS = 6_000;
    private static final int FIRST_RUN = 3_000;
    private static final int PER_CYCLE = 700;

    @TempDir
    Path dir;

    private final SetTimeProvider clock = new SetTimeProvider(TimeUnit.DAYS.toNanos(20_000));
    private List<EngineCommand> commands;
    private final Map<Long, Long> hashes = new HashMap<>();
    private Workload workload;
    private long last;
    private final Random batches = new Random(11);
    private final Random random = new Random(12);

    @BeforeEach
    void writeTwoRuns()
    {
        workload = RealisticMixWorkload.generate(3, BENCHMARK_COMMANDS, 3, 10_000, 300, Addressing.ORDER_ID);
        commands = JournalRoundTripTest.stamped(workload);
        last = commands.size();
        final List<Instrument> all = workload.instruments();
        final SnapshotStore snapshots = new SnapshotStore(dir.resolve(JournalLayout.SNAPSHOTS_DIR), 100, line -> { });
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1 << 16);
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, new NoOpEngineListener());
        for (final Instrument instrument : all.subList(0, 2))
        {
            engine.addInstrument(instrument);
        }
        // Run 1: two instruments (orders for the third are rejected), cycles of PER_CYCLE commands.
        run(engine, all.subList(0, 2), 1, FIRST_RUN, snapshots, buffer);
        // Run 2: all three; a snapshot was taken at the last command of run 1.
        engine.addInstrument(all.get(2));
        run(engine, all, FIRST_RUN + 1, commands.size(), snapshots, buffer);
    }

    private void run(
        final MatchingEngine engine, final List<Instrument> instruments, final int from, final int to,
        final SnapshotStore snapshots, final ExpandableDirectByteBuffer buffer)
    {
        try (JournalWriter writer = JournalWriter.open(new JournalConfig().dir(dir).rollCycle(RollCycles.FAST_HOURLY)
            .timeProvider(clock)))
        {
            assertEquals(from - 1, writer.lastCommandSequence());
            assertTrue(writer.defineInstruments(instruments));
            // As the engine writes: commands and event records staged, several per excerpt, flushed at the end of
            // each "ring batch", whose sizes here are random, some above what one excerpt holds.
            engine.listener(writer.batchedEventWriter());
            int batchLeft = 0;
            for (int sequence = from; sequence <= to; sequence++)
            {
                if (sequence % PER_CYCLE == 0)
                {
                    clock.advanceMillis(TimeUnit.HOURS.toMillis(1));
                }
                if (batchLeft == 0)
                {
                    batchLeft = 1 + batches.nextInt(random.nextBoolean() ? 4 : JournalWriter.COMMANDS_PER_EXCERPT + 50);
                }
                final EngineCommand command = commands.get(sequence - 1);
                assertTrue(writer.stageCommand(command, 0));
                final boolean endOfBatch = --batchLeft == 0 || sequence == to;
                if (endOfBatch)
                {
                    assertTrue(writer.flushCommands());
                }
                engine.process(command);
                hashes.put((long)sequence, engine.stateHash());
                if (endOfBatch)
                {
                    writer.flushEvents();
                }
                if (sequence == 1_000 || sequence == FIRST_RUN || sequence == 4_500)
                {
                    writer.flushEvents();
                    final int length = EngineSnapshot.write(engine, sequence, 0, buffer, 0);
                    snapshots.write(sequence, buffer, 0, length);
                }
            }
            engine.listener(new NoOpEngineListener());
            assertEquals(0, writer.commandFailures() + writer.eventFailures());
        }
    }

    @Test
    void theJournalSpansManyCycles() throws IOException
    {
        try (Stream<Path> files = Files.list(dir.resolve(JournalLayout.COMMANDS_DIR)))
        {
            assertTrue(files.filter(f -> f.toString().endsWith(".cq4")).count() >= last / PER_CYCLE);
        }
    }

    @Test
    void everyRangeStartsAtItsFirstSequence()
    {
        final Random random = new Random(5);
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(1, reader.firstSequence());
            assertEquals(last, reader.lastSequence());
            final List<Long> starts = new ArrayList<>(List.of(1L, 2L, (long)PER_CYCLE - 1, (long)PER_CYCLE,
                (long)PER_CYCLE + 1, (long)FIRST_RUN, (long)FIRST_RUN + 1, last - 1, last));
            for (int i = 0; i < 40; i++)
            {
                starts.add(1L + random.nextInt((int)last));
            }
            for (final long from : starts)
            {
                final long to = Math.min(last, from + 3);
                final List<Long> seen = new ArrayList<>();
                reader.forEachCommand(from, to, (command, sessionId) -> seen.add(command.sequence));
                final List<Long> events = new ArrayList<>();
                reader.forEachEventRecord(from, to, (sequence, buffer, offset, length) -> events.add(sequence));
                final List<Long> expected = new ArrayList<>();
                for (long sequence = from; sequence <= to; sequence++)
                {
                    expected.add(sequence);
                }
                assertEquals(expected, seen, "commands from " + from);
                assertEquals(expected, events, "event records from " + from);
                final EngineCommand journaled = commands.get((int)from - 1);
                reader.forEachCommand(from, from, (command, sessionId) ->
                    assertEquals(journaled.toString(), command.toString()));
            }
            assertEquals(workload.instruments().toString(), reader.instruments().toString());
        }
    }

    @Test
    void restoreFromSnapshotsEqualsAFullReplay()
    {
        final List<String> warnings = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dir))
        {
            for (final long at : new long[]{1, 999, 1_000, 1_001, FIRST_RUN, FIRST_RUN + 1, FIRST_RUN + 2, 4_499,
                4_500, 4_501, last})
            {
                final long hash = hashes.get(at);
                assertEquals(hash, reader.replayTo(at, FastOrderBook::new, new NoOpEngineListener()).stateHash(),
                    "replayTo " + at);
                assertEquals(hash, reader.restoreTo(at, FastOrderBook::new, new NoOpEngineListener(), warnings::add)
                    .stateHash(), "restoreTo " + at);
            }
            // Past the last snapshot, the instrument run 2 added is there: it came with the snapshot at 4500...
            assertEquals(3, reader.restoreTo(last, FastOrderBook::new, new NoOpEngineListener(), warnings::add)
                .instrumentIds().length);
            // ...and from the snapshot at the end of run 1, it came with the replay, ahead of run 2's commands.
            assertEquals(3, reader.restoreTo(FIRST_RUN + 1, FastOrderBook::new, new NoOpEngineListener(),
                warnings::add).instrumentIds().length);
        }
        assertEquals(List.of(), warnings);
    }
}
