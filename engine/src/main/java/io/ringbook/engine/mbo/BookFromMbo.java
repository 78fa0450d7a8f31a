package io.ringbook.engine.mbo;

import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Replays a market-by-order file through {@link MarketByOrderBook}s and writes, after each event that changed a
 * book, one CSV row: the event's own columns, then the top N levels of that instrument's book in Databento's
 * MBP-10 layout ({@code bid_px_00,bid_sz_00,bid_ct_00,ask_px_00,ask_sz_00,ask_ct_00,bid_px_01,...}).
 * This is the engine half of {@code ringbook book-from-mbo}; docs/book-from-mbo.md describes the columns.
 * <p>
 * Prices are written as decimals with the format's own scale: 4 places for LOBSTER (dollars, from price / 10000)
 * and ITCH (its {@code Price (4)} fields), 9 places for Databento (its fixed-point convention, as its own CSV
 * prints them). An empty level is an empty price with size 0 and count 0. The count is the number of orders the
 * book knows by id, so liquidity seeded from a LOBSTER order-book row adds size but no count.
 * <p>
 * Multi-instrument files (ITCH, Databento) keep one book per instrument (ITCH stock locate, Databento
 * instrument id), and each row shows the book of the event's instrument; {@code symbol} keeps one instrument.
 * Input streams through reused buffers and output through one buffer, so memory does not grow with the file.
 */
public final class BookFromMbo
{
    /** The supported input formats. */
    public enum Format
    {
        /** LOBSTER message file: Time,Type,OrderID,Size,Price,Direction. */
        LOBSTER(LobsterMessage.PRICE_SCALE, "time,type,order_id,size,price,direction"),
        /** Databento MBO CSV. */
        DATABENTO(DatabentoMboRecord.PRICE_SCALE, "ts_event,action,side,price,size,order_id,symbol"),
        /** NASDAQ TotalView-ITCH 5.0 binary. */
        ITCH(ItchMessage.PRICE_SCALE, "timestamp,type,order_ref,side,shares,price,stock,new_order_ref");

        private final int priceScale;
        private final String eventColumns;

        Format(final int priceScale, final String eventColumns)
        {
            this.priceScale = priceScale;
            this.eventColumns = eventColumns;
        }

        /**
         * Decimal places of prices in this format's output.
         *
         * @return the price scale.
         */
        public int priceScale()
        {
            return priceScale;
        }

        /**
         * The event's own columns that start each output row.
         *
         * @return comma-separated column names.
         */
        public String eventColumns()
        {
            return eventColumns;
        }

        /**
         * Parses a format name, ignoring case.
         *
         * @param name lobster, databento or itch.
         * @return the format.
         * @throws IllegalArgumentException for any other name.
         */
        public static Format parse(final String name)
        {
            for (final Format format : values())
            {
                if (format.name().equalsIgnoreCase(name))
                {
                    return format;
                }
            }
            throw new IllegalArgumentException("unknown format '" + name + "' (expected lobster, databento or itch)");
        }
    }

    /** The most levels a row can show: the MBP layout has a two-digit level index. */
    public static final int MAX_DEPTH = 100;

    /**
     * What to import and how; fluent setters, checked by {@link #conclude}.
     */
    public static final class Context
    {
        private Format format;
        private Path input;
        private String symbol;
        private int depth = 10;
        private boolean allEvents;
        private Path seedBook;

        /**
         * Sets the input format.
         *
         * @param format the format.
         * @return this.
         */
        public Context format(final Format format)
        {
            this.format = format;
            return this;
        }

        /**
         * The input format.
         *
         * @return the format.
         */
        public Format format()
        {
            return format;
        }

        /**
         * Sets the file to import.
         *
         * @param input the file.
         * @return this.
         */
        public Context input(final Path input)
        {
            this.input = input;
            return this;
        }

        /**
         * The file to import.
         *
         * @return the file.
         */
        public Path input()
        {
            return input;
        }

        /**
         * Keeps only one instrument of a multi-instrument file (ITCH stock, Databento symbol column).
         *
         * @param symbol the symbol, or null for all instruments.
         * @return this.
         */
        public Context symbol(final String symbol)
        {
            this.symbol = symbol;
            return this;
        }

        /**
         * The instrument kept.
         *
         * @return the symbol, or null for all.
         */
        public String symbol()
        {
            return symbol;
        }

        /**
         * Sets how many levels per side each row shows.
         *
         * @param depth 1 to {@value #MAX_DEPTH}.
         * @return this.
         */
        public Context depth(final int depth)
        {
            this.depth = depth;
            return this;
        }

        /**
         * Levels per side in each row.
         *
         * @return the depth.
         */
        public int depth()
        {
            return depth;
        }

        /**
         * Writes a row after every order or trade event of the kept instruments, also those that left the book
         * as it was (LOBSTER types 5 to 7, Databento trades and fills, ITCH trades, events for unknown orders),
         * so rows line up with a vendor's book file that has a row per message.
         *
         * @param allEvents true for a row per event.
         * @return this.
         */
        public Context allEvents(final boolean allEvents)
        {
            this.allEvents = allEvents;
            return this;
        }

        /**
         * Whether every event gets a row.
         *
         * @return true for a row per event.
         */
        public boolean allEvents()
        {
            return allEvents;
        }

        /**
         * LOBSTER only: the order-book file whose first row seeds the book, with the message file's first event
         * undone, so orders resting before the file starts are in the book.
         *
         * @param seedBook the order-book file, or null to start empty.
         * @return this.
         */
        public Context seedBook(final Path seedBook)
        {
            this.seedBook = seedBook;
            return this;
        }

        /**
         * The LOBSTER order-book file that seeds the book.
         *
         * @return the file, or null.
         */
        public Path seedBook()
        {
            return seedBook;
        }

        /**
         * Checks the settings fit together.
         *
         * @return this.
         * @throws IllegalArgumentException naming the first setting that does not.
         */
        public Context conclude()
        {
            if (format == null)
            {
                throw new IllegalArgumentException("no input format given");
            }
            if (input == null)
            {
                throw new IllegalArgumentException("no input file given");
            }
            if (depth < 1 || depth > MAX_DEPTH)
            {
                throw new IllegalArgumentException("depth must be 1 to " + MAX_DEPTH + ", not " + depth);
            }
            if (seedBook != null && format != Format.LOBSTER)
            {
                throw new IllegalArgumentException("a seed book applies to the lobster format only");
            }
            if (symbol != null)
            {
                if (format == Format.LOBSTER)
                {
                    throw new IllegalArgumentException(
                        "a LOBSTER file holds one instrument, so there is no symbol to choose");
                }
                if (symbol.isEmpty() || !StandardCharsets.US_ASCII.newEncoder().canEncode(symbol))
                {
                    throw new IllegalArgumentException("symbol must be non-empty ASCII");
                }
                if (format == Format.ITCH && symbol.length() > ItchMessage.STOCK_LENGTH)
                {
                    throw new IllegalArgumentException("ITCH symbols have at most 8 characters: '" + symbol + "'");
                }
            }
            return this;
        }
    }

    /**
     * What an import did; {@link #summary} is the one line the CLI prints.
     */
    public static final class Stats
    {
        long eventsRead;
        long eventsApplied;
        long unknownOrderReductions;
        long noBookChange;
        long otherInstruments;
        long notApplied;
        long rowsWritten;
        long orphanedOrders;
        long levelUnderflows;

        /**
         * Records read: lines or messages of every kind.
         *
         * @return the count.
         */
        public long eventsRead()
        {
            return eventsRead;
        }

        /**
         * Events that changed a book, unknown-order reductions included.
         *
         * @return the count.
         */
        public long eventsApplied()
        {
            return eventsApplied;
        }

        /**
         * Cancels, deletes or executions of unknown orders applied as reductions of their level.
         *
         * @return the count.
         */
        public long unknownOrderReductions()
        {
            return unknownOrderReductions;
        }

        /**
         * Records not applied: {@link #noBookChange} + {@link #otherInstruments} + {@link #notApplied}.
         *
         * @return the count.
         */
        public long skipped()
        {
            return noBookChange + otherInstruments + notApplied;
        }

        /**
         * Records that never change a book: trades, hidden executions, halts, ITCH administrative messages.
         *
         * @return the count.
         */
        public long noBookChange()
        {
            return noBookChange;
        }

        /**
         * Book events of instruments other than the one chosen.
         *
         * @return the count.
         */
        public long otherInstruments()
        {
            return otherInstruments;
        }

        /**
         * Book events that could not be applied: unknown orders with no level to reduce, duplicate ids.
         *
         * @return the count.
         */
        public long notApplied()
        {
            return notApplied;
        }

        /**
         * Data rows written, the header not included.
         *
         * @return the count.
         */
        public long rowsWritten()
        {
            return rowsWritten;
        }

        /**
         * The one-line summary.
         *
         * @return counts in words.
         */
        public String summary()
        {
            return String.format(Locale.ROOT,
                "read %d events, applied %d, unknown-order reductions %d, skipped %d " +
                "(no book change %d, other instruments %d, not applicable %d), wrote %d rows",
                eventsRead, eventsApplied, unknownOrderReductions, skipped(), noBookChange, otherInstruments,
                notApplied, rowsWritten) +
                (orphanedOrders + levelUnderflows > 0 ? String.format(Locale.ROOT,
                    "; book disagreed with the file %d times (orphaned orders %d, level underflows %d)",
                    orphanedOrders + levelUnderflows, orphanedOrders, levelUnderflows) : "");
        }

        public String toString()
        {
            return summary();
        }

        void count(final int result)
        {
            switch (result)
            {
                case MarketByOrderBook.APPLIED:
                    eventsApplied++;
                    break;
                case MarketByOrderBook.UNKNOWN_ORDER_LEVEL_REDUCED:
                    eventsApplied++;
                    unknownOrderReductions++;
                    break;
                case MarketByOrderBook.NO_BOOK_CHANGE:
                    noBookChange++;
                    break;
                default:
                    notApplied++;
                    break;
            }
        }

        void addBookCounters(final MarketByOrderBook book)
        {
            orphanedOrders += book.orphanedOrders();
            levelUnderflows += book.levelUnderflows();
        }
    }

    private static final int ITCH_LOCATES = 1 << 16;

    private final Context ctx;
    private final AsciiCsvWriter out;
    private final Stats stats = new Stats();
    private final int depth;
    private final int priceScale;

    private BookFromMbo(final Context ctx, final OutputStream out)
    {
        this.ctx = ctx;
        this.depth = ctx.depth();
        this.priceScale = ctx.format().priceScale();
        this.out = new AsciiCsvWriter(out, Math.max(1 << 16, 4 * (256 + depth * 6 * 42)));
    }

    /**
     * Imports the context's file and writes the rows. The output is flushed, not closed.
     *
     * @param ctx settings; {@link Context#conclude} is called.
     * @param out where the CSV goes; buffered here, so a plain stream is best.
     * @return counts for the summary.
     * @throws MboInputException when the input cannot be read or is malformed (names the file and line).
     * @throws IOException       when the output cannot be written.
     */
    public static Stats run(final Context ctx, final OutputStream out) throws IOException
    {
        ctx.conclude();
        final BookFromMbo importer = new BookFromMbo(ctx, out);
        importer.writeHeader();
        switch (ctx.format())
        {
            case LOBSTER:
                importer.importLobster();
                break;
            case DATABENTO:
                importer.importDatabento();
                break;
            case ITCH:
                importer.importItch();
                break;
            default:
                throw new IllegalStateException(ctx.format().name());
        }
        importer.out.flush();
        return importer.stats;
    }

    private static IOException cannotRead(final Path path, final IOException ex)
    {
        if (ex instanceof MboInputException)
        {
            return ex;
        }
        final String reason = ex instanceof java.nio.file.NoSuchFileException ? "no such file" :
            ex instanceof java.nio.file.AccessDeniedException ? "permission denied" :
            ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return MboInputException.unreadable(path.toString(), reason);
    }

    private void writeHeader() throws IOException
    {
        out.put(ctx.format().eventColumns());
        for (int level = 0; level < depth; level++)
        {
            final char tens = (char)('0' + level / 10);
            final char units = (char)('0' + level % 10);
            for (final String column : new String[]{ ",bid_px_", ",bid_sz_", ",bid_ct_", ",ask_px_", ",ask_sz_",
                ",ask_ct_" })
            {
                out.put(column).put(tens).put(units);
            }
        }
        out.newline();
    }

    private void writeLevels(final MarketByOrderBook book) throws IOException
    {
        final AsciiCsvWriter out = this.out;
        final int bids = book.levelCount(Side.BID);
        final int asks = book.levelCount(Side.ASK);
        for (int level = 0; level < depth; level++)
        {
            writeLevel(book, Side.BID, level, bids);
            writeLevel(book, Side.ASK, level, asks);
        }
        out.newline();
        stats.rowsWritten++;
    }

    private void writeLevel(final MarketByOrderBook book, final Side side, final int level, final int levels)
        throws IOException
    {
        out.comma();
        if (level < levels)
        {
            out.putDecimal(book.levelPrice(side, level), priceScale).comma()
                .putLong(book.levelSize(side, level)).comma()
                .putLong(book.levelOrderCount(side, level));
        }
        else
        {
            out.comma().put('0').comma().put('0');
        }
    }

    private void importLobster() throws IOException
    {
        final Path input = ctx.input();
        final MarketByOrderBook book = new MarketByOrderBook();
        final LobsterMessage m = new LobsterMessage();
        final boolean allEvents = ctx.allEvents();
        final AsciiCsvWriter out = this.out;
        final Stats stats = this.stats;
        try (LobsterMessageReader reader = openLobster(input))
        {
            boolean first = true;
            while (reader.next(m))
            {
                stats.eventsRead++;
                if (first)
                {
                    first = false;
                    if (ctx.seedBook() != null)
                    {
                        seedLobster(book, m);
                    }
                }
                final int result = m.applyTo(book);
                stats.count(result);
                if (allEvents || MarketByOrderBook.changedBook(result))
                {
                    out.putDecimal(m.timeNs(), 9).comma()
                        .putLong(m.type()).comma()
                        .putLong(m.orderId()).comma()
                        .putLong(m.size()).comma()
                        .putDecimal(m.price(), LobsterMessage.PRICE_SCALE).comma()
                        .putLong(m.direction());
                    writeLevels(book);
                }
            }
        }
        stats.addBookCounters(book);
    }

    private static LobsterMessageReader openLobster(final Path input) throws IOException
    {
        try
        {
            return LobsterMessageReader.open(input);
        }
        catch (final IOException ex)
        {
            throw cannotRead(input, ex);
        }
    }

    private void seedLobster(final MarketByOrderBook book, final LobsterMessage first) throws IOException
    {
        final Path seed = ctx.seedBook();
        final LobsterOrderbookReader rows;
        try
        {
            rows = LobsterOrderbookReader.open(seed);
        }
        catch (final IOException ex)
        {
            throw cannotRead(seed, ex);
        }
        try (LobsterOrderbookReader reader = rows)
        {
            if (!reader.next())
            {
                throw MboInputException.unreadable(seed.toString(), "the order-book file has no rows");
            }
            reader.seed(book, first);
        }
    }

    private void importDatabento() throws IOException
    {
        final Path input = ctx.input();
        final Long2ObjectHashMap<MarketByOrderBook> books = new Long2ObjectHashMap<>();
        final DatabentoMboRecord r = new DatabentoMboRecord();
        final byte[] symbol = ctx.symbol() == null ? null : ctx.symbol().getBytes(StandardCharsets.US_ASCII);
        final boolean allEvents = ctx.allEvents();
        final AsciiCsvWriter out = this.out;
        final Stats stats = this.stats;
        final DatabentoMboCsvReader opened;
        try
        {
            opened = DatabentoMboCsvReader.open(input);
        }
        catch (final IOException ex)
        {
            throw cannotRead(input, ex);
        }
        try (DatabentoMboCsvReader reader = opened)
        {
            while (reader.next(r))
            {
                stats.eventsRead++;
                if (symbol != null)
                {
                    if (!reader.hasSymbolColumn())
                    {
                        throw new MboInputException(reader.source(), reader.lineNumber(),
                            "the file has no symbol column, so a symbol cannot be chosen");
                    }
                    if (!r.symbolEquals(symbol))
                    {
                        if (r.isBookEvent())
                        {
                            stats.otherInstruments++;
                        }
                        else
                        {
                            stats.noBookChange++;
                        }
                        continue;
                    }
                }
                MarketByOrderBook book = books.get(r.instrumentId());
                if (book == null)
                {
                    book = new MarketByOrderBook();
                    books.put(r.instrumentId(), book);
                }
                final int result = r.applyTo(book);
                stats.count(result);
                if (allEvents || MarketByOrderBook.changedBook(result))
                {
                    out.put(r.tsEvent, 0, r.tsEventLength).comma()
                        .put((char)r.action()).comma()
                        .put((char)r.sideCode()).comma();
                    if (r.priceDefined())
                    {
                        out.putDecimal(r.price(), DatabentoMboRecord.PRICE_SCALE);
                    }
                    out.comma().putLong(r.size()).comma()
                        .putUnsignedLong(r.orderId()).comma()
                        .put(r.symbol, 0, r.symbolLength);
                    writeLevels(book);
                }
            }
        }
        for (final MarketByOrderBook book : books.values())
        {
            stats.addBookCounters(book);
        }
    }

    private void importItch() throws IOException
    {
        final Path input = ctx.input();
        final MarketByOrderBook[] books = new MarketByOrderBook[ITCH_LOCATES];
        final byte[] stocks = new byte[ITCH_LOCATES * ItchMessage.STOCK_LENGTH];
        final int[] stockLengths = new int[ITCH_LOCATES];
        final boolean[] chosen = new boolean[ITCH_LOCATES];
        final byte[] symbol = ctx.symbol() == null ? null : padded(ctx.symbol());
        final boolean allEvents = ctx.allEvents();
        final AsciiCsvWriter out = this.out;
        final Stats stats = this.stats;
        final ItchMessage m = new ItchMessage();
        final Itch50Reader opened;
        try
        {
            opened = Itch50Reader.open(input);
        }
        catch (final IOException ex)
        {
            throw cannotRead(input, ex);
        }
        try (Itch50Reader reader = opened)
        {
            while (reader.next(m))
            {
                stats.eventsRead++;
                final byte type = m.type();
                final int locate = m.stockLocate();
                if (type == 'R')
                {
                    m.copyStock(stocks, locate * ItchMessage.STOCK_LENGTH);
                    int length = ItchMessage.STOCK_LENGTH;
                    while (length > 0 && stocks[locate * ItchMessage.STOCK_LENGTH + length - 1] == ' ')
                    {
                        length--;
                    }
                    stockLengths[locate] = length;
                    chosen[locate] = symbol == null || m.stockEquals(symbol);
                }
                final boolean bookEvent = m.isBookEvent();
                final boolean trade = type == 'P' || type == 'Q';
                if (!bookEvent && !(allEvents && trade))
                {
                    stats.noBookChange++;
                    continue;
                }
                if (symbol != null && !chosen[locate])
                {
                    if (bookEvent)
                    {
                        stats.otherInstruments++;
                    }
                    else
                    {
                        stats.noBookChange++;
                    }
                    continue;
                }
                MarketByOrderBook book = books[locate];
                if (book == null)
                {
                    book = new MarketByOrderBook();
                    books[locate] = book;
                }

                Side side = m.side();
                long shares = m.shares();
                long price = m.price();
                boolean pricePresent = type != 'E' && type != 'X' && type != 'D';
                final long orderRef = m.orderReferenceNumber();
                if (type == 'E' || type == 'C' || type == 'X' || type == 'D' || type == 'U')
                {
                    final int handle = book.orderHandle(orderRef);
                    side = handle == MarketByOrderBook.NO_ORDER ? null : book.sideOf(handle);
                    if (!pricePresent && handle != MarketByOrderBook.NO_ORDER)
                    {
                        price = book.priceOf(handle);
                        pricePresent = true;
                    }
                    if (type == 'D')
                    {
                        shares = handle == MarketByOrderBook.NO_ORDER ? 0 : book.sizeOf(handle);
                    }
                }

                final int result = trade ? MarketByOrderBook.NO_BOOK_CHANGE : m.applyTo(book);
                stats.count(result);
                if (allEvents || MarketByOrderBook.changedBook(result))
                {
                    out.putLong(m.timestampNs()).comma()
                        .put((char)type).comma();
                    if (type != 'Q')
                    {
                        out.putLong(orderRef);
                    }
                    out.comma();
                    if (side != null)
                    {
                        out.put(side == Side.BID ? 'B' : 'S');
                    }
                    out.comma().putLong(shares).comma();
                    if (pricePresent)
                    {
                        out.putDecimal(price, ItchMessage.PRICE_SCALE);
                    }
                    out.comma().put(stocks, locate * ItchMessage.STOCK_LENGTH, stockLengths[locate]).comma();
                    if (type == 'U')
                    {
                        out.putLong(m.newOrderReferenceNumber());
                    }
                    writeLevels(book);
                }
            }
        }
        for (final MarketByOrderBook book : books)
        {
            if (book != null)
            {
                stats.addBookCounters(book);
            }
        }
    }

    private static byte[] padded(final String symbol)
    {
        final byte[] padded = new byte[ItchMessage.STOCK_LENGTH];
        java.util.Arrays.fill(padded, (byte)' ');
        final byte[] ascii = symbol.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, padded, 0, ascii.length);
        return padded;
    }
}
