package io.ringbook.journal;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.TeeListener;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.book.ReferenceOrderBook;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.RealisticMixWorkload;
import io.ringbook.engine.workload.Workload;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A seeded workload journaled live (command first, then its events from the engine) reads back as the same
 * instruments, commands and events, and replays to the same state at the end and at any sequence in between.
 */
class JournalRoundTripTest
{
    @TempDir
    Path dir;

    static Stream<Arguments> workloads()
    {
        return Stream.of(
            Arguments.of("exchange-core", ExchangeCoreWorkload.generate(7, 6_000)),
            Arguments.of("realistic-mix", RealisticMixWorkload.generate(11, 4_000, 4, 1_000, 200,
                io.ringbook.engine.workload.Addressing.ORDER_ID)));
    }

    /** Every command of the workload, stamped 1, 2, 3... with a synthetic time, as the sequencer would. */
    static List<EngineCommand> stamped(final Workload workload)
    {
        final List<EngineCommand> commands = new ArrayList<>();
        for (final EngineCommand[] phase : new EngineCommand[][]{ workload.fillCommands(),
            workload.benchmarkCommands() })
        {
            for (final EngineCommand command : phase)
            {
                final EngineCommand copy = new EngineCommand().copyFrom(command);
                copy.sequence = commands.size() + 1;
                copy.timestampNs = 1_700_000_000_000_000_000L + 1_000L * copy.sequence;
                commands.add(copy);
            }
        }
        return commands;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("workloads")
    void journalReadsBackAndReplaysToTheSameState(final String name, final Workload workload)
    {
        final List<EngineCommand> commands = stamped(workload);
        final int middle = commands.size() / 2;
        final RecordingListener live = new RecordingListener();
        final long liveHash;
        final long middleHash;
        try (JournalWriter writer = JournalWriter.open(new JournalConfig().dir(dir)))
        {
            assertEquals(0, writer.lastCommandSequence());
            assertTrue(writer.defineInstruments(workload.instruments()));
            final MatchingEngine engine = workload.newEngine(FastOrderBook::new, new TeeListener(writer.eventWriter(), live));
            long hash = 0;
            for (final EngineCommand command : commands)
            {
                assertTrue(writer.appendCommand(command, command.sequence % 5));
                engine.process(command);
                if (command.sequence == middle)
                {
                    hash = engine.stateHash();
                }
            }
            middleHash = hash;
            liveHash = engine.stateHash();
            assertFalse(writer.failed());
            assertEquals(0, writer.commandFailures() + writer.eventFailures());
        }
        final long last = commands.size();

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(workload.instruments().toString(), reader.instruments().toString());
            assertEquals(1, reader.firstSequence());
            assertEquals(last, reader.lastSequence());
            assertEquals(last, reader.lastEventSequence());

            assertEquals(liveHash, reader.replayTo(last, FastOrderBook::new, new RecordingListener()).stateHash());
            assertEquals(liveHash, reader.replayTo(Long.MAX_VALUE, ReferenceOrderBook::new,
                new RecordingListener()).stateHash());
            assertEquals(middleHash, reader.replayTo(middle, FastOrderBook::new, new RecordingListener()).stateHash());

            final RecordingListener replayed = new RecordingListener();
            assertEquals(last, reader.forEachEvent(1, last, replayed));
            assertEquals(live.events, replayed.events);

            final List<String> late = new ArrayList<>();
            final long from = last - 1536;
            assertEquals(11, reader.forEachCommand(from, from + 10,
                (command, sessionId) -> late.add(command + " session=" + sessionId)));
            final List<String> expected = new ArrayList<>();
            for (long sequence = from; sequence <= from + 10; sequence++)
            {
                expected.add(commands.get((int)sequence - 1) + " session=" + sequence % 5);
            }
            assertEquals(expected, late);

            final RecordingListener lateEvents = new RecordingListener();
            reader.forEachEvent(from, from + 10, lateEvents);
            final int start = live.events.indexOf("start " + commands.get((int)from - 1));
            final int end = live.events.indexOf("complete " + (from + 10));
            assertEquals(live.events.subList(start, end + 1), lateEvents.events);

            final List<byte[]> journaled = new ArrayList<>();
            assertEquals(last, reader.forEachEventRecord(0, Long.MAX_VALUE,
                (sequence, buffer, offset, length) -> journaled.add(bytes(buffer, offset, length))));
            final List<byte[]> reencoded = new ArrayList<>();
            reader.replayTo(last, FastOrderBook::new,
                new EventEncoder((sequence, buffer, offset, length) -> reencoded.add(bytes(buffer, offset, length))));
            assertEquals(journaled.size(), reencoded.size());
            for (int i = 0; i < journaled.size(); i++)
            {
                assertArrayEquals(journaled.get(i), reencoded.get(i), "record " + (i + 1));
            }
        }
    }

    static byte[] bytes(final org.agrona.DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }
}
