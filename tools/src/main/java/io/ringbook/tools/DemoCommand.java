package io.ringbook.tools;

import io.ringbook.engine.server.EngineConfig;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.TelemetryReader;
import io.ringbook.gateway.GatewayConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ringbook demo}: the whole system on one machine, as separate processes: the engine (embedded media driver,
 * journal), a gateway (web page, WebSocket, binary, metrics) and simulated traders ({@code ringbook load} sessions:
 * quotes around drifting mids, crossing IOC orders, cancels and replaces), with a line a second of what flows.
 */
@Command(
    name = "demo",
    header = "Run engine, gateway and simulated traders together, and watch.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run the whole system and watch it: the engine, a gateway and simulated traders, as separate processes.",
        "",
        "Starts the engine (journal and embedded media driver under --dir), a gateway (the web page, WebSocket, " +
            "binary and metrics) and simulated traders: sessions quoting around each instrument's drifting price, " +
            "taking liquidity with IOC orders, cancelling and replacing. Prints the web page's URL and the " +
            "channels, then a line a second (orders/s, trades/s, feed events/s, clients) until Ctrl-C or " +
            "--duration; then stops everything cleanly and says where the journal is and how to replay it.",
    },
    footer = {
        "",
        "Examples:",
        "  ./ringbook demo",
        "  ./ringbook demo --rate 2000 --http-port 9090",
        "  ./ringbook demo --duration 30 --dir /tmp/ringbook-demo",
        "  ./ringbook demo --flow amzn --flow-speed 100",
        "  ./ringbook demo --flow lobster:AMZN_2012-06-21_34200000_57600000_message_1.csv",
        "  ./ringbook demo --flow itch:day.ITCH_50 --flow-symbol AAPL",
        "",
        "Exit status: 0 after a clean stop; 1 when a process did not start (its log is named)."
    })
public final class DemoCommand implements java.util.concurrent.Callable<Integer>
{
    private static final String NAME = "ringbook demo";
    private static final long START_TIMEOUT_MS = 120_000;
    private static final Pattern URL = Pattern.compile("web page (http://\\S+/)");
    private static final Pattern BINARY = Pattern.compile("binary (tcp://\\S+)");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "config/engine.yaml",
        description = "The engine's configuration: instruments, accounts, channels (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--gateway-config", paramLabel = "FILE", defaultValue = "config/gateway.yaml",
        description = "The gateway's configuration (default: ${DEFAULT-VALUE}).")
    Path gatewayConfig;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Where the engine, its journal, the gateway and the logs go (default: a new temporary " +
            "directory).")
    Path dir;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "500",
        description = "Orders per second from the simulated traders, all sessions together (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--traders", paramLabel = "K", defaultValue = "4",
        description = "Trader sessions (accounts load1..loadK of the config; default: ${DEFAULT-VALUE}).")
    int traders;

    @Option(names = "--http-port", paramLabel = "PORT",
        description = "The gateway's web page and WebSocket port (default: gateway.httpPort of its config).")
    Integer httpPort;

    @Option(names = "--flow", paramLabel = "amzn|FORMAT:FILE",
        description = "Also play real market-by-order data as orders: amzn for the AMZN day in ../shared/data, or " +
            "lobster:FILE (a LOBSTER message file), databento:FILE (Databento MBO CSV) or itch:FILE (ITCH 5.0). " +
            "The orders go to the instrument named by --flow-symbol, which must be in the config.")
    String flow;

    @Option(names = "--flow-symbol", paramLabel = "S", defaultValue = "AMZN",
        description = "The instrument --flow trades, and the symbol (ITCH stock, Databento symbol) it keeps from " +
            "the file (default: ${DEFAULT-VALUE}; config/engine.yaml has AMZN).")
    String flowSymbol;

    @Option(names = "--flow-speed", paramLabel = "X", defaultValue = "50",
        description = "How many times faster than real time --flow plays (default: ${DEFAULT-VALUE}).")
    double flowSpeed;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "0",
        description = "Stop after S seconds (default: until Ctrl-C).")
    long durationS;

    private MboFlow mboFlow;

    public Integer call() throws Exception
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final EngineConfig engineConfig;
        try
        {
            engineConfig = EngineConfig.load(config);
            GatewayConfig.load(gatewayConfig);
        }
        catch (final EngineConfig.ConfigException | GatewayConfig.ConfigException ex)
        {
            err.println(NAME + ": " + ex.getMessage());
            return 1;
        }
        if (rate < 1 || traders < 1 || durationS < 0 || (httpPort != null && (httpPort < 0 || httpPort > 65535)))
        {
            err.println(NAME + ": --rate and --traders must be at least 1, --duration 0 or more, --http-port 0 to " +
                "65535");
            return 1;
        }
        Path flowFile = null;
        String flowFormat = null;
        int flowInstrument = 0;
        if (flow != null)
        {
            final int colon = flow.indexOf(':');
            flowFormat = "amzn".equalsIgnoreCase(flow) ? "lobster" : colon > 0 ? flow.substring(0, colon) : "";
            flowFile = "amzn".equalsIgnoreCase(flow) ? amznFile() : colon > 0 ? Path.of(flow.substring(colon + 1)) : null;
            if (flowFile == null || !Files.isRegularFile(flowFile) ||
                !List.of("lobster", "databento", "itch").contains(flowFormat))
            {
                err.println(NAME + ": --flow must be amzn, lobster:FILE, databento:FILE or itch:FILE naming a file" +
                    (flowFile != null ? " (no file " + flowFile + ")" : ""));
                return 1;
            }
            flowInstrument = engineConfig.instruments.stream().filter(i -> flowSymbol.equals(i.symbol))
                .mapToInt(i -> (int)i.id).findFirst().orElse(0);
            if (flowInstrument == 0 || flowSpeed <= 0)
            {
                err.println(NAME + ": --flow needs instrument '" + flowSymbol + "' in " + config +
                    " and a --flow-speed above 0");
                return 1;
            }
        }
        final Path root = dir != null ? dir : Files.createTempDirectory("ringbook-demo-");
        Files.createDirectories(root);
        final Path engineDir = root.resolve("engine").toAbsolutePath();
        final Path journalDir = engineConfig.journal.dir == null || engineConfig.journal.dir.isBlank() ?
            engineDir.resolve("journal") : EngineConfig.expandPath(engineConfig.journal.dir);
        final ShutdownSignals signals = new ShutdownSignals();
        final List<Child> children = new ArrayList<>();
        try
        {
            out.println(NAME + ": starting the engine (JIT warm-up takes a few seconds), logs in " + root);
            out.flush();
            final Child engine = Child.start("engine", root, List.of("engine", "--config", config.toString(),
                "--dir", engineDir.toString()));
            children.add(engine);
            engine.await("ringbook engine running", START_TIMEOUT_MS);

            final List<String> gatewayArgs = new ArrayList<>(List.of("gateway", "--config",
                gatewayConfig.toString(), "--dir", root.resolve("gateway").toAbsolutePath().toString()));
            if (httpPort != null)
            {
                gatewayArgs.addAll(List.of("--http-port", String.valueOf(httpPort)));
            }
            final Child gateway = Child.start("gateway", root, gatewayArgs);
            children.add(gateway);
            gateway.await("ringbook gateway running", START_TIMEOUT_MS);
            final String url = gateway.find(URL);
            final String binary = gateway.find(BINARY);

            final Child load = Child.start("traders", root, List.of("load", "--config", config.toString(),
                "--rate", String.valueOf(rate), "--clients", String.valueOf(traders), "--warmup", "0",
                "--duration", String.valueOf(durationS > 0 ? durationS + 60 : 10_000_000L),
                "--aeron-dir", engineDir.resolve("aeron").toString(), "--ipc-replies"));
            children.add(load);
            if (flowFile != null)
            {
                try
                {
                    mboFlow = new MboFlow(MboFlow.open(flowFormat, flowFile, flowSymbol), flowFormat, engineConfig,
                        engineDir.resolve("aeron").toString(), flowInstrument, flowSpeed, out);
                }
                catch (final IOException ex)
                {
                    throw new IllegalStateException("cannot read " + flowFile + ": " + ex.getMessage(), ex);
                }
                mboFlow.start();
            }

            out.println();
            out.println("  web page         " + url + "   <- open this in a browser");
            out.println("  WebSocket JSON   " + url.replace("http://", "ws://") + "ws   (docs/websocket-api.md)");
            out.println("  binary feed      " + (binary != null ? binary : "off") + "   (docs/gateway.md)");
            out.println("  metrics          " + url + "metrics");
            out.println("  order entry      " + engineConfig.engine.ingressChannel + " stream " +
                engineConfig.engine.ingressStreamId + "   (docs/order-entry.md)");
            out.println("  market data      " + engineConfig.feed.incrementalChannel + " stream " +
                engineConfig.feed.incrementalStreamId + "   (./ringbook tail --config " + config + ")");
            out.println("  simulated traders: " + traders + " sessions, " + rate + " orders/s" +
                (flowFile != null ? "; " + flowSymbol + " from " + flowFile.getFileName() + " at " + flowSpeed +
                "x real time" : ""));
            out.println();
            out.flush();

            report(out, engineDir, url, engine, gateway, load, signals);
        }
        catch (final IllegalStateException ex)
        {
            err.println(NAME + ": " + ex.getMessage());
            closeFlow();
            stop(children, out);
            return 1;
        }
        closeFlow();
        stop(children, out);
        out.println(NAME + ": stopped. The engine's journal is in " + journalDir);
        out.println("  replay the book at any sequence:  ./ringbook replay --journal " + journalDir + " --at SEQ");
        out.println("  check every event again:          ./ringbook verify --journal " + journalDir);
        out.println("  export the trades:                ./ringbook export --journal " + journalDir +
            " --what trades --out trades.csv");
        out.flush();
        return 0;
    }

    private void closeFlow()
    {
        if (mboFlow != null)
        {
            mboFlow.close();
        }
    }

    /**
     * @return the AMZN day's LOBSTER message file in ../shared/data, beside the checkout.
     */
    private static Path amznFile()
    {
        final String root = System.getProperty("ringbook.root.dir", ".");
        return Path.of(root).resolve("../shared/data/lobster_AMZN_2012-06-21_L1/" +
            "AMZN_2012-06-21_34200000_57600000_message_1.csv").toAbsolutePath().normalize();
    }

    private void report(
        final PrintWriter out,
        final Path engineDir,
        final String url,
        final Child engine,
        final Child gateway,
        final Child load,
        final ShutdownSignals signals) throws IOException, InterruptedException
    {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        final long endNs = durationS > 0 ? System.nanoTime() + TimeUnit.SECONDS.toNanos(durationS) : Long.MAX_VALUE;
        try (TelemetryReader telemetry = TelemetryReader.open(engineDir))
        {
            long lastOrders = telemetry.counterValue(EngineCounter.ORDERS_RECEIVED);
            long lastTrades = telemetry.counterValue(EngineCounter.TRADES);
            long lastEvents = metric(http, url, "ringbook_gateway_feed_events_total");
            while (!signals.isSignalled() && System.nanoTime() < endNs)
            {
                if (signals.awaitMillis(1_000))
                {
                    break;
                }
                if (!engine.process.isAlive() || !gateway.process.isAlive() || !load.process.isAlive())
                {
                    out.println(NAME + ": a process stopped: engine " + state(engine) + ", gateway " +
                        state(gateway) + ", traders " + state(load) + " (logs in " + engine.log.getParent() + ")");
                    break;
                }
                final long orders = telemetry.counterValue(EngineCounter.ORDERS_RECEIVED);
                final long trades = telemetry.counterValue(EngineCounter.TRADES);
                final long events = metric(http, url, "ringbook_gateway_feed_events_total");
                final long clients = metric(http, url, "ringbook_gateway_clients");
                out.printf("orders %6d/s   trades %6d/s   feed events %6d/s   web clients %d   sequence %d%s%n",
                    orders - lastOrders, trades - lastTrades, events - lastEvents, clients,
                    telemetry.counterValue(EngineCounter.LAST_SEQUENCE),
                    mboFlow != null ? "   " + flowSymbol + " flow " + mboFlow.sent() + " sent" : "");
                out.flush();
                lastOrders = orders;
                lastTrades = trades;
                lastEvents = events;
            }
        }
    }

    private static String state(final Child child)
    {
        return child.process.isAlive() ? "running" : "exited " + child.process.exitValue();
    }

    private static long metric(final HttpClient http, final String url, final String name)
    {
        try
        {
            final String text = http.send(HttpRequest.newBuilder(URI.create(url + "metrics"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body();
            for (final String line : text.split("\n"))
            {
                if (line.startsWith(name + " "))
                {
                    return Long.parseLong(line.substring(name.length() + 1).trim());
                }
            }
            return -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Stops the traders, then the gateway, then the engine (SIGTERM each: they stop cleanly), waiting for each.
     */
    private static void stop(final List<Child> children, final PrintWriter out)
    {
        for (int i = children.size() - 1; i >= 0; i--)
        {
            final Child child = children.get(i);
            out.println(NAME + ": stopping the " + child.name);
            out.flush();
            child.process.destroy();
            try
            {
                if (!child.process.waitFor(60, TimeUnit.SECONDS))
                {
                    out.println(NAME + ": the " + child.name + " did not stop in 60 s: killing it");
                    child.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                child.process.destroyForcibly();
            }
        }
    }

    /**
     * A child process: this same program (same JVM, flags and class path) running another command, its output in a
     * log file.
     */
    private static final class Child
    {
        final String name;
        final Process process;
        final Path log;

        private Child(final String name, final Process process, final Path log)
        {
            this.name = name;
            this.process = process;
            this.log = log;
        }

        static Child start(final String name, final Path dir, final List<String> args)
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(RingbookCli.class.getName());
            command.addAll(args);
            final Path log = dir.resolve(name + ".log");
            try
            {
                final Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
                return new Child(name, process, log);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("cannot start the " + name + ": " + ex.getMessage(), ex);
            }
        }

        /**
         * Waits for a line in the log, with a deadline; fails if the process exits first.
         */
        void await(final String text, final long timeoutMs) throws InterruptedException, IOException
        {
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
            while (!Files.readString(log, StandardCharsets.UTF_8).contains(text))
            {
                if (!process.isAlive())
                {
                    throw new IllegalStateException("the " + name + " exited (" + process.exitValue() +
                        ") before it was running: see " + log);
                }
                if (System.nanoTime() > deadlineNs)
                {
                    throw new IllegalStateException("the " + name + " did not start in " + timeoutMs / 1000 +
                        " s: see " + log);
                }
                Thread.sleep(100); // polling a log file for a line, under the deadline above
            }
        }

        String find(final Pattern pattern) throws IOException
        {
            final Matcher matcher = pattern.matcher(Files.readString(log, StandardCharsets.UTF_8));
            return matcher.find() ? matcher.group(1) : null;
        }
    }
}
