package io.ringbook.tools.load;

import io.ringbook.engine.InstrumentSpec;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.NanoClock;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Latency is measured from each request's intended send time: a stall of the sender (back-pressure, or the thread
 * not running at all) raises the latency of every request scheduled during it, as the queueing it caused deserves.
 * A fake clock and a fake engine that answers at once make the numbers exact.
 */
class CoordinatedOmissionTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long STEP_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private final FakeClock clock = new FakeClock();

    static final class FakeClock implements NanoClock
    {
        long nowNs;

        public long nanoTime()
        {
            return nowNs;
        }
    }

    private static LoadClient client()
    {
        return client(1 << 12);
    }

    private static LoadClient client(final int inFlightCapacity)
    {
        final InstrumentModel[] instruments = {
            InstrumentModel.of(InstrumentSpec.build(1, "AAPL", "0.01", 1, 100_000, "10%", "190.00", null)) };
        return new LoadClient(0, "load1", 1_000_000, new Workload(instruments, 7, 64), inFlightCapacity);
    }

    /**
     * One client at 1,000 requests a second for one second (no warm-up); the fake engine answers each request on
     * the poll after it was sent. The sender stalls from 300 ms to 400 ms.
     *
     * @param backPressure true: the sender runs but every offer is back-pressured; false: the sender's thread does
     *                     not run at all (a GC pause, say).
     */
    private Histogram runWithStall(final boolean backPressure, final LoadStats[] statsOut)
    {
        final LoadClient client = client();
        final FakeSender sender = new FakeSender(client);
        client.sender(sender);
        final Phase phase = new Phase("test", 1_000, 1, 0, 0, TimeUnit.SECONDS.toNanos(1), TimeUnit.SECONDS.toNanos(1));
        client.beginPhase(phase);
        while (!client.isPhaseComplete(clock.nowNs))
        {
            final boolean stalled = clock.nowNs >= 300 * MS && clock.nowNs < 400 * MS;
            sender.backPressured = backPressure && stalled;
            if (backPressure || !stalled)
            {
                client.doWork(clock.nanoTime());
            }
            clock.nowNs += STEP_NS;
        }
        final LoadClient.ClientResult result = client.endPhase();
        statsOut[0] = result.measured;
        return result.histogram;
    }

    @Test
    void aBackPressureStallRaisesTheLatencyOfEveryRequestScheduledDuringIt()
    {
        final LoadStats[] stats = new LoadStats[1];
        final Histogram histogram = runWithStall(true, stats);
        assertStallShows(histogram, stats[0]);
        assertTrue(stats[0].backPressured >= 900, () -> "one refused offer per duty cycle of the stall: " +
            stats[0].backPressured);
    }

    @Test
    void aSenderPauseRaisesTheLatencyOfEveryRequestScheduledDuringIt()
    {
        final LoadStats[] stats = new LoadStats[1];
        final Histogram histogram = runWithStall(false, stats);
        assertStallShows(histogram, stats[0]);
        assertEquals(0, stats[0].backPressured);
    }

    private static void assertStallShows(final Histogram histogram, final LoadStats stats)
    {
        assertEquals(1_000, stats.sent);
        assertEquals(1_000, stats.replied);
        assertEquals(0, stats.unanswered);
        assertEquals(1_000, histogram.getTotalCount());
        // The 100 requests intended at 300, 301, ... 399 ms all went out at 400 ms and were answered 100-200 µs
        // later: their latencies are 100 ms, 99 ms, ... 1 ms, not the 0.1-0.2 ms a sender-side timer would show.
        final long stalled = histogram.getCountBetweenValues(MS, 101 * MS);
        assertEquals(100, stalled, "requests scheduled during the stall");
        assertTrue(histogram.getMaxValue() >= 100 * MS && histogram.getMaxValue() <= 101 * MS,
            () -> "max " + histogram.getMaxValue());
        assertEquals(50, histogram.getCountBetweenValues(50 * MS + STEP_NS * 3, 101 * MS), 1,
            "half of them waited over 50 ms");
        // Everything else was answered within two duty cycles of its intended time.
        assertEquals(900, histogram.getCountBetweenValues(0, 2 * STEP_NS));
        assertTrue(histogram.getValueAtPercentile(99.0) >= 90 * MS, () -> "p99 " +
            histogram.getValueAtPercentile(99.0));
        assertTrue(histogram.getValueAtPercentile(50.0) <= 2 * STEP_NS);
    }

    @Test
    void aLostReplyHoldsItsSlotUntilItCountsAsUnansweredThenTheClientGoesOn()
    {
        // 16 requests in flight at most; request 3's reply never comes. Request 19 needs its slot at 180 ms and
        // waits until request 3 is 10 s old, then request 3 counts as unanswered and the client catches up.
        final LoadClient client = client(16);
        final FakeSender sender = new FakeSender(client);
        sender.dropReplyTo = 1_000_000 + 3;
        client.sender(sender);
        final long durationNs = TimeUnit.SECONDS.toNanos(15);
        final Phase phase = new Phase("test", 100, 1, 0, 0, durationNs, TimeUnit.SECONDS.toNanos(1));
        client.beginPhase(phase);
        while (!client.isPhaseComplete(clock.nowNs))
        {
            client.doWork(clock.nanoTime());
            clock.nowNs += STEP_NS;
        }
        final LoadClient.ClientResult result = client.endPhase();
        assertEquals(1_500, result.measured.sent);
        assertEquals(1_499, result.measured.replied);
        assertEquals(1, result.measured.unanswered);
        assertEquals(0, result.measured.notSent);
        assertTrue(result.measured.windowFull > 0);
        assertEquals(1_499, result.histogram.getTotalCount());
        // Request 19 (intended at 180 ms) went out when request 3 (intended at 20 ms) turned 10 s old.
        assertTrue(result.histogram.getMaxValue() >= 9_800 * MS, () -> "max " + result.histogram.getMaxValue());
    }

    @Test
    void latencyCountsFromTheIntendedTimeNotFromTheSend()
    {
        final LatencyRecorder recorder = new LatencyRecorder(16);
        final Histogram histogram = LatencyRecorder.newHistogram();
        recorder.recordInto(histogram, 0, 1_000 * MS);
        // Intended at 10 ms, sent late at 50 ms, answered at 51 ms: 41 ms, not 1 ms.
        recorder.add(1, Command.NEW_GTC, 10 * MS, 0);
        assertEquals(10 * MS, recorder.complete(1, 51 * MS));
        assertEquals(LatencyRecorder.NOT_PENDING, recorder.complete(1, 52 * MS), "only the first reply counts");
        assertEquals(1, histogram.getTotalCount());
        assertTrue(histogram.valuesAreEquivalent(41 * MS, histogram.getMaxValue()));
        // Requests intended outside the window (the warm-up) are matched but not recorded.
        recorder.add(2, Command.CANCEL, 1_000 * MS, 0);
        assertEquals(1_000 * MS, recorder.complete(2, 1_001 * MS));
        assertEquals(1, histogram.getTotalCount());
        assertEquals(0, recorder.pending());
    }
}
