package io.ringbook.tools.load;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The search doubles until a step falls short, then bisects; a fake engine that sustains up to a capacity stands in
 * for the real one.
 */
class RateSearchTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /**
     * A step's result as an engine with this capacity would give it: acks at min(rate, capacity), and latency that
     * explodes above the capacity.
     */
    private static PhaseResult step(final long rate, final long capacity)
    {
        final Phase phase = new Phase("step", rate, 1, 0, 0, SECOND, SECOND);
        final LoadStats measured = new LoadStats();
        measured.sent = rate;
        measured.replied = rate;
        measured.arrivals = Math.min(rate, capacity);
        final org.HdrHistogram.Histogram histogram = LatencyRecorder.newHistogram();
        histogram.recordValueWithCount(rate <= capacity ? 20_000 : 500_000_000, 100);
        return new PhaseResult(phase, List.of(new LoadClient.ClientResult("load1", new LoadStats(), measured,
            histogram)));
    }

    @Test
    void findsTheCapacityWithinThePrecision()
    {
        final List<Long> tried = new ArrayList<>();
        final List<String> log = new ArrayList<>();
        final RateSearch search = new RateSearch(25_000, 50_000_000, 0.95, TimeUnit.MILLISECONDS.toNanos(10), 20,
            0.05, log::add);
        final long found = search.search(rate ->
        {
            tried.add(rate);
            return step(rate, 730_000);
        });
        assertTrue(found <= 730_000 && found >= 730_000 * 0.95, () -> "found " + found + " after " + tried);
        assertEquals(List.of(25_000L, 50_000L, 100_000L, 200_000L, 400_000L, 800_000L), tried.subList(0, 6));
        assertEquals(tried.size(), log.size());
        assertTrue(log.get(5).contains("not sustained"), log.get(5));
    }

    @Test
    void halvesWhenTheStartRateIsTooHigh()
    {
        final RateSearch search = new RateSearch(25_000, 50_000_000, 0.95, TimeUnit.MILLISECONDS.toNanos(10), 20,
            0.05, line -> { });
        final long found = search.search(rate -> step(rate, 3_000));
        assertTrue(found <= 3_000 && found >= 3_000 * 0.95, () -> "found " + found);
    }

    @Test
    void aStepShortOnlyOnLatencyIsRunOnceMore()
    {
        final List<String> log = new ArrayList<>();
        final int[] runs = new int[1];
        final RateSearch search = new RateSearch(1_000, 1_000, 0.95, TimeUnit.MILLISECONDS.toNanos(10), 20,
            0.05, log::add);
        // A hiccup spoils the first step's p99; the second run of the same rate is clean.
        final long found = search.search(rate -> step(rate, ++runs[0] == 1 ? rate - 1 : rate));
        assertEquals(1_000, found);
        assertEquals(2, runs[0]);
        assertTrue(log.get(0).endsWith("once more"), log.get(0));
    }

    @Test
    void nothingSustainedIsZero()
    {
        final RateSearch search = new RateSearch(1_000, 50_000_000, 0.95, TimeUnit.MILLISECONDS.toNanos(10), 20,
            0.05, line -> { });
        assertEquals(0, search.search(rate -> step(rate, 10)));
    }

    @Test
    void roundsToThreeSignificantDigits()
    {
        assertEquals(1_230_000, RateSearch.round(1_234_567));
        assertEquals(999, RateSearch.round(999));
        assertEquals(100, RateSearch.round(7));
    }
}
