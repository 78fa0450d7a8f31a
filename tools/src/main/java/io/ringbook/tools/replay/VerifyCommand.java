package io.ringbook.tools.replay;

import io.ringbook.journal.JournalVerifier;
import io.ringbook.journal.EventDecoder;
import io.ringbook.tools.script.EventPrinter;
import org.agrona.DirectBuffer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ringbook verify}: proves a journal replays to byte-identical events and the same state on both books.
 */
@Command(
    name = "verify",
    header = "Re-run a journal and check every event, byte for byte.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Re-run every journaled command through a fresh engine (fast book), re-encode each command's events and " +
            "compare them byte for byte with the journaled event records; then compare the final state hash with " +
            "a replay on the reference book.",
        "Prints 'verify: N commands, M event records, identical; state hash 0x...', or the first divergence: the " +
            "sequence, the command, the journaled and the recomputed events.",
        "Exit codes: 0 identical; 1 a divergence (or the journal could not be read); 2 bad arguments or no " +
            "journal at DIR." },
    footer = {
        "",
        "Example:",
        "  ./ringbook verify --journal data/journal" })
public final class VerifyCommand implements Callable<Integer>
{
    private static final String NAME = "ringbook verify";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = "The journal directory.")
    Path journal;

    @Option(names = "--no-reference",
        description = "Skip the second replay on the reference book (it is the slow part on long journals).")
    boolean noReference;

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        try (JournalInput input = JournalInput.open(journal))
        {
            final JournalVerifier verifier = new JournalVerifier(input.reader);
            final JournalVerifier.Result result;
            try (io.ringbook.tools.Progress progress = io.ringbook.tools.Progress.start(spec.commandLine().getErr(),
                "ringbook verify", verifier::commandsVerified,
                input.last == 0 ? 0 : input.last - input.first + 1, "commands"))
            {
                result = verifier.verify(!noReference);
            }
            final JournalVerifier.Divergence divergence = result.divergence;
            if (divergence != null)
            {
                report(input, result, out);
                out.flush();
                return 1;
            }
            if (result.stateHash != result.referenceStateHash)
            {
                out.printf("verify: %d commands, %d event records identical, but the state hash differs: fast book " +
                    "0x%016x, reference book 0x%016x%n", result.commands, result.eventRecords, result.stateHash,
                    result.referenceStateHash);
                out.flush();
                return 1;
            }
            out.printf("verify: %d commands, %d event records, identical; state hash 0x%016x%s%n",
                result.commands, result.eventRecords, result.stateHash,
                result.referenceChecked ? "" : " (reference book not checked)");
            if (result.commandsWithoutRecord > 0)
            {
                out.printf("verify: %d commands after sequence %d have no event record (journaled, then the " +
                    "engine stopped before their events)%n", result.commandsWithoutRecord, result.lastEventSequence);
            }
            out.flush();
            return 0;
        }
        catch (final JournalInput.BadInput ex)
        {
            err.println(NAME + ": " + ex.getMessage());
            err.flush();
            return 2;
        }
        catch (final RuntimeException ex)
        {
            out.flush();
            err.println(NAME + ": cannot read " + journal + ": " + ex);
            err.flush();
            return 1;
        }
    }

    private static void report(final JournalInput input, final JournalVerifier.Result result, final PrintWriter out)
    {
        final JournalVerifier.Divergence d = result.divergence;
        out.println("verify: divergence at sequence " + d.sequence + " after " + result.eventRecords +
            " identical event records: " + d.what);
        out.println(d.command == null ? "> seq=" + d.sequence + " (no journaled command)" :
            CommandText.format(d.command, d.sessionId, input::instrument));
        final EventDecoder decoder = new EventDecoder();
        final EventPrinter printer = new EventPrinter(
            line -> out.println("  " + line), Long::toString, input::instrument, true);
        if (d.command != null)
        {
            printer.onCommandStart(d.command);
        }
        events(out, "journaled:", d.journaledBuffer(), d.journaled, decoder, printer);
        events(out, "recomputed:", d.recomputedBuffer(), d.recomputed, decoder, printer);
    }

    private static void events(
        final PrintWriter out, final String title, final DirectBuffer buffer, final byte[] bytes,
        final EventDecoder decoder, final EventPrinter printer)
    {
        out.println(title);
        if (buffer == null)
        {
            out.println("  (no event record)");
            return;
        }
        try
        {
            if (decoder.decode(buffer, 0, bytes.length, printer) == 0)
            {
                out.println("  (no events)");
            }
        }
        catch (final RuntimeException ex)
        {
            out.println("  (cannot decode " + bytes.length + " bytes: " + ex.getMessage() + ")");
        }
    }
}
