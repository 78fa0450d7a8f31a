package io.ringbook.journal;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.NoOpEngineListener;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.pipeline.CommandJournal;
import io.ringbook.engine.pipeline.MatcherHook;
import io.ringbook.engine.server.EngineConfig;
import io.ringbook.engine.server.EngineStorage;
import io.ringbook.engine.snapshot.EngineSnapshot;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.Workload;
import io.ringbook.journal.snapshot.SnapshotStore;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.status.AtomicCounter;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The engine process's durable storage: the Chronicle Queue journal ({@link JournalWriter}) of every command, before
 * it is matched, and of every command's events, after; and state snapshots ({@link EngineSnapshot} in a
 * {@link SnapshotStore}) taken on the matching thread between commands and written to disk by a thread of their own,
 * so the ring stalls only for the copy.
 * <p>
 * Recovery: the newest snapshot that is whole and no newer than the journal, then every journaled command after it.
 * Events of replayed commands are journaled only where the journal lacks them (a crash between a command and its
 * events), so the journal ends up complete and {@code ringbook verify} can check it byte for byte.
 */
public final class JournalStorage implements EngineStorage
{
    private final Path dir;
    private final JournalWriter writer;
    private final SnapshotStore snapshots;
    private final ErrorHandler errorHandler;
    private final long snapshotEveryCommands;
    private final long snapshotEveryNs;
    private final AtomicCounter snapshotsWritten;
    private final AtomicCounter snapshotSequence;
    private final SnapshotHook snapshotHook = new SnapshotHook();
    private final Thread snapshotWriterThread;
    private final BlockingQueue<ExpandableDirectByteBuffer> freeBuffers = new ArrayBlockingQueue<>(2);
    private final BlockingQueue<PendingSnapshot> pendingSnapshots = new ArrayBlockingQueue<>(1);
    private volatile boolean closing;
    private int warmupCommands;
    private volatile Consumer<String> log = message -> { };
    private final Consumer<String> warnings = message -> log.accept(message);

    /** The scratch journal of {@link #warmUp(UnaryOperator, Consumer)}, inside the journal directory while it runs. */
    static final String WARMUP_DIR = "warmup.tmp";
    private static final int WARMUP_ROUND_COMMANDS = 100_000;
    /** The warm-up flushes every 16 commands, like ring batches under load. */
    private static final int WARMUP_BATCH_MASK = 15;
    private static final long WARMUP_MAX_NS = TimeUnit.SECONDS.toNanos(10);

    /** How often journal retention runs while the engine is up. */
    static final long RETENTION_INTERVAL_NS = TimeUnit.MINUTES.toNanos(1);

    /**
     * The storage the engine process uses, configured by the {@code journal} section of its configuration: the
     * journal's errors and the snapshot counters go to the engine's telemetry.
     */
    public static EngineStorage.Factory factory(final EngineConfig config)
    {
        final EngineConfig.Journal settings = config.journal;
        final Path dir = config.journalDir();
        return telemetry ->
        {
            final JournalConfig journalConfig = new JournalConfig()
                .dir(dir)
                .rollCycle(JournalConfig.rollCycle(settings.rollCycle))
                .retentionCycles(settings.retainCycles)
                .errorHandler(telemetry.errorHandler());
            if (settings.archiveDir != null && !settings.archiveDir.isBlank())
            {
                journalConfig.archiveDir(EngineConfig.expandPath(settings.archiveDir));
            }
            return new JournalStorage(
                dir,
                JournalWriter.open(journalConfig),
                settings.snapshotEveryCommands,
                settings.snapshotEverySeconds,
                settings.retainSnapshots,
                telemetry.errorHandler(),
                telemetry.counter(EngineCounter.SNAPSHOTS),
                telemetry.counter(EngineCounter.SNAPSHOT_SEQUENCE))
                .warmupCommands(settings.warmupCommands);
        };
    }

    /**
     * @param dir                   the journal directory.
     * @param writer                the open journal.
     * @param snapshotEveryCommands snapshot after this many commands; 0 never by count.
     * @param snapshotEverySeconds  snapshot when this long has passed since the last one (and commands came); 0 never.
     * @param retainSnapshots       snapshot files kept.
     * @param errorHandler          where a failed snapshot write goes (the engine's error log).
     * @param snapshotsWritten      counts snapshots written, or null.
     * @param snapshotSequence      the sequence of the newest snapshot written, or null.
     */
    public JournalStorage(
        final Path dir,
        final JournalWriter writer,
        final long snapshotEveryCommands,
        final long snapshotEverySeconds,
        final int retainSnapshots,
        final ErrorHandler errorHandler,
        final AtomicCounter snapshotsWritten,
        final AtomicCounter snapshotSequence)
    {
        this.dir = dir;
        this.writer = Objects.requireNonNull(writer, "writer");
        this.snapshots = new SnapshotStore(dir.resolve(JournalLayout.SNAPSHOTS_DIR), retainSnapshots, warnings);
        this.errorHandler = Objects.requireNonNull(errorHandler, "errorHandler");
        this.snapshotEveryCommands = snapshotEveryCommands;
        this.snapshotEveryNs = TimeUnit.SECONDS.toNanos(snapshotEverySeconds);
        this.snapshotsWritten = snapshotsWritten;
        this.snapshotSequence = snapshotSequence;
        freeBuffers.add(new ExpandableDirectByteBuffer(1 << 20));
        freeBuffers.add(new ExpandableDirectByteBuffer(1 << 20));
        snapshotWriterThread = new Thread(this::writeSnapshots, "ringbook-snapshot-writer");
        snapshotWriterThread.setDaemon(true);
        snapshotWriterThread.start();
    }

    public long recover(final MatchingEngine engine, final List<Instrument> configured, final Consumer<String> log)
    {
        this.log = log;
        final long lastCommand = writer.lastCommandSequence();
        final long lastEvent = writer.lastEventSequence();
        long applied = 0;
        final SnapshotStore.Snapshot snapshot = snapshots.latestValid(lastCommand);
        if (snapshot != null)
        {
            applied = EngineSnapshot.read(snapshot.buffer(), 0, snapshot.length(), engine);
            log.accept("loaded snapshot at sequence " + applied + " (" + snapshot.path().getFileName() + ")");
        }
        if (lastCommand != 0)
        {
            try (JournalReader reader = JournalReader.open(dir))
            {
                // Instruments defined after the snapshot come with the replay, ahead of the commands that use them.
                applied = replay(engine, reader, applied, lastCommand, lastEvent, log);
            }
        }
        defineConfigured(engine, configured, log);
        writer.defineInstruments(engine.instruments());
        // Recovery wrote from this thread; the ring's threads append from now on, each with an appender of its own.
        writer.releaseAppenders();
        snapshotHook.lastSnapshotSequence = applied;
        snapshotHook.lastSnapshotNs = System.nanoTime();
        return applied;
    }

    private static void defineConfigured(
        final MatchingEngine engine, final List<Instrument> configured, final Consumer<String> log)
    {
        for (final Instrument instrument : configured)
        {
            final Instrument known = engine.book(instrument.id()) != null ?
                engine.book(instrument.id()).instrument() : null;
            if (known == null)
            {
                engine.addInstrument(instrument);
            }
            else if (!sameDefinition(known, instrument))
            {
                log.accept("instrument " + instrument.id() + " differs in the configuration from the journal " +
                    "(" + known + " vs " + instrument + "); keeping the journal's");
            }
        }
    }

    /**
     * Replay the journaled commands after {@code applied}; events are journaled only for commands past the last
     * whose events the journal holds.
     */
    private long replay(
        final MatchingEngine engine, final JournalReader reader, final long applied, final long lastCommand,
        final long lastEvent, final Consumer<String> log)
    {
        final EngineListener silent = new NoOpEngineListener();
        final EngineListener journalEvents = writer.eventWriter();
        engine.listener(silent);
        final long from = applied + 1;
        final EngineReplay replay = new EngineReplay(engine)
        {
            public void onCommand(final EngineCommand command, final long sessionId)
            {
                if (command.sequence > lastEvent)
                {
                    engine.listener(journalEvents);
                }
                super.onCommand(command, sessionId);
            }
        };
        reader.forEachCommand(from, lastCommand, replay);
        engine.listener(silent);
        if (replay.replayed > 0)
        {
            final long missing = lastCommand - Math.max(lastEvent, applied);
            log.accept("replayed " + replay.replayed + " journaled commands (" + from + " to " + lastCommand + ")" +
                (missing > 0 ? ", journaling the events of the last " + missing + ", which the journal lacked" : ""));
        }
        return Math.max(applied, lastCommand);
    }

    private static boolean sameDefinition(final Instrument a, final Instrument b)
    {
        return a.id() == b.id() && a.symbol().equals(b.symbol()) && a.tickSize() == b.tickSize() &&
            a.lotSize() == b.lotSize() && a.priceExponent() == b.priceExponent() && a.bandBps() == b.bandBps() &&
            a.maxOrderQuantity() == b.maxOrderQuantity() && a.referencePrice() == b.referencePrice();
    }

    /**
     * @param commands how many commands {@link #warmUp(UnaryOperator, Consumer)} runs through a scratch journal; 0 for none.
     * @return this.
     */
    public JournalStorage warmupCommands(final int commands)
    {
        if (commands < 0)
        {
            throw new IllegalArgumentException("warm-up commands must be 0 or more: " + commands);
        }
        this.warmupCommands = commands;
        return this;
    }

    /**
     * Runs {@link #warmupCommands(int) a number of} generated commands through a scratch engine that journals to a
     * scratch journal beside the real one (same file system, deleted afterwards), so the JIT has compiled the
     * journal's append paths and the matcher before the first real order. Without it the first second of orders
     * after a start meets interpreted Chronicle code and fresh pages and backs the ring up by tens of thousands of
     * commands. Nothing of the real journal or engine is touched.
     */
    public void warmUp(final UnaryOperator<EngineListener> output, final Consumer<String> log)
    {
        if (warmupCommands == 0)
        {
            return;
        }
        final long startNs = System.nanoTime();
        final Path scratch = dir.resolve(WARMUP_DIR);
        IoUtil.delete(scratch.toFile(), true);
        final Workload workload = ExchangeCoreWorkload.generate(1, Math.min(warmupCommands, WARMUP_ROUND_COMMANDS));
        final EngineCommand[] commands = workload.benchmarkCommands();
        long done = 0;
        try (JournalWriter scratchWriter = JournalWriter.open(new JournalConfig().dir(scratch)))
        {
            final MatchingEngine scratchEngine =
                workload.newEngine(FastOrderBook::new, new NoOpEngineListener());
            scratchWriter.defineInstruments(scratchEngine.instruments());
            final EngineListener warmOutput = output.apply(scratchWriter.batchedEventWriter());
            long sequence = 0;
            while (done < warmupCommands && System.nanoTime() - startNs < WARMUP_MAX_NS)
            {
                scratchEngine.listener(new NoOpEngineListener());
                scratchEngine.reset();
                workload.replayFill(scratchEngine);
                scratchEngine.listener(warmOutput);
                for (int i = 0; i < commands.length && done < warmupCommands; i++, done++)
                {
                    final EngineCommand command = commands[i];
                    command.sequence = ++sequence;
                    scratchWriter.stageCommand(command, 0);
                    if ((i & WARMUP_BATCH_MASK) == WARMUP_BATCH_MASK)
                    {
                        scratchWriter.flushCommands();
                    }
                    scratchEngine.process(command);
                    if ((i & WARMUP_BATCH_MASK) == WARMUP_BATCH_MASK)
                    {
                        scratchWriter.flushEvents();
                    }
                }
            }
        }
        finally
        {
            IoUtil.delete(scratch.toFile(), true);
        }
        log.accept("warmed up the journal and matcher with " + done + " commands in " +
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");
    }

    /**
     * Stages commands and writes each ring batch (up to {@link JournalWriter#COMMANDS_PER_EXCERPT} commands) as one
     * excerpt: {@link JournalWriter#commandJournal()}.
     */
    public CommandJournal commandJournal()
    {
        return writer.commandJournal();
    }

    /**
     * Stages each command's event record; the {@link #matcherHook()} writes them at the end of each ring batch.
     */
    public EngineListener eventJournal()
    {
        return writer.batchedEventWriter();
    }

    public MatcherHook matcherHook()
    {
        return snapshotHook;
    }

    /**
     * Write a snapshot now from the calling thread, which must own the engine (tests, tools, shutdown).
     */
    public void snapshotNow(final MatchingEngine engine, final long sequence)
    {
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1 << 16);
        final int length = EngineSnapshot.write(engine, sequence, System.currentTimeMillis() * 1_000_000L, buffer, 0);
        snapshots.write(sequence, buffer, 0, length);
        counted(sequence);
    }

    public void close()
    {
        closing = true;
        snapshotWriterThread.interrupt();
        try
        {
            snapshotWriterThread.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        CloseHelper.quietClose(writer);
    }

    private void counted(final long sequence)
    {
        if (snapshotsWritten != null)
        {
            snapshotsWritten.increment();
        }
        if (snapshotSequence != null)
        {
            snapshotSequence.setOrdered(sequence);
        }
    }

    private void writeSnapshots()
    {
        long nextRetentionNs = System.nanoTime() + RETENTION_INTERVAL_NS;
        while (true)
        {
            if (System.nanoTime() - nextRetentionNs >= 0)
            {
                nextRetentionNs = System.nanoTime() + RETENTION_INTERVAL_NS;
                applyRetention();
            }
            final PendingSnapshot pending;
            try
            {
                pending = pendingSnapshots.poll(100, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                if (closing && pendingSnapshots.isEmpty())
                {
                    return;
                }
                continue;
            }
            if (pending == null)
            {
                if (closing)
                {
                    return;
                }
                continue;
            }
            try
            {
                snapshots.write(pending.sequence, pending.buffer, 0, pending.length);
                counted(pending.sequence);
            }
            catch (final RuntimeException ex)
            {
                errorHandler.onError(ex);
            }
            finally
            {
                freeBuffers.offer(pending.buffer);
            }
        }
    }

    /**
     * Retention of journal cycles, from the snapshot writer's thread once a minute (it only lists two directories;
     * the current cycle is never touched, so it is safe while the ring appends).
     */
    private void applyRetention()
    {
        try
        {
            writer.applyRetention();
        }
        catch (final RuntimeException ex)
        {
            errorHandler.onError(ex);
        }
    }

    private record PendingSnapshot(long sequence, ExpandableDirectByteBuffer buffer, int length)
    {
    }

    /**
     * On the matching thread: writes the staged event records at the end of each ring batch; after enough commands
     * or time, copies the state into a free buffer and hands it to the snapshot writer thread. If the previous
     * snapshot is still being written, it tries again at the next command.
     */
    private final class SnapshotHook implements MatcherHook
    {
        long lastSnapshotSequence;
        long lastSnapshotNs;
        long commandsSince;

        public void endOfBatch()
        {
            writer.flushEvents();
        }

        public void afterCommand(final MatchingEngine engine, final long sequence)
        {
            commandsSince++;
            if (snapshotEveryCommands == 0 && snapshotEveryNs == 0)
            {
                return;
            }
            final boolean byCount = snapshotEveryCommands > 0 && commandsSince >= snapshotEveryCommands;
            // Past the first 1024 commands, read the clock every 1024 only: a snapshot need not be on the nanosecond.
            final boolean byTime = !byCount && snapshotEveryNs > 0 &&
                (commandsSince < 1024 || (commandsSince & 1023) == 0) &&
                System.nanoTime() - lastSnapshotNs >= snapshotEveryNs;
            if ((byCount || byTime) && pendingSnapshots.isEmpty())
            {
                final ExpandableDirectByteBuffer buffer = freeBuffers.poll();
                if (buffer != null)
                {
                    // Recovery starts after the snapshot, so the events up to it must be journaled before it exists.
                    writer.flushEvents();
                    final int length = EngineSnapshot.write(
                        engine, sequence, System.currentTimeMillis() * 1_000_000L, buffer, 0);
                    pendingSnapshots.offer(new PendingSnapshot(sequence, buffer, length));
                    lastSnapshotSequence = sequence;
                    lastSnapshotNs = System.nanoTime();
                    commandsSince = 0;
                }
            }
        }
    }
}
