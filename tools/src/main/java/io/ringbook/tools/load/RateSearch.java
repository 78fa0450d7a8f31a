package io.ringbook.tools.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the highest offered rate the engine sustains: short steps at a fixed rate, doubling from a start rate until
 * a step falls short (achieved throughput under a share of the offered rate, p99 above a limit, requests not sent
 * or not answered), then bisecting between the last rate that held and the first that did not until they are within
 * a few percent. If the start rate already falls short, it halves first. A step that carried its rate in full but
 * whose p99 was too high is run once more before it counts as short: on a shared machine one descheduling of a
 * thread for a few tens of milliseconds is enough to spoil a short step's p99.
 */
final class RateSearch
{
    /** Runs one step at a rate. */
    interface Step
    {
        PhaseResult run(long rate);
    }

    /** The lowest rate tried. */
    static final long MIN_RATE = 100;

    private final long startRate;
    private final long maxRate;
    private final double sustainRatio;
    private final long maxP99Ns;
    private final int maxSteps;
    private final double precision;
    private final Consumer<String> log;
    private final List<PhaseResult> steps = new ArrayList<>();

    /**
     * @param precision stop bisecting when the bracket is narrower than this share of the lower rate.
     */
    RateSearch(final long startRate, final long maxRate, final double sustainRatio, final long maxP99Ns,
        final int maxSteps, final double precision, final Consumer<String> log)
    {
        this.startRate = Math.max(MIN_RATE, startRate);
        this.maxRate = Math.max(this.startRate, maxRate);
        this.sustainRatio = sustainRatio;
        this.maxP99Ns = maxP99Ns;
        this.maxSteps = maxSteps;
        this.precision = precision;
        this.log = log;
    }

    List<PhaseResult> steps()
    {
        return steps;
    }

    /**
     * @return the highest rate that held, or 0 when none did.
     */
    long search(final Step step)
    {
        long sustained = 0;
        long failed = 0;
        long rate = startRate;
        while (steps.size() < maxSteps)
        {
            if (tryRate(step, rate))
            {
                sustained = rate;
                if (failed != 0 || rate >= maxRate)
                {
                    break;
                }
                rate = Math.min(rate * 2, maxRate);
            }
            else
            {
                failed = rate;
                if (sustained != 0 || rate <= MIN_RATE)
                {
                    break;
                }
                rate = Math.max(rate / 2, MIN_RATE);
            }
        }
        while (sustained != 0 && failed != 0 && failed - sustained > sustained * precision &&
            steps.size() < maxSteps)
        {
            final long middle = round((sustained + failed) / 2);
            if (middle <= sustained || middle >= failed)
            {
                break;
            }
            if (tryRate(step, middle))
            {
                sustained = middle;
            }
            else
            {
                failed = middle;
            }
        }
        return sustained;
    }

    private boolean tryRate(final Step step, final long rate)
    {
        for (int attempt = 0; ; attempt++)
        {
            final PhaseResult result = step.run(rate);
            steps.add(result);
            final String shortfall = result.shortfall(sustainRatio, maxP99Ns);
            final boolean retry = shortfall != null && attempt == 0 && steps.size() < maxSteps &&
                result.onlyLatencyFellShort(sustainRatio, maxP99Ns);
            log.accept(String.format("step %2d: offered %,11d/s  achieved %,11.0f/s  p99 %,9.1f µs  %s%s",
                steps.size(), rate, result.achievedRate(), result.histogram.getValueAtPercentile(99.0) / 1000.0,
                shortfall == null ? "sustained" : "not sustained (" + shortfall + ")", retry ? ", once more" : ""));
            if (!retry)
            {
                return shortfall == null;
            }
        }
    }

    /**
     * Round to three significant digits, so the rates tried read well.
     */
    static long round(final long rate)
    {
        long scale = 1;
        while (rate / scale >= 1000)
        {
            scale *= 10;
        }
        return Math.max(MIN_RATE, (rate + scale / 2) / scale * scale);
    }
}
