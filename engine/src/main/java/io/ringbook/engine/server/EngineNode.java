package io.ringbook.engine.server;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.exceptions.InvalidChannelException;
import io.aeron.exceptions.AeronEvent;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.NoOpEngineListener;
import io.ringbook.engine.TeeListener;
import io.ringbook.engine.marketdata.MarketDataRecorder;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.pipeline.CommandEvent;
import io.ringbook.engine.pipeline.CommandJournal;
import io.ringbook.engine.pipeline.EnginePipeline;
import io.ringbook.engine.pipeline.WaitStrategies;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.EngineTelemetry;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The engine process: locks its directory, starts the embedded media driver (unless told to use an external one),
 * connects Aeron, and runs the order-entry agent, the sequencing ring and the matcher with the execution-report
 * publisher. {@link #close()} stops taking orders, drains the ring so every sequenced command is answered, says
 * goodbye to each session, and releases everything.
 */
public final class EngineNode implements AutoCloseable
{
    /** The lock file in the engine directory; it holds the pid of the engine that has it. */
    public static final String LOCK_FILE = "engine.lock";

    private final EngineConfig config;
    private final EngineStorage.Factory storageFactory;
    private final MarketDataFeed.Factory feedFactory;
    private MarketDataFeed feed;
    private final Consumer<String> log;
    private EngineStorage storage;
    private final Path dir;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private FileChannel lockChannel;
    private FileLock lock;
    private MediaDriver driver;
    private Aeron aeron;
    private EngineTelemetry telemetry;
    private MatchingEngine engine;
    private EnginePipeline pipeline;
    private OrderEntryAgent orderEntry;
    private AgentRunner orderEntryRunner;
    private boolean closed;

    private EngineNode(
        final EngineConfig config, final EngineStorage.Factory storageFactory, final MarketDataFeed.Factory feedFactory,
        final Consumer<String> log)
    {
        this.config = config;
        this.storageFactory = storageFactory;
        this.feedFactory = feedFactory;
        this.log = log;
        this.dir = EngineConfig.expandPath(config.engine.dir);
    }

    /**
     * Start an engine with this configuration.
     *
     * @throws EngineAlreadyRunningException when another engine holds the directory.
     */
    public static EngineNode launch(final EngineConfig config)
    {
        return launch(config, null, message -> { });
    }

    /**
     * Start an engine with durable storage: it first recovers the state the storage holds, then journals every
     * command before matching it.
     *
     * @param storageFactory opens the journal and snapshots once the directory is locked, or null to run without
     *                       (nothing survives a restart).
     * @param log     one-line messages for the operator (recovery, a journal failure).
     * @throws EngineAlreadyRunningException when another engine holds the directory.
     */
    public static EngineNode launch(
        final EngineConfig config, final EngineStorage.Factory storageFactory, final Consumer<String> log)
    {
        return launch(config, storageFactory, null, log);
    }

    /**
     * Start an engine with durable storage and a market-data feed.
     *
     * @param storageFactory opens the journal and snapshots once the directory is locked, or null to run without.
     * @param feedFactory    opens the market-data publisher, or null to publish no market data.
     * @param log            one-line messages for the operator.
     * @throws EngineAlreadyRunningException when another engine holds the directory.
     */
    public static EngineNode launch(
        final EngineConfig config, final EngineStorage.Factory storageFactory,
        final MarketDataFeed.Factory feedFactory, final Consumer<String> log)
    {
        final EngineNode node = new EngineNode(config, storageFactory, feedFactory, Objects.requireNonNull(log, "log"));
        try
        {
            node.start();
            return node;
        }
        catch (final RuntimeException ex)
        {
            node.close();
            throw ex;
        }
    }

    private void start()
    {
        final EngineConfig.Engine settings = config.engine;
        lock();
        telemetry = EngineTelemetry.launch(new EngineTelemetry.Context().dir(dir));
        final String aeronDir;
        if (settings.aeronDir == null || settings.aeronDir.isBlank())
        {
            aeronDir = dir.resolve("aeron").toString();
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(DriverThreading.byName(settings.driverThreading))
                .sharedIdleStrategy(new BackoffIdleStrategy(
                    100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)))
                .errorHandler(driverErrorHandler(telemetry.errorHandler())));
        }
        else
        {
            aeronDir = EngineConfig.expandPath(settings.aeronDir).toString();
        }
        aeron = Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(aeronDir)
            .errorHandler(clientErrorHandler(telemetry.errorHandler())));

        final EgressRouter router = new EgressRouter(config.accounts);
        final ExecutionReportPublisher publisher =
            new ExecutionReportPublisher(router, SystemNanoClock.INSTANCE, telemetry);
        storage = storageFactory != null ? storageFactory.open(telemetry) : null;
        final EngineListener eventJournal = storage != null ? storage.eventJournal() : null;
        engine = new MatchingEngine(
            instrument -> new FastOrderBook(instrument, settings.ordersPerInstrument), new NoOpEngineListener(),
            settings.clientOrderIdCapacity);
        MarketDataRecorder recorder = null;
        EngineListener reports = publisher;
        if (feedFactory != null)
        {
            final RingBuffer transferRing = new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(
                config.feed.transferRingBytes + RingBufferDescriptor.TRAILER_LENGTH)));
            recorder = new MarketDataRecorder(transferRing, engine, telemetry.counter(EngineCounter.FEED_EVENTS_LOST));
            reports = new TeeListener(publisher, recorder);
            feed = feedFactory.open(aeron, telemetry, transferRing);
        }
        final EngineListener output = eventJournal != null ? new EngineOutput(reports, eventJournal) : reports;
        long lastSequence = 0;
        if (storage != null)
        {
            lastSequence = storage.recover(engine, config.buildInstruments(), log);
            telemetry.counter(EngineCounter.LAST_SEQUENCE).setOrdered(lastSequence);
            log.accept("recovered to sequence " + lastSequence + ", state hash 0x" +
                Long.toHexString(engine.stateHash()));
            warmUp(storage, log);
        }
        else
        {
            for (final Instrument instrument : config.buildInstruments())
            {
                engine.addInstrument(instrument);
            }
        }
        engine.listener(output);
        if (recorder != null)
        {
            // The feed starts from the recovered books: a ChannelReset, then every book whole.
            recorder.writeReset(lastSequence);
            recorder.writeBooks(lastSequence);
            feed.start();
        }
        pipeline = EnginePipeline.launch(new EnginePipeline.Context()
            .engine(engine)
            .firstSequence(lastSequence + 1)
            .commandJournal(storage != null ? countingJournal(storage.commandJournal()) : null)
            .matcherHook(storage != null ? storage.matcherHook() : null)
            .ringSize(settings.ringSize)
            .waitStrategy(WaitStrategies.byName(settings.waitStrategy))
            .errorHandler(telemetry.errorHandler())
            .threadFactory(runnable ->
            {
                final Thread thread = new Thread(runnable, "ringbook-matcher");
                thread.setDaemon(true);
                return thread;
            }));
        orderEntry = new OrderEntryAgent(
            aeron, config, pipeline, router, telemetry, SystemNanoClock.INSTANCE, SystemEpochClock.INSTANCE);
        orderEntryRunner = new AgentRunner(
            IdleStrategies.byName(settings.idleStrategy), telemetry.errorHandler(), null, orderEntry);
        AgentRunner.startOnThread(orderEntryRunner);
    }

    /**
     * Warm the JIT up on the storage's scratch data with the same listener classes as the live chain, but a report
     * publisher with no accounts and counters of its own (a scratch telemetry file, deleted after): the engine's
     * counters and clients see nothing of it.
     */
    private void warmUp(final EngineStorage storage, final Consumer<String> log)
    {
        final Path scratchDir = dir.resolve("warmup-telemetry");
        IoUtil.delete(scratchDir.toFile(), true);
        try (EngineTelemetry scratchTelemetry = EngineTelemetry.launch(new EngineTelemetry.Context()
            .dir(scratchDir)
            .countersValuesBufferLength(64 * CountersReader.COUNTER_LENGTH)))
        {
            final ExecutionReportPublisher scratchPublisher = new ExecutionReportPublisher(
                new EgressRouter(List.of()), SystemNanoClock.INSTANCE, scratchTelemetry);
            storage.warmUp(scratchJournal -> new EngineOutput(scratchPublisher, scratchJournal), log);
        }
        finally
        {
            IoUtil.delete(scratchDir.toFile(), true);
        }
    }

    /**
     * Count and report the first command the journal cannot take (after it the pipeline journals nothing more).
     */
    private CommandJournal countingJournal(final CommandJournal journal)
    {
        final AtomicCounter failures = telemetry.counter(EngineCounter.JOURNAL_FAILURES);
        return new CommandJournal()
        {
            private long lastAppended;

            public boolean append(final CommandEvent command)
            {
                lastAppended = command.sequence;
                return counted(journal.append(command));
            }

            public boolean flush()
            {
                return counted(journal.flush());
            }

            public int maxStaged()
            {
                return journal.maxStaged();
            }

            private boolean counted(final boolean written)
            {
                if (!written)
                {
                    failures.increment();
                    log.accept("journal write failed at sequence " + lastAppended +
                        ": the engine takes no more orders (JOURNAL_UNAVAILABLE) until it is restarted with a " +
                        "writable journal; see the error log (./ringbook stat) for the cause");
                }
                return written;
            }
        };
    }

    /**
     * The embedded driver's errors go to the engine's error log, except the response channel of a client's Logon
     * that the driver cannot use: that is bad client input, not a bug. The order-entry agent gets the same failure
     * from {@code addPublication} and counts it (malformed frames, logon rejects), so nothing goes unseen, and a
     * client cannot fill the distinct error log with channels of its making.
     */
    static ErrorHandler driverErrorHandler(final ErrorHandler engineErrorHandler)
    {
        return ex ->
        {
            if (!(ex instanceof InvalidChannelException) && !(ex instanceof AeronEvent))
            {
                engineErrorHandler.onError(ex);
            }
        };
    }

    /**
     * The engine's Aeron client's errors go to the engine's error log, except {@link AeronEvent}s: Aeron's
     * notifications of things that happened as intended, such as the publication error frame that follows when the
     * engine rejects a garbage sender's image (counted as a garbage disconnect).
     */
    static ErrorHandler clientErrorHandler(final ErrorHandler engineErrorHandler)
    {
        return ex ->
        {
            if (!(ex instanceof AeronEvent))
            {
                engineErrorHandler.onError(ex);
            }
        };
    }

    private void lock()
    {
        try
        {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(
                dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
            if (lock == null)
            {
                final String holder = Files.readString(dir.resolve(LOCK_FILE), StandardCharsets.UTF_8).trim();
                throw new EngineAlreadyRunningException("another engine is running in " + dir +
                    (holder.isEmpty() ? "" : " (pid " + holder + ")") + "; stop it or give this one another dir");
            }
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap(
                (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        }
        catch (final java.nio.channels.OverlappingFileLockException ex)
        {
            throw new EngineAlreadyRunningException("another engine in this JVM is running in " + dir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot lock engine directory " + dir, ex);
        }
    }

    public Path dir()
    {
        return dir;
    }

    public EngineConfig config()
    {
        return config;
    }

    public EngineTelemetry telemetry()
    {
        return telemetry;
    }

    /**
     * The engine's state hash. Only meaningful once the node is closed (the matcher owns the state while running).
     */
    public long stateHash()
    {
        return engine.stateHash();
    }

    /**
     * @return the engine sequence of the last command matched.
     */
    public long processedSequence()
    {
        return pipeline.processedSequence();
    }

    /**
     * Stop taking orders, drain the ring, log every session out, and release the driver, files and lock.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.quietClose(orderEntryRunner);
        CloseHelper.quietClose(pipeline);
        if (orderEntry != null)
        {
            orderEntry.closeAllSessions("engine shutting down");
        }
        CloseHelper.quietClose(feed);
        CloseHelper.quietClose(storage);
        CloseHelper.quietCloseAll(aeron, driver, telemetry);
        try
        {
            if (lock != null)
            {
                lock.release();
            }
        }
        catch (final IOException ignore)
        {
            // the channel close below releases it too
        }
        CloseHelper.quietClose(lockChannel);
    }
}
