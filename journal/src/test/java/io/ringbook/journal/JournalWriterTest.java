package io.ringbook.journal;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sequences continue across runs, failures are counted and reported instead of thrown, retention keeps the newest
 * cycles and archives the rest, and a directory without a journal is refused clearly.
 */
class JournalWriterTest
{
    @TempDir
    Path dir;

    @TempDir
    Path archive;

    private long sequence;

    private EngineCommand order(final long timestampNs)
    {
        final EngineCommand command = new EngineCommand().newOrder(
            ExchangeCoreWorkload.INSTRUMENT.id(), 1 + sequence % 3, sequence + 1, (sequence & 1) == 0 ? Side.BUY :
                Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 100_000 + (sequence % 7) - 3, 10);
        command.sequence = ++sequence;
        command.timestampNs = timestampNs;
        return command;
    }

    private static MatchingEngine engine(final JournalWriter writer)
    {
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, writer.eventWriter());
        engine.addInstrument(ExchangeCoreWorkload.INSTRUMENT);
        return engine;
    }

    @Test
    void sequencesContinueAfterReopening()
    {
        try (JournalWriter writer = JournalWriter.open(new JournalConfig().dir(dir)))
        {
            writer.defineInstruments(List.of(ExchangeCoreWorkload.INSTRUMENT));
            final MatchingEngine engine = engine(writer);
            for (int i = 0; i < 100; i++)
            {
                final EngineCommand command = order(i);
                assertTrue(writer.appendCommand(command, 0));
                engine.process(command);
            }
            // journaled but never processed: the engine stopped between journal and match
            assertTrue(writer.appendCommand(order(100), 0));
        }
        try (JournalWriter writer = JournalWriter.open(new JournalConfig().dir(dir)))
        {
            assertEquals(101, writer.lastCommandSequence());
            assertEquals(100, writer.lastEventSequence());
            writer.defineInstruments(List.of(ExchangeCoreWorkload.INSTRUMENT));
            assertTrue(writer.appendCommand(order(101), 7));
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(List.of(ExchangeCoreWorkload.INSTRUMENT).toString(), reader.instruments().toString());
            assertEquals(1, reader.firstSequence());
            assertEquals(102, reader.lastSequence());
            assertEquals(100, reader.lastEventSequence());
            final List<Long> sessions = new ArrayList<>();
            assertEquals(102, reader.forEachCommand(0, Long.MAX_VALUE, (command, sessionId) -> sessions.add(sessionId)));
            assertEquals(7L, sessions.get(101));
            final RecordingListener events = new RecordingListener();
            assertEquals(0, reader.forEachEvent(101, 102, events));
            assertEquals(1, reader.forEachEvent(100, 102, events));
            assertTrue(events.events.get(0).startsWith("start EngineCommand{NEW_ORDER seq=100 "), events.events.get(0));
        }
    }

    @Test
    void aFailedAppendReturnsFalseCountsAndReportsOnce()
    {
        final List<Throwable> errors = new ArrayList<>();
        final JournalWriter writer = JournalWriter.open(new JournalConfig().dir(dir).errorHandler(errors::add));
        final MatchingEngine engine = engine(writer);
        final EngineCommand first = order(1);
        assertTrue(writer.appendCommand(first, 0));
        engine.process(first);
        writer.close();

        final EngineCommand second = order(2);
        assertFalse(writer.appendCommand(second, 0));
        assertFalse(writer.appendCommand(order(3), 0));
        engine.process(second);
        assertEquals(2, writer.commandFailures());
        assertEquals(1, writer.eventFailures());
        assertTrue(writer.failed());
        assertEquals(2, errors.size(), "one report per failing path: " + errors);
        writer.close();

        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(1, reader.lastSequence());
            assertEquals(1, reader.lastEventSequence());
        }
    }

    @Test
    void stagedCommandsAndEventsAreWrittenAtTheFlushAsOneExcerptAndReadBackOneByOne()
    {
        try (JournalWriter writer = JournalWriter.open(new JournalConfig().dir(dir)))
        {
            writer.defineInstruments(List.of(ExchangeCoreWorkload.INSTRUMENT));
            final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, writer.batchedEventWriter());
            engine.addInstrument(ExchangeCoreWorkload.INSTRUMENT);
            for (int i = 0; i < 10; i++)
            {
                final EngineCommand command = order(i);
                assertTrue(writer.stageCommand(command, i));
                engine.process(command);
            }
            try (JournalReader reader = JournalReader.open(dir))
            {
                assertEquals(0, reader.lastSequence(), "staged, not written");
                assertEquals(0, reader.forEachCommand(0, Long.MAX_VALUE, (command, sessionId) -> { }));
                assertTrue(writer.flushCommands());
                writer.flushEvents();
                assertEquals(10, reader.lastSequence());
            }
            try (JournalReader reader = JournalReader.open(dir))
            {
                assertEquals(10, reader.lastEventSequence());
                final List<String> read = new ArrayList<>();
                assertEquals(10, reader.forEachCommand(
                    0, Long.MAX_VALUE, (command, sessionId) -> read.add(command.sequence + "/" + sessionId)));
                assertEquals(List.of("1/0", "2/1", "3/2", "4/3", "5/4", "6/5", "7/6", "8/7", "9/8", "10/9"), read);
                final List<Long> records = new ArrayList<>();
                reader.forEachEventRecord(4, 6, (sequence, buffer, offset, length) -> records.add(sequence));
                assertEquals(List.of(4L, 5L, 6L), records);
            }
            // More than one excerpt holds: the writer flushes by itself at the limit.
            for (int i = 0; i < JournalWriter.COMMANDS_PER_EXCERPT; i++)
            {
                assertTrue(writer.stageCommand(order(i), 0));
            }
            try (JournalReader reader = JournalReader.open(dir))
            {
                assertEquals(10 + JournalWriter.COMMANDS_PER_EXCERPT, reader.lastSequence());
            }
            assertTrue(writer.stageCommand(order(0), 0));
        }
        // close flushed the last staged command
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(11 + JournalWriter.COMMANDS_PER_EXCERPT, reader.lastSequence());
        }
    }

    @Test
    void aFailedFlushCountsEveryStagedCommand()
    {
        final List<Throwable> errors = new ArrayList<>();
        final JournalWriter writer = JournalWriter.open(new JournalConfig().dir(dir).errorHandler(errors::add));
        writer.close();
        assertTrue(writer.stageCommand(order(1), 0), "staging does not write");
        assertTrue(writer.stageCommand(order(2), 0));
        assertFalse(writer.flushCommands());
        assertEquals(2, writer.commandFailures());
        assertEquals(1, errors.size());
    }

    @Test
    void aThrowingErrorHandlerDoesNotEscape()
    {
        final JournalWriter writer = JournalWriter.open(new JournalConfig().dir(dir).errorHandler((ex) ->
        {
            throw new IllegalStateException("handler broke");
        }));
        writer.close();
        assertFalse(writer.appendCommand(order(1), 0));
        writer.eventWriter().onCommandComplete(1);
        assertTrue(writer.failed());
    }

    @Test
    void retentionKeepsTheNewestCyclesAndArchivesTheRest() throws IOException
    {
        final SetTimeProvider clock = new SetTimeProvider(TimeUnit.HOURS.toNanos(24 * 20_000));
        final JournalConfig config = new JournalConfig().dir(dir).rollCycle(RollCycles.FAST_HOURLY)
            .timeProvider(clock).retentionCycles(2).archiveDir(archive);
        try (JournalWriter writer = JournalWriter.open(config))
        {
            final MatchingEngine engine = engine(writer);
            writer.defineInstruments(List.of(ExchangeCoreWorkload.INSTRUMENT));
            for (int hour = 0; hour < 5; hour++)
            {
                for (int i = 0; i < 10; i++)
                {
                    final EngineCommand command = order(clock.currentTimeNanos());
                    assertTrue(writer.appendCommand(command, 0));
                    engine.process(command);
                }
                clock.advanceMillis(TimeUnit.HOURS.toMillis(1));
            }
            assertEquals(5, cycleFiles(dir.resolve(JournalLayout.COMMANDS_DIR)));
            assertEquals(6, writer.applyRetention());
            assertEquals(0, writer.applyRetention());
            assertEquals(2, cycleFiles(dir.resolve(JournalLayout.COMMANDS_DIR)));
            assertEquals(2, cycleFiles(dir.resolve(JournalLayout.EVENTS_DIR)));
            assertEquals(3, cycleFiles(archive.resolve(JournalLayout.COMMANDS_DIR)));
            assertEquals(3, cycleFiles(archive.resolve(JournalLayout.EVENTS_DIR)));

            final EngineCommand command = order(clock.currentTimeNanos());
            assertTrue(writer.appendCommand(command, 0));
            engine.process(command);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            assertEquals(31, reader.firstSequence());
            assertEquals(51, reader.lastSequence());
            assertEquals(51, reader.lastEventSequence());
            assertEquals(21, reader.forEachCommand(0, Long.MAX_VALUE, (command, sessionId) -> { }));
            assertEquals(11, reader.forEachEvent(41, 100, new RecordingListener()));
        }
    }

    @Test
    void openingWhereThereIsNoJournalIsRefused() throws IOException
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> JournalReader.open(dir));
        assertTrue(ex.getMessage().contains("no journal"), ex.getMessage());
        Files.createDirectories(dir.resolve(JournalLayout.COMMANDS_DIR));
        assertThrows(IllegalArgumentException.class, () -> JournalReader.open(dir));
        assertThrows(IllegalArgumentException.class, () -> new JournalConfig().dir(dir).retentionCycles(0).conclude());
    }

    private static long cycleFiles(final Path dir) throws IOException
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.filter((file) -> file.toString().endsWith(JournalLayout.CYCLE_FILE_SUFFIX)).count();
        }
    }
}
