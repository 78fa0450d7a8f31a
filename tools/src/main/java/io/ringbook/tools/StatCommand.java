package io.ringbook.tools;

import io.ringbook.engine.server.EngineConfig;
import io.ringbook.engine.telemetry.EngineTelemetry;
import io.ringbook.engine.telemetry.TelemetryFileException;
import io.ringbook.engine.telemetry.TelemetryReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code ringbook stat}: an engine's counters and distinct error log, read from its stat file by another process,
 * like Aeron's {@code AeronStat} and {@code ErrorStat}. It maps the file read-only, so watching never disturbs the
 * engine, and it works on a stopped or crashed engine's file too (post-mortem).
 */
@Command(
    name = "stat",
    header = "Show a running engine's counters and error log.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Show an engine's counters live, or its distinct error log, from the stat file in its telemetry directory.",
        "",
        "Refreshes every interval until Ctrl-C (clearing the screen on a terminal, else printing one block after " +
            "another). The first lines give the pid, uptime and heartbeat age, or say the engine is not running. " +
            "Counters and file layout: docs/stat.md." },
    footer = {
        "",
        "Exit codes: 0 done; 1 no stat file, or not one this build can read; 2 usage error.",
        "",
        "Examples:",
        "  ./ringbook stat                           # the default directory",
        "  ./ringbook stat --dir /tmp/engine --once",
        "  ./ringbook stat --dir /tmp/engine --interval-ms 250 --count 20 > stat.log",
        "  ./ringbook stat --dir /tmp/engine --errors" })
public final class StatCommand implements Callable<Integer>
{
    private static final String NAME = "ringbook stat";
    private static final String CLEAR_SCREEN = "\u001b[H\u001b[2J";
    private static final String RULE = "=".repeat(72);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "The engine directory (engine.dir in its config; default: ${DEFAULT-VALUE}).")
    Path dir = EngineConfig.expandPath(new EngineConfig.Engine().dir);

    @Option(names = "--config", paramLabel = "FILE",
        description = "Read the engine directory from this engine config instead of --dir.")
    Path config;

    @Option(names = "--once", description = "Print the counters once and exit.")
    boolean once;

    @Option(names = "--interval-ms", paramLabel = "MS", defaultValue = "1000",
        description = "Time between refreshes (default: ${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--count", paramLabel = "N", defaultValue = "0",
        description = "Stop after N refreshes; 0, the default, runs until Ctrl-C.")
    long count;

    @Option(names = "--errors",
        description = "Print the distinct error log (count, first and last time, stack trace) instead, once.")
    boolean errors;

    @Option(names = "--liveness-timeout-ms", paramLabel = "MS",
        description = "Report the engine as not running when its heartbeat is older than this " +
            "(default: ${DEFAULT-VALUE}).")
    long livenessTimeoutMs = EngineTelemetry.Configuration.livenessTimeoutMs();

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (intervalMs <= 0 || count < 0 || livenessTimeoutMs <= 0)
        {
            err.println("ringbook: " + (intervalMs <= 0 ? "--interval-ms must be positive: " + intervalMs :
                count < 0 ? "--count must not be negative: " + count :
                "--liveness-timeout-ms must be positive: " + livenessTimeoutMs) + " (see '" + NAME + " --help')");
            err.flush();
            return 2;
        }

        if (config != null)
        {
            try
            {
                dir = EngineConfig.expandPath(EngineConfig.load(config).engine.dir);
            }
            catch (final EngineConfig.ConfigException ex)
            {
                err.println("ringbook stat: " + ex.getMessage());
                err.flush();
                return 1;
            }
        }
        TelemetryReader reader = null;
        try
        {
            reader = TelemetryReader.open(dir);
            if (errors)
            {
                printErrors(reader, out);
                return out.checkError() ? 1 : 0;
            }

            final boolean clearScreen = !once && stdoutIsTerminal();
            for (long refresh = 1; ; refresh++)
            {
                if (clearScreen)
                {
                    out.print(CLEAR_SCREEN);
                }
                else if (refresh > 1)
                {
                    out.println();
                }
                if (reader == null)
                {
                    reader = reopen(out);
                }
                if (reader != null)
                {
                    printCounters(reader, out);
                }
                if (out.checkError())
                {
                    return 0; // stdout went away (a pipe into head, say): nothing left to do
                }
                if (once || refresh == count)
                {
                    return 0;
                }
                Thread.sleep(intervalMs);
                if (reader != null && reader.isReplaced())
                {
                    // The engine restarted, or its file was removed: follow the path to whatever comes next.
                    reader.close();
                    reader = null;
                }
            }
        }
        catch (final TelemetryFileException ex)
        {
            out.flush();
            err.println(NAME + ": " + ex.getMessage());
            err.flush();
            return 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return 0;
        }
        finally
        {
            if (reader != null)
            {
                reader.close();
            }
        }
    }

    private TelemetryReader reopen(final PrintWriter out)
    {
        try
        {
            return TelemetryReader.open(dir);
        }
        catch (final TelemetryFileException ex)
        {
            // While watching, an engine between runs is normal: say so and try again next interval.
            out.println(NAME + ": " + ex.getMessage() + "; trying again every " + intervalMs + " ms");
            out.flush();
            return null;
        }
    }

    private void printHeader(final TelemetryReader reader, final PrintWriter out, final long nowMs)
    {
        out.println(NAME + " - " + reader.file() + " (version " + reader.version() + ") at " +
            Instant.ofEpochMilli(nowMs));
        final long startMs = reader.startTimestampMs();
        final long heartbeatMs = reader.heartbeatTimestampMs();
        final StringBuilder line = new StringBuilder("pid ").append(reader.pid());
        if (reader.isClosed())
        {
            final long closeMs = reader.closeTimestampMs();
            line.append(", engine not running: closed at ").append(Instant.ofEpochMilli(closeMs))
                .append(" after ").append(duration(closeMs - startMs));
        }
        else if (!reader.isEngineRunning(nowMs, livenessTimeoutMs))
        {
            line.append(", engine not running: no heartbeat for ").append(duration(nowMs - heartbeatMs))
                .append(" (it ran ").append(duration(heartbeatMs - startMs)).append(')');
        }
        else
        {
            line.append(", uptime ").append(duration(nowMs - startMs))
                .append(", heartbeat ").append(Math.max(0, nowMs - heartbeatMs)).append(" ms ago");
        }
        out.println(line);
        out.println(RULE);
    }

    private void printCounters(final TelemetryReader reader, final PrintWriter out)
    {
        printHeader(reader, out, System.currentTimeMillis());
        reader.forEachCounter((counterId, typeId, label, value) ->
            out.format("%4d: %20d - %s%n", counterId, value, label));
        out.flush();
    }

    private void printErrors(final TelemetryReader reader, final PrintWriter out)
    {
        printHeader(reader, out, System.currentTimeMillis());
        final int distinct = reader.readErrors((observationCount, firstMs, lastMs, encodedException) ->
        {
            out.format("%d observation%s from %s to %s for:%n", observationCount, observationCount == 1 ? "" : "s",
                Instant.ofEpochMilli(firstMs), Instant.ofEpochMilli(lastMs));
            out.println(encodedException.stripTrailing());
            out.println();
        });
        out.println(distinct + " distinct errors observed.");
        out.flush();
    }

    /**
     * Before JDK 22 a console exists only when stdin and stdout are a terminal; from JDK 22 one may exist anyway and
     * {@code Console.isTerminal()} (called reflectively: this builds for 17) tells.
     */
    private static boolean stdoutIsTerminal()
    {
        final Console console = System.console();
        if (console == null)
        {
            return false;
        }
        try
        {
            return (Boolean)Console.class.getMethod("isTerminal").invoke(console);
        }
        catch (final NoSuchMethodException ex)
        {
            return true;
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            return false;
        }
    }

    /**
     * @return {@code H:MM:SS}, with days in front when there are any; never negative (clocks can step).
     */
    static String duration(final long ms)
    {
        final long seconds = Math.max(0, ms) / 1000;
        final long days = seconds / 86_400;
        final String time = String.format("%d:%02d:%02d", (seconds / 3600) % 24, (seconds / 60) % 60, seconds % 60);
        return days > 0 ? days + "d " + time : time;
    }
}
