package io.ringbook.tools.replay;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.workload.Workload;
import io.ringbook.tools.script.EventPrinter;
import io.ringbook.tools.script.OrderScript;
import io.ringbook.tools.replay.JournalFixtures.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.ringbook.tools.replay.JournalFixtures.scenario;
import static io.ringbook.tools.replay.JournalFixtures.scenarioInstruments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringbook replay} on real journals: books at a sequence equal an engine run to that point and the books
 * {@code ringbook script} prints; event lines equal the script's; bad input is one line and exit code 2.
 */
class ReplayCommandTest
{
    @TempDir
    Path temp;

    @Test
    void bookAtSequenceMatchesAnEngineRunToThatPoint()
    {
        final Workload workload = JournalFixtures.workload(42, 3_000);
        final List<EngineCommand> commands = JournalFixtures.commands(workload);
        final Path journal = JournalFixtures.write(temp.resolve("j"), workload.instruments(), commands);
        final long last = commands.get(commands.size() - 1).sequence;
        for (final long at : new long[]{ 1, 17, last / 2, last - 1, last })
        {
            final Cli cli = Cli.run("replay", "--journal", journal.toString(), "--at", Long.toString(at),
                "--depth", "8");
            assertEquals(0, cli.exitCode, cli.err::toString);
            final MatchingEngine engine = JournalFixtures.run(workload.instruments(), commands, at,
                NullListener.INSTANCE);
            final List<String> expected = new ArrayList<>();
            for (final Instrument instrument : workload.instruments())
            {
                EventPrinter.printBook(expected::add, engine.book(instrument.id()), 8);
            }
            assertEquals(expected, cli.outLines(), "at " + at);
            assertTrue(expected.size() > (at > 100 ? 10 : 1), "a book with levels at " + at);
        }
    }

    @Test
    void bookAtSequenceFromSnapshotsEqualsAFullReplay() throws java.io.IOException
    {
        final Workload workload = JournalFixtures.workload(43, 3_000);
        final List<EngineCommand> commands = JournalFixtures.commands(workload);
        final Path journal = JournalFixtures.write(temp.resolve("j"), workload.instruments(), commands);
        final long last = commands.get(commands.size() - 1).sequence;
        // Snapshots at a third and two thirds, as the engine writes them; the newer one then damaged.
        final io.ringbook.journal.snapshot.SnapshotStore store = new io.ringbook.journal.snapshot.SnapshotStore(
            journal.resolve("snapshots"), line -> { });
        final org.agrona.ExpandableDirectByteBuffer buffer = new org.agrona.ExpandableDirectByteBuffer(1 << 16);
        for (final long at : new long[]{ last / 3, 2 * last / 3 })
        {
            final MatchingEngine engine = JournalFixtures.run(workload.instruments(), commands, at,
                NullListener.INSTANCE);
            store.write(at, buffer, 0, io.ringbook.engine.snapshot.EngineSnapshot.write(engine, at, 0, buffer, 0));
        }
        for (final long at : new long[]{ last / 3, last / 3 + 1, last / 2, 2 * last / 3 + 5, last })
        {
            final Cli fromSnapshot = Cli.run("replay", "--journal", journal.toString(), "--at", Long.toString(at));
            final Cli full = Cli.run("replay", "--journal", journal.toString(), "--at", Long.toString(at),
                "--no-snapshots");
            assertEquals(0, fromSnapshot.exitCode, fromSnapshot.err::toString);
            assertEquals(full.outLines(), fromSnapshot.outLines(), "at " + at);
            assertEquals("", fromSnapshot.err.toString());
        }
        final Path newest = store.directory().resolve(
            io.ringbook.journal.snapshot.SnapshotStore.fileName(2 * last / 3));
        final byte[] bytes = java.nio.file.Files.readAllBytes(newest);
        bytes[bytes.length / 2] ^= 0x5A;
        java.nio.file.Files.write(newest, bytes);
        final Cli damaged = Cli.run("replay", "--journal", journal.toString(), "--at", Long.toString(last));
        final Cli full = Cli.run("replay", "--journal", journal.toString(), "--at", Long.toString(last),
            "--no-snapshots");
        assertEquals(0, damaged.exitCode, damaged.err::toString);
        assertEquals(full.outLines(), damaged.outLines());
        assertTrue(damaged.err.toString().contains("CRC"), damaged.err::toString);
    }

    @Test
    void booksAndEventsAreThoseTheScriptPrints()
    {
        final Path journal = JournalFixtures.write(temp.resolve("j"), scenarioInstruments(), scenario());
        final List<String> script = runScript(JournalFixtures.SCRIPT + "book sym=ABC\nbook sym=XYZ depth=1\n");

        final Cli abc = Cli.run("replay", "--journal", journal.toString(), "--at", "11", "--symbol", "ABC");
        final Cli xyz = Cli.run("replay", "--journal", journal.toString(), "--at", "11", "--symbol", "XYZ",
            "--depth", "1");
        assertEquals(0, abc.exitCode, abc.err::toString);
        final List<String> books = new ArrayList<>(abc.outLines());
        books.addAll(xyz.outLines());
        assertEquals(script.subList(script.indexOf("book sym=ABC"), script.size()), books);
        assertEquals(List.of("book sym=ABC", "bid 99.98 2 1", "ask 100.05 7 1"), abc.outLines());

        final Cli all = Cli.run("replay", "--journal", journal.toString(), "--at", "11");
        assertEquals(List.of("book sym=ABC", "bid 99.98 2 1", "ask 100.05 7 1",
            "book sym=XYZ", "ask 5.0001 2 1"), all.outLines());

        final Cli events = Cli.run("replay", "--journal", journal.toString(), "--events");
        assertEquals(0, events.exitCode, events.err::toString);
        final List<String> lines = events.outLines();
        final List<String> commandLines = lines.stream().filter(l -> l.startsWith("> ")).collect(Collectors.toList());
        assertEquals(11, commandLines.size(), events.out::toString);
        assertEquals("> seq=1 time=2023-11-14T22:13:20.000001Z session=7 new acct=1 clid=1 sym=ABC side=buy " +
            "px=100.00 qty=10", commandLines.get(0));
        assertEquals("> seq=6 time=2023-11-14T22:13:20.000006Z session=7 cancel acct=2 clid=1", commandLines.get(5));
        assertEquals("> seq=7 time=2023-11-14T22:13:20.000007Z session=7 replace acct=1 clid=1 px=100.01 qty=8",
            commandLines.get(6));
        assertEquals("> seq=8 time=2023-11-14T22:13:20.000008Z session=7 new acct=3 clid=2 sym=ABC side=sell " +
            "px=100.00 qty=20 tif=ioc", commandLines.get(7));
        assertEquals("> seq=10 time=2023-11-14T22:13:20.000010Z session=7 cancel acct=3 id=99 sym=ABC",
            commandLines.get(9));
        final List<String> eventLines = lines.stream().filter(l -> !l.startsWith("> ")).collect(Collectors.toList());
        final List<String> scriptEvents = runScript(JournalFixtures.SCRIPT).stream()
            .filter(l -> !l.startsWith("instrument ")).collect(Collectors.toList());
        assertEquals(scriptEvents, eventLines);
        assertTrue(eventLines.contains("trade sym=ABC px=100.00 qty=4 maker=1/1 taker=2/2"), events.out::toString);
    }

    @Test
    void eventsOverARangeAndOneSymbol()
    {
        final Path journal = JournalFixtures.write(temp.resolve("j"), scenarioInstruments(), scenario());
        final Cli range = Cli.run("replay", "--journal", journal.toString(), "--events", "--from", "3", "--to", "4",
            "--no-market-data");
        assertEquals(0, range.exitCode, range.err::toString);
        assertEquals(List.of(
            "> seq=3 time=2023-11-14T22:13:20.000003Z session=7 new acct=2 clid=2 sym=ABC side=sell px=99.99 qty=4",
            "accepted acct=2 clid=2 id=3 sym=ABC side=sell px=99.99 qty=4 tif=gtc",
            "trade sym=ABC px=100.00 qty=4 maker=1/1 taker=2/2",
            "> seq=4 time=2023-11-14T22:13:20.000004Z session=7 new acct=1 clid=2 sym=XYZ side=sell px=5.0001 qty=3",
            "accepted acct=1 clid=2 id=4 sym=XYZ side=sell px=5.0001 qty=3 tif=gtc"), range.outLines());

        final Cli xyz = Cli.run("replay", "--journal", journal.toString(), "--events", "--symbol", "XYZ",
            "--no-market-data");
        assertEquals(List.of(
            "> seq=4 time=2023-11-14T22:13:20.000004Z session=7 new acct=1 clid=2 sym=XYZ side=sell px=5.0001 qty=3",
            "accepted acct=1 clid=2 id=4 sym=XYZ side=sell px=5.0001 qty=3 tif=gtc",
            "> seq=9 time=2023-11-14T22:13:20.000009Z session=7 new acct=2 clid=3 sym=XYZ side=buy px=5.0002 qty=1",
            "accepted acct=2 clid=3 id=7 sym=XYZ side=buy px=5.0002 qty=1 tif=gtc",
            "trade sym=XYZ px=5.0001 qty=1 maker=1/2 taker=2/3"), xyz.outLines());
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo()
    {
        final Path journal = JournalFixtures.write(temp.resolve("j"), scenarioInstruments(), scenario());
        final String dir = journal.toString();
        expectUsage("no journal at", "replay", "--journal", temp.resolve("absent").toString(), "--at", "1");
        expectUsage("no journal at", "replay", "--journal", temp.toString(), "--at", "1");
        expectUsage("--at 12 is outside the journal's sequences 1..11", "replay", "--journal", dir, "--at", "12");
        expectUsage("--at 0 is outside", "replay", "--journal", dir, "--at", "0");
        expectUsage("unknown symbol FOO (the journal defines ABC, XYZ)", "replay", "--journal", dir, "--at", "3",
            "--symbol", "FOO");
        expectUsage("give --at SEQ or --events", "replay", "--journal", dir);
        expectUsage("cannot go together", "replay", "--journal", dir, "--at", "3", "--events");
        expectUsage("--from 5 is after --to 4", "replay", "--journal", dir, "--events", "--from", "5", "--to", "4");
        expectUsage("--to 99 is outside", "replay", "--journal", dir, "--events", "--to", "99");
        expectUsage("--depth must be at least 1", "replay", "--journal", dir, "--at", "3", "--depth", "0");
        expectUsage("Missing required option", "replay", "--at", "3");
        expectUsage("Invalid value", "replay", "--journal", dir, "--at", "x");
    }

    @Test
    void helpDescribesTheCommand()
    {
        final Cli cli = Cli.run("replay", "--help");
        assertEquals(0, cli.exitCode);
        assertTrue(cli.out.toString().contains("--events") && cli.out.toString().contains("Exit codes"),
            cli.out::toString);
        assertTrue(Cli.run("--help").out.toString().contains("replay"));
    }

    static void expectUsage(final String message, final String... args)
    {
        final Cli cli = Cli.run(args);
        assertEquals(2, cli.exitCode, () -> String.join(" ", args) + ": " + cli.err + cli.out);
        assertEquals(1, cli.errLines().size(), cli.err::toString);
        assertTrue(cli.err.toString().contains(message), cli.err::toString);
        assertTrue(cli.err.toString().startsWith("ringbook"), cli.err::toString);
    }

    static List<String> runScript(final String text)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try
        {
            new OrderScript(out, OrderScript.BookKind.FAST, false, true).run(new StringReader(text));
        }
        catch (final Exception ex)
        {
            throw new AssertionError(ex);
        }
        return bytes.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    }
}
