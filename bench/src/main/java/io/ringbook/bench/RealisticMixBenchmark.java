package io.ringbook.bench;

import io.ringbook.engine.workload.RealisticMixWorkload;
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
 * Single-threaded matching throughput on a deeper, busier mix ({@link RealisticMixWorkload}: 8 instruments of uneven
 * activity, about 2,000 orders each over about 150 price levels a side, 10,000 accounts; roughly 48% GTC adds mostly
 * near the touch, 33% cancels anywhere in the book, 7.5% moves, 5% reduces, 5% marketable IOC, 1% market, 0.5% FOK):
 * commands per second through {@code MatchingEngine.process} into a listener that reads every event.
 * <p>
 * Set up as {@link OrderBookBenchmark}: each invocation replays the same {@value #COMMANDS} commands on the same
 * starting books; the fast book should show 0 B/op with {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class RealisticMixBenchmark
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
        bench = new WorkloadBench(RealisticMixWorkload.generate(SEED, COMMANDS), book, addressing);
        System.gc(); // the generator's garbage, before measuring
    }

    @Setup(Level.Invocation)
    public void reset()
    {
        bench.reset();
    }

    @Benchmark
    @OperationsPerInvocation(COMMANDS)
    public long realisticMix()
    {
        return bench.run();
    }
}
