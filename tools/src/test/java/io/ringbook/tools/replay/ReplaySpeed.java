package io.ringbook.tools.replay;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.Workload;
import io.ringbook.journal.JournalConfig;
import io.ringbook.journal.JournalReader;
import io.ringbook.journal.JournalWriter;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replay speed on a journal of exchange-core commands (docs/replay.md): writes the journal if DIR has none, then
 * times {@link JournalReader#replayTo} and {@link JournalVerifier} (best of a few runs each).
 * <p>
 * {@code java $(flags) -cp tools/target/ringbook.jar:tools/target/test-classes
 * io.ringbook.tools.replay.ReplaySpeed DIR COMMANDS [RUNS]}
 */
public final class ReplaySpeed
{
    private ReplaySpeed()
    {
    }

    public static void main(final String[] args)
    {
        final Path dir = Path.of(args[0]);
        final int commands = Integer.parseInt(args[1]);
        final int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (!Files.isDirectory(dir.resolve("commands")))
        {
            final long start = System.nanoTime();
            final Workload workload = ExchangeCoreWorkload.generate(1, commands);
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
                        writer.appendCommand(command, 1);
                        engine.process(command);
                    }
                }
            }
            System.out.printf("wrote %s in %.1f s%n", dir, (System.nanoTime() - start) / 1e9);
        }
        try (JournalReader reader = JournalReader.open(dir))
        {
            final long count = reader.lastSequence() - reader.firstSequence() + 1;
            System.out.printf("journal: %d commands, sequences %d..%d%n", count, reader.firstSequence(),
                reader.lastSequence());
            for (int run = 0; run < runs; run++)
            {
                long start = System.nanoTime();
                final long hash = reader.replayTo(reader.lastSequence(), FastOrderBook::new, NullListener.INSTANCE)
                    .stateHash();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("replayTo(last), fast book: %.2f s, %.2f M commands/s (hash %016x)%n", seconds,
                    count / seconds / 1e6, hash);

                start = System.nanoTime();
                final JournalVerifier.Result result = new JournalVerifier(reader).verify(false);
                seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("verify (fast book, byte compare): %.2f s, %.2f M commands/s, identical %b%n",
                    seconds, count / seconds / 1e6, result.identical());
            }
            final long start = System.nanoTime();
            reader.replayTo(reader.lastSequence(), io.ringbook.engine.book.ReferenceOrderBook::new,
                NullListener.INSTANCE);
            final double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("replayTo(last), reference book: %.2f s, %.2f M commands/s%n", seconds,
                count / seconds / 1e6);
        }
    }
}
