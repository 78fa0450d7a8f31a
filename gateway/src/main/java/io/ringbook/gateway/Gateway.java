package io.ringbook.gateway;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.ringbook.gateway.http.GatewayHttpServer;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The gateway process: an Aeron client (and, unless {@code gateway.aeronDir} names a running one, an embedded media
 * driver) joined to the engine's market-data feed, the {@link GatewayAgent} on its own thread, and the Netty servers:
 * HTTP (web page, WebSocket JSON, metrics) and binary (SBE over TCP).
 */
public final class Gateway implements AutoCloseable
{
    private final GatewayConfig config;
    private final GatewayCounters counters = new GatewayCounters();
    private MediaDriver driver;
    private Aeron aeron;
    private GatewayAgent agent;
    private AgentRunner runner;
    private EventLoopGroup boss;
    private EventLoopGroup workers;
    private GatewayHttpServer http;
    private BinaryServer binary;

    private Gateway(final GatewayConfig config)
    {
        this.config = config;
    }

    /**
     * Starts a gateway; on failure, closes what it started and rethrows.
     */
    public static Gateway launch(final GatewayConfig config, final PrintStream log)
    {
        final Gateway gateway = new Gateway(config);
        try
        {
            gateway.start(log);
            return gateway;
        }
        catch (final Throwable ex)
        {
            gateway.close();
            throw ex instanceof RuntimeException ? (RuntimeException)ex : new IllegalStateException(ex);
        }
    }

    private void start(final PrintStream log) throws InterruptedException
    {
        final GatewayConfig.Gateway g = config.gateway;
        String aeronDir = g.aeronDir;
        if (aeronDir == null || aeronDir.isBlank())
        {
            aeronDir = GatewayConfig.expandPath(g.dir).resolve("aeron").toString();
            driver = MediaDriver.launch(new MediaDriver.Context()
                .aeronDirectoryName(aeronDir)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true)
                .threadingMode(ThreadingMode.SHARED)
                .sharedIdleStrategy(new BackoffIdleStrategy(
                    100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)))
                .warnIfDirectoryExists(false));
        }
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
        agent = new GatewayAgent(config, aeron, counters);
        boss = new NioEventLoopGroup(1);
        workers = new NioEventLoopGroup(g.ioThreads);
        if (g.binaryPort >= 0)
        {
            binary = new BinaryServer(g, boss, workers, agent, counters);
            agent.addSink(binary.sink());
        }
        final Requests requests = new Requests(agent, counters);
        http = new GatewayHttpServer(g, boss, workers, requests, counters);
        runner = new AgentRunner(idleStrategy(g.idleStrategy), this::onError, null, agent);
        AgentRunner.startOnThread(runner);
        log.println("ringbook gateway: feed " + config.feed.incrementalChannel + " stream " +
            config.feed.incrementalStreamId + " (snapshots " + config.feed.snapshotChannel + " stream " +
            config.feed.snapshotStreamId + "), aeron " + aeronDir);
        log.println("ringbook gateway: web page http://" + g.bindAddress + ":" + httpPort() + "/, WebSocket ws://" +
            g.bindAddress + ":" + httpPort() + "/ws, metrics http://" + g.bindAddress + ":" + httpPort() +
            "/metrics" + (binary != null ? ", binary tcp://" + g.bindAddress + ":" + binaryPort() : ""));
    }

    private void onError(final Throwable error)
    {
        counters.errors.incrementAndGet();
        error.printStackTrace();
    }

    static IdleStrategy idleStrategy(final String name)
    {
        switch (name)
        {
            case "busy-spin":
                return new BusySpinIdleStrategy();
            case "yielding":
                return new YieldingIdleStrategy();
            case "sleeping":
                return new SleepingMillisIdleStrategy(1);
            case "backoff":
                return new BackoffIdleStrategy(
                    100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
            default:
                throw new GatewayConfig.ConfigException(
                    "gateway.idleStrategy must be busy-spin, yielding, backoff or sleeping, not " + name);
        }
    }

    public int httpPort()
    {
        return http.port();
    }

    /**
     * @return the binary port bound, or -1 when the binary server is off.
     */
    public int binaryPort()
    {
        return binary != null ? binary.port() : -1;
    }

    public GatewayCounters counters()
    {
        return counters;
    }

    public Path dir()
    {
        return GatewayConfig.expandPath(config.gateway.dir);
    }

    public void close()
    {
        CloseHelper.quietCloseAll(http, binary);
        CloseHelper.quietClose(runner);
        if (workers != null)
        {
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (boss != null)
        {
            boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
        CloseHelper.quietCloseAll(aeron, driver);
    }
}
