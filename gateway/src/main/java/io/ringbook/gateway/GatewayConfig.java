package io.ringbook.gateway;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ringbook.feed.FeedChannels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The gateway's configuration file ({@code config/gateway.yaml}, documented key by key in {@code docs/gateway.md}):
 * the {@code gateway:} section (ports, limits, slow-client bounds) and the {@code feed:} section (the engine's
 * market-data channels; the defaults match the engine's defaults). Unknown keys are errors.
 */
public final class GatewayConfig
{
    public Gateway gateway = new Gateway();
    public Feed feed = new Feed();

    /**
     * The {@code gateway:} section.
     */
    public static final class Gateway
    {
        /** Lock-free working directory: the embedded media driver lives in {@code <dir>/aeron}. */
        public String dir = "${java.io.tmpdir}/ringbook-gateway";
        /** An external media driver's directory; empty: embed one. */
        public String aeronDir = "";
        public String bindAddress = "localhost";
        /** HTTP: the web page at /, the WebSocket JSON API at /ws, Prometheus metrics at /metrics. 0: any free port. */
        public int httpPort = 8080;
        /** Binary (SBE over TCP) for algorithmic clients; -1: off, 0: any free port. */
        public int binaryPort = 8081;
        public int ioThreads = 1;
        public String idleStrategy = "backoff";
        public int maxClients = 10_000;
        public int maxSubscriptions = 16;
        public int maxDepth = 50;
        public int defaultDepth = 20;
        public int defaultIntervalMs = 100;
        public int heartbeatMs = 5_000;
        /** Unwritable longer than this: the client gets a fresh snapshot when it reads again. */
        public int slowSnapshotMs = 1_000;
        /** Unwritable longer than this: disconnected (WebSocket close 1008, "slow consumer"). */
        public int slowDisconnectMs = 10_000;
        /** The kernel's send buffer per client connection (SO_SNDBUF); 0: the OS default (autotuned). */
        public int socketSendBufferBytes = 0;
        public int writeBufferLowWaterMark = 32 * 1024;
        public int writeBufferHighWaterMark = 64 * 1024;
        public int tradesKept = 256;
    }

    /**
     * The {@code feed:} section: where the engine publishes market data.
     */
    public static final class Feed
    {
        public String incrementalChannel = FeedChannels.INCREMENTAL_CHANNEL_DEFAULT;
        public int incrementalStreamId = FeedChannels.INCREMENTAL_STREAM_ID_DEFAULT;
        public String snapshotChannel = FeedChannels.SNAPSHOT_CHANNEL_DEFAULT;
        public int snapshotStreamId = FeedChannels.SNAPSHOT_STREAM_ID_DEFAULT;
    }

    /**
     * Reads and validates a configuration file.
     *
     * @throws ConfigException with one line saying what is wrong and where.
     */
    public static GatewayConfig load(final Path path)
    {
        final String text;
        try
        {
            text = Files.readString(path);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException("config file not found: " + path);
        }
        catch (final IOException ex)
        {
            throw new ConfigException("cannot read config file " + path + ": " + ex.getMessage());
        }
        return parse(text, path.toString());
    }

    /**
     * Parses and validates configuration text.
     *
     * @param source names the text in error messages.
     */
    public static GatewayConfig parse(final String text, final String source)
    {
        final ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        final GatewayConfig config;
        try
        {
            config = text.isBlank() ? new GatewayConfig() : mapper.readValue(text, GatewayConfig.class);
        }
        catch (final UnrecognizedPropertyException ex)
        {
            throw new ConfigException(source + ": unknown key '" + ex.getPropertyName() + "' at " + where(ex) +
                " (known: " + ex.getKnownPropertyIds() + ")");
        }
        catch (final JsonMappingException ex)
        {
            throw new ConfigException(source + ": " + ex.getOriginalMessage() + " at " + where(ex));
        }
        catch (final IOException ex)
        {
            throw new ConfigException(source + ": " + ex.getMessage());
        }
        config.validate(source);
        return config;
    }

    private static String where(final JsonMappingException ex)
    {
        return ex.getPath().stream()
            .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
            .collect(Collectors.joining("."));
    }

    private void validate(final String source)
    {
        final Gateway g = gateway;
        check(source, g.httpPort >= 0 && g.httpPort <= 65535, "gateway.httpPort must be 0 to 65535");
        check(source, g.binaryPort >= -1 && g.binaryPort <= 65535, "gateway.binaryPort must be -1 (off) to 65535");
        check(source, g.ioThreads >= 1, "gateway.ioThreads must be at least 1");
        check(source, g.maxClients >= 1, "gateway.maxClients must be at least 1");
        check(source, g.maxSubscriptions >= 1, "gateway.maxSubscriptions must be at least 1");
        check(source, g.maxDepth >= 1 && g.maxDepth <= 1000, "gateway.maxDepth must be 1 to 1000");
        check(source, g.defaultDepth >= 1 && g.defaultDepth <= g.maxDepth, "gateway.defaultDepth must be 1 to maxDepth");
        check(source, isValidInterval(g.defaultIntervalMs), "gateway.defaultIntervalMs must be 0 or 10 to 60000");
        check(source, g.heartbeatMs >= 100, "gateway.heartbeatMs must be at least 100");
        check(source, g.slowSnapshotMs >= 1 && g.slowDisconnectMs > g.slowSnapshotMs,
            "gateway.slowSnapshotMs must be at least 1 and below gateway.slowDisconnectMs");
        check(source, g.writeBufferLowWaterMark >= 1024 && g.writeBufferHighWaterMark > g.writeBufferLowWaterMark,
            "gateway.writeBufferLowWaterMark must be at least 1024 and below gateway.writeBufferHighWaterMark");
        check(source, g.socketSendBufferBytes >= 0, "gateway.socketSendBufferBytes must be 0 (OS default) or more");
        check(source, g.tradesKept >= 1, "gateway.tradesKept must be at least 1");
        check(source, feed.incrementalChannel != null && feed.incrementalChannel.startsWith("aeron:"),
            "feed.incrementalChannel must be an Aeron channel (aeron:...)");
        check(source, feed.snapshotChannel != null && feed.snapshotChannel.startsWith("aeron:"),
            "feed.snapshotChannel must be an Aeron channel (aeron:...)");
    }

    /**
     * @return true for 0 (as fast as the client reads) or 10 to 60,000 ms.
     */
    public static boolean isValidInterval(final long intervalMs)
    {
        return intervalMs == 0 || (intervalMs >= 10 && intervalMs <= 60_000);
    }

    private static void check(final String source, final boolean ok, final String message)
    {
        if (!ok)
        {
            throw new ConfigException(source + ": " + message);
        }
    }

    /**
     * Expands {@code ${java.io.tmpdir}} and {@code ${user.home}} in a configured path.
     */
    public static Path expandPath(final String path)
    {
        return Path.of(path
            .replace("${java.io.tmpdir}", System.getProperty("java.io.tmpdir"))
            .replace("${user.home}", System.getProperty("user.home")));
    }

    /**
     * A configuration that cannot be used, with one line saying why.
     */
    public static final class ConfigException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        public ConfigException(final String message)
        {
            super(message);
        }
    }
}
