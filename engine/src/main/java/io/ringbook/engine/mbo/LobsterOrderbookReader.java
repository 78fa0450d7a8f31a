package io.ringbook.engine.mbo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams a LOBSTER order-book file ({@code AskPrice1,AskSize1,BidPrice1,BidSize1,...}) one row at a time into a
 * reused array. Row k is the book after message k; it seeds a replay (orders resting before the file starts are
 * otherwise unknown) and is the reference that tests compare a replay against.
 * <p>
 * Empty levels carry LOBSTER's dummy prices, {@value #EMPTY_ASK_PRICE} and {@value #EMPTY_BID_PRICE}, with size
 * 0; {@link #levelCount} stops at the first of them. The number of levels is taken from the first row.
 */
public final class LobsterOrderbookReader implements AutoCloseable
{
    /** LOBSTER's price for an ask level that does not exist; it does not fit an {@code int}. */
    public static final long EMPTY_ASK_PRICE = 9_999_999_999L;
    /** LOBSTER's price for a bid level that does not exist. */
    public static final long EMPTY_BID_PRICE = -9_999_999_999L;

    private final InputStream in;
    private final String source;
    private final AsciiLineReader lines;
    private final CsvFields fields = new CsvFields();
    private final AsciiNumbers.Status status = new AsciiNumbers.Status();
    private long[] row = new long[0];
    private int levels;
    private boolean firstLine = true;

    /**
     * Reads from a stream.
     *
     * @param in     the order-book file's bytes; closed by {@link #close}.
     * @param source the file's name for error messages.
     */
    public LobsterOrderbookReader(final InputStream in, final String source)
    {
        this.in = in;
        this.source = source;
        this.lines = new AsciiLineReader(in, source, 1 << 16);
    }

    /**
     * Opens an order-book file.
     *
     * @param path the file.
     * @return a reader positioned before the first row.
     * @throws IOException if the file cannot be opened.
     */
    public static LobsterOrderbookReader open(final Path path) throws IOException
    {
        return new LobsterOrderbookReader(Files.newInputStream(path), path.toString());
    }

    /**
     * Reads the next row.
     *
     * @return false at the end of the file.
     * @throws MboInputException when a row is malformed or has a different number of levels than the first.
     */
    public boolean next() throws MboInputException
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
            final boolean first = firstLine;
            firstLine = false;
            if (first && Character.isLetter(b[start]))
            {
                continue;
            }
            final CsvFields f = fields;
            f.split(b, start, lines.lineEnd);
            if (levels == 0)
            {
                if (f.count == 0 || f.count % 4 != 0)
                {
                    throw new MboInputException(source, lines.lineNumber,
                        "expected 4 fields per level (AskPrice,AskSize,BidPrice,BidSize), found " + f.count);
                }
                levels = f.count / 4;
                row = new long[f.count];
            }
            else if (f.count != row.length)
            {
                throw new MboInputException(source, lines.lineNumber,
                    "expected " + row.length + " fields as in the first row, found " + f.count);
            }
            for (int i = 0; i < f.count; i++)
            {
                row[i] = AsciiNumbers.parseLong(b, f.start[i], f.end[i], status);
                if (status.invalid)
                {
                    throw new MboInputException(source, lines.lineNumber, "field " + (i + 1) + " '" +
                        AsciiNumbers.text(b, f.start[i], f.end[i]) + "' is not a whole number");
                }
            }
            return true;
        }

        return false;
    }

    /**
     * Levels per side in this file, known once a row was read.
     *
     * @return the file's level count.
     */
    public int levels()
    {
        return levels;
    }

    /**
     * Line of the row last read.
     *
     * @return the line number, counting from 1.
     */
    public long lineNumber()
    {
        return lines.lineNumber;
    }

    /**
     * Number of non-empty levels on a side of the current row.
     *
     * @param side side to count.
     * @return levels before the first empty one.
     */
    public int levelCount(final Side side)
    {
        for (int level = 0; level < levels; level++)
        {
            if (isEmpty(price(side, level), size(side, level)))
            {
                return level;
            }
        }
        return levels;
    }

    /**
     * Price at a level of the current row, as in the file.
     *
     * @param side  side of the level.
     * @param level 0 for the best.
     * @return dollars times 10,000, or a dummy price for an empty level.
     */
    public long price(final Side side, final int level)
    {
        return row[level * 4 + (side == Side.ASK ? 0 : 2)];
    }

    /**
     * Size at a level of the current row.
     *
     * @param side  side of the level.
     * @param level 0 for the best.
     * @return shares, 0 for an empty level.
     */
    public long size(final Side side, final int level)
    {
        return row[level * 4 + (side == Side.ASK ? 1 : 3)];
    }

    /**
     * Whether a level is LOBSTER's filler for a level that does not exist.
     *
     * @param price level price.
     * @param size  level size.
     * @return true for a dummy price or a zero size.
     */
    public static boolean isEmpty(final long price, final long size)
    {
        return size == 0 || price == EMPTY_ASK_PRICE || price == EMPTY_BID_PRICE;
    }

    /**
     * Seeds an empty book with the current row as anonymous liquidity, then undoes the message that row was
     * written after. Applying that message next then yields this row exactly, now with the message's order known
     * by id. This is how orders resting before the file starts enter a replay.
     *
     * @param book         an empty book.
     * @param rowsMessage  the message the current row was written after (message 0 for row 0).
     */
    public void seed(final MarketByOrderBook book, final LobsterMessage rowsMessage)
    {
        for (final Side side : new Side[]{ Side.BID, Side.ASK })
        {
            final int count = levelCount(side);
            for (int level = 0; level < count; level++)
            {
                book.addAnonymous(side, price(side, level), size(side, level));
            }
        }
        rowsMessage.undoOnLevels(book);
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
}
