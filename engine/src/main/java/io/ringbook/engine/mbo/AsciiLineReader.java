package io.ringbook.engine.mbo;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream of ASCII text into lines inside one reused buffer, so text readers parse fields straight from
 * bytes without a {@code String} per line. The current line is {@code buffer[lineStart, lineEnd)} without its
 * line terminator ({@code \n} or {@code \r\n}); a last line without a terminator still counts.
 */
final class AsciiLineReader
{
    private final InputStream in;
    private final String source;
    byte[] buffer;
    int lineStart;
    int lineEnd;
    long lineNumber;
    private int position;
    private int scanned;
    private int limit;
    private boolean endOfInput;

    AsciiLineReader(final InputStream in, final String source, final int bufferSize)
    {
        this.in = in;
        this.source = source;
        this.buffer = new byte[Math.max(256, bufferSize)];
    }

    boolean nextLine() throws MboInputException
    {
        while (true)
        {
            final byte[] buffer = this.buffer;
            for (int i = scanned, limit = this.limit; i < limit; i++)
            {
                if (buffer[i] == '\n')
                {
                    setLine(i);
                    position = i + 1;
                    scanned = position;
                    return true;
                }
            }
            scanned = limit;
            if (endOfInput)
            {
                if (position < limit)
                {
                    setLine(limit);
                    position = limit;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    private void setLine(final int end)
    {
        lineStart = position;
        lineEnd = end > position && buffer[end - 1] == '\r' ? end - 1 : end;
        lineNumber++;
    }

    private void fill() throws MboInputException
    {
        if (position > 0)
        {
            final int remaining = limit - position;
            System.arraycopy(buffer, position, buffer, 0, remaining);
            limit = remaining;
            scanned -= position;
            position = 0;
        }
        if (limit == buffer.length)
        {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        final int read;
        try
        {
            read = in.read(buffer, limit, buffer.length - limit);
        }
        catch (final IOException ex)
        {
            throw new MboInputException(source, lineNumber + 1, "read failed: " + ex.getMessage());
        }
        if (read < 0)
        {
            endOfInput = true;
        }
        else
        {
            limit += read;
        }
    }
}
