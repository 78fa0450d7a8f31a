package io.ringbook.bench;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.NoOpEngineListener;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.Workload;
import io.ringbook.journal.JournalConfig;
import io.ringbook.journal.JournalWriter;
import net.openhft.chronicle.core.time.SetTimeProvider;
import net.openhft.chronicle.queue.RollCycles;
import org.agrona.IoUtil;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What journaling costs per command: the exchange-core mix through {@code MatchingEngine.process} with the
 * journal on (each command appended to {@code commands/} first, as the gating handler does, and its events
 * appended as one record by the journal's event writer; {@code batch} commands and records per excerpt) against a
 * no-op listener. The difference between the two
 * is the journal's cost per command, measured on one thread, where the pipeline spreads it over two.
 * <p>
 * Each invocation resets the books to the same filled state; every {@value #INVOCATIONS_PER_CYCLE}th rolls the
 * journal to a fresh hourly cycle (a set clock), keeping two cycles, so a long run does not fill the disk. The
 * numbers include the page faults of first touching the journal's mapped files, as production pays them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class JournalBenchmark
{
    /** Commands per invocation. */
    public static final int COMMANDS = 100_000;
    public static final long SEED = 1;
    /** Invocations written to one cycle file before the clock moves on an hour. */
    public static final int INVOCATIONS_PER_CYCLE = 8;

    /** {@code on}: commands and events journaled; {@code off}: a no-op listener. */
    @Param({"on", "off"})
    public String journal;

    /**
     * Commands per excerpt: 1 writes each command and each event record as an excerpt of its own; more stages them
     * and flushes every {@code batch} commands, as the engine does at the end of each ring batch.
     */
    @Param({"1", "16", "256"})
    public int batch;

    private final SetTimeProvider clock = new SetTimeProvider(TimeUnit.DAYS.toNanos(20_000));
    private final EngineListener noOp = new NoOpEngineListener();
    private Workload workload;
    private EngineCommand[] commands;
    private Path dir;
    private JournalWriter writer;
    private MatchingEngine engine;
    private long sequence;
    private long invocations;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        workload = ExchangeCoreWorkload.generate(SEED, COMMANDS);
        commands = workload.benchmarkCommands();
        engine = workload.newEngine(FastOrderBook::new, noOp);
        if ("on".equals(journal))
        {
            dir = Files.createTempDirectory("ringbook-journal-bench");
            writer = JournalWriter.open(new JournalConfig().dir(dir).rollCycle(RollCycles.FAST_HOURLY)
                .timeProvider(clock).retentionCycles(2));
            writer.defineInstruments(List.of(ExchangeCoreWorkload.INSTRUMENT));
        }
        System.gc();
    }

    @Setup(Level.Invocation)
    public void reset()
    {
        engine.listener(noOp);
        engine.reset();
        workload.replayFill(engine);
        if (null != writer)
        {
            if (0 == ++invocations % INVOCATIONS_PER_CYCLE)
            {
                clock.advanceMillis(TimeUnit.HOURS.toMillis(1));
                writer.applyRetention();
            }
            engine.listener(batch == 1 ? writer.eventWriter() : writer.batchedEventWriter());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (null != writer)
        {
            writer.close();
            IoUtil.delete(dir.toFile(), true);
        }
    }

    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long exchangeCoreMix()
    {
        final JournalWriter writer = this.writer;
        final MatchingEngine engine = this.engine;
        final int batch = this.batch;
        long written = 0;
        int staged = 0;
        for (final EngineCommand command : commands)
        {
            command.sequence = ++sequence;
            if (null != writer && writer.stageCommand(command, 0) && (++staged < batch || writer.flushCommands()))
            {
                written++;
            }
            engine.process(command);
            if (staged == batch)
            {
                writer.flushEvents();
                staged = 0;
            }
        }
        if (null != writer)
        {
            writer.flushCommands();
            writer.flushEvents();
        }
        return written + engine.nextOrderId();
    }
}
