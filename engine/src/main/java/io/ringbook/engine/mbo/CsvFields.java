package io.ringbook.engine.mbo;

import java.util.Arrays;

/**
 * Field bounds of one CSV line, found in one pass and kept in reused arrays. Fields are trimmed of spaces and
 * tabs; quotes are not interpreted because none of the supported formats quotes numeric fields (a reader that
 * needs a quoted text field strips the quotes itself).
 */
final class CsvFields
{
    int[] start = new int[32];
    int[] end = new int[32];
    int count;

    void split(final byte[] b, final int lineStart, final int lineEnd)
    {
        int n = 0;
        int fieldStart = lineStart;
        for (int i = lineStart; i <= lineEnd; i++)
        {
            if (i == lineEnd || b[i] == ',')
            {
                if (n == start.length)
                {
                    start = Arrays.copyOf(start, n * 2);
                    end = Arrays.copyOf(end, n * 2);
                }
                final int s = AsciiNumbers.trimStart(b, fieldStart, i);
                start[n] = s;
                end[n] = AsciiNumbers.trimEnd(b, s, i);
                n++;
                fieldStart = i + 1;
            }
        }
        count = n;
    }

    int length(final int field)
    {
        return end[field] - start[field];
    }
}
