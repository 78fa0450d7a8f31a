package io.ringbook.feed.publisher;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.nio.ByteBuffer;

import static org.agrona.concurrent.status.CountersReader.METADATA_LENGTH;

/**
 * The counters a {@link MarketDataPublisher} keeps. The process that runs the publisher passes its own counters
 * (engine telemetry, Aeron counters); any it leaves null get a private counter so the publisher never checks for null
 * on the hot path, and tests can read every one.
 */
public final class PublisherCounters
{
    private static final int COUNTERS = 7;

    /** Packets that got onto a stream (both streams, heartbeats included). */
    public final AtomicCounter packetsPublished;
    /**
     * Packets given up on: still back-pressured after {@code offerAttempts}, or the publication closed or past its
     * maximum position. Their stream sequence is spent, so subscribers see a gap.
     */
    public final AtomicCounter packetsDropped;
    /** Packets not sent because no subscriber was connected: normal with no one listening; the sequence is spent. */
    public final AtomicCounter packetsNotConnected;
    /** Book snapshots (definition and every chunk) that got onto the snapshot stream in full. */
    public final AtomicCounter snapshotsPublished;
    /** Heartbeat packets sent (offered) on either stream. */
    public final AtomicCounter heartbeats;
    /** Bytes of the packets that got onto a stream. */
    public final AtomicCounter bytesPublished;
    /**
     * Snapshot loop turns that came while the snapshot stream had not yet sent the previous snapshot (a slow, lossy or
     * stalled link): the next snapshot starts when it has, so no snapshot waits behind a queue of older ones.
     */
    public final AtomicCounter snapshotsDeferred;

    /**
     * @param packetsPublished    or null for a private counter; likewise every other parameter.
     * @param packetsDropped      see {@link #packetsDropped}.
     * @param packetsNotConnected see {@link #packetsNotConnected}.
     * @param snapshotsPublished  see {@link #snapshotsPublished}.
     * @param heartbeats          see {@link #heartbeats}.
     * @param bytesPublished      see {@link #bytesPublished}.
     * @param snapshotsDeferred   see {@link #snapshotsDeferred}.
     */
    public PublisherCounters(
        final AtomicCounter packetsPublished,
        final AtomicCounter packetsDropped,
        final AtomicCounter packetsNotConnected,
        final AtomicCounter snapshotsPublished,
        final AtomicCounter heartbeats,
        final AtomicCounter bytesPublished,
        final AtomicCounter snapshotsDeferred)
    {
        final CountersManager standalone = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(COUNTERS * METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(COUNTERS * CountersManager.COUNTER_LENGTH)));
        this.packetsPublished = orNew(packetsPublished, standalone, "feed packets published");
        this.packetsDropped = orNew(packetsDropped, standalone, "feed packets dropped");
        this.packetsNotConnected = orNew(packetsNotConnected, standalone, "feed packets not connected");
        this.snapshotsPublished = orNew(snapshotsPublished, standalone, "feed snapshots published");
        this.heartbeats = orNew(heartbeats, standalone, "feed heartbeats");
        this.bytesPublished = orNew(bytesPublished, standalone, "feed bytes published");
        this.snapshotsDeferred = orNew(snapshotsDeferred, standalone, "feed snapshots deferred");
    }

    /**
     * @return counters of their own, not visible outside the process (tests, tools).
     */
    public static PublisherCounters standalone()
    {
        return new PublisherCounters(null, null, null, null, null, null, null);
    }

    private static AtomicCounter orNew(final AtomicCounter counter, final CountersManager manager, final String label)
    {
        return counter != null ? counter : manager.newCounter(label);
    }

    public String toString()
    {
        return "PublisherCounters{published=" + packetsPublished.get() + ", dropped=" + packetsDropped.get() +
            ", notConnected=" + packetsNotConnected.get() + ", snapshots=" + snapshotsPublished.get() +
            ", heartbeats=" + heartbeats.get() + ", bytes=" + bytesPublished.get() + '}';
    }
}
