package io.ringbook.tools;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line as a whole: {@code ringbook --help} lists every command with one line each, every command's
 * {@code --help} has examples, and a bad argument is one clear line on stderr with exit status 2.
 */
class CliHelpTest
{
    private static final List<String> COMMANDS = List.of("engine", "gateway", "demo", "script", "load", "tail", "stat",
        "replay", "export", "verify", "book-from-mbo", "plot-latency");

    @Test
    void theMainHelpListsEveryCommandOnOneLine()
    {
        final String help = RingbookCli.newCommandLine().getUsageMessage();
        for (final String command : COMMANDS)
        {
            final List<String> lines = help.lines().filter(line -> line.startsWith("  " + command + " ")).toList();
            assertEquals(1, lines.size(), command + " in\n" + help);
            final int index = help.lines().toList().indexOf(lines.get(0));
            final String next = help.lines().toList().size() > index + 1 ? help.lines().toList().get(index + 1) : "";
            assertTrue(!next.startsWith("      "), command + "'s entry wraps onto a second line:\n" + help);
        }
    }

    @Test
    void everyCommandHasHelpWithExamples()
    {
        for (final String command : COMMANDS)
        {
            final StringWriter out = new StringWriter();
            final CommandLine cli = RingbookCli.newCommandLine();
            cli.setOut(new PrintWriter(out, true));
            assertEquals(0, cli.execute(command, "--help"), command);
            assertTrue(out.toString().contains("Example") && out.toString().contains("./ringbook " + command),
                command + " --help:\n" + out);
        }
    }

    @Test
    void aBadArgumentIsOneLineAndExitTwo()
    {
        for (final String command : COMMANDS)
        {
            final StringWriter err = new StringWriter();
            final CommandLine cli = RingbookCli.newCommandLine();
            cli.setErr(new PrintWriter(err, true));
            assertEquals(2, cli.execute(command, "--no-such-option"), command);
            assertEquals(1, err.toString().lines().count(), command + ": " + err);
            assertTrue(err.toString().startsWith("ringbook: ") && err.toString().contains("--help"), err.toString());
        }
    }
}
