package io.ringbook.tools;

import io.ringbook.engine.RejectReason;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.EngineTelemetry;
import io.ringbook.engine.telemetry.StatFileDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringbook stat} in-process against a telemetry file launched by the test, as the engine would launch it.
 */
class StatCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private EngineTelemetry telemetry;

    @AfterEach
    void close()
    {
        if (telemetry != null)
        {
            telemetry.close();
        }
    }

    private int run(final String... args)
    {
        final CommandLine cli = RingbookCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private EngineTelemetry launch()
    {
        telemetry = EngineTelemetry.launch(new EngineTelemetry.Context().dir(dir).printErrorsToStderr(false));
        return telemetry;
    }

    private static boolean hasCounterLine(final String output, final long value, final String label)
    {
        return Pattern.compile("(?m)^ *\\d+: +" + value + " - " + Pattern.quote(label) + "$").matcher(output).find();
    }

    @Test
    void onceShowsTheHeaderAndEveryCounterWithItsValue()
    {
        launch();
        telemetry.counter(EngineCounter.ORDERS_RECEIVED).set(42);
        telemetry.counter(EngineCounter.LAST_SEQUENCE).set(9_876_543_210L);
        telemetry.rejectCounter(RejectReason.OUTSIDE_BAND).set(3);
        telemetry.newCounter(400, "gateway clients").set(12);
        telemetry.updateHeartbeat(System.currentTimeMillis());

        assertEquals(0, run("stat", "--dir", dir.toString(), "--once"), err.toString());
        final String output = out.toString();
        final List<String> lines = output.lines().collect(Collectors.toList());
        assertTrue(lines.get(0).startsWith("ringbook stat - " + dir.resolve(StatFileDescriptor.FILE_NAME) +
            " (version 1) at "), lines.get(0));
        assertTrue(Pattern.matches("pid " + ProcessHandle.current().pid() +
            ", uptime 0:00:\\d\\d, heartbeat \\d+ ms ago", lines.get(1)), lines.get(1));
        assertTrue(hasCounterLine(output, 42, "orders received"), output);
        assertTrue(hasCounterLine(output, 9_876_543_210L, "last sequence"), output);
        assertTrue(hasCounterLine(output, 3, "rejects: OUTSIDE_BAND"), output);
        assertTrue(hasCounterLine(output, 0, "rejects: WOULD_CROSS"), output);
        assertTrue(hasCounterLine(output, 12, "gateway clients"), output);
        for (final EngineCounter counter : EngineCounter.values())
        {
            assertTrue(output.contains(" - " + counter.label() + "\n"), counter.label());
        }
        assertEquals(3 + EngineCounter.values().length + RejectReason.values().length + 1, lines.size(), output);
        assertFalse(output.contains("\u001b"), "no ANSI codes when stdout is not a terminal");
        assertEquals("", err.toString());
    }

    @Test
    void liveModeWithoutATerminalPrintsOneBlockPerRefresh()
    {
        launch();
        telemetry.counter(EngineCounter.TRADES).set(5);

        assertEquals(0, run("stat", "--dir", dir.toString(), "--interval-ms", "1", "--count", "3"), err.toString());
        final String output = out.toString();
        assertEquals(3, output.lines().filter(line -> line.startsWith("ringbook stat - ")).count(), output);
        assertEquals(3, output.lines().filter(line -> line.endsWith(" 5 - trades")).count(), output);
        assertFalse(output.contains("\u001b"), output);
    }

    @Test
    void aClosedEngineIsReportedAsNotRunning()
    {
        launch();
        telemetry.counter(EngineCounter.TRADES).set(7);
        telemetry.close();

        assertEquals(0, run("stat", "--dir", dir.toString(), "--once"), err.toString());
        final String output = out.toString();
        assertTrue(Pattern.compile("(?m)^pid \\d+, engine not running: closed at \\S+ after 0:00:\\d\\d$")
            .matcher(output).find(), output);
        assertTrue(hasCounterLine(output, 7, "trades"), "post-mortem values still shown: " + output);
    }

    @Test
    void aStaleHeartbeatIsReportedAsNotRunning()
    {
        launch();
        telemetry.updateHeartbeat(System.currentTimeMillis() - 90_000);

        assertEquals(0, run("stat", "--dir", dir.toString(), "--once"), err.toString());
        assertTrue(Pattern.compile(
            "(?m)^pid \\d+, engine not running: no heartbeat for 0:01:3\\d \\(it ran 0:00:00\\)$")
            .matcher(out.toString()).find(), out.toString());
    }

    @Test
    void errorsShowsEachDistinctErrorWithCountTimesAndStack()
    {
        launch();
        final IllegalStateException bug = new IllegalStateException("book crossed");
        telemetry.errorHandler().onError(bug);
        telemetry.errorHandler().onError(bug);
        telemetry.errorHandler().onError(new IllegalArgumentException("bad instrument"));

        assertEquals(0, run("stat", "--dir", dir.toString(), "--errors"), err.toString());
        final String output = out.toString();
        assertTrue(Pattern.compile("(?m)^2 observations from \\S+Z to \\S+Z for:\\n" +
            "java.lang.IllegalStateException: book crossed\\n\\tat io.ringbook.tools.StatCommandTest").matcher(output)
            .find(), output);
        assertTrue(Pattern.compile("(?m)^1 observation from \\S+Z to \\S+Z for:\\n" +
            "java.lang.IllegalArgumentException: bad instrument$").matcher(output).find(), output);
        assertTrue(output.endsWith("2 distinct errors observed.\n"), output);
        assertFalse(output.contains(" - orders received"), "--errors shows errors only");
    }

    @Test
    void noErrorsSaysSo()
    {
        launch();
        assertEquals(0, run("stat", "--dir", dir.toString(), "--errors"), err.toString());
        assertTrue(out.toString().endsWith("\n0 distinct errors observed.\n"), out.toString());
    }

    @Test
    void aMissingDirectoryIsOneLineAndExitOne()
    {
        final Path missing = dir.resolve("no-such-dir");
        assertEquals(1, run("stat", "--dir", missing.toString(), "--once"));
        assertEquals("ringbook stat: no engine running here? " + missing.resolve("ringbook-stat.dat") + " not found\n",
            err.toString());
        assertEquals("", out.toString());

        err.getBuffer().setLength(0);
        assertEquals(1, run("stat", "--dir", missing.toString(), "--errors"));
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void aFileThatIsNotAStatFileIsOneLineAndExitOne() throws Exception
    {
        Files.write(dir.resolve(StatFileDescriptor.FILE_NAME), new byte[]{ 'n', 'o', 'p', 'e' });
        assertEquals(1, run("stat", "--dir", dir.toString()));
        assertEquals("ringbook stat: " + dir.resolve(StatFileDescriptor.FILE_NAME) +
            " is not a ringbook stat file: 4 bytes long\n", err.toString());
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo()
    {
        assertEquals(2, run("stat", "--dir", dir.toString(), "--interval-ms", "0"));
        assertEquals("ringbook: --interval-ms must be positive: 0 (see 'ringbook stat --help')\n", err.toString());

        err.getBuffer().setLength(0);
        assertEquals(2, run("stat", "--bogus"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("ringbook: Unknown option: '--bogus'"), err.toString());
    }

    @Test
    void helpHasExamples()
    {
        assertEquals(0, run("stat", "--help"));
        final String help = out.toString();
        assertTrue(help.contains("--interval-ms=MS"), help);
        assertTrue(help.contains("Examples:"), help);
        assertTrue(help.contains("./ringbook stat --dir"), help);

        out.getBuffer().setLength(0);
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("  stat "), out.toString());
    }
}
