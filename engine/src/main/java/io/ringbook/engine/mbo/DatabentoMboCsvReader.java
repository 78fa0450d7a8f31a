package io.ringbook.engine.mbo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a Databento MBO CSV file one record at a time into a reused {@link DatabentoMboRecord}.
 * <p>
 * Columns are found by name from the header line
 * ({@code ts_recv,ts_event,rtype,publisher_id,instrument_id,action,side,price,size,channel_id,order_id,flags,
 * ts_in_delta,sequence,symbol}), so files with the symbol column left out or columns reordered still read;
 * without a header, that documented order is assumed. Prices must be decimals (Databento's {@code pretty_px}),
 * with up to 9 places; an empty price, or Databento's undefined price {@code 9223372036854775807}, is
 * undefined, which only a clear, trade or fill may be. Timestamps are kept as text, in whichever form the file
 * has them. Records whose {@code rtype} is not 160 (MBO) are an error: they are not order events.
 */
public final class DatabentoMboCsvReader implements AutoCloseable
{
    /** Databento's {@code rtype} for MBO records. */
    public static final int RTYPE_MBO = 160;

    private static final String UNDEFINED_PRICE_TEXT = "9223372036854775807";
    private static final byte[] UNDEFINED_PRICE = UNDEFINED_PRICE_TEXT.getBytes(StandardCharsets.US_ASCII);
    private static final String[] DEFAULT_COLUMNS = {
        "ts_recv", "ts_event", "rtype", "publisher_id", "instrument_id", "action", "side", "price", "size",
        "channel_id", "order_id", "flags", "ts_in_delta", "sequence", "symbol" };

    private final InputStream in;
    private final String source;
    private final AsciiLineReader lines;
    private final CsvFields fields = new CsvFields();
    private final AsciiNumbers.Status status = new AsciiNumbers.Status();
    private boolean firstLine = true;
    private int columns = -1;
    private int tsEventColumn;
    private int rtypeColumn;
    private int instrumentIdColumn;
    private int actionColumn;
    private int sideColumn;
    private int priceColumn;
    private int sizeColumn;
    private int orderIdColumn;
    private int flagsColumn;
    private int symbolColumn;

    /**
     * Reads from a stream.
     *
     * @param in     the CSV file's bytes; closed by {@link #close}.
     * @param source the file's name for error messages.
     */
    public DatabentoMboCsvReader(final InputStream in, final String source)
    {
        this.in = in;
        this.source = source;
        this.lines = new AsciiLineReader(in, source, 1 << 16);
    }

    /**
     * Opens a Databento MBO CSV file.
     *
     * @param path the file.
     * @return a reader positioned before the first record.
     * @throws IOException if the file cannot be opened.
     */
    public static DatabentoMboCsvReader open(final Path path) throws IOException
    {
        return new DatabentoMboCsvReader(Files.newInputStream(path), path.toString());
    }

    /**
     * Whether the file has a symbol column, known after the first record or header was read.
     *
     * @return true when records carry symbols.
     */
    public boolean hasSymbolColumn()
    {
        return symbolColumn >= 0;
    }

    /**
     * Reads the next record.
     *
     * @param record filled with the record; left as it was at the end of the file.
     * @return false at the end of the file.
     * @throws MboInputException when a line is malformed or the read fails.
     */
    public boolean next(final DatabentoMboRecord record) throws MboInputException
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
            final CsvFields f = fields;
            f.split(b, start, lines.lineEnd);
            if (firstLine)
            {
                firstLine = false;
                if (Character.isLetter(b[start]))
                {
                    mapColumns(b, f, true);
                    continue;
                }
                mapColumns(b, f, false);
            }
            parse(b, f, record);
            return true;
        }

        return false;
    }

    /**
     * Line of the record last read.
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

    private void mapColumns(final byte[] b, final CsvFields f, final boolean header) throws MboInputException
    {
        final String[] names;
        if (header)
        {
            names = new String[f.count];
            for (int i = 0; i < f.count; i++)
            {
                names[i] = unquoted(b, f.start[i], f.end[i]);
            }
        }
        else if (f.count == DEFAULT_COLUMNS.length || f.count == DEFAULT_COLUMNS.length - 1)
        {
            names = java.util.Arrays.copyOf(DEFAULT_COLUMNS, f.count);
        }
        else
        {
            throw error("no header line, and " + f.count + " fields is not Databento's MBO layout (" +
                String.join(",", DEFAULT_COLUMNS) + ")");
        }
        columns = names.length;
        tsEventColumn = required(names, "ts_event");
        actionColumn = required(names, "action");
        sideColumn = required(names, "side");
        priceColumn = required(names, "price");
        sizeColumn = required(names, "size");
        orderIdColumn = required(names, "order_id");
        rtypeColumn = indexOf(names, "rtype");
        instrumentIdColumn = indexOf(names, "instrument_id");
        flagsColumn = indexOf(names, "flags");
        symbolColumn = indexOf(names, "symbol");
    }

    private int required(final String[] names, final String name) throws MboInputException
    {
        final int index = indexOf(names, name);
        if (index < 0)
        {
            throw error("header has no '" + name + "' column; expected Databento MBO columns " +
                String.join(",", DEFAULT_COLUMNS));
        }
        return index;
    }

    private static int indexOf(final String[] names, final String name)
    {
        for (int i = 0; i < names.length; i++)
        {
            if (names[i].equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    private static String unquoted(final byte[] b, final int start, final int end)
    {
        int s = start;
        int e = end;
        if (e - s >= 2 && b[s] == '"' && b[e - 1] == '"')
        {
            s++;
            e--;
        }
        return new String(b, s, e - s, StandardCharsets.ISO_8859_1);
    }

    private void parse(final byte[] b, final CsvFields f, final DatabentoMboRecord r) throws MboInputException
    {
        if (f.count != columns)
        {
            throw error("expected " + columns + " fields, found " + f.count);
        }
        final AsciiNumbers.Status status = this.status;

        if (rtypeColumn >= 0)
        {
            final long rtype = AsciiNumbers.parseLong(b, f.start[rtypeColumn], f.end[rtypeColumn], status);
            if (status.invalid || rtype != RTYPE_MBO)
            {
                throw fieldError("rtype", f, rtypeColumn, "is not " + RTYPE_MBO + " (an MBO record)");
            }
        }

        final int tsLength = f.length(tsEventColumn);
        if (tsLength > r.tsEvent.length)
        {
            throw fieldError("ts_event", f, tsEventColumn, "is too long for a timestamp");
        }
        System.arraycopy(b, f.start[tsEventColumn], r.tsEvent, 0, tsLength);
        r.tsEventLength = tsLength;

        if (f.length(actionColumn) != 1)
        {
            throw fieldError("action", f, actionColumn, "is not one of A C M R T F N");
        }
        final byte action = b[f.start[actionColumn]];
        switch (action)
        {
            case DatabentoMboRecord.ADD:
            case DatabentoMboRecord.CANCEL:
            case DatabentoMboRecord.MODIFY:
            case DatabentoMboRecord.CLEAR:
            case DatabentoMboRecord.TRADE:
            case DatabentoMboRecord.FILL:
            case DatabentoMboRecord.NONE:
                break;
            default:
                throw fieldError("action", f, actionColumn, "is not one of A C M R T F N");
        }
        r.action = action;

        final byte side = f.length(sideColumn) == 1 ? b[f.start[sideColumn]] : 0;
        if (side != DatabentoMboRecord.SIDE_BID && side != DatabentoMboRecord.SIDE_ASK &&
            side != DatabentoMboRecord.SIDE_NONE)
        {
            throw fieldError("side", f, sideColumn, "is not B, A or N");
        }
        final boolean orderAction = action == DatabentoMboRecord.ADD || action == DatabentoMboRecord.CANCEL ||
            action == DatabentoMboRecord.MODIFY;
        if (orderAction && side == DatabentoMboRecord.SIDE_NONE)
        {
            throw fieldError("side", f, sideColumn, "is N, but action " + (char)action + " needs side B or A");
        }
        r.side = side;

        final int priceStart = f.start[priceColumn];
        final int priceEnd = f.end[priceColumn];
        if (priceStart == priceEnd || equals(b, priceStart, priceEnd, UNDEFINED_PRICE))
        {
            if (orderAction)
            {
                throw fieldError("price", f, priceColumn, "is undefined, but action " + (char)action +
                    " needs a price");
            }
            r.priceDefined = false;
            r.price = 0;
        }
        else
        {
            r.price = AsciiNumbers.parseDecimal(b, priceStart, priceEnd, DatabentoMboRecord.PRICE_SCALE, status);
            if (status.invalid)
            {
                throw fieldError("price", f, priceColumn, "is not a decimal price with at most 9 places");
            }
            r.priceDefined = true;
        }

        r.size = AsciiNumbers.parseLong(b, f.start[sizeColumn], f.end[sizeColumn], status);
        if (status.invalid || r.size < 0)
        {
            throw fieldError("size", f, sizeColumn, "is not a whole number");
        }
        if ((action == DatabentoMboRecord.ADD || action == DatabentoMboRecord.CANCEL) && r.size == 0)
        {
            throw fieldError("size", f, sizeColumn, "is 0, but action " + (char)action + " needs a positive size");
        }

        r.orderId = AsciiNumbers.parseUnsignedLong(b, f.start[orderIdColumn], f.end[orderIdColumn], status);
        if (status.invalid)
        {
            throw fieldError("order_id", f, orderIdColumn, "is not an unsigned 64-bit whole number");
        }

        if (instrumentIdColumn >= 0)
        {
            r.instrumentId = AsciiNumbers.parseLong(b, f.start[instrumentIdColumn], f.end[instrumentIdColumn],
                status);
            if (status.invalid || r.instrumentId < 0)
            {
                throw fieldError("instrument_id", f, instrumentIdColumn, "is not a whole number");
            }
        }
        else
        {
            r.instrumentId = 0;
        }

        if (flagsColumn >= 0)
        {
            final long flags = AsciiNumbers.parseLong(b, f.start[flagsColumn], f.end[flagsColumn], status);
            if (status.invalid || flags < 0 || flags > 255)
            {
                throw fieldError("flags", f, flagsColumn, "is not a flags byte 0 to 255");
            }
            r.flags = (int)flags;
        }
        else
        {
            r.flags = 0;
        }

        if (symbolColumn >= 0)
        {
            int s = f.start[symbolColumn];
            int e = f.end[symbolColumn];
            if (e - s >= 2 && b[s] == '"' && b[e - 1] == '"')
            {
                s++;
                e--;
            }
            if (e - s > r.symbol.length)
            {
                throw fieldError("symbol", f, symbolColumn, "is too long");
            }
            System.arraycopy(b, s, r.symbol, 0, e - s);
            r.symbolLength = e - s;
        }
        else
        {
            r.symbolLength = 0;
        }
    }

    private static boolean equals(final byte[] b, final int start, final int end, final byte[] text)
    {
        if (end - start != text.length)
        {
            return false;
        }
        for (int i = 0; i < text.length; i++)
        {
            if (b[start + i] != text[i])
            {
                return false;
            }
        }
        return true;
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
