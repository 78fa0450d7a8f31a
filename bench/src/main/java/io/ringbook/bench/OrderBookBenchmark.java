package io.ringbook.bench;

import io.ringbook.engine.workload.ExchangeCoreWorkload;
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
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Single-threaded matching throughput on exchange-core's command mix ({@link ExchangeCoreWorkload}: one instrument,
 * a book of about 1,000 orders, 71% moves, 12.6% GTC, 7.2% cancels, 7.2% reduces, 1.8% IOC, 0.06% FOK): commands per
 * second through {@code MatchingEngine.process}, validation included, into a listener that reads every event.
 * <p>
 * Each invocation replays the same {@value #COMMANDS} pre-generated commands on the same starting book: the setup
 * resets the engine (which allocates nothing) and replays the fill phase. The engine and the fast book are sized up
 * front, so with {@code -prof gc} the fast book should show 0 B/op. Forks inherit the launching JVM's flags
 * ({@code bench/run} passes those of {@code jvm-flags.properties}) and add a fixed heap.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class OrderBookBenchmark
{
    /** Commands per invocation. */
    public static final int COMMANDS = 1_000_000;
    public static final long SEED = 1;

    /** {@code fast} (FastOrderBook) or {@code reference} (ReferenceOrderBook, for comparison). */
    @Param({"fast", "reference"})
    public String book;

    /** How cancels and replaces name their order: {@code orderId} or {@code clientOrderId}. */
    @Param({"orderId", "clientOrderId"})
    public String addressing;

    private WorkloadBench bench;

    @Setup(Level.Trial)
    public void generate()
    {
        bench = new WorkloadBench(ExchangeCoreWorkload.generate(SEED, COMMANDS), book, addressing);
        System.gc(); // the generator's garbage, before measuring
    }

    @Setup(Level.Invocation)
    public void reset()
    {
        bench.reset();
    }

    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long exchangeCoreMix()
    {
        return bench.run();
    }
}
