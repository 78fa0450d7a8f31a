package io.ringbook.tools.replay;

import io.ringbook.codecs.PriceScale;
import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.mbo.AsciiCsvWriter;
import io.ringbook.tools.script.EventPrinter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * The CSV exports of {@code ringbook export}: each is a listener over journaled commands and events (driven by
 * {@link CommandEvents}) that writes rows with {@link AsciiCsvWriter}, the writer of {@code ringbook book-from-mbo}.
 * Prices are decimals at the instrument's exponent; timestamps are the command's sequencing time in nanoseconds since
 * the epoch. Columns: docs/replay.md.
 */
public abstract class CsvExport extends NullListenerBase implements JournaledCommandListener
{
    /** What to export. */
    public enum Kind
    {
        TRADES, MBP, ORDERS
    }

    protected final AsciiCsvWriter out;
    protected final IntFunction<Instrument> instruments;
    /** Only this instrument's rows, or -1 for all. */
    protected final int onlyInstrumentId;
    protected EngineCommand command;
    protected long rows;

    protected CsvExport(final AsciiCsvWriter out, final IntFunction<Instrument> instruments, final int onlyInstrumentId)
    {
        this.out = out;
        this.instruments = instruments;
        this.onlyInstrumentId = onlyInstrumentId;
    }

    /**
     * @return a new export of that kind; {@code depth} is for MBP only.
     */
    public static CsvExport create(
        final Kind kind, final AsciiCsvWriter out, final IntFunction<Instrument> instruments,
        final int onlyInstrumentId, final int depth)
    {
        switch (kind)
        {
            case TRADES:
                return new Trades(out, instruments, onlyInstrumentId);
            case MBP:
                return new Mbp(out, instruments, onlyInstrumentId, depth);
            default:
                return new Orders(out, instruments, onlyInstrumentId);
        }
    }

    /**
     * Write the header row.
     */
    public abstract void writeHeader();

    /**
     * Start from the state an engine reached (for a range that does not start at the journal's first command).
     */
    public void seed(final MatchingEngine engine)
    {
    }

    /**
     * @return data rows written.
     */
    public long rows()
    {
        return rows;
    }

    /**
     * @return the sequence of the command being exported (0 before the first), for a progress line.
     */
    public long sequence()
    {
        final EngineCommand current = command;
        return current == null ? 0 : current.sequence;
    }

    public void onJournaledCommand(final EngineCommand command, final long sessionId, final boolean hasEvents)
    {
        this.command = command;
    }

    protected boolean wanted(final int instrumentId)
    {
        return onlyInstrumentId < 0 || instrumentId == onlyInstrumentId;
    }

    /** {@code sequence,ts_event,symbol,} */
    protected void rowStart(final long sequence, final int instrumentId) throws IOException
    {
        out.putLong(sequence).comma().putLong(command == null ? 0 : command.timestampNs).comma();
        symbol(instrumentId);
        out.comma();
    }

    protected void symbol(final int instrumentId) throws IOException
    {
        final Instrument instrument = instruments.apply(instrumentId);
        if (instrument == null)
        {
            out.put('#').putLong(instrumentId);
        }
        else
        {
            out.put(instrument.symbol());
        }
    }

    protected void price(final int instrumentId, final long mantissa) throws IOException
    {
        final Instrument instrument = instruments.apply(instrumentId);
        if (instrument == null)
        {
            out.putLong(mantissa);
        }
        else if (instrument.priceExponent() <= 0)
        {
            out.putDecimal(mantissa, -instrument.priceExponent());
        }
        else
        {
            out.put(PriceScale.format(mantissa, instrument.priceExponent()));
        }
    }

    protected static String lower(final Enum<?> value)
    {
        return EventPrinter.lower(value);
    }

    protected static UncheckedIOException unchecked(final IOException ex)
    {
        return new UncheckedIOException(ex);
    }

    /**
     * One row per trade.
     */
    static final class Trades extends CsvExport
    {
        Trades(final AsciiCsvWriter out, final IntFunction<Instrument> instruments, final int onlyInstrumentId)
        {
            super(out, instruments, onlyInstrumentId);
        }

        public void writeHeader()
        {
            try
            {
                out.put("sequence,ts_event,symbol,trade_id,price,quantity,aggressor_side,maker_order_id," +
                    "maker_account,maker_client_order_id,taker_order_id,taker_account,taker_client_order_id")
                    .newline();
            }
            catch (final IOException ex)
            {
                throw unchecked(ex);
            }
        }

        public void onTrade(
            final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
            final Side aggressorSide, final long makerOrderId, final long makerAccountId,
            final long makerClientOrderId, final long makerOrderQuantity, final long makerLeavesQuantity,
            final long takerOrderId, final long takerAccountId, final long takerClientOrderId,
            final long takerLeavesQuantity)
        {
            if (!wanted(instrumentId))
            {
                return;
            }
            try
            {
                rowStart(sequence, instrumentId);
                out.putLong(tradeId).comma();
                price(instrumentId, price);
                out.comma().putLong(quantity).comma().put(lower(aggressorSide)).comma()
                    .putLong(makerOrderId).comma().putLong(makerAccountId).comma().putLong(makerClientOrderId).comma()
                    .putLong(takerOrderId).comma().putLong(takerAccountId).comma().putLong(takerClientOrderId)
                    .newline();
                rows++;
            }
            catch (final IOException ex)
            {
                throw unchecked(ex);
            }
        }
    }

    /**
     * Order events: accepted, rejected, cancelled, replaced and the market-by-order changes of resting orders.
     */
    static final class Orders extends CsvExport
    {
        Orders(final AsciiCsvWriter out, final IntFunction<Instrument> instruments, final int onlyInstrumentId)
        {
            super(out, instruments, onlyInstrumentId);
        }

        public void writeHeader()
        {
            try
            {
                out.put("sequence,ts_event,symbol,event,order_id,account,client_order_id,orig_client_order_id,side," +
                    "order_type,time_in_force,price,quantity,leaves_quantity,change_quantity,reason").newline();
            }
            catch (final IOException ex)
            {
                throw unchecked(ex);
            }
        }

        public void onAccepted(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
            final long price, final long quantity)
        {
            if (!wanted(instrumentId))
            {
                return;
            }
            try
            {
                rowStart(sequence, instrumentId);
                out.put("accepted,").putLong(orderId).comma().putLong(accountId).comma().putLong(clientOrderId)
                    .comma().comma().put(lower(side)).comma().put(lower(orderType)).comma().put(lower(timeInForce))
                    .comma();
                if (orderType != OrderType.MARKET)
                {
                    price(instrumentId, price);
                }
                out.comma().putLong(quantity).comma().comma().comma().newline();
                rows++;
            }
            catch (final IOException ex)
            {
                throw unchecked(ex);
            }
        }

        public void onRejected(
            final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
            final long clientOrderId, final long orderId, final RejectReason reason)
        {
            if (!wanted(instrumentId))
            {
                return;
            }
            try
            {
                rowStart(sequence, instrumentId);
                out.put(commandType == CommandType.CANCEL_ORDER ? "cancel-reject" :
                    commandType == CommandType.REPLACE_ORDER ? "replace-reject" :
                    commandType == CommandType.MASS_CANCEL ? "masscancel-reject" : "reject").comma();
                if (orderId != 0)
                {
                    out.putLong(orderId);
                }
                out.comma().putLong(accountId).comma().putLong(clientOrderId).comma().comma().comma().comma().comma()
                    .comma().comma().comma().comma().put(reason.name()).newline();
                rows++;
            }
            catch (final IOException ex)
            {
                throw unchecked(ex);
            }
        }

        public void onCancelled(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final long price, final long orderQuantity,
            final long cancelledQuantity, final CancelReason reason)
        {
            if (!wanted(instrumentId))
            {
                return;
            }
            try
            {
                rowStart(sequence, instrumentId);
                out.put("cancelled,").putLong(orderId).comma().putLong(accountId).comma().putLong(clientOrderId)
                    .comma().comma().put(lower(side)).comma().comma().comma();
                if (price != 0)
                {
                    price(instrumentId, price);
                }
                out.comma().putLong(orderQuantity).comma().put('0').comma().putLong(cancelledQuantity).comma()
                    .put(reason.name()).newline();
                rows++;
            }
            catch (final IOException ex)
            {
                throw unchecked(ex);
            }
        }

        public void onReplaced(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long origClientOrderId, final long clientOrderId, final Side side, final long price,
            final long quantity, final long leavesQuantity)
        {
            if (!wanted(instrumentId))
            {
                return;
            }
            try
            {
                rowStart(sequence, instrumentId);
                out.put("replaced,").putLong(orderId).comma().putLong(accountId).comma().putLong(clientOrderId)
                    .comma().putLong(origClientOrderId).comma().put(lower(side)).comma().comma().comma();
                price(instrumentId, price);
                out.comma().putLong(quantity).comma().putLong(leavesQuantity).comma().comma().newline();
                rows++;
            }
            catch (final IOException ex)
            {
                throw unchecked(ex);
            }
        }

        public void onOrderChange(
            final long sequence, final int instrumentId, final OrderAction action, final long orderId,
            final Side side, final long price, final long quantity, final long changeQuantity)
        {
            if (!wanted(instrumentId))
            {
                return;
            }
            try
            {
                rowStart(sequence, instrumentId);
                out.put(lower(action)).comma().putLong(orderId).comma().comma().comma().comma().put(lower(side))
                    .comma().comma().comma();
                price(instrumentId, price);
                out.comma().comma().putLong(quantity).comma().putLong(changeQuantity).comma().newline();
                rows++;
            }
            catch (final IOException ex)
            {
                throw unchecked(ex);
            }
        }
    }

    /**
     * MBP-N: after each command that changed the top N levels of a book, one row with that book's top N in the
     * column layout of {@code ringbook book-from-mbo} (bid_px_00,bid_sz_00,bid_ct_00,ask_px_00,...). The books are
     * built from the journaled level changes, starting from the replayed state when the range starts later.
     */
    static final class Mbp extends CsvExport
    {
        private final int depth;
        private final Map<Integer, LevelBook> books = new HashMap<>();
        private final List<LevelBook> touched = new ArrayList<>();

        Mbp(final AsciiCsvWriter out, final IntFunction<Instrument> instruments, final int onlyInstrumentId,
            final int depth)
        {
            super(out, instruments, onlyInstrumentId);
            this.depth = depth;
        }

        public void writeHeader()
        {
            try
            {
                out.put("sequence,ts_event,symbol,command");
                for (int level = 0; level < depth; level++)
                {
                    final char tens = (char)('0' + level / 10);
                    final char units = (char)('0' + level % 10);
                    for (final String column : new String[]{ ",bid_px_", ",bid_sz_", ",bid_ct_", ",ask_px_",
                        ",ask_sz_", ",ask_ct_" })
                    {
                        out.put(column).put(tens).put(units);
                    }
                }
                out.newline();
            }
            catch (final IOException ex)
            {
                throw unchecked(ex);
            }
        }

        public void seed(final MatchingEngine engine)
        {
            for (final int id : engine.instrumentIds())
            {
                if (wanted(id))
                {
                    final LevelBook book = book(id);
                    final OrderBook.LevelVisitor seeder = (side, price, quantity, orderCount) ->
                        book.side(side).put(price, new long[]{ quantity, orderCount });
                    engine.book(id).forEachLevel(Side.BUY, Integer.MAX_VALUE, seeder);
                    engine.book(id).forEachLevel(Side.SELL, Integer.MAX_VALUE, seeder);
                }
            }
        }

        private LevelBook book(final int instrumentId)
        {
            return books.computeIfAbsent(instrumentId, id -> new LevelBook(id, depth));
        }

        public void onLevelChange(
            final long sequence, final int instrumentId, final LevelAction action, final Side side,
            final long price, final long quantity, final int orderCount)
        {
            if (!wanted(instrumentId))
            {
                return;
            }
            final LevelBook book = book(instrumentId);
            if (!book.touched)
            {
                book.touched = true;
                book.top(book.before);
                touched.add(book);
            }
            if (action == LevelAction.DELETE)
            {
                book.side(side).remove(price);
            }
            else
            {
                book.side(side).put(price, new long[]{ quantity, orderCount });
            }
        }

        public void onCommandComplete(final long sequence)
        {
            if (touched.isEmpty())
            {
                return;
            }
            try
            {
                for (final LevelBook book : touched)
                {
                    book.touched = false;
                    book.top(book.after);
                    if (!java.util.Arrays.equals(book.before, book.after))
                    {
                        rowStart(sequence, book.instrumentId);
                        out.put(command == null ? "" : lower(command.type));
                        final long[] top = book.after;
                        for (int level = 0; level < depth; level++)
                        {
                            level(book.instrumentId, top, 0, level);
                            level(book.instrumentId, top, 1, level);
                        }
                        out.newline();
                        rows++;
                    }
                }
            }
            catch (final IOException ex)
            {
                throw unchecked(ex);
            }
            touched.clear();
        }

        private void level(final int instrumentId, final long[] top, final int side, final int level)
            throws IOException
        {
            final int at = (side * depth + level) * 3;
            out.comma();
            if (top[at + 2] > 0 || top[at + 1] > 0)
            {
                price(instrumentId, top[at]);
                out.comma().putLong(top[at + 1]).comma().putLong(top[at + 2]);
            }
            else
            {
                out.comma().put('0').comma().put('0');
            }
        }

        /** Price levels of one book from journaled level changes, with its top N before and after a command. */
        static final class LevelBook
        {
            final int instrumentId;
            final TreeMap<Long, long[]> bids = new TreeMap<>(Collections.reverseOrder());
            final TreeMap<Long, long[]> asks = new TreeMap<>();
            final long[] before;
            final long[] after;
            final int depth;
            boolean touched;

            LevelBook(final int instrumentId, final int depth)
            {
                this.instrumentId = instrumentId;
                this.depth = depth;
                this.before = new long[2 * depth * 3];
                this.after = new long[2 * depth * 3];
            }

            TreeMap<Long, long[]> side(final Side side)
            {
                return side == Side.BUY ? bids : asks;
            }

            /** Top N as (price, size, count) triples, bids then asks, zeros where a side has fewer levels. */
            void top(final long[] into)
            {
                java.util.Arrays.fill(into, 0);
                fill(bids, into, 0);
                fill(asks, into, depth * 3);
            }

            private void fill(final TreeMap<Long, long[]> levels, final long[] into, final int start)
            {
                int at = start;
                int n = 0;
                for (final Map.Entry<Long, long[]> e : levels.entrySet())
                {
                    if (n++ == depth)
                    {
                        break;
                    }
                    into[at] = e.getKey();
                    into[at + 1] = e.getValue()[0];
                    into[at + 2] = e.getValue()[1];
                    at += 3;
                }
            }
        }
    }
}
