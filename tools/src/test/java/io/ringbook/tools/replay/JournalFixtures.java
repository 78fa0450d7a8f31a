package io.ringbook.tools.replay;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.InstrumentSpec;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.Workload;
import io.ringbook.journal.JournalConfig;
import io.ringbook.journal.JournalWriter;
import io.ringbook.tools.RingbookCli;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real journals for the journal tools' tests, written with {@link JournalWriter} the way the engine writes them:
 * each command appended, then processed by an engine whose listener is the writer's event writer.
 */
final class JournalFixtures
{
    static final long EPOCH_NS = 1_700_000_000_000_000_000L;

    /** Two instruments with decimal prices, as {@code instrument sym=ABC tick=0.01} etc. define them. */
    static final Instrument ABC = InstrumentSpec.build(1, "ABC", "0.01", 1, 1_000_000_000L, null, null, null);
    static final Instrument XYZ = InstrumentSpec.build(2, "XYZ", "0.0001", 1, 1_000_000_000L, null, null, null);

    /**
     * The small scenario, as an order script; accounts are named 1, 2, 3 so that the script's names are the
     * journal's account ids.
     */
    static final String SCRIPT = String.join("\n",
        "instrument sym=ABC tick=0.01",
        "instrument sym=XYZ tick=0.0001",
        "new acct=1 clid=1 sym=ABC side=buy px=100.00 qty=10",
        "new acct=2 clid=1 sym=ABC side=sell px=100.02 qty=5",
        "new acct=2 clid=2 sym=ABC side=sell px=99.99 qty=4",
        "new acct=1 clid=2 sym=XYZ side=sell px=5.0001 qty=3",
        "new acct=3 clid=1 sym=ABC side=buy px=99.98 qty=2",
        "cancel acct=2 clid=1",
        "replace acct=1 clid=1 px=100.01 qty=8",
        "new acct=3 clid=2 sym=ABC side=sell px=100.00 qty=20 tif=ioc",
        "new acct=2 clid=3 sym=XYZ side=buy px=5.0002 qty=1",
        "cancel acct=3 id=99 sym=ABC",
        "new acct=2 clid=4 sym=ABC side=sell px=100.05 qty=7",
        "") ;

    private JournalFixtures()
    {
    }

    /** The commands of {@link #SCRIPT}, sequenced 1..n and stamped one microsecond apart. */
    static List<EngineCommand> scenario()
    {
        final List<EngineCommand> commands = new ArrayList<>();
        commands.add(new EngineCommand().newOrder(1, 1, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 10000, 10));
        commands.add(new EngineCommand().newOrder(1, 2, 1, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 10002, 5));
        commands.add(new EngineCommand().newOrder(1, 2, 2, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 9999, 4));
        commands.add(new EngineCommand().newOrder(2, 1, 2, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 50001, 3));
        commands.add(new EngineCommand().newOrder(1, 3, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 9998, 2));
        commands.add(new EngineCommand().cancel(1, 2, 1, 0));
        commands.add(new EngineCommand().replace(1, 1, 1, 0, 0, 10001, 8));
        commands.add(new EngineCommand().newOrder(1, 3, 2, Side.SELL, OrderType.LIMIT, TimeInForce.IOC, 10000, 20));
        commands.add(new EngineCommand().newOrder(2, 2, 3, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 50002, 1));
        commands.add(new EngineCommand().cancel(1, 3, 0, 99));
        commands.add(new EngineCommand().newOrder(1, 2, 4, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 10005, 7));
        for (int i = 0; i < commands.size(); i++)
        {
            commands.get(i).sequence = i + 1;
            commands.get(i).timestampNs = EPOCH_NS + (i + 1) * 1000L;
        }
        return commands;
    }

    static List<Instrument> scenarioInstruments()
    {
        return List.of(ABC, XYZ);
    }

    /** The exchange-core mix: fill and benchmark commands, sequenced from 1. */
    static Workload workload(final long seed, final int commands)
    {
        return ExchangeCoreWorkload.generate(seed, commands, 200, 200);
    }

    static List<EngineCommand> commands(final Workload workload)
    {
        final List<EngineCommand> commands = new ArrayList<>(List.of(workload.fillCommands()));
        commands.addAll(List.of(workload.benchmarkCommands()));
        return commands;
    }

    static Path write(final Path dir, final List<Instrument> instruments, final List<EngineCommand> commands)
    {
        return write(dir, instruments, commands, UnaryOperator.identity());
    }

    /**
     * Write a journal of {@code commands} whose events are those of {@code processed.apply(command)}: the identity
     * for a good journal, another command to make a journal whose events differ from what its commands produce.
     */
    static Path write(
        final Path dir, final List<Instrument> instruments, final List<EngineCommand> commands,
        final UnaryOperator<EngineCommand> processed)
    {
        try (JournalWriter writer = JournalWriter.open(new JournalConfig().dir(dir)))
        {
            assertTrue(writer.defineInstruments(instruments));
            final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, writer.eventWriter());
            instruments.forEach(engine::addInstrument);
            for (final EngineCommand command : commands)
            {
                assertTrue(writer.appendCommand(command, 7));
                engine.process(processed.apply(command));
            }
            assertTrue(!writer.failed());
        }
        return dir;
    }

    /** An engine run to {@code toSequence} (inclusive) over the same commands. */
    static MatchingEngine run(
        final List<Instrument> instruments, final List<EngineCommand> commands, final long toSequence,
        final EngineListener listener)
    {
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, listener);
        instruments.forEach(engine::addInstrument);
        for (final EngineCommand command : commands)
        {
            if (command.sequence > toSequence)
            {
                break;
            }
            engine.process(command);
        }
        return engine;
    }

    /** The CLI run in-process, capturing stdout and stderr. */
    static final class Cli
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        int exitCode;

        static Cli run(final String... args)
        {
            final Cli cli = new Cli();
            final CommandLine commandLine = RingbookCli.newCommandLine();
            commandLine.setOut(new PrintWriter(cli.out, true));
            commandLine.setErr(new PrintWriter(cli.err, true));
            cli.exitCode = commandLine.execute(args);
            return cli;
        }

        List<String> outLines()
        {
            return out.toString().lines().collect(java.util.stream.Collectors.toList());
        }

        List<String> errLines()
        {
            return err.toString().lines().collect(java.util.stream.Collectors.toList());
        }
    }
}
