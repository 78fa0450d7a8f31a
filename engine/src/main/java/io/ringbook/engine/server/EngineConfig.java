package io.ringbook.engine.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.InstrumentSpec;
import io.ringbook.engine.pipeline.WaitStrategies;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The engine's configuration file, YAML: instruments, accounts with their credentials, channels, ring size, idle
 * strategies and directories. Documented in {@code docs/engine-config.md}; {@code config/engine.yaml} is the sample
 * the demo uses. Unknown keys are errors, so a typo never passes silently.
 */
public final class EngineConfig
{
    public Engine engine = new Engine();
    public Journal journal = new Journal();
    public Feed feed = new Feed();
    public List<InstrumentConfig> instruments = new ArrayList<>();
    public List<AccountConfig> accounts = new ArrayList<>();

    /**
     * Process-wide settings.
     */
    public static final class Engine
    {
        /** Lock file, counters file and (by default) the embedded media driver live here. */
        public String dir = "${java.io.tmpdir}/ringbook-engine";
        /** Use an external media driver in this directory; empty for an embedded one in {@code dir}/aeron. */
        public String aeronDir = "";
        /** Embedded driver threading: dedicated, shared-network or shared. */
        public String driverThreading = "shared";
        /** Aeron channel the engine subscribes to for order entry. */
        public String ingressChannel = "aeron:udp?endpoint=localhost:40100";
        public int ingressStreamId = 100;
        /** Ring slots, a power of two. */
        public int ringSize = 1 << 16;
        /** Matching thread wait strategy: busy-spin, yielding, sleeping or blocking. */
        public String waitStrategy = "sleeping";
        /** Order-entry agent idle strategy: busy-spin, yielding, backoff or sleeping. */
        public String idleStrategy = "backoff";
        /** A connection must log on within this time; a session that sends nothing for 3 heartbeats times out. */
        public int logonTimeoutMs = 5_000;
        /** Consecutive malformed frames after which a session is disconnected as garbage. */
        public int maxBadFrames = 16;
        /** A session whose replies stay back-pressured this long is disconnected as a slow consumer. */
        public int slowConsumerTimeoutMs = 2_000;
        /** Client order ids held before the index grows (growth allocates on the matching thread). */
        public int clientOrderIdCapacity = 1 << 20;
        /** Orders preallocated per instrument. */
        public int ordersPerInstrument = 1 << 16;
    }

    /**
     * The market-data feed (the feed module): incremental and snapshot streams over Aeron, see
     * {@code docs/market-data.md}.
     */
    public static final class Feed
    {
        /** Publish market data. */
        public boolean enabled = true;
        public String incrementalChannel = "aeron:udp?endpoint=224.0.1.1:40456|interface=localhost|ttl=0";
        public int incrementalStreamId = 200;
        public String snapshotChannel = "aeron:udp?endpoint=224.0.1.1:40457|interface=localhost|ttl=0";
        public int snapshotStreamId = 201;
        /** Time between two instruments' snapshots in the snapshot loop. */
        public long snapshotIntervalMs = 10;
        /** A stream that sent nothing for this long sends a heartbeat. */
        public long heartbeatIntervalMs = 1000;
        /** Snapshots carry the resting orders too (market by order), not only the levels. */
        public boolean includeOrders = true;
        /** Tries to offer a packet before it is dropped (its receivers then recover from snapshots). */
        public int offerAttempts = 3;
        /** Bytes of the ring between the matcher and the publisher thread, a power of two. */
        public int transferRingBytes = 16 * 1024 * 1024;
        /** How the publisher thread waits for work: busy-spin, yielding, backoff or sleeping. */
        public String idleStrategy = "backoff";
    }

    /**
     * The journal of every command and event, and state snapshots (Chronicle Queue; the journal module).
     */
    public static final class Journal
    {
        /** Journal every command before matching it and recover from the journal on start. */
        public boolean enabled = true;
        /** Where the journal lives; empty for {@code <engine.dir>/journal}. */
        public String dir = "";
        /** Chronicle Queue roll cycle: a file per cycle (FAST_HOURLY, FAST_DAILY, ...). */
        public String rollCycle = "FAST_DAILY";
        /** Cycle files to keep; older ones are deleted, or moved to {@code archiveDir}; -1 keeps all. */
        public int retainCycles = -1;
        /** Where retention moves old cycle files instead of deleting them; empty to delete. */
        public String archiveDir = "";
        /** Write a state snapshot after this many commands since the last one; 0 for never by count. */
        public long snapshotEveryCommands = 1_000_000;
        /** Write a state snapshot when this many seconds have passed since the last one (and commands came); 0 never. */
        public long snapshotEverySeconds = 60;
        /** Snapshot files to keep. */
        public int retainSnapshots = 3;
        /** Commands run through a scratch journal and engine at start, before orders are taken (JIT warm-up); 0: none. */
        public int warmupCommands = 300_000;
    }

    /**
     * One instrument; prices are decimals, scaled by the price exponent (by default the decimals of the tick).
     */
    public static final class InstrumentConfig
    {
        public int id;
        public String symbol;
        public String tick;
        public long lot = 1;
        public long maxQty = 1_000_000_000L;
        public String band;
        public String ref;
        public Integer priceExponent;
    }

    /**
     * One trading account and its credentials.
     */
    public static final class AccountConfig
    {
        public long id;
        public String name;
        public String secret;
        /** Cancel the account's live orders when its session ends for any reason. */
        public boolean cancelOnDisconnect = true;
        /** Orders, cancels and replaces per second a session of this account may send; 0 for no limit. */
        public int maxOrdersPerSecond = 1_000_000;
    }

    /**
     * @return the journal directory: {@code journal.dir}, or {@code journal} under the engine directory.
     */
    public Path journalDir()
    {
        return journal.dir == null || journal.dir.isBlank() ?
            expandPath(engine.dir).resolve("journal") : expandPath(journal.dir);
    }

    /**
     * Read and validate a configuration file.
     *
     * @throws ConfigException with one clear line saying what is wrong and where.
     */
    public static EngineConfig load(final Path path)
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
     * Parse and validate configuration text.
     *
     * @param source names the text in error messages.
     */
    public static EngineConfig parse(final String text, final String source)
    {
        final ObjectMapper mapper = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        final EngineConfig config;
        try
        {
            config = mapper.readValue(text, EngineConfig.class);
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
            throw new ConfigException(source + ": not valid YAML: " + ex.getMessage().lines().findFirst().orElse(""));
        }
        if (config == null)
        {
            throw new ConfigException(source + ": empty configuration");
        }
        config.validate(source);
        return config;
    }

    private static String where(final JsonMappingException ex)
    {
        final StringBuilder path = new StringBuilder();
        for (final JsonMappingException.Reference ref : ex.getPath())
        {
            if (ref.getFieldName() != null)
            {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            }
            else
            {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "top level" : path.toString();
    }

    private void validate(final String source)
    {
        if (engine == null)
        {
            engine = new Engine();
        }
        check(Integer.bitCount(engine.ringSize) == 1, source, "engine.ringSize must be a power of two");
        check(journal.retainCycles == -1 || journal.retainCycles > 0, source,
            "journal.retainCycles must be positive, or -1 to keep every cycle");
        check(journal.snapshotEveryCommands >= 0 && journal.snapshotEverySeconds >= 0, source,
            "journal.snapshotEveryCommands and journal.snapshotEverySeconds must not be negative");
        check(journal.retainSnapshots > 0, source, "journal.retainSnapshots must be at least 1");
        check(journal.warmupCommands >= 0, source, "journal.warmupCommands must be 0 or more");
        check(feed.incrementalChannel != null && feed.incrementalChannel.startsWith("aeron:") &&
            feed.snapshotChannel != null && feed.snapshotChannel.startsWith("aeron:"), source,
            "feed.incrementalChannel and feed.snapshotChannel must be Aeron channels");
        check(feed.snapshotIntervalMs > 0 && feed.heartbeatIntervalMs > 0 && feed.offerAttempts > 0, source,
            "feed.snapshotIntervalMs, feed.heartbeatIntervalMs and feed.offerAttempts must be positive");
        check(Integer.bitCount(feed.transferRingBytes) == 1 && feed.transferRingBytes >= 65536, source,
            "feed.transferRingBytes must be a power of two, at least 65536");
        check(engine.ingressChannel != null && engine.ingressChannel.startsWith("aeron:"), source,
            "engine.ingressChannel must be an Aeron channel (aeron:udp?... or aeron:ipc)");
        check(engine.logonTimeoutMs > 0 && engine.maxBadFrames > 0 && engine.slowConsumerTimeoutMs > 0, source,
            "engine timeouts and maxBadFrames must be positive");
        try
        {
            WaitStrategies.byName(engine.waitStrategy);
            IdleStrategies.byName(engine.idleStrategy);
            DriverThreading.byName(engine.driverThreading);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(source + ": engine: " + ex.getMessage());
        }
        check(instruments != null && !instruments.isEmpty(), source, "at least one instrument is needed");
        check(accounts != null && !accounts.isEmpty(), source, "at least one account is needed");
        final Set<Integer> ids = new HashSet<>();
        final Set<String> symbols = new HashSet<>();
        for (final InstrumentConfig instrument : instruments)
        {
            toInstrument(instrument, source);
            check(ids.add(instrument.id), source, "instrument id " + instrument.id + " is used twice");
            check(symbols.add(instrument.symbol), source, "instrument symbol " + instrument.symbol + " is used twice");
        }
        final Set<Long> accountIds = new HashSet<>();
        final Set<String> names = new HashSet<>();
        for (final AccountConfig account : accounts)
        {
            check(account.id > 0, source, "account ids must be positive: " + account.id);
            check(account.name != null && !account.name.isBlank(), source, "account " + account.id + " needs a name");
            check(account.secret != null && !account.secret.isEmpty(), source,
                "account " + account.name + " needs a secret");
            check(account.maxOrdersPerSecond >= 0, source, "account " + account.name + ": maxOrdersPerSecond < 0");
            check(accountIds.add(account.id), source, "account id " + account.id + " is used twice");
            check(names.add(account.name), source, "account name " + account.name + " is used twice");
        }
    }

    private static void check(final boolean ok, final String source, final String message)
    {
        if (!ok)
        {
            throw new ConfigException(source + ": " + message);
        }
    }

    private static Instrument toInstrument(final InstrumentConfig config, final String source)
    {
        try
        {
            return InstrumentSpec.build(
                config.id, config.symbol, config.tick, config.lot, config.maxQty, config.band, config.ref,
                config.priceExponent);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(source + ": instrument " + ex.getMessage());
        }
    }

    /**
     * @return the configured instruments as the engine holds them.
     */
    public List<Instrument> buildInstruments()
    {
        final List<Instrument> result = new ArrayList<>();
        for (final InstrumentConfig instrument : instruments)
        {
            result.add(toInstrument(instrument, "config"));
        }
        return result;
    }

    /**
     * Expand {@code ${java.io.tmpdir}} and {@code ${user.home}} in a configured path.
     */
    public static Path expandPath(final String path)
    {
        return Path.of(path
            .replace("${java.io.tmpdir}", System.getProperty("java.io.tmpdir"))
            .replace("${user.home}", System.getProperty("user.home")));
    }

    /**
     * A configuration problem, with one line that says what and where.
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
