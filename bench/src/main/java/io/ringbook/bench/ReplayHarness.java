package io.ringbook.bench;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.NoOpEngineListener;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.snapshot.EngineSnapshot;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.Workload;
import io.ringbook.journal.JournalConfig;
import io.ringbook.journal.JournalLayout;
import io.ringbook.journal.JournalReader;
import io.ringbook.journal.JournalVerifier;
import io.ringbook.journal.JournalWriter;
import io.ringbook.journal.snapshot.SnapshotStore;
import org.HdrHistogram.Histogram;
import org.agrona.ExpandableDirectByteBuffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Replay speed on a journal of the exchange-core command mix: how fast a quant's replay and {@code ringbook verify}
 * run through it, and how long the book at a random sequence takes from a cold reader (open, newest snapshot at or
 * before it, replay the rest), as {@code ringbook replay --at} does.
 * <p>
 * Writes the journal first when DIR has none: COMMANDS commands (the fill phase, then the mix), each journaled with
 * its events as the engine does, and a state snapshot every SNAPSHOT_EVERY commands (the engine's default is
 * 1,000,000). Then, RUNS times: a full {@code replayTo}, a full verify, and SAMPLES restores at random sequences.
 * <pre>
 * java $(flags) -Xmx8g -cp bench/target/benchmarks.jar io.ringbook.bench.ReplayHarness \
 *     DIR [COMMANDS=10000000] [SNAPSHOT_EVERY=1000000] [RUNS=3] [SAMPLES=20]
 * </pre>
 */
public final class ReplayHarness
{
    private ReplayHarness()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length < 1)
        {
            System.err.println("usage: ReplayHarness DIR [COMMANDS] [SNAPSHOT_EVERY] [RUNS] [SAMPLES]");
            System.exit(2);
        }
        final Path dir = Path.of(args[0]);
        final int commands = args.length > 1 ? Integer.parseInt(args[1]) : 10_000_000;
        final long snapshotEvery = args.length > 2 ? Long.parseLong(args[2]) : 1_000_000;
        final int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        final int samples = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        if (!Files.isDirectory(dir.resolve(JournalLayout.COMMANDS_DIR)))
        {
            write(dir, commands, snapshotEvery);
        }
        final long last;
        try (JournalReader reader = JournalReader.open(dir))
        {
            last = reader.lastSequence();
            System.out.printf("journal %s: commands %d..%d, snapshots %s%n", dir, reader.firstSequence(), last,
                java.util.Arrays.toString(new SnapshotStore(dir.resolve(JournalLayout.SNAPSHOTS_DIR), s -> { })
                    .list()));
        }
        final Random random = new Random(42);
        for (int run = 1; run <= runs; run++)
        {
            try (JournalReader reader = JournalReader.open(dir))
            {
                long start = System.nanoTime();
                final long hash = reader.replayTo(last, FastOrderBook::new, new NoOpEngineListener()).stateHash();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("run %d: replayTo(%d) %.2f s = %.2f M commands/s (state hash %016x)%n", run, last,
                    seconds, last / seconds / 1e6, hash);

                start = System.nanoTime();
                final JournalVerifier.Result result = new JournalVerifier(reader).verify(false);
                seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("run %d: verify %.2f s = %.2f M commands/s, identical %b%n", run, seconds,
                    result.commands / seconds / 1e6, result.identical());
            }
            final Histogram restoreMs = new Histogram(3);
            for (int i = 0; i < samples; i++)
            {
                final long at = 1 + (long)(random.nextDouble() * last);
                final long start = System.nanoTime();
                try (JournalReader reader = JournalReader.open(dir))
                {
                    final MatchingEngine engine = reader.restoreTo(at, FastOrderBook::new, new NoOpEngineListener(),
                        System.out::println);
                    if (engine.instrumentIds().length == 0)
                    {
                        throw new IllegalStateException("nothing restored at " + at);
                    }
                }
                restoreMs.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)));
            }
            System.out.printf("run %d: book at a random sequence (open + snapshot + replay), %d samples: " +
                "mean %.0f ms, p50 %d ms, max %d ms%n", run, samples, restoreMs.getMean(),
                restoreMs.getValueAtPercentile(50), restoreMs.getMaxValue());
        }
    }

    private static void write(final Path dir, final int commands, final long snapshotEvery)
    {
        final long start = System.nanoTime();
        final Workload workload = ExchangeCoreWorkload.generate(1, commands);
        final SnapshotStore snapshots = new SnapshotStore(dir.resolve(JournalLayout.SNAPSHOTS_DIR), 1_000,
            System.out::println);
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1 << 20);
        long sequence = 0;
        try (JournalWriter writer = JournalWriter.open(new JournalConfig().dir(dir)))
        {
            writer.defineInstruments(workload.instruments());
            final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, writer.eventWriter());
            workload.defineInstruments(engine);
            for (final EngineCommand[] batch : new EngineCommand[][]{ workload.fillCommands(),
                workload.benchmarkCommands() })
            {
                for (final EngineCommand command : batch)
                {
                    command.sequence = ++sequence;
                    command.timestampNs = sequence;
                    writer.appendCommand(command, 1);
                    engine.process(command);
                    if (sequence % snapshotEvery == 0)
                    {
                        final int length = EngineSnapshot.write(engine, sequence, sequence, buffer, 0);
                        snapshots.write(sequence, buffer, 0, length);
                    }
                }
            }
            if (writer.commandFailures() + writer.eventFailures() > 0)
            {
                throw new IllegalStateException("journal writes failed: " + writer);
            }
        }
        System.out.printf("wrote %d commands to %s in %.1f s%n", sequence, dir, (System.nanoTime() - start) / 1e9);
    }
}
