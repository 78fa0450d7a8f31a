package io.ringbook.bench;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.pipeline.CommandTranslator;
import io.ringbook.engine.pipeline.EnginePipeline;
import io.ringbook.engine.pipeline.WaitStrategies;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.Workload;
import io.ringbook.engine.pipeline.MatcherHook;
import io.ringbook.journal.JournalConfig;
import io.ringbook.journal.JournalWriter;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * In-process pipeline throughput: one thread publishes exchange-core's command mix ({@link ExchangeCoreWorkload})
 * into the Disruptor ring, the matching thread takes each command off the ring and matches it with the fast book, as
 * in the engine process. With {@code journal=on}, as in the engine process, a journal handler appends each command to
 * the Chronicle journal before the matcher may take it (one excerpt per ring batch), and the matcher's events are
 * journaled too (one record per command, one excerpt per batch); {@code off} is matching alone. Measures commands per second from the first publication to the last
 * command matched. Compare with exchange-core's own throughput test, which runs its whole pipeline the
 * same way (about 1.5 M/s with its yielding wait strategy on the 2-core machine).
 * <p>
 * Each invocation gets a fresh engine with the fill phase applied, a fresh ring and, with the journal on, a fresh
 * journal directory (not timed; deleted after the invocation). The journal's first-touch page faults are timed, as
 * the engine pays them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class PipelineBenchmark
{
    public static final int COMMANDS = 1_000_000;
    public static final long SEED = 1;
    private static final CommandTranslator<EngineCommand> COPY = EngineCommand::copyFrom;

    /** The matching thread's wait strategy. */
    @Param({"yielding", "busy-spin", "sleeping"})
    public String waitStrategy;

    @Param({"65536"})
    public int ringSize;

    /** {@code on}: commands journaled before matching and events after, as the engine process does. */
    @Param({"off", "on"})
    public String journal;

    private Workload workload;
    private EngineCommand[] commands;
    private MatchingEngine engine;
    private EnginePipeline pipeline;
    private Path journalDir;
    private JournalWriter writer;

    @Setup(Level.Trial)
    public void generate()
    {
        workload = ExchangeCoreWorkload.generate(SEED, COMMANDS);
        commands = workload.benchmarkCommands();
        System.gc();
    }

    @Setup(Level.Invocation)
    public void start()
    {
        engine = workload.newEngine(WorkloadBench.bookFactory("fast", workload), new ChecksumListener());
        workload.replayFill(engine);
        final EnginePipeline.Context context = new EnginePipeline.Context()
            .engine(engine)
            .ringSize(ringSize)
            .waitStrategy(WaitStrategies.byName(waitStrategy));
        if ("on".equals(journal))
        {
            try
            {
                journalDir = Files.createTempDirectory("ringbook-pipeline-journal");
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
            final JournalWriter writer = JournalWriter.open(new JournalConfig().dir(journalDir));
            writer.defineInstruments(List.of(ExchangeCoreWorkload.INSTRUMENT));
            writer.releaseAppenders();
            // Wired as the engine process wires it (JournalStorage): commands staged and written once per ring batch,
            // event records staged and written at the end of each batch the matcher takes.
            engine.listener(writer.batchedEventWriter());
            context.commandJournal(writer.commandJournal()).matcherHook(new MatcherHook()
            {
                public void afterCommand(final MatchingEngine matchingEngine, final long sequence)
                {
                }

                public void endOfBatch()
                {
                    writer.flushEvents();
                }
            });
            this.writer = writer;
        }
        pipeline = EnginePipeline.launch(context);
    }

    @TearDown(Level.Invocation)
    public void stop()
    {
        pipeline.close();
        if (null != writer)
        {
            final long failures = writer.commandFailures() + writer.eventFailures();
            writer.close();
            writer = null;
            IoUtil.delete(journalDir.toFile(), true);
            if (failures > 0)
            {
                throw new IllegalStateException(failures + " journal appends failed");
            }
        }
        if (engine.stateHash() != workload.stateHashAfterBenchmark())
        {
            throw new IllegalStateException("the pipeline's engine diverged from the generator's: " + workload);
        }
    }

    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long publishAndMatch()
    {
        final EnginePipeline pipeline = this.pipeline;
        for (final EngineCommand command : commands)
        {
            pipeline.publish(COPY, command);
        }
        final long last = commands.length; // the ring numbers the commands 1..n
        while (pipeline.processedSequence() < last)
        {
            Thread.onSpinWait();
        }
        return pipeline.processedSequence();
    }
}
