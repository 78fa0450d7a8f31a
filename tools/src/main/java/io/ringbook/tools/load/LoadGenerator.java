package io.ringbook.tools.load;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.AeronException;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.client.LogonRejectedException;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.engine.server.EngineConfig;
import io.ringbook.engine.server.IdleStrategies;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.TelemetryReader;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Drives a running engine with order flow from several sessions and measures it. {@link #launch} starts a media
 * driver of its own (unless told to use an existing one), connects an Aeron client, logs each client on with its own
 * {@code loadN} account and starts the load threads; {@link #runPhase} offers a fixed rate for a while and returns
 * what came back; {@link #searchMaxRate} steps the rate up to find the highest the engine sustains.
 * {@link #close()} logs the sessions out and deletes the driver's directory.
 */
public final class LoadGenerator implements AutoCloseable
{
    /** Account names of the load clients are this prefix and 1, 2, ... */
    public static final String ACCOUNT_PREFIX = "load";
    /** With IPC replies, client i subscribes to aeron:ipc on this stream id plus i. */
    public static final int IPC_REPLY_STREAM_BASE = 102_000;
    private static final long PROGRESS_INTERVAL_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long WAIT_STEP_NS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long PHASE_START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long PHASE_COMPLETION_SLACK_NS = TimeUnit.SECONDS.toNanos(10);

    private final Context ctx;
    private final List<LoadClient> clients = new ArrayList<>();
    private final List<LoadAgent> agents = new ArrayList<>();
    private final List<AgentRunner> runners = new ArrayList<>();
    private Path driverParentDir;
    private MediaDriver driver;
    private Aeron aeron;
    private String aeronDirectoryName;
    private TelemetryReader engineTelemetry;
    private long maxRingOccupancy;

    private LoadGenerator(final Context ctx)
    {
        this.ctx = ctx;
    }

    /**
     * Start the driver (or connect to one), log on every client and start the load threads.
     *
     * @throws LoadException when something the user gave does not fit ({@link LoadException#BAD_ARGUMENTS}), or the
     *                       engine cannot be reached or refuses a logon ({@link LoadException#FAILED}).
     */
    public static LoadGenerator launch(final Context ctx)
    {
        ctx.conclude();
        final LoadGenerator generator = new LoadGenerator(ctx);
        try
        {
            generator.start();
            return generator;
        }
        catch (final RuntimeException ex)
        {
            generator.close();
            throw ex;
        }
    }

    private void start()
    {
        connectAeron();
        final EngineConfig.Engine engine = ctx.engineConfig.engine;
        final InstrumentModel[] instruments = ctx.instruments();
        final long idBase = ctx.idBase;
        for (int i = 0; i < ctx.clients; i++)
        {
            final EngineConfig.AccountConfig account = ctx.accounts.get(i);
            final LoadClient client = new LoadClient(i, account.name, idBase,
                new Workload(instruments, ctx.seed * 1_000_003L + i, ctx.maxLiveOrders), ctx.inFlightCapacity);
            final OrderEntryClient.Context clientCtx = new OrderEntryClient.Context()
                .aeron(aeron)
                .ingressChannel(engine.ingressChannel)
                .ingressStreamId(engine.ingressStreamId)
                .accountId(account.id)
                .secret(account.secret)
                .heartbeatIntervalMs(ctx.heartbeatIntervalMs)
                .connectTimeoutMs(ctx.connectTimeoutMs)
                .listener(client);
            if (ctx.ipcReplies)
            {
                clientCtx.responseChannel("aeron:ipc").responseStreamId(IPC_REPLY_STREAM_BASE + i);
            }
            final OrderEntryClient session;
            try
            {
                session = OrderEntryClient.connect(clientCtx);
            }
            catch (final LogonRejectedException ex)
            {
                throw new LoadException(LoadException.FAILED, "logon of " + account.name + " (account " +
                    account.id + ") rejected: " + ex.reason() + reasonHint(ex));
            }
            catch (final IllegalStateException ex)
            {
                throw new LoadException(LoadException.FAILED, "cannot reach the engine at " + engine.ingressChannel +
                    " stream " + engine.ingressStreamId + " within " + ctx.connectTimeoutMs + " ms (" +
                    ex.getMessage() + "); is it running? start it with ./ringbook engine --config " +
                    ctx.configName);
            }
            client.sender(new OrderEntrySender(session));
            clients.add(client);
        }
        final int threads = Math.min(ctx.threads, ctx.clients);
        for (int t = 0; t < threads; t++)
        {
            final List<LoadClient> assigned = new ArrayList<>();
            for (int i = t; i < clients.size(); i += threads)
            {
                assigned.add(clients.get(i));
            }
            final LoadAgent agent = new LoadAgent("ringbook-load-" + t, assigned, ctx.clock);
            final AgentRunner runner = new AgentRunner(ctx.idleStrategy(), Throwable::printStackTrace, null, agent);
            agents.add(agent);
            runners.add(runner);
            AgentRunner.startOnThread(runner);
        }
        openEngineTelemetry();
    }

    private static String reasonHint(final LogonRejectedException ex)
    {
        switch (ex.reason())
        {
            case ALREADY_LOGGED_ON:
                return " (another load run is using the account)";
            case INVALID_CREDENTIALS:
                return " (does the engine run with the same config?)";
            default:
                return "";
        }
    }

    private void connectAeron()
    {
        if (ctx.aeronDir != null)
        {
            aeronDirectoryName = ctx.aeronDir;
            if (!CommonContext.isDriverActive(new File(aeronDirectoryName), ctx.connectTimeoutMs, message -> { }))
            {
                throw new LoadException(LoadException.FAILED, "no media driver running in " + aeronDirectoryName +
                    " (the engine's embedded driver lives in <engine.dir>/aeron while the engine runs)");
            }
        }
        else
        {
            try
            {
                final Path shm = Path.of("/dev/shm");
                driverParentDir = Files.createTempDirectory(
                    Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")),
                    "ringbook-load-");
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot create a directory for the media driver", ex);
            }
            aeronDirectoryName = driverParentDir.resolve("aeron").toString();
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDirectoryName)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(
                    100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100)))
                .socketRcvbufLength(ctx.receiveWindowBytes)
                .initialWindowLength(ctx.receiveWindowBytes)
                .warnIfDirectoryExists(false));
        }
        try
        {
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDirectoryName));
        }
        catch (final AeronException ex)
        {
            throw new LoadException(LoadException.FAILED, "cannot connect to the media driver in " +
                aeronDirectoryName + ": " + ex.getMessage());
        }
    }

    private void openEngineTelemetry()
    {
        try
        {
            engineTelemetry = TelemetryReader.open(EngineConfig.expandPath(ctx.engineConfig.engine.dir));
        }
        catch (final RuntimeException ex)
        {
            engineTelemetry = null; // another machine, or no access: the engine's counters are just not shown
        }
    }

    /**
     * @return where the clients' media driver lives.
     */
    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    public boolean embeddedDriver()
    {
        return driver != null;
    }

    public int threads()
    {
        return agents.size();
    }

    List<LoadClient> clients()
    {
        return clients;
    }

    public Context context()
    {
        return ctx;
    }

    /**
     * Offer {@code rate} commands per second over all clients for the warm-up and the duration, then wait for the
     * replies.
     *
     * @param stop     asked now and then; true ends the phase early (Ctrl-C).
     * @param progress prints a line a second when not null.
     * @throws LoadException when the engine ended a session or the connection closed.
     */
    public PhaseResult runPhase(
        final String name, final long rate, final long warmupNs, final long durationNs, final BooleanSupplier stop,
        final PrintWriter progress)
    {
        final NanoClock clock = ctx.clock;
        final long startNs = clock.nanoTime() + PHASE_START_DELAY_NS;
        final Phase phase = new Phase(name, rate, ctx.clients, startNs, warmupNs, durationNs, ctx.drainNs);
        final long giveUpNs = phase.drainDeadlineNs + PHASE_COMPLETION_SLACK_NS;
        final long[] last = progressTotals();
        final long[] first = last.clone();
        long nextProgressNs = startNs + PROGRESS_INTERVAL_NS;
        long lastProgressNs = startNs;
        boolean printedProgress = false;
        maxRingOccupancy = 0;
        agents.forEach(agent -> agent.start(phase));
        while (!completed(phase))
        {
            final long nowNs = clock.nanoTime();
            if (failure() != null || stop.getAsBoolean())
            {
                phase.cancel(nowNs);
            }
            if (nowNs - giveUpNs > 0)
            {
                throw new LoadException(LoadException.FAILED, "the load threads did not finish " + phase +
                    " in time");
            }
            if (nowNs - nextProgressNs >= 0)
            {
                final long[] now = progressTotals();
                sampleEngine();
                if (progress != null)
                {
                    printProgress(progress, phase, nowNs, now, last, first, nowNs - lastProgressNs);
                    printedProgress = true;
                }
                System.arraycopy(now, 0, last, 0, now.length);
                lastProgressNs = nowNs;
                nextProgressNs += PROGRESS_INTERVAL_NS;
            }
            LockSupport.parkNanos(Math.max(1, Math.min(WAIT_STEP_NS, nextProgressNs - nowNs)));
        }
        if (printedProgress && ctx.interactive)
        {
            progress.println();
        }
        final String failure = failure();
        if (failure != null)
        {
            throw new LoadException(LoadException.FAILED, "engine session lost: " + failure);
        }
        final List<LoadClient.ClientResult> results = new ArrayList<>();
        for (final LoadAgent agent : agents)
        {
            results.addAll(agent.results());
        }
        return new PhaseResult(phase, results);
    }

    /**
     * Step the rate up to the highest the engine sustains (see {@link RateSearch}).
     *
     * @return the search, whose result is the highest sustained rate, 0 when none.
     */
    public long searchMaxRate(final BooleanSupplier stop, final PrintWriter log)
    {
        final RateSearch search = new RateSearch(ctx.searchStartRate, ctx.searchMaxRate, ctx.sustainRatio,
            ctx.maxP99Ns, ctx.maxSearchSteps, ctx.searchPrecision, line ->
            {
                log.println(line);
                log.flush();
            });
        return search.search(rate ->
        {
            if (stop.getAsBoolean())
            {
                throw new LoadException(LoadException.FAILED, "interrupted");
            }
            return runPhase("step", rate, ctx.stepWarmupNs, ctx.stepDurationNs, stop, null);
        });
    }

    private boolean completed(final Phase phase)
    {
        for (final LoadAgent agent : agents)
        {
            if (agent.completedPhase() != phase)
            {
                return false;
            }
        }
        return true;
    }

    private String failure()
    {
        for (final LoadAgent agent : agents)
        {
            final String failure = agent.failure();
            if (failure != null)
            {
                return failure;
            }
        }
        return null;
    }

    private long[] progressTotals()
    {
        final long[] totals = new long[5];
        for (final LoadClient client : clients)
        {
            totals[0] += client.sentProgress.get();
            totals[1] += client.repliedProgress.get();
            totals[2] += client.rejectsProgress.get();
            totals[3] += client.backPressuredProgress.get();
            totals[4] += client.unexpectedRejectsProgress.get();
        }
        return totals;
    }

    private void printProgress(final PrintWriter out, final Phase phase, final long nowNs, final long[] now,
        final long[] last, final long[] first, final long intervalNs)
    {
        final double seconds = intervalNs / 1e9;
        final long elapsedS = Math.round((nowNs - phase.startNs) / 1e9);
        final String part = nowNs < phase.measureStartNs ? "warm-up" : nowNs < phase.endNs ? "measure" : "drain";
        final String line = String.format("%4ds %-7s sent %,11.0f/s  acked %,11.0f/s  rejects %,d " +
            "(unexpected %,d)  back-pressured %,d  in flight %,d", elapsedS, part, (now[0] - last[0]) / seconds,
            (now[1] - last[1]) / seconds, now[2] - first[2], now[4] - first[4], now[3] - first[3], (now[0] - first[0]) -
            (now[1] - first[1]));
        if (ctx.interactive)
        {
            out.print("\r" + line + "\u001b[K");
        }
        else
        {
            out.println(line);
        }
        out.flush();
    }

    private void sampleEngine()
    {
        if (engineTelemetry != null)
        {
            maxRingOccupancy = Math.max(maxRingOccupancy, engineTelemetry.counterValue(EngineCounter.RING_OCCUPANCY));
        }
    }

    /**
     * @return the engine's counters now, when its stat file is readable from here; else null.
     */
    public long[] engineCounters()
    {
        if (engineTelemetry == null)
        {
            return null;
        }
        final EngineCounter[] counters = EngineCounter.values();
        final long[] values = new long[counters.length];
        for (final EngineCounter counter : counters)
        {
            values[counter.ordinal()] = engineTelemetry.counterValue(counter);
        }
        return values;
    }

    /**
     * @return the highest ring occupancy seen (once a second) during the last phase.
     */
    public long maxRingOccupancy()
    {
        return maxRingOccupancy;
    }

    public void close()
    {
        for (final AgentRunner runner : runners)
        {
            CloseHelper.quietClose(runner);
        }
        for (final LoadClient client : clients)
        {
            client.close();
        }
        CloseHelper.quietCloseAll(engineTelemetry, aeron, driver);
        if (driverParentDir != null)
        {
            IoUtil.delete(driverParentDir.toFile(), true);
        }
    }

    /**
     * What to run and against what. Validated by {@link #conclude()}.
     */
    public static final class Context
    {
        EngineConfig engineConfig;
        String configName = "FILE";
        int clients = 1;
        int threads = 0;
        long seed = 1;
        String aeronDir;
        int maxLiveOrders = 1000;
        long connectTimeoutMs = 5_000;
        /** A session ends after three silent intervals: 5 s lets a run live through an engine stall of up to 15 s,
         * which then shows in the latencies, instead of ending it. */
        int heartbeatIntervalMs = 5_000;
        String idleStrategyName = "backoff";
        boolean ipcReplies;
        int inFlightCapacity = 1 << 20;
        int receiveWindowBytes = 2 * 1024 * 1024;
        long drainNs = TimeUnit.SECONDS.toNanos(2);
        long searchStartRate = 25_000;
        long searchMaxRate = 50_000_000;
        double sustainRatio = 0.95;
        long maxP99Ns = TimeUnit.MILLISECONDS.toNanos(100);
        int maxSearchSteps = 16;
        double searchPrecision = 0.05;
        long stepWarmupNs = TimeUnit.SECONDS.toNanos(1);
        long stepDurationNs = TimeUnit.SECONDS.toNanos(2);
        boolean interactive;
        NanoClock clock = SystemNanoClock.INSTANCE;
        long idBase;
        List<EngineConfig.AccountConfig> accounts;

        public Context engineConfig(final EngineConfig engineConfig, final String configName)
        {
            this.engineConfig = engineConfig;
            this.configName = configName;
            return this;
        }

        public Context clients(final int clients)
        {
            this.clients = clients;
            return this;
        }

        /** Load threads; 0 for one per client up to the number of processors. */
        public Context threads(final int threads)
        {
            this.threads = threads;
            return this;
        }

        public Context seed(final long seed)
        {
            this.seed = seed;
            return this;
        }

        /** Use the media driver in this directory; null to embed one. */
        public Context aeronDir(final String aeronDir)
        {
            this.aeronDir = aeronDir;
            return this;
        }

        /**
         * Ask the engine to send replies over Aeron IPC instead of UDP; needs {@link #aeronDir} to be the engine's
         * media driver.
         */
        public Context ipcReplies(final boolean ipcReplies)
        {
            this.ipcReplies = ipcReplies;
            return this;
        }

        public Context maxLiveOrders(final int maxLiveOrders)
        {
            this.maxLiveOrders = maxLiveOrders;
            return this;
        }

        public Context connectTimeoutMs(final long connectTimeoutMs)
        {
            this.connectTimeoutMs = connectTimeoutMs;
            return this;
        }

        /** How load threads wait when there is nothing to do: busy-spin, yielding, backoff or sleeping. */
        public Context idleStrategy(final String name)
        {
            this.idleStrategyName = name;
            return this;
        }

        public Context drainMs(final long drainMs)
        {
            this.drainNs = TimeUnit.MILLISECONDS.toNanos(drainMs);
            return this;
        }

        public Context searchStartRate(final long searchStartRate)
        {
            this.searchStartRate = searchStartRate;
            return this;
        }

        public Context searchMaxRate(final long searchMaxRate)
        {
            this.searchMaxRate = searchMaxRate;
            return this;
        }

        public Context maxP99Us(final long maxP99Us)
        {
            this.maxP99Ns = TimeUnit.MICROSECONDS.toNanos(maxP99Us);
            return this;
        }

        public Context stepMs(final long warmupMs, final long durationMs)
        {
            this.stepWarmupNs = TimeUnit.MILLISECONDS.toNanos(warmupMs);
            this.stepDurationNs = TimeUnit.MILLISECONDS.toNanos(durationMs);
            return this;
        }

        public Context maxSearchSteps(final int maxSearchSteps)
        {
            this.maxSearchSteps = maxSearchSteps;
            return this;
        }

        /** Rewrite the progress line in place (a terminal) rather than print one line a second. */
        public Context interactive(final boolean interactive)
        {
            this.interactive = interactive;
            return this;
        }

        public Context clock(final NanoClock clock)
        {
            this.clock = clock;
            return this;
        }

        public int clients()
        {
            return clients;
        }

        public EngineConfig engineConfig()
        {
            return engineConfig;
        }

        IdleStrategy idleStrategy()
        {
            // The load threads' backoff parks for at most 50 µs (not the engine's 1 ms): a sender that oversleeps
            // its schedule adds that to every latency it measures.
            if ("backoff".equals(idleStrategyName))
            {
                return new BackoffIdleStrategy(
                    100, 100, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(50));
            }
            if ("yielding".equals(idleStrategyName))
            {
                return new YieldingIdleStrategy();
            }
            return IdleStrategies.byName(idleStrategyName);
        }

        InstrumentModel[] instruments()
        {
            final List<Instrument> built = engineConfig.buildInstruments();
            final InstrumentModel[] models = new InstrumentModel[built.size()];
            for (int i = 0; i < models.length; i++)
            {
                models[i] = InstrumentModel.of(built.get(i));
            }
            return models;
        }

        /**
         * @throws LoadException ({@link LoadException#BAD_ARGUMENTS}) naming what does not fit.
         */
        void conclude()
        {
            Objects.requireNonNull(engineConfig, "engineConfig");
            Objects.requireNonNull(clock, "clock");
            if (clients < 1)
            {
                throw new LoadException(LoadException.BAD_ARGUMENTS, "--clients must be at least 1");
            }
            if (threads < 0)
            {
                throw new LoadException(LoadException.BAD_ARGUMENTS, "--threads must not be negative");
            }
            if (threads == 0)
            {
                threads = Math.min(clients, Runtime.getRuntime().availableProcessors());
            }
            if (ipcReplies && aeronDir == null)
            {
                throw new LoadException(LoadException.BAD_ARGUMENTS,
                    "--ipc-replies needs --aeron-dir naming the engine's media driver");
            }
            if (maxLiveOrders < 1)
            {
                throw new LoadException(LoadException.BAD_ARGUMENTS, "--max-live must be at least 1");
            }
            try
            {
                idleStrategy();
            }
            catch (final IllegalArgumentException ex)
            {
                throw new LoadException(LoadException.BAD_ARGUMENTS, "--idle: " + ex.getMessage());
            }
            accounts = loadAccounts(engineConfig, clients, configName);
            // Client order ids stay unique on the engine for its lifetime: start each run's ids from the clock, a
            // million per millisecond, so a later run never reuses an earlier run's ids.
            idBase = System.currentTimeMillis() * 1_000_000L;
        }

        /**
         * The accounts load1..loadN of the engine configuration.
         *
         * @throws LoadException ({@link LoadException#BAD_ARGUMENTS}) when one is missing.
         */
        static List<EngineConfig.AccountConfig> loadAccounts(
            final EngineConfig config, final int count, final String configName)
        {
            final List<EngineConfig.AccountConfig> found = new ArrayList<>();
            for (int i = 1; i <= count; i++)
            {
                final String name = ACCOUNT_PREFIX + i;
                EngineConfig.AccountConfig match = null;
                for (final EngineConfig.AccountConfig account : config.accounts)
                {
                    if (name.equals(account.name))
                    {
                        match = account;
                    }
                }
                if (match == null)
                {
                    throw new LoadException(LoadException.BAD_ARGUMENTS, "--clients " + count + " needs accounts " +
                        ACCOUNT_PREFIX + "1.." + ACCOUNT_PREFIX + count + " in " + configName + ", which has " +
                        (i == 1 ? "no " + ACCOUNT_PREFIX + "1" : "only " + ACCOUNT_PREFIX + "1.." + ACCOUNT_PREFIX +
                        (i - 1)));
                }
                found.add(match);
            }
            return found;
        }
    }
}
