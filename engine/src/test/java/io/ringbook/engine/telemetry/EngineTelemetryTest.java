package io.ringbook.engine.telemetry;

import io.ringbook.engine.CommandType;
import io.ringbook.engine.RejectReason;
import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer through its own mapping, checked through a reader's separate read-only mapping of the same file.
 */
class EngineTelemetryTest
{
    @TempDir
    Path dir;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final ByteArrayOutputStream stderrBytes = new ByteArrayOutputStream();
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception
    {
        for (int i = toClose.size() - 1; i >= 0; i--)
        {
            toClose.get(i).close();
        }
    }

    private EngineTelemetry launch()
    {
        return launch(context());
    }

    private EngineTelemetry launch(final EngineTelemetry.Context ctx)
    {
        final EngineTelemetry telemetry = EngineTelemetry.launch(ctx);
        toClose.add(telemetry);
        return telemetry;
    }

    private EngineTelemetry.Context context()
    {
        clock.update(1_700_000_000_000L);
        return new EngineTelemetry.Context()
            .dir(dir)
            .epochClock(clock)
            .printErrorsToStderr(false)
            .stderr(new PrintStream(stderrBytes, true, StandardCharsets.UTF_8));
    }

    private TelemetryReader read()
    {
        final TelemetryReader reader = TelemetryReader.open(dir);
        toClose.add(reader);
        return reader;
    }

    @Test
    void valuesWrittenThroughTheWriterAreSeenThroughASeparateMapping()
    {
        final EngineTelemetry telemetry = launch();
        final TelemetryReader reader = read();
        assertEquals(dir.resolve(StatFileDescriptor.FILE_NAME), telemetry.file());
        assertTrue(Files.exists(telemetry.file()));

        assertEquals(0, reader.counterValue(EngineCounter.ORDERS_RECEIVED));
        telemetry.counter(EngineCounter.ORDERS_RECEIVED).increment();
        telemetry.counter(EngineCounter.ORDERS_RECEIVED).incrementRelease();
        telemetry.counter(EngineCounter.LAST_SEQUENCE).setRelease(123_456_789_012L);
        telemetry.rejectCounter(RejectReason.OUTSIDE_BAND).increment();

        assertEquals(2, reader.counterValue(EngineCounter.ORDERS_RECEIVED));
        assertEquals(123_456_789_012L, reader.counterValue(EngineCounter.LAST_SEQUENCE));
        final Map<String, Long> byLabel = valuesByLabel(reader);
        assertEquals(1L, byLabel.get("rejects: OUTSIDE_BAND"));
        assertEquals(0L, byLabel.get("rejects: WOULD_CROSS"));

        // And the other way: the reader's view follows later writes without reopening.
        telemetry.counter(EngineCounter.ORDERS_RECEIVED).getAndAdd(40);
        assertEquals(42, reader.counterValue(EngineCounter.ORDERS_RECEIVED));
    }

    @Test
    void everyEngineCounterAndRejectReasonHasItsOwnCounterWithItsLabel()
    {
        final EngineTelemetry telemetry = launch();
        final Set<Integer> ids = new HashSet<>();
        for (final EngineCounter counter : EngineCounter.values())
        {
            final AtomicCounter atomicCounter = telemetry.counter(counter);
            assertSame(atomicCounter, telemetry.counter(counter));
            assertTrue(ids.add(atomicCounter.id()), counter + " shares a counter");
            assertEquals(counter.label(), atomicCounter.label());
            assertEquals(counter.typeId(), telemetry.countersReader().getCounterTypeId(atomicCounter.id()));
        }
        for (final RejectReason reason : RejectReason.values())
        {
            final AtomicCounter atomicCounter = telemetry.rejectCounter(reason);
            assertTrue(ids.add(atomicCounter.id()), reason + " shares a counter");
            assertEquals("rejects: " + reason.name(), atomicCounter.label());
        }

        // The reader sees the same set: distinct type ids for engine counters, one type with the ordinal as key for
        // reasons.
        final TelemetryReader reader = read();
        final Map<Integer, String> engineLabels = new HashMap<>();
        final Map<Integer, String> reasonLabels = new HashMap<>();
        reader.countersReader().forEach((counterId, typeId, key, label) ->
        {
            if (typeId == EngineCounter.REJECT_REASON_TYPE_ID)
            {
                assertEquals(null, reasonLabels.put(key.getInt(0), label));
            }
            else
            {
                assertEquals(null, engineLabels.put(typeId, label), "type id " + typeId + " twice");
            }
        });
        assertEquals(EngineCounter.values().length, engineLabels.size());
        for (final EngineCounter counter : EngineCounter.values())
        {
            assertEquals(counter.label(), engineLabels.get(counter.typeId()));
            assertSame(counter, EngineCounter.fromTypeId(counter.typeId()));
        }
        assertEquals(RejectReason.values().length, reasonLabels.size());
        for (final RejectReason reason : RejectReason.values())
        {
            assertEquals("rejects: " + reason.name(), reasonLabels.get(reason.ordinal()));
        }
    }

    @Test
    void engineCounterIdsAndLabelsAreUniqueAndBelowTheModuleRange()
    {
        final Set<Integer> typeIds = new HashSet<>();
        final Set<String> labels = new HashSet<>();
        for (final EngineCounter counter : EngineCounter.values())
        {
            assertTrue(typeIds.add(counter.typeId()), counter.name());
            assertTrue(labels.add(counter.label()), counter.name());
            assertTrue(counter.typeId() > 0 && counter.typeId() < EngineCounter.REJECT_REASON_TYPE_ID);
        }
        assertTrue(EngineCounter.REJECT_REASON_TYPE_ID < EngineCounter.FIRST_MODULE_TYPE_ID);
        assertTrue(EngineCounter.SESSIONS_ACTIVE.isGauge() && EngineCounter.RING_OCCUPANCY.isGauge() &&
            EngineCounter.LAST_SEQUENCE.isGauge() && !EngineCounter.TRADES.isGauge());
        assertEquals(null, EngineCounter.fromTypeId(EngineCounter.REJECT_REASON_TYPE_ID));
    }

    @Test
    void onRejectCountsTheTotalForTheCommandTypeAndTheReason()
    {
        final EngineTelemetry telemetry = launch();
        telemetry.onReject(CommandType.NEW_ORDER, RejectReason.PRICE_OFF_TICK);
        telemetry.onReject(CommandType.NEW_ORDER, RejectReason.PRICE_OFF_TICK);
        telemetry.onReject(CommandType.CANCEL_ORDER, RejectReason.UNKNOWN_ORDER);
        telemetry.onReject(CommandType.REPLACE_ORDER, RejectReason.NOT_YOUR_ORDER);

        assertEquals(2, telemetry.counter(EngineCounter.ORDER_REJECTS).get());
        assertEquals(2, telemetry.counter(EngineCounter.CANCEL_REJECTS).get());
        assertEquals(2, telemetry.rejectCounter(RejectReason.PRICE_OFF_TICK).get());
        assertEquals(1, telemetry.rejectCounter(RejectReason.UNKNOWN_ORDER).get());
        assertEquals(1, telemetry.rejectCounter(RejectReason.NOT_YOUR_ORDER).get());
    }

    @Test
    void anErrorRecordedTwiceIsOneEntryWithCountTwo()
    {
        final EngineTelemetry telemetry = launch();
        final TelemetryReader reader = read();
        assertFalse(reader.hasErrors());

        final IllegalStateException bug = new IllegalStateException("book crossed");
        clock.update(1_000);
        telemetry.errorHandler().onError(bug);
        clock.update(2_000);
        telemetry.errorHandler().onError(bug);
        clock.update(3_000);
        telemetry.errorHandler().onError(new IllegalArgumentException("other"));

        final List<String> entries = new ArrayList<>();
        final int distinct = reader.readErrors((count, firstMs, lastMs, text) ->
            entries.add(count + " " + firstMs + " " + lastMs + " " + text.lines().findFirst().orElse("")));
        assertEquals(2, distinct);
        assertEquals(List.of(
            "2 1000 2000 java.lang.IllegalStateException: book crossed",
            "1 3000 3000 java.lang.IllegalArgumentException: other"), entries);
        assertEquals(3, reader.counterValue(EngineCounter.ERRORS));

        final List<String> since = new ArrayList<>();
        reader.readErrors((count, firstMs, lastMs, text) -> since.add(text), 2_500);
        assertEquals(1, since.size());
        assertTrue(since.get(0).contains("at io.ringbook.engine.telemetry.EngineTelemetryTest"), since.get(0));
        assertEquals("", stderrBytes.toString(StandardCharsets.UTF_8), "printing was off");
    }

    @Test
    void errorsArePrintedWhenAskedTo()
    {
        final EngineTelemetry telemetry = launch(context().printErrorsToStderr(true));
        telemetry.errorHandler().onError(new IllegalStateException("printed"));
        assertTrue(stderrBytes.toString(StandardCharsets.UTF_8).startsWith("java.lang.IllegalStateException: printed"));
    }

    @Test
    void aFullErrorLogStillCountsAndPrintsAndTheHandlerNeverThrows()
    {
        final EngineTelemetry telemetry = launch(context().errorBufferLength(4096));
        int errors = 0;
        // Distinct messages make distinct entries; a one-frame stack keeps each to about 100 bytes.
        while (!stderrBytes.toString(StandardCharsets.UTF_8).contains("full"))
        {
            final IllegalStateException error = new IllegalStateException("distinct " + errors);
            error.setStackTrace(new StackTraceElement[]{ new StackTraceElement("Agent", "doWork", "Agent.java", 1) });
            telemetry.errorHandler().onError(error);
            errors++;
            assertTrue(errors < 100, "the 4 KiB log never filled");
        }
        telemetry.errorHandler().onError(null);
        errors++;

        assertEquals(errors, telemetry.counter(EngineCounter.ERRORS).get());
        final String printed = stderrBytes.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("error log in the stat file is full"), printed);
        assertTrue(printed.contains("IllegalStateException: distinct " + (errors - 2)), printed);
        final int[] logged = new int[1];
        read().readErrors((count, firstMs, lastMs, text) -> logged[0]++);
        assertTrue(logged[0] > 0 && logged[0] < errors - 1, "logged " + logged[0]);
    }

    @Test
    void headerCarriesPidStartHeartbeatAndCloseAndTheFileOutlivesClose()
    {
        final EngineTelemetry telemetry = launch();
        final TelemetryReader reader = read();
        assertEquals(ProcessHandle.current().pid(), reader.pid());
        assertEquals(telemetry.pid(), reader.pid());
        assertEquals(StatFileDescriptor.VERSION, reader.version());
        assertEquals(1_700_000_000_000L, reader.startTimestampMs());
        assertEquals(1_700_000_000_000L, reader.heartbeatTimestampMs());

        telemetry.updateHeartbeat(1_700_000_001_000L);
        assertEquals(1_700_000_001_000L, reader.heartbeatTimestampMs());
        assertEquals(500, reader.heartbeatAgeMs(1_700_000_001_500L));
        assertTrue(reader.isEngineRunning(1_700_000_001_500L, 5_000));
        assertFalse(reader.isEngineRunning(1_700_000_006_001L, 5_000), "heartbeat too old");
        assertFalse(reader.isClosed());
        assertEquals(0, reader.closeTimestampMs());

        telemetry.counter(EngineCounter.TRADES).set(7);
        clock.update(1_700_000_002_000L);
        telemetry.close();
        telemetry.close();
        assertTrue(telemetry.isClosed());
        assertTrue(reader.isClosed());
        assertFalse(reader.isEngineRunning(1_700_000_001_500L, 5_000));
        assertEquals(1_700_000_002_000L, reader.closeTimestampMs());

        // Post-mortem: a new reader still sees the last values, and late writes after close are harmless.
        telemetry.counter(EngineCounter.TRADES).increment();
        telemetry.errorHandler().onError(new IllegalStateException("during shutdown"));
        try (TelemetryReader postMortem = TelemetryReader.open(dir))
        {
            assertTrue(postMortem.isClosed());
            assertEquals(8, postMortem.counterValue(EngineCounter.TRADES));
            assertEquals(1, postMortem.counterValue(EngineCounter.ERRORS));
        }
    }

    @Test
    void launchReplacesAClosedOrForeignFileAndRefusesALiveEngines() throws Exception
    {
        final Path file = dir.resolve(StatFileDescriptor.FILE_NAME);
        Files.writeString(file, "not a stat file, just some text that is long enough to have a header ".repeat(4));
        final EngineTelemetry first = launch();
        first.counter(EngineCounter.TRADES).set(5);

        final TelemetryFileException live = assertThrows(TelemetryFileException.class, this::launch);
        assertTrue(live.getMessage().startsWith("an engine (pid " + ProcessHandle.current().pid() + ") is running in"),
            live.getMessage());

        first.close();
        final TelemetryReader oldReader = read();
        assertFalse(oldReader.isReplaced());
        final EngineTelemetry second = launch();
        assertTrue(oldReader.isReplaced(), "the path now names the new file");
        assertEquals(0, second.counter(EngineCounter.TRADES).get());
        assertEquals(5, oldReader.counterValue(EngineCounter.TRADES), "the old mapping still reads the old file");
        try (TelemetryReader newReader = TelemetryReader.open(dir))
        {
            assertEquals(0, newReader.counterValue(EngineCounter.TRADES));
            assertFalse(newReader.isClosed());
        }

        // A crashed engine's file (never closed) with a stale heartbeat is replaced too.
        clock.update(1_700_000_000_000L + 60_000);
        final EngineTelemetry third = EngineTelemetry.launch(new EngineTelemetry.Context()
            .dir(dir).epochClock(clock).printErrorsToStderr(false));
        toClose.add(third);
        assertFalse(third.isClosed());
    }

    @Test
    void modulesAllocateTheirOwnCountersOutsideTheEngineRange()
    {
        final EngineTelemetry telemetry = launch();
        final AtomicCounter journalBytes = telemetry.newCounter(200, "journal bytes written");
        journalBytes.getAndAdd(4096);
        final TelemetryReader reader = read();
        final int id = reader.findCounterId(200);
        assertTrue(id != CountersReader.NULL_COUNTER_ID);
        assertEquals("journal bytes written", reader.countersReader().getCounterLabel(id));
        assertEquals(4096, reader.countersReader().getCounterValue(id));
        assertEquals(4096L, valuesByLabel(reader).get("journal bytes written"));

        journalBytes.close();
        assertEquals(CountersReader.NULL_COUNTER_ID, reader.findCounterId(200), "closing frees the slot");

        assertThrows(IllegalArgumentException.class, () -> telemetry.newCounter(EngineCounter.TRADES.typeId(), "x"));
        assertThrows(IllegalArgumentException.class,
            () -> telemetry.newCounter(EngineCounter.REJECT_REASON_TYPE_ID, "x"));
    }

    @Test
    void countersRegionHasRoomForTheConfiguredNumberOfCounters()
    {
        final int builtIn = EngineCounter.values().length + RejectReason.values().length;
        final EngineTelemetry telemetry =
            launch(context().countersValuesBufferLength((builtIn + 2) * CountersReader.COUNTER_LENGTH));
        assertNotNull(telemetry.newCounter(300, "feed a"));
        assertNotNull(telemetry.newCounter(300, "feed b"));
        assertThrows(IllegalStateException.class, () -> telemetry.newCounter(300, "feed c"));
    }

    @Test
    void contextRejectsBadLengths()
    {
        assertThrows(IllegalArgumentException.class, () -> context().countersValuesBufferLength(1000).conclude());
        assertThrows(IllegalArgumentException.class,
            () -> context().countersValuesBufferLength(CountersReader.COUNTER_LENGTH).conclude());
        assertThrows(IllegalArgumentException.class, () -> context().errorBufferLength(1024).conclude());
        assertThrows(IllegalArgumentException.class, () -> context().errorBufferLength(5000).conclude());
        assertThrows(IllegalArgumentException.class, () -> context().livenessTimeoutMs(0).conclude());

        final EngineTelemetry.Context defaults = new EngineTelemetry.Context().dir(dir.resolve("new/sub")).conclude();
        assertTrue(Files.isDirectory(defaults.dir()), "conclude creates the directory");
        assertEquals(EngineTelemetry.Configuration.COUNTERS_VALUES_BUFFER_LENGTH_DEFAULT,
            defaults.countersValuesBufferLength());
        assertEquals(1024 * 1024, defaults.errorBufferLength());
        assertNotNull(defaults.epochClock());
    }

    static Map<String, Long> valuesByLabel(final TelemetryReader reader)
    {
        final Map<String, Long> values = new HashMap<>();
        reader.forEachCounter((counterId, typeId, label, value) -> values.put(label, value));
        return values;
    }
}
