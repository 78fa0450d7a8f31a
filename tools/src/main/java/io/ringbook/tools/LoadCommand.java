package io.ringbook.tools;

import io.ringbook.engine.server.EngineConfig;
import io.ringbook.tools.load.LoadException;
import io.ringbook.tools.load.LoadGenerator;
import io.ringbook.tools.load.LoadReport;
import io.ringbook.tools.load.PhaseResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ringbook load}: drive a running engine with open-loop order flow at a fixed offered rate (or find the
 * highest rate it sustains) and report throughput and latency corrected for coordinated omission. The work is in
 * {@link LoadGenerator}; this class maps options, prints, and turns failures into one line and an exit status.
 */
@Command(
    name = "load",
    header = "Drive a running engine with order flow; report latency.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Drive a running engine with realistic order flow from K sessions (accounts load1..loadK of the config) at a " +
            "fixed offered rate, open loop, and report achieved throughput and latency percentiles.",
        "",
        "Latency of each request runs from its intended send time in the schedule to its first reply, so a stalled " +
            "sender or engine cannot hide queueing (coordinated omission). --rate max steps the rate up to the " +
            "highest the engine sustains, then measures at it. Guide: docs/load.md."
    },
    footer = {
        "",
        "Examples:",
        "  ./ringbook engine --config config/engine.yaml     # another terminal",
        "  ./ringbook load --config config/engine.yaml --rate 100k --clients 2",
        "  ./ringbook load --config config/engine.yaml --rate max --clients 2 \\",
        "      --aeron-dir /tmp/ringbook-engine/aeron --hgrm load.hgrm",
        "",
        "Exit status: 0 done; 1 the engine cannot be reached, refused a logon or ended a session; 2 bad arguments " +
            "or config; 130 interrupted (Ctrl-C; the results so far are printed)."
    })
public final class LoadCommand implements Callable<Integer>
{
    private static final String NAME = "ringbook load";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE",
        description = "The engine's configuration: ingress channel, instruments, load accounts.")
    Path config;

    @Option(names = "--rate", paramLabel = "N|max", defaultValue = "10k", converter = RateConverter.class,
        description = "Offered commands per second over all clients (10000, 100k, 1.5M), or max to find the " +
            "highest sustainable rate first (default: ${DEFAULT-VALUE}).")
    long rate;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "10",
        description = "Seconds measured, after the warm-up (default: ${DEFAULT-VALUE}).")
    double durationS;

    @Option(names = "--clients", paramLabel = "K", defaultValue = "2",
        description = "Sessions, each on its own account load1..loadK (default: ${DEFAULT-VALUE}).")
    int clients;

    @Option(names = "--warmup", paramLabel = "S", defaultValue = "2",
        description = "Seconds of load before measuring, left out of the results (default: ${DEFAULT-VALUE}).")
    double warmupS;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "Use the media driver running in DIR (e.g. the engine's <engine.dir>/aeron) instead of " +
            "embedding one; saves a driver thread's CPU on a small machine.")
    String aeronDir;

    @Option(names = "--ipc-replies",
        description = "With --aeron-dir naming the engine's driver: have the engine send replies over Aeron IPC " +
            "instead of UDP on localhost (orders still come in over the configured UDP channel).")
    boolean ipcReplies;

    @Option(names = "--hgrm", paramLabel = "FILE",
        description = "Write the latency percentile distribution (µs) to FILE for plotting.")
    Path hgrm;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
        description = "Seed of the workload's random choices (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "T", defaultValue = "0",
        description = "Load threads; clients are shared out among them (default: one per client, at most one " +
            "per processor).")
    int threads;

    @Option(names = "--max-live", paramLabel = "N", defaultValue = "1000",
        description = "Live orders per client at most; above it new orders turn into cancels " +
            "(default: ${DEFAULT-VALUE}).")
    int maxLive;

    @Option(names = "--idle", paramLabel = "STRATEGY", defaultValue = "backoff",
        description = "How load threads wait for work: busy-spin, yielding, backoff or sleeping " +
            "(default: ${DEFAULT-VALUE}).")
    String idle;

    @Option(names = "--connect-timeout-ms", paramLabel = "MS", defaultValue = "5000",
        description = "Give up connecting and logging on after this long (default: ${DEFAULT-VALUE}).")
    long connectTimeoutMs;

    @Option(names = "--max-p99-us", paramLabel = "US", defaultValue = "100000",
        description = "--rate max: a step whose p99 is above this is not sustained; the default (${DEFAULT-VALUE}) " +
            "catches a queue building up over a step but not a shared machine's scheduling noise; give a latency " +
            "target (e.g. 1000) to find the highest rate that meets it.")
    long maxP99Us;

    @Option(names = "--start-rate", paramLabel = "N", defaultValue = "25k", converter = RateConverter.class,
        description = "--rate max: the first rate tried (default: ${DEFAULT-VALUE}).")
    long startRate;

    @Option(names = "--step", paramLabel = "S", defaultValue = "3",
        description = "--rate max: seconds per step, the first third of it warm-up (default: ${DEFAULT-VALUE}).")
    double stepS;

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        checkArguments();
        final EngineConfig engineConfig;
        try
        {
            engineConfig = EngineConfig.load(config);
        }
        catch (final EngineConfig.ConfigException ex)
        {
            err.println(NAME + ": " + ex.getMessage());
            return LoadException.BAD_ARGUMENTS;
        }
        final LoadGenerator.Context ctx = new LoadGenerator.Context()
            .engineConfig(engineConfig, config.toString())
            .clients(clients)
            .threads(threads)
            .seed(seed)
            .aeronDir(aeronDir)
            .ipcReplies(ipcReplies)
            .maxLiveOrders(maxLive)
            .idleStrategy(idle)
            .connectTimeoutMs(connectTimeoutMs)
            .maxP99Us(maxP99Us)
            .searchStartRate(startRate)
            .stepMs(Math.round(stepS * 1000 / 3), Math.round(stepS * 1000 * 2 / 3))
            .interactive(isTerminal());
        final Signals signals = new Signals();
        try (LoadGenerator generator = LoadGenerator.launch(ctx))
        {
            final EngineConfig.Engine engine = engineConfig.engine;
            out.printf("%s: %d client%s (%s1..%s%d) on %d thread%s -> engine %s stream %d%s; media driver %s%n",
                NAME, clients, clients == 1 ? "" : "s", LoadGenerator.ACCOUNT_PREFIX, LoadGenerator.ACCOUNT_PREFIX,
                clients, generator.threads(), generator.threads() == 1 ? "" : "s", engine.ingressChannel,
                engine.ingressStreamId, ipcReplies ? ", replies over IPC" : "", generator.embeddedDriver() ?
                "embedded in " + generator.aeronDirectoryName() : generator.aeronDirectoryName());
            out.flush();
            long measureRate = rate;
            if (rate == RateConverter.MAX)
            {
                out.printf("searching for the highest sustainable rate: steps of %s s from %,d/s, sustained = " +
                    "achieved >= 95%% of offered, p99 <= %,d µs, every request sent and answered%n",
                    format(stepS), startRate, maxP99Us);
                out.flush();
                measureRate = generator.searchMaxRate(signals::isSignalled, out);
                if (measureRate == 0)
                {
                    err.println(NAME + ": no rate was sustained, not even the lowest tried");
                    return LoadException.FAILED;
                }
                out.printf("highest sustainable rate: %,d/s; measuring at it%n", measureRate);
            }
            out.printf("offering %,d/s for %s s after %s s warm-up%n", measureRate, format(durationS),
                format(warmupS));
            out.flush();
            final long[] before = generator.engineCounters();
            final PhaseResult result = generator.runPhase("measure", measureRate,
                TimeUnit.MICROSECONDS.toNanos(Math.round(warmupS * 1e6)),
                TimeUnit.MICROSECONDS.toNanos(Math.round(durationS * 1e6)), signals::isSignalled, out);
            final long[] after = generator.engineCounters();
            LoadReport.print(out, result, before, after, generator.maxRingOccupancy());
            if (hgrm != null)
            {
                LoadReport.writeHgrm(hgrm, result.histogram());
                out.println("histogram (µs) written to " + hgrm);
            }
            out.flush();
            return signals.isSignalled() ? 130 : 0;
        }
        catch (final LoadException ex)
        {
            out.flush();
            err.println(NAME + ": " + (signals.isSignalled() ? "interrupted" : ex.getMessage()));
            return signals.isSignalled() ? 130 : ex.exitCode();
        }
        catch (final IOException ex)
        {
            err.println(NAME + ": cannot write " + hgrm + ": " + ex.getMessage());
            return LoadException.FAILED;
        }
        finally
        {
            signals.restore();
        }
    }

    private void checkArguments()
    {
        final CommandLine cli = spec.commandLine();
        if (rate != RateConverter.MAX && rate <= 0)
        {
            throw new CommandLine.ParameterException(cli, "--rate must be positive or max");
        }
        if (!(durationS > 0) || Double.isInfinite(durationS))
        {
            throw new CommandLine.ParameterException(cli, "--duration must be positive");
        }
        if (!(warmupS >= 0) || Double.isInfinite(warmupS))
        {
            throw new CommandLine.ParameterException(cli, "--warmup must not be negative");
        }
        if (clients < 1)
        {
            throw new CommandLine.ParameterException(cli, "--clients must be at least 1");
        }
        if (threads < 0 || maxLive < 1 || connectTimeoutMs < 1 || maxP99Us < 1 || startRate <= 0 || !(stepS >= 0.3))
        {
            throw new CommandLine.ParameterException(cli, "--threads must be >= 0, --max-live, " +
                "--connect-timeout-ms, --max-p99-us and --start-rate positive, --step at least 0.3");
        }
        switch (idle)
        {
            case "busy-spin":
            case "yielding":
            case "backoff":
            case "sleeping":
                break;
            default:
                throw new CommandLine.ParameterException(cli, "--idle must be busy-spin, yielding, backoff or " +
                    "sleeping, not '" + idle + "'");
        }
    }

    private static String format(final double seconds)
    {
        return seconds == Math.rint(seconds) ? Long.toString((long)seconds) : Double.toString(seconds);
    }

    /**
     * True on an interactive terminal (JDK 22+ also gives a console when redirected, and says so with
     * {@code Console.isTerminal()}, which release 17 cannot name).
     */
    private static boolean isTerminal()
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
        catch (final ReflectiveOperationException ex)
        {
            return true; // before JDK 22 a console means a terminal
        }
    }

    /**
     * {@code --rate}: a positive number with an optional k or M suffix, or {@code max}.
     */
    static final class RateConverter implements CommandLine.ITypeConverter<Long>
    {
        static final long MAX = -1;

        public Long convert(final String value)
        {
            final String text = value.trim().toLowerCase(Locale.ROOT).replace("_", "").replace(",", "");
            if (text.equals("max"))
            {
                return MAX;
            }
            double multiplier = 1;
            String number = text;
            if (text.endsWith("k"))
            {
                multiplier = 1e3;
                number = text.substring(0, text.length() - 1);
            }
            else if (text.endsWith("m"))
            {
                multiplier = 1e6;
                number = text.substring(0, text.length() - 1);
            }
            final double parsed;
            try
            {
                parsed = Double.parseDouble(number) * multiplier;
            }
            catch (final NumberFormatException ex)
            {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a rate (e.g. 50000, 100k, " +
                    "1.5M or max)");
            }
            if (!(parsed >= 1) || parsed > 1e9)
            {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a rate between 1 and 1G " +
                    "per second (or max)");
            }
            return Math.round(parsed);
        }
    }

    /**
     * Ctrl-C and SIGTERM stop the run early (the results so far are printed and the driver's files deleted)
     * instead of killing the JVM; the previous handlers come back afterwards.
     */
    private static final class Signals
    {
        private final AtomicBoolean signalled = new AtomicBoolean();
        private final sun.misc.Signal[] signals = { new sun.misc.Signal("INT"), new sun.misc.Signal("TERM") };
        private final sun.misc.SignalHandler[] previous = new sun.misc.SignalHandler[signals.length];

        Signals()
        {
            for (int i = 0; i < signals.length; i++)
            {
                previous[i] = sun.misc.Signal.handle(signals[i], signal -> signalled.set(true));
            }
        }

        boolean isSignalled()
        {
            return signalled.get();
        }

        void restore()
        {
            for (int i = 0; i < signals.length; i++)
            {
                sun.misc.Signal.handle(signals[i], previous[i]);
            }
        }
    }
}
