package io.ringbook.tools.feed;

import io.aeron.Aeron;
import io.ringbook.engine.server.EngineConfig;
import io.ringbook.engine.server.IdleStrategies;
import io.ringbook.engine.server.MarketDataFeed;
import io.ringbook.engine.telemetry.EngineTelemetry;
import io.ringbook.feed.publisher.MarketDataPublisher;
import io.ringbook.feed.publisher.PublisherCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The engine process's market-data feed: the feed module's {@link MarketDataPublisher} on a thread of its own,
 * configured by the {@code feed:} section of the engine configuration, counting into the engine's counters (type
 * ids 300 to 305, so {@code ./ringbook stat} shows them).
 */
public final class PublisherFeed implements MarketDataFeed
{
    /** Counter type ids of the feed (the 300 range is the feed's, see EngineCounter). */
    public static final int PACKETS_PUBLISHED_TYPE_ID = 300;
    public static final int PACKETS_DROPPED_TYPE_ID = 301;
    public static final int PACKETS_NOT_CONNECTED_TYPE_ID = 302;
    public static final int SNAPSHOTS_PUBLISHED_TYPE_ID = 303;
    public static final int HEARTBEATS_TYPE_ID = 304;
    public static final int BYTES_PUBLISHED_TYPE_ID = 305;
    public static final int SNAPSHOTS_DEFERRED_TYPE_ID = 306;

    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    private final RingBuffer transferRing;
    private final AgentRunner runner;
    private boolean started;

    private PublisherFeed(
        final EngineConfig.Feed settings, final Aeron aeron, final EngineTelemetry telemetry,
        final RingBuffer transferRing)
    {
        this.transferRing = transferRing;
        final PublisherCounters counters = new PublisherCounters(
            telemetry.newCounter(PACKETS_PUBLISHED_TYPE_ID, "feed packets published"),
            telemetry.newCounter(PACKETS_DROPPED_TYPE_ID, "feed packets dropped"),
            telemetry.newCounter(PACKETS_NOT_CONNECTED_TYPE_ID, "feed packets not connected"),
            telemetry.newCounter(SNAPSHOTS_PUBLISHED_TYPE_ID, "feed snapshots published"),
            telemetry.newCounter(HEARTBEATS_TYPE_ID, "feed heartbeats"),
            telemetry.newCounter(BYTES_PUBLISHED_TYPE_ID, "feed bytes published"),
            telemetry.newCounter(SNAPSHOTS_DEFERRED_TYPE_ID, "feed snapshots deferred"));
        final MarketDataPublisher publisher = new MarketDataPublisher(new MarketDataPublisher.Context()
            .incrementalChannel(settings.incrementalChannel)
            .incrementalStreamId(settings.incrementalStreamId)
            .snapshotChannel(settings.snapshotChannel)
            .snapshotStreamId(settings.snapshotStreamId)
            .snapshotIntervalMs(settings.snapshotIntervalMs)
            .heartbeatIntervalMs(settings.heartbeatIntervalMs)
            .offerAttempts(settings.offerAttempts)
            .includeOrders(settings.includeOrders)
            .errorHandler(telemetry.errorHandler()),
            aeron, transferRing, counters);
        runner = new AgentRunner(
            IdleStrategies.byName(settings.idleStrategy), telemetry.errorHandler(), null, publisher);
    }

    /**
     * @return a factory for {@link io.ringbook.engine.server.EngineNode}, or null when the feed is disabled.
     */
    public static MarketDataFeed.Factory factory(final EngineConfig config)
    {
        final EngineConfig.Feed settings = config.feed;
        return settings.enabled ?
            (aeron, telemetry, transferRing) -> new PublisherFeed(settings, aeron, telemetry, transferRing) : null;
    }

    public void start()
    {
        if (!started)
        {
            started = true;
            AgentRunner.startOnThread(runner);
        }
    }

    /**
     * Waits (up to 5 s) for the publisher to take what is left in the transfer ring, then stops it.
     */
    public void close()
    {
        if (started)
        {
            final long deadlineNs = System.nanoTime() + DRAIN_TIMEOUT_NS;
            while (transferRing.size() > 0 && System.nanoTime() < deadlineNs)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
        CloseHelper.quietClose(runner);
    }
}
