package io.ringbook.tools;

import io.ringbook.engine.server.EngineAlreadyRunningException;
import io.ringbook.engine.server.EngineConfig;
import io.ringbook.engine.server.EngineNode;
import io.ringbook.journal.JournalStorage;
import io.ringbook.tools.feed.PublisherFeed;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ringbook engine --config FILE}: run the engine process until SIGINT/SIGTERM.
 */
@Command(
    name = "engine",
    header = "Run the matching engine (order entry, journal, market data).",
    mixinStandardHelpOptions = true,
    description = {
        "Run the matching engine: order entry over Aeron, the sequencing ring, the journal and the matcher, and " +
            "publish market data.",
        "",
        "Starts an embedded Aeron media driver in <engine.dir>/aeron unless --aeron-dir names a running one. Stops " +
            "cleanly on Ctrl-C or SIGTERM: stops taking orders, drains the ring, logs sessions out, exits 0.",
        "Config reference: docs/engine-config.md. Counters: ./ringbook stat --config FILE."
    },
    footer = {
        "",
        "Examples:",
        "  ./ringbook engine --config config/engine.yaml",
        "  ./ringbook engine --config config/engine.yaml --aeron-dir /dev/shm/aeron-root",
        "  ./ringbook engine --config config/engine.yaml --dir /tmp/my-engine",
        "",
        "Exit status: 0 after a clean stop; 1 when the config is invalid or another engine holds the directory."
    })
public final class EngineProcessCommand implements Callable<Integer>
{
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "Engine configuration (YAML).")
    Path config;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "Use the external media driver in DIR instead of an embedded one.")
    String aeronDir;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "Use DIR as engine.dir (lock, counters, media driver, and the journal unless journal.dir is set).")
    String dir;

    public Integer call()
    {
        final EngineConfig engineConfig;
        try
        {
            engineConfig = EngineConfig.load(config);
        }
        catch (final EngineConfig.ConfigException ex)
        {
            System.err.println("ringbook engine: " + ex.getMessage());
            return 1;
        }
        if (aeronDir != null)
        {
            engineConfig.engine.aeronDir = aeronDir;
        }
        if (dir != null)
        {
            engineConfig.engine.dir = dir;
        }
        final ShutdownSignals signals = new ShutdownSignals();
        final EngineNode node;
        try
        {
            node = EngineNode.launch(
                engineConfig,
                engineConfig.journal.enabled ? JournalStorage.factory(engineConfig) : null,
                PublisherFeed.factory(engineConfig),
                message ->
                {
                    System.out.println("ringbook engine: " + message);
                    System.out.flush();
                });
        }
        catch (final EngineAlreadyRunningException ex)
        {
            System.err.println("ringbook engine: " + ex.getMessage());
            return 1;
        }
        catch (final RuntimeException ex)
        {
            System.err.println("ringbook engine: cannot start: " + ex);
            ex.printStackTrace();
            return 1;
        }
        System.out.println("ringbook engine running: ingress " + engineConfig.engine.ingressChannel +
            " stream " + engineConfig.engine.ingressStreamId + ", " + engineConfig.instruments.size() +
            " instruments, " + engineConfig.accounts.size() + " accounts, dir " + node.dir() +
            (engineConfig.journal.enabled ? ", journal " + engineConfig.journalDir() : ", no journal") +
            (engineConfig.feed.enabled ? ", market data " + engineConfig.feed.incrementalChannel + " stream " +
                engineConfig.feed.incrementalStreamId + " (snapshots stream " + engineConfig.feed.snapshotStreamId +
                ")" : ", no market data") +
            " (Ctrl-C to stop)");
        System.out.flush();
        signals.await();
        System.out.println("ringbook engine stopping: draining the ring");
        node.close();
        final long last = node.processedSequence();
        System.out.println("ringbook engine stopped" + (last < 0 ? ", no commands processed" :
            " after sequence " + last));
        System.out.flush();
        return 0;
    }
}
