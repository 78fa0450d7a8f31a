package io.ringbook.engine.server;

import io.aeron.Aeron;
import io.ringbook.engine.telemetry.EngineTelemetry;
import org.agrona.concurrent.ringbuffer.RingBuffer;

/**
 * The market-data publisher plugged into the engine process: it reads the records the matcher's
 * {@link io.ringbook.engine.marketdata.MarketDataRecorder} writes into the transfer ring and publishes them on its
 * own thread. The feed module implements it (the engine never depends on the feed); {@link EngineNode} drives it:
 * opened once the engine has its Aeron client and counters, started after recovery (when the ring holds the reset
 * and the whole books), closed after the matcher has stopped.
 */
public interface MarketDataFeed extends AutoCloseable
{
    /**
     * Start publishing on the feed's own thread.
     */
    void start();

    /**
     * Publish what is left in the transfer ring, then stop the thread and release the publications.
     */
    void close();

    /**
     * Opens the feed.
     */
    @FunctionalInterface
    interface Factory
    {
        /**
         * @param aeron        the engine's Aeron client.
         * @param telemetry    the engine's counters and error handler.
         * @param transferRing the ring the matcher writes market data into.
         * @return the feed, not yet started.
         */
        MarketDataFeed open(Aeron aeron, EngineTelemetry telemetry, RingBuffer transferRing);
    }
}
