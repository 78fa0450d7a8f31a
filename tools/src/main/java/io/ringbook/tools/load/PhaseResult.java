package io.ringbook.tools.load;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * A phase's outcome, merged over clients: counts of the warm-up and of the measurement, and the latency histogram
 * of the requests intended during the measurement (nanoseconds).
 */
public final class PhaseResult
{
    final Phase phase;
    final LoadStats warmup = new LoadStats();
    final LoadStats measured = new LoadStats();
    final Histogram histogram = LatencyRecorder.newHistogram();
    final List<LoadClient.ClientResult> clients;

    PhaseResult(final Phase phase, final List<LoadClient.ClientResult> clients)
    {
        this.phase = phase;
        this.clients = List.copyOf(clients);
        for (final LoadClient.ClientResult client : clients)
        {
            warmup.merge(client.warmup);
            measured.merge(client.measured);
            histogram.add(client.histogram);
        }
    }

    public long offeredRate()
    {
        return phase.rate;
    }

    /**
     * @return first replies that arrived during the measurement, per second.
     */
    public double achievedRate()
    {
        return measured.arrivals * 1e9 / phase.measuredNs();
    }

    public long sent()
    {
        return measured.sent;
    }

    public long acked()
    {
        return measured.replied;
    }

    public long unanswered()
    {
        return measured.unanswered;
    }

    public long notSent()
    {
        return measured.notSent;
    }

    public long unexpectedRejects()
    {
        return measured.unexpectedRejects() + warmup.unexpectedRejects();
    }

    public Histogram histogram()
    {
        return histogram;
    }

    /**
     * @return true when the rate was carried in full and only the p99 was too high: possibly a passing hiccup.
     */
    boolean onlyLatencyFellShort(final double sustainRatio, final long maxP99Ns)
    {
        return achievedRate() >= sustainRatio * phase.rate && measured.notSent == 0 && measured.unanswered == 0 &&
            histogram.getValueAtPercentile(99.0) > maxP99Ns;
    }

    /**
     * @return null when the engine kept up with the offered rate, else what says it did not.
     */
    String shortfall(final double sustainRatio, final long maxP99Ns)
    {
        final StringBuilder why = new StringBuilder();
        if (achievedRate() < sustainRatio * phase.rate)
        {
            why.append(String.format("achieved %.0f%% of offered", 100.0 * achievedRate() / phase.rate));
        }
        final long p99 = histogram.getValueAtPercentile(99.0);
        if (p99 > maxP99Ns)
        {
            why.append(why.length() > 0 ? "; " : "").append(String.format("p99 %,d µs > %,d µs", p99 / 1000,
                maxP99Ns / 1000));
        }
        if (measured.notSent > 0)
        {
            why.append(why.length() > 0 ? "; " : "").append(String.format("%,d not sent", measured.notSent));
        }
        if (measured.unanswered > 0)
        {
            why.append(why.length() > 0 ? "; " : "").append(String.format("%,d unanswered", measured.unanswered));
        }
        return why.length() == 0 ? null : why.toString();
    }
}
