package io.ringbook.tools.replay;

import io.ringbook.journal.JournalVerifier;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.workload.Workload;
import io.ringbook.tools.replay.JournalFixtures.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.ringbook.tools.replay.JournalFixtures.scenario;
import static io.ringbook.tools.replay.JournalFixtures.scenarioInstruments;
import static io.ringbook.tools.replay.ReplayCommandTest.expectUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringbook verify}: a good journal is identical with the engine's state hash; a journal whose events at one
 * sequence came from another command is reported there, with both sets of events.
 */
class VerifyCommandTest
{
    @TempDir
    Path temp;

    @Test
    void goodJournalIsIdentical()
    {
        final Workload workload = JournalFixtures.workload(5, 20_000);
        final List<EngineCommand> commands = JournalFixtures.commands(workload);
        final Path journal = JournalFixtures.write(temp.resolve("j"), workload.instruments(), commands);
        final long hash = JournalFixtures.run(workload.instruments(), commands, Long.MAX_VALUE,
            NullListener.INSTANCE).stateHash();

        final Cli cli = Cli.run("verify", "--journal", journal.toString());
        assertEquals(0, cli.exitCode, () -> cli.out + "" + cli.err);
        assertEquals(List.of(String.format("verify: %d commands, %d event records, identical; state hash 0x%016x",
            commands.size(), commands.size(), hash)), cli.outLines());
    }

    @Test
    void smallChunksGiveTheSameResult()
    {
        final Path journal = JournalFixtures.write(temp.resolve("j"), scenarioInstruments(), scenario());
        try (io.ringbook.journal.JournalReader reader = io.ringbook.journal.JournalReader.open(journal))
        {
            final JournalVerifier.Result result = new JournalVerifier(reader, 3).verify(true);
            assertTrue(result.identical());
            assertEquals(11, result.commands);
            assertEquals(11, result.eventRecords);
        }
    }

    @Test
    void firstDivergenceIsReported()
    {
        final List<EngineCommand> commands = scenario();
        // The journal holds command 3 as sent, but its events are those of a sell of 3 instead of 4.
        final Path journal = JournalFixtures.write(temp.resolve("j"), scenarioInstruments(), commands, command ->
            command.sequence == 3 ? withQuantity(command, 3) : command);
        final Cli cli = Cli.run("verify", "--journal", journal.toString());
        assertEquals(1, cli.exitCode, () -> cli.out + "" + cli.err);
        assertEquals(List.of(
            "verify: divergence at sequence 3 after 2 identical event records: events differ",
            "> seq=3 time=2023-11-14T22:13:20.000003Z session=7 new acct=2 clid=2 sym=ABC side=sell px=99.99 qty=4",
            "journaled:",
            "  accepted acct=2 clid=2 id=3 sym=ABC side=sell px=99.99 qty=3 tif=gtc",
            "  trade sym=ABC px=100.00 qty=3 maker=1/1 taker=2/2",
            "  order sym=ABC execute id=1 side=buy px=100.00 qty=7 change=3",
            "  level sym=ABC change bid px=100.00 qty=7 orders=1",
            "recomputed:",
            "  accepted acct=2 clid=2 id=3 sym=ABC side=sell px=99.99 qty=4 tif=gtc",
            "  trade sym=ABC px=100.00 qty=4 maker=1/1 taker=2/2",
            "  order sym=ABC execute id=1 side=buy px=100.00 qty=6 change=4",
            "  level sym=ABC change bid px=100.00 qty=6 orders=1"), cli.outLines());
    }

    private static EngineCommand withQuantity(final EngineCommand command, final long quantity)
    {
        final EngineCommand changed = new EngineCommand().copyFrom(command);
        changed.quantity = quantity;
        return changed;
    }

    @Test
    void badInputExitsTwo()
    {
        expectUsage("no journal at", "verify", "--journal", temp.resolve("none").toString());
        expectUsage("no journal at", "verify", "--journal", temp.toString());
        expectUsage("Missing required option", "verify");
        assertEquals(0, Cli.run("verify", "--help").exitCode);
    }
}
