package io.ringbook.engine.workload;

import java.util.Arrays;
import java.util.Locale;

/**
 * Counts of commands by {@link CommandKind}.
 */
public final class CommandMix
{
    private final long[] counts = new long[CommandKind.values().length];

    void add(final CommandKind kind)
    {
        counts[kind.ordinal()]++;
    }

    public long count(final CommandKind kind)
    {
        return counts[kind.ordinal()];
    }

    public long total()
    {
        long total = 0;
        for (final long count : counts)
        {
            total += count;
        }
        return total;
    }

    /**
     * @return the share of this kind in percent, 0 when there are no commands.
     */
    public double percent(final CommandKind kind)
    {
        final long total = total();
        return total == 0 ? 0 : 100.0 * count(kind) / total;
    }

    public boolean equals(final Object o)
    {
        return o instanceof CommandMix && Arrays.equals(counts, ((CommandMix)o).counts);
    }

    public int hashCode()
    {
        return Arrays.hashCode(counts);
    }

    /**
     * @return e.g. {@code GTC 12.60% IOC 1.80% ... (1000000 commands)}, kinds with no commands left out.
     */
    public String toString()
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < counts.length; i++)
        {
            if (counts[i] != 0)
            {
                final CommandKind kind = CommandKind.fromOrdinal(i);
                sb.append(kind).append(' ').append(String.format(Locale.ROOT, "%.2f%%", percent(kind))).append(' ');
            }
        }
        return sb.append('(').append(total()).append(" commands)").toString();
    }
}
