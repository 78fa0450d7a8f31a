package io.ringbook.tools;

import io.ringbook.gateway.Gateway;
import io.ringbook.gateway.GatewayConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ringbook gateway}: the gateway process.
 */
@Command(
    name = "gateway",
    header = "Run a gateway: WebSocket JSON, binary feed, web page, metrics.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Run a gateway: join the engine's market-data feed and serve books to clients, conflated per client.",
        "",
        "Serves, on gateway.httpPort: the live web page at /, the WebSocket JSON API at /ws (subscribe with a depth " +
            "and an interval; snapshot, then diffs with update ids and checksums: docs/websocket-api.md) and " +
            "Prometheus metrics at /metrics. Starts an embedded Aeron media driver in <gateway.dir>/aeron unless " +
            "--aeron-dir names a running one. Stops cleanly on Ctrl-C or SIGTERM.",
        "Config reference: docs/gateway.md."
    },
    footer = {
        "",
        "Examples:",
        "  ./ringbook gateway --config config/gateway.yaml",
        "  ./ringbook gateway --config config/gateway.yaml --http-port 9090",
        "",
        "Exit status: 0 after a clean stop; 1 when the config is invalid or a port is taken."
    })
public final class GatewayCommand implements Callable<Integer>
{
    private static final String NAME = "ringbook gateway";

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Gateway configuration (YAML).")
    Path config;

    @Option(names = "--http-port", paramLabel = "PORT",
        description = "Serve HTTP and WebSocket on PORT instead of gateway.httpPort (0: any free port).")
    Integer httpPort;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Use DIR as gateway.dir (its embedded media driver lives in DIR/aeron).")
    String dir;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "Use the external media driver in DIR instead of an embedded one.")
    String aeronDir;

    public Integer call()
    {
        final GatewayConfig gatewayConfig;
        try
        {
            gatewayConfig = GatewayConfig.load(config);
        }
        catch (final GatewayConfig.ConfigException ex)
        {
            System.err.println(NAME + ": " + ex.getMessage());
            return 1;
        }
        if (httpPort != null)
        {
            if (httpPort < 0 || httpPort > 65535)
            {
                System.err.println(NAME + ": --http-port must be 0 to 65535");
                return 1;
            }
            gatewayConfig.gateway.httpPort = httpPort;
        }
        if (aeronDir != null)
        {
            gatewayConfig.gateway.aeronDir = aeronDir;
        }
        if (dir != null)
        {
            gatewayConfig.gateway.dir = dir;
        }
        final ShutdownSignals signals = new ShutdownSignals();
        final Gateway gateway;
        try
        {
            gateway = Gateway.launch(gatewayConfig, System.out);
        }
        catch (final RuntimeException ex)
        {
            System.err.println(NAME + ": cannot start: " + ex);
            return 1;
        }
        System.out.println(NAME + " running (Ctrl-C to stop)");
        System.out.flush();
        signals.await();
        System.out.println(NAME + " stopping");
        gateway.close();
        System.out.println(NAME + " stopped");
        System.out.flush();
        return 0;
    }
}
