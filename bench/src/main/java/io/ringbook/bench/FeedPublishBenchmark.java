package io.ringbook.bench;

import io.ringbook.engine.server.IdleStrategies;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.Workload;
import io.ringbook.feed.client.FeedClient;
import io.ringbook.feed.client.FeedListener;
import io.ringbook.feed.publisher.PublisherCounters;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.SystemEpochNanoClock;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Market-data publish throughput: how many book events per second the feed's publish path sustains. Each operation
 * matches {@link #BATCH} commands of exchange-core's mix ({@link ExchangeCoreWorkload}) with the
 * {@code MarketDataRecorder} listening (one transfer-ring record per command that changed a book), then runs the
 * {@code MarketDataPublisher}'s duty cycle until the transfer ring is empty (one packet per record on the incremental
 * publication, its copy of the book updated, the snapshot loop and heartbeats as due). Matcher, recorder and publisher
 * share the benchmark thread, so the score is the cost of the whole engine-side path per command, a lower bound on
 * what the engine process (matcher and publisher on threads of their own) sustains.
 * <p>
 * A subscriber must be connected, or the publisher takes its cheap not-connected path:
 * <ul>
 *     <li>{@code consumer=thread}: a {@code FeedClient} (books, gap checks) on a thread of its own, yielding when idle,
 *     as a subscriber process would run. The publisher is not held back by it unless the publication's window fills,
 *     when packets are dropped after the publisher's usual three offers; {@code dropped} shows it.</li>
 *     <li>{@code consumer=inline}: the same client polled on the benchmark thread after every 64 commands published,
 *     and at the end of the operation until it has every packet. Publisher and subscriber on one thread: the score
 *     includes the client's work, and a packet drops only if the driver (udp) falls a publication window behind.</li>
 * </ul>
 * Scores: the primary score is commands per second ({@code @OperationsPerInvocation(BATCH)}; with
 * {@code source=recorded}, transfer-ring records per second). Aux counters, per
 * second: {@code events}, incremental packets the publisher sequenced (one per book-changing command: a book event,
 * whether it got onto the stream or was dropped); {@code published}, packets that got onto a stream (both streams:
 * the snapshot loop adds about a hundred a second); {@code received}, events the client completed ({@code FeedListener.onEndOfEvent}); {@code dropped}, packets given
 * up (back-pressured or not connected) on either stream, so {@code events} minus {@code dropped} is what subscribers
 * could see; {@code kbytes}, kilobytes of packets published on both
 * streams.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class FeedPublishBenchmark
{
    public static final int BATCH = 1_024;
    private static final int INLINE_BATCH = 64;
    public static final int WORKLOAD_COMMANDS = 1_000_000;
    private static final long CATCH_UP_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(1);

    /** {@code ipc} or {@code udp} (unicast on localhost). */
    @Param({"ipc", "udp"})
    public String transport;

    /** {@code thread}: the feed client on its own thread; {@code inline}: polled on the benchmark thread. */
    @Param({"thread", "inline"})
    public String consumer;

    /**
     * {@code engine}: the matcher and the recorder make the records on the benchmark thread, before the publisher
     * takes them (the whole engine-side path). {@code recorded}: the workload was recorded into a tape of
     * transfer-ring records at set-up, and each operation copies the next records from it into the ring: the
     * publisher measured alone, as it runs on its own thread in the engine process.
     */
    @Param({"engine", "recorded"})
    public String source;

    /** The media driver's threading mode: {@code shared} (one thread, as on a small machine) or {@code dedicated}. */
    @Param({"shared"})
    public String driverThreading;

    private FeedRig rig;
    private FeedClient client;
    private AgentRunner clientRunner;
    private final AtomicLong received = new AtomicLong();
    private boolean inline;
    private boolean recorded;
    private long packetsBase;
    private long lostBase;
    private long receivedPacketsBase;

    /**
     * Per-iteration totals, reported by JMH as rates.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters
    {
        public long events;
        public long published;
        public long received;
        public long dropped;
        public long kbytes;

        @Setup(Level.Iteration)
        public void clear()
        {
            events = 0;
            published = 0;
            received = 0;
            dropped = 0;
            kbytes = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp()
    {
        final Workload workload = ExchangeCoreWorkload.generate(PipelineBenchmark.SEED, WORKLOAD_COMMANDS);
        rig = new FeedRig(workload, transport, driverThreading, "backoff", new SystemEpochNanoClock());
        client = rig.newClient(new FeedListener()
        {
            public void onEndOfEvent(final long engineSequence, final long transactTimeNs, final long sendingTimeNs)
            {
                received.lazySet(received.get() + 1);
            }
        });
        inline = "inline".equals(consumer);
        if (!inline)
        {
            clientRunner = new AgentRunner(IdleStrategies.byName("yielding"), Throwable::printStackTrace, null, client);
            AgentRunner.startOnThread(clientRunner);
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isIncrementalConnected() || !client.isSnapshotConnected())
        {
            work();
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("the feed client did not connect");
            }
        }
        recorded = "recorded".equals(source);
        if (recorded)
        {
            rig.recordTape();
        }
        else
        {
            rig.writeStart();
        }
        rig.drain();
        // Let the client take the reset and a snapshot: 200 ms of duty cycles, then the baselines of catchUp().
        final long settleNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (System.nanoTime() < settleNs)
        {
            work();
        }
        packetsBase = rig.incrementalPackets();
        lostBase = lostPackets();
        receivedPacketsBase = inline ? client.handler().incrementalPackets() : 0;
        System.gc();
    }

    private void work()
    {
        if (inline)
        {
            client.poll(256);
        }
        rig.publisher.doWork();
        Thread.yield();
    }

    private long lostPackets()
    {
        return rig.counters.packetsDropped.get() + rig.counters.packetsNotConnected.get();
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        CloseHelper.quietClose(clientRunner);
        CloseHelper.quietClose(client);
        final PublisherCounters counters = rig.counters;
        System.out.printf("%n%s; transfer ring full %d; workload restarts %d; client: %d packets, %d stream gaps, " +
            "%d snapshots applied%n", counters, rig.eventsLost.get(), rig.restarts(),
            client.handler().incrementalPackets(), client.handler().streamSequenceGaps(),
            client.handler().snapshotsApplied());
        rig.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long publish(final Counters out)
    {
        final FeedRig rig = this.rig;
        final PublisherCounters counters = rig.counters;
        final long sequenceBefore = rig.incrementalPackets();
        final long droppedBefore = lostPackets();
        final long bytesBefore = counters.bytesPublished.get();
        final long publishedBefore = counters.packetsPublished.get();
        final long receivedBefore = received.get();
        if (inline)
        {
            // Sub-batches, so a batch never fills the publication's window (128 KiB on udp) between two polls.
            for (int i = 0; i < BATCH; i += INLINE_BATCH)
            {
                produce(INLINE_BATCH);
                while (client.poll(256) > 0)
                {
                    // take what is there
                }
            }
            catchUp();
        }
        else
        {
            produce(BATCH);
        }
        out.events += rig.incrementalPackets() - sequenceBefore;
        out.dropped += lostPackets() - droppedBefore;
        out.published += counters.packetsPublished.get() - publishedBefore;
        out.kbytes += (counters.bytesPublished.get() - bytesBefore) / 1024;
        out.received += received.get() - receivedBefore;
        return rig.sequence();
    }

    /**
     * Puts {@code count} records into the transfer ring (from the matcher, or from the tape) and runs the publisher
     * until it has taken them all.
     */
    private void produce(final int count)
    {
        final FeedRig rig = this.rig;
        if (recorded)
        {
            int written = 0;
            while (written < count)
            {
                written += rig.replay(count - written);
                rig.drain();
            }
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                rig.process(rig.sequence() + 1);
            }
            rig.drain();
        }
    }

    /**
     * Polls the client until it has every incremental packet the publisher sequenced since set-up, less those lost.
     */
    private void catchUp()
    {
        final FeedClient client = this.client;
        final long target = receivedPacketsBase + rig.incrementalPackets() - packetsBase;
        final long deadlineNs = System.nanoTime() + CATCH_UP_TIMEOUT_NS;
        while (client.handler().incrementalPackets() + lostPackets() - lostBase < target)
        {
            if (client.poll(256) == 0)
            {
                rig.publisher.doWork();
                if (System.nanoTime() > deadlineNs)
                {
                    throw new IllegalStateException("the inline client did not catch up: " + rig.counters);
                }
            }
        }
    }
}
