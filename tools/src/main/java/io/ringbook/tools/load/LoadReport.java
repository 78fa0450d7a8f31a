package io.ringbook.tools.load;

import io.ringbook.codecs.orderentry.RejectReason;
import io.ringbook.engine.telemetry.EngineCounter;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints a phase's result for people, and writes its histogram for plotting.
 */
public final class LoadReport
{
    /** Percentiles printed, in this order. */
    static final double[] PERCENTILES = { 50.0, 90.0, 99.0, 99.9, 99.99 };
    static final String[] PERCENTILE_NAMES = { "p50", "p90", "p99", "p99.9", "p99.99" };
    private static final EngineCounter[] ENGINE_COUNTERS = {
        EngineCounter.RING_FULL, EngineCounter.EGRESS_BACK_PRESSURED, EngineCounter.EGRESS_DROPPED,
        EngineCounter.SLOW_CONSUMER_DISCONNECTS, EngineCounter.ERRORS };

    private LoadReport()
    {
    }

    /**
     * The summary: rates, totals, rejects by reason, back-pressure and latency percentiles in µs.
     *
     * @param engineBefore engine counters before the phase, or null.
     * @param engineAfter  engine counters after the phase, or null.
     */
    public static void print(final PrintWriter out, final PhaseResult result, final long[] engineBefore,
        final long[] engineAfter, final long maxRingOccupancy)
    {
        final Phase phase = result.phase;
        final LoadStats m = result.measured;
        final Histogram h = result.histogram;
        out.printf("offered rate     %,d orders/s (%d clients, %s s after %s s warm-up%s)%n", phase.rate,
            phase.clients, seconds(phase.durationNs()), seconds(phase.warmupNs()), phase.isCancelled() ?
            String.format("; interrupted, %.1f s measured", phase.measuredNs() / 1e9) : "");
        out.printf("achieved         %,.0f acks/s (%.1f%% of offered)%n", result.achievedRate(),
            100.0 * result.achievedRate() / phase.rate);
        out.printf("sent             %,d (%s)%n", m.sent, mix(m));
        out.printf("acked            %,d (unanswered %,d, not sent %,d)%n", m.replied, m.unanswered, m.notSent);
        out.printf("fills            %,d%n", m.fills);
        out.printf("rejects          %s%n", rejects(m));
        out.printf("back-pressured   %,d offers retried (in-flight limit waits %,d)%n", m.backPressured,
            m.windowFull);
        out.printf("latency µs       %s (%,d samples, from intended send time: corrected for coordinated " +
            "omission)%n", percentiles(h), h.getTotalCount());
        final LoadStats w = result.warmup;
        out.printf("warm-up          sent %,d, acked %,d, unanswered %,d, unexpected rejects %,d%n", w.sent,
            w.replied, w.unanswered, w.unexpectedRejects());
        if (engineBefore != null && engineAfter != null)
        {
            final StringBuilder line = new StringBuilder();
            for (final EngineCounter counter : ENGINE_COUNTERS)
            {
                line.append(line.length() > 0 ? ", " : "").append(counter.label()).append(String.format(" +%,d",
                    engineAfter[counter.ordinal()] - engineBefore[counter.ordinal()]));
            }
            line.append(String.format(", max ring occupancy %,d", maxRingOccupancy));
            out.printf("engine counters  %s%n", line);
        }
        out.flush();
    }

    static String percentiles(final Histogram h)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            text.append(PERCENTILE_NAMES[i]).append(' ').append(micros(h.getValueAtPercentile(PERCENTILES[i])))
                .append("  ");
        }
        return text.append("max ").append(micros(h.getMaxValue())).toString();
    }

    static String micros(final long ns)
    {
        final double us = ns / 1000.0;
        return us < 100 ? String.format("%.1f", us) : String.format("%,.0f", us);
    }

    private static String seconds(final long ns)
    {
        final double s = ns / 1e9;
        return s == Math.rint(s) ? String.format("%d", (long)s) : String.format("%.1f", s);
    }

    private static String mix(final LoadStats stats)
    {
        final StringBuilder text = new StringBuilder();
        for (int kind = 0; kind < Command.KINDS; kind++)
        {
            text.append(kind > 0 ? ", " : "").append(Command.KIND_NAMES[kind]).append(' ')
                .append(String.format("%,d", stats.sentByKind[kind]));
            if (stats.sent > 0)
            {
                text.append(String.format(" %.0f%%", 100.0 * stats.sentByKind[kind] / stats.sent));
            }
        }
        return text.toString();
    }

    static String rejects(final LoadStats stats)
    {
        final long expected = stats.expectedRejects();
        final long unexpected = stats.unexpectedRejects();
        final StringBuilder text = new StringBuilder(String.format("%,d unexpected, %,d expected", unexpected,
            expected));
        final StringBuilder detail = new StringBuilder();
        for (int value = 0; value < 256; value++)
        {
            if (stats.orderRejects[value] > 0)
            {
                detail.append(detail.length() > 0 ? ", " : "").append("new order ")
                    .append(LoadStats.reasonName(value)).append(String.format(" %,d", stats.orderRejects[value]));
            }
        }
        for (int value = 0; value < 256; value++)
        {
            if (stats.cancelRejects[value] > 0)
            {
                detail.append(detail.length() > 0 ? ", " : "").append("cancel/replace ")
                    .append(LoadStats.reasonName(value)).append(String.format(" %,d", stats.cancelRejects[value]));
                if (value == RejectReason.UNKNOWN_ORDER.value())
                {
                    detail.append(" (expected: the order filled before the request reached the engine)");
                }
            }
        }
        if (stats.sessionRejects > 0)
        {
            detail.append(detail.length() > 0 ? ", " : "").append(String.format("session rejects %,d",
                stats.sessionRejects));
        }
        if (detail.length() > 0)
        {
            text.append(": ").append(detail);
        }
        return text.toString();
    }

    /**
     * Write the percentile distribution, in µs, as HdrHistogram prints it (plot it with HdrHistogram's plotter).
     */
    public static void writeHgrm(final Path file, final Histogram histogram) throws IOException
    {
        final Path parent = file.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            histogram.outputPercentileDistribution(out, 1000.0);
        }
    }
}
