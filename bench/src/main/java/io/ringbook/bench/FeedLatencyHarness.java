package io.ringbook.bench;

import io.ringbook.engine.server.IdleStrategies;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.Workload;
import io.ringbook.feed.client.FeedClient;
import io.ringbook.feed.client.FeedListener;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.OffsetEpochNanoClock;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Market-data latency at fixed offered rates: from the moment a command was due to enter the matcher to the moment
 * a {@link FeedClient} in the same JVM has applied its book event ({@link FeedListener#onEndOfEvent}), through the
 * matcher, the {@code MarketDataRecorder}, the transfer ring, the {@code MarketDataPublisher}, Aeron (IPC, or UDP
 * unicast on localhost through the media driver) and the client's book building.
 * <p>
 * The sender thread plays exchange-core's command mix at RATE commands per second (each command changes a book, so
 * one book event each). Command i is due at {@code start + i / RATE}; it is stamped with that intended time as its
 * {@code timestampNs}, which the feed carries as {@code transactTimeNs}, so when the sender falls behind, the wait
 * counts in the latency (no coordinated omission). The publisher runs on the sender thread after each command
 * ({@code publisher=same}, as on a small machine) or on its own thread with the given idle strategy. The client runs
 * on its own thread; latency = its clock at {@code onEndOfEvent} minus {@code transactTimeNs}. Both sides read one
 * {@link OffsetEpochNanoClock} (epoch nanoseconds from {@code System.nanoTime()}), so the difference is exact.
 * <p>
 * For each rate: WARMUP seconds not recorded, then SECONDS recorded; prints percentiles in microseconds and, with
 * {@code hgrm=PREFIX}, writes {@code PREFIX-RATE.hgrm} (HdrHistogram percentile distribution, microseconds).
 * <pre>
 * java $(flags) -cp bench/target/benchmarks.jar io.ringbook.bench.FeedLatencyHarness \
 *     [transport=ipc|udp] [rates=10000,100000] [seconds=5] [warmup=3] [publisher=same|busy-spin|yielding|backoff] \
 *     [idle=busy-spin|yielding|backoff] [driver=shared|dedicated] [hgrm=PREFIX]
 * </pre>
 */
public final class FeedLatencyHarness
{
    private static final long MAX_LATENCY_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long DRAIN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);

    private FeedLatencyHarness()
    {
    }

    /**
     * Records, on the client's thread, the latency of events whose engine sequence lies in the measured window.
     */
    static final class LatencyListener implements FeedListener
    {
        final OffsetEpochNanoClock clock;
        final Recorder recorder = new Recorder(MAX_LATENCY_NS, 3);
        volatile long recordFrom = Long.MAX_VALUE;
        volatile long recordTo = Long.MAX_VALUE;
        volatile long lastSequence;

        LatencyListener(final OffsetEpochNanoClock clock)
        {
            this.clock = clock;
        }

        public void onEndOfEvent(final long engineSequence, final long transactTimeNs, final long sendingTimeNs)
        {
            if (engineSequence >= recordFrom && engineSequence <= recordTo)
            {
                recorder.recordValue(Math.min(MAX_LATENCY_NS, Math.max(0, clock.nanoTime() - transactTimeNs)));
            }
            lastSequence = engineSequence;
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final Map<String, String> options = new HashMap<>();
        for (final String arg : args)
        {
            final int eq = arg.indexOf('=');
            if (eq < 1)
            {
                System.err.println("usage: FeedLatencyHarness [transport=ipc|udp] [rates=10000,100000] [seconds=5] " +
                    "[warmup=3] [publisher=same|busy-spin|yielding|backoff] [idle=busy-spin|yielding|backoff] " +
                    "[driver=shared|dedicated] [hgrm=PREFIX]");
                System.exit(2);
            }
            options.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        final String transport = options.getOrDefault("transport", "ipc");
        final String[] rateList = options.getOrDefault("rates", "10000,100000").split(",");
        final int seconds = Integer.parseInt(options.getOrDefault("seconds", "5"));
        final int warmup = Integer.parseInt(options.getOrDefault("warmup", "3"));
        final String publisherMode = options.getOrDefault("publisher", "same");
        final String idle = options.getOrDefault("idle", "busy-spin");
        final String driverThreading = options.getOrDefault("driver", "shared");
        final String hgrm = options.get("hgrm");

        final long[] rates = new long[rateList.length];
        long commands = 0;
        for (int i = 0; i < rates.length; i++)
        {
            rates[i] = Long.parseLong(rateList[i].trim());
            commands += rates[i] * (seconds + warmup);
        }
        // Enough commands that the workload never restarts while measuring (a restart resets the feed).
        final Workload workload = ExchangeCoreWorkload.generate(PipelineBenchmark.SEED, (int)(commands * 11 / 10));
        final OffsetEpochNanoClock clock = new OffsetEpochNanoClock();
        final LatencyListener listener = new LatencyListener(clock);
        final boolean sameThread = "same".equals(publisherMode);
        System.out.printf("feed latency: transport=%s publisher=%s idle=%s driver=%s, %d cores, %s%n", transport,
            publisherMode, idle, driverThreading, Runtime.getRuntime().availableProcessors(), workload.name());

        try (FeedRig rig = new FeedRig(workload, transport, driverThreading, "backoff", clock);
            FeedClient client = rig.newClient(listener))
        {
            rig.publisherOnCaller = sameThread; // a publisher runner closes the publisher itself
            final AgentRunner clientRunner = new AgentRunner(
                IdleStrategies.byName(idle), Throwable::printStackTrace, null, client);
            final AgentRunner publisherRunner = sameThread ? null : new AgentRunner(
                IdleStrategies.byName(publisherMode), Throwable::printStackTrace, null, rig.publisher);
            AgentRunner.startOnThread(clientRunner);
            try
            {
                awaitConnected(rig, client, sameThread);
                rig.writeStart();
                if (publisherRunner != null)
                {
                    AgentRunner.startOnThread(publisherRunner);
                }
                final IdleStrategy senderIdle = IdleStrategies.byName(idle);
                for (final long rate : rates)
                {
                    run(rig, listener, clock, senderIdle, sameThread, rate, warmup, false);
                    final Histogram histogram = run(rig, listener, clock, senderIdle, sameThread, rate, seconds, true);
                    report(histogram, rate, seconds, transport, publisherMode, hgrm);
                }
                System.out.printf("publisher %s; transfer ring full %d; client: %d stream gaps, %d snapshots " +
                    "applied%n", rig.counters, rig.eventsLost.get(), client.handler().streamSequenceGaps(),
                    client.handler().snapshotsApplied());
            }
            finally
            {
                // Stop the agents before their publications and subscriptions close under them.
                CloseHelper.quietClose(publisherRunner);
                CloseHelper.quietClose(clientRunner);
            }
        }
    }

    private static void awaitConnected(final FeedRig rig, final FeedClient client, final boolean sameThread)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!client.isIncrementalConnected() || !client.isSnapshotConnected())
        {
            rig.publisher.doWork();
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("the feed client did not connect");
            }
            Thread.yield();
        }
        if (!sameThread)
        {
            rig.publisher.doWork();
        }
    }

    /**
     * Offers {@code rate} commands per second for {@code seconds}; when recording, returns the latencies of their
     * events once the client has applied the last one.
     */
    private static Histogram run(
        final FeedRig rig, final LatencyListener listener, final OffsetEpochNanoClock clock,
        final IdleStrategy idle, final boolean sameThread, final long rate, final int seconds, final boolean record)
    {
        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
        final long count = rate * seconds;
        if (record)
        {
            listener.recorder.reset();
            listener.recordTo = Long.MAX_VALUE;
            listener.recordFrom = rig.sequence() + 1;
        }
        // Epoch time of System.nanoTime() 0, as the shared clock sees it: intended times go on the feed as epoch nanos.
        final long epochOffsetNs = clock.nanoTime() - System.nanoTime();
        final long startNs = System.nanoTime();
        long sent = 0;
        long maxBehindNs = 0;
        while (sent < count)
        {
            final long nowNs = System.nanoTime();
            final long intendedNs = startNs + sent * intervalNs;
            if (nowNs >= intendedNs)
            {
                maxBehindNs = Math.max(maxBehindNs, nowNs - intendedNs);
                rig.process(epochOffsetNs + intendedNs);
                sent++;
                if (sameThread)
                {
                    rig.drain();
                }
                idle.reset();
            }
            else
            {
                idle.idle(sameThread ? rig.publisher.doWork() : 0);
            }
        }
        final long elapsedNs = System.nanoTime() - startNs;
        final long last = rig.sequence();
        if (record)
        {
            listener.recordTo = last;
        }
        final long deadlineNs = System.nanoTime() + DRAIN_TIMEOUT_NS;
        while (listener.lastSequence < last)
        {
            if (sameThread)
            {
                rig.publisher.doWork();
            }
            if (System.nanoTime() > deadlineNs)
            {
                System.out.printf("warning: the client stopped at sequence %d of %d%n", listener.lastSequence, last);
                break;
            }
            Thread.yield();
        }
        if (!record)
        {
            return null;
        }
        System.out.printf("rate %,d/s: offered %,d commands in %.2f s (%,.0f/s), sender at most %.1f us behind%n",
            rate, count, elapsedNs / 1e9, count / (elapsedNs / 1e9), maxBehindNs / 1e3);
        return listener.recorder.getIntervalHistogram();
    }

    private static void report(
        final Histogram histogram, final long rate, final int seconds, final String transport, final String publisher,
        final String hgrm)
    {
        System.out.printf("rate %,d/s %s publisher=%s: %,d events, latency us: p50 %.1f, p90 %.1f, p99 %.1f, " +
            "p99.9 %.1f, p99.99 %.1f, max %.1f%n", rate, transport, publisher, histogram.getTotalCount(),
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
            histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
            histogram.getValueAtPercentile(99.99) / 1e3, histogram.getMaxValue() / 1e3);
        if (hgrm != null)
        {
            final String file = hgrm + "-" + rate + ".hgrm";
            try (PrintStream out = new PrintStream(file))
            {
                histogram.outputPercentileDistribution(out, 1e3);
            }
            catch (final FileNotFoundException ex)
            {
                throw new UncheckedIOException(ex);
            }
            System.out.println("wrote " + file + " (microseconds)");
        }
    }
}
