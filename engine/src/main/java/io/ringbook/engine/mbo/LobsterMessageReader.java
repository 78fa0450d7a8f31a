package io.ringbook.engine.mbo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a LOBSTER message file one event at a time into a reused {@link LobsterMessage}, so a full day never
 * sits in memory and no line becomes a {@code String}.
 * <p>
 * Accepts what published files contain: an optional header line (the first line, when it starts with a letter,
 * as in files that were given one after LOBSTER wrote them), {@code \r\n} line ends, a last line without a line
 * end, spaces around fields and empty lines. Anything else that is not six numeric fields is an error that names
 * the file and line.
 */
public final class LobsterMessageReader implements AutoCloseable
{
    private static final int FIELDS = 6;

    private final InputStream in;
    private final String source;
    private final AsciiLineReader lines;
    private final CsvFields fields = new CsvFields();
    private final AsciiNumbers.Status status = new AsciiNumbers.Status();
    private boolean firstLine = true;

    /**
     * Reads from a stream; the reader buffers, so a plain stream is best.
     *
     * @param in     the message file's bytes; closed by {@link #close}.
     * @param source the file's name for error messages.
     */
    public LobsterMessageReader(final InputStream in, final String source)
    {
        this.in = in;
        this.source = source;
        this.lines = new AsciiLineReader(in, source, 1 << 16);
    }

    /**
     * Opens a message file.
     *
     * @param path the file.
     * @return a reader positioned before the first event.
     * @throws IOException if the file cannot be opened.
     */
    public static LobsterMessageReader open(final Path path) throws IOException
    {
        return new LobsterMessageReader(Files.newInputStream(path), path.toString());
    }

    /**
     * Reads the next event.
     *
     * @param message filled with the event; left as it was at the end of the file.
     * @return false at the end of the file.
     * @throws MboInputException when a line is malformed or the read fails.
     */
    public boolean next(final LobsterMessage message) throws MboInputException
    {
        final AsciiLineReader lines = this.lines;
        while (lines.nextLine())
        {
            final byte[] b = lines.buffer;
            final int start = AsciiNumbers.trimStart(b, lines.lineStart, lines.lineEnd);
            if (start == lines.lineEnd)
            {
                continue;
            }
            if (firstLine)
            {
                firstLine = false;
                if (Character.isLetter(b[start]))
                {
                    continue;
                }
            }
            parse(b, start, lines.lineEnd, message);
            return true;
        }

        return false;
    }

    /**
     * Line of the event last read.
     *
     * @return the line number, counting from 1.
     */
    public long lineNumber()
    {
        return lines.lineNumber;
    }

    /**
     * The file's name as used in error messages.
     *
     * @return the source name.
     */
    public String source()
    {
        return source;
    }

    public void close() throws IOException
    {
        in.close();
    }

    private void parse(final byte[] b, final int start, final int end, final LobsterMessage m)
        throws MboInputException
    {
        final CsvFields f = fields;
        f.split(b, start, end);
        if (f.count != FIELDS)
        {
            throw error("expected 6 comma-separated fields (Time,Type,OrderID,Size,Price,Direction), found " +
                f.count);
        }
        final AsciiNumbers.Status status = this.status;

        m.timeNs = AsciiNumbers.parseDecimal(b, f.start[0], f.end[0], 9, status);
        if (status.invalid || m.timeNs < 0)
        {
            throw fieldError("Time", f, 0, "is not seconds after midnight with at most 9 decimals");
        }
        final long type = AsciiNumbers.parseLong(b, f.start[1], f.end[1], status);
        if (status.invalid || type < LobsterMessage.SUBMISSION || type > LobsterMessage.TRADING_HALT)
        {
            throw fieldError("Type", f, 1, "is not an event type 1 to 7");
        }
        m.type = (int)type;
        m.orderId = AsciiNumbers.parseLong(b, f.start[2], f.end[2], status);
        if (status.invalid)
        {
            throw fieldError("OrderID", f, 2, "is not a whole number");
        }
        m.size = AsciiNumbers.parseLong(b, f.start[3], f.end[3], status);
        if (status.invalid || m.size < 0)
        {
            throw fieldError("Size", f, 3, "is not a whole number of shares");
        }
        m.price = AsciiNumbers.parseLong(b, f.start[4], f.end[4], status);
        if (status.invalid)
        {
            throw fieldError("Price", f, 4, "is not a whole number (dollars times 10000)");
        }
        final long direction = AsciiNumbers.parseLong(b, f.start[5], f.end[5], status);
        if (status.invalid || (direction != 1 && direction != -1))
        {
            throw fieldError("Direction", f, 5, "is not 1 (buy) or -1 (sell)");
        }
        m.direction = (int)direction;
    }

    private MboInputException fieldError(final String column, final CsvFields f, final int field, final String what)
    {
        return error(column + " '" + AsciiNumbers.text(lines.buffer, f.start[field], f.end[field]) + "' " + what);
    }

    private MboInputException error(final String reason)
    {
        return new MboInputException(source, lines.lineNumber, reason);
    }
}
