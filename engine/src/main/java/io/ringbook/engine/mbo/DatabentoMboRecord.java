package io.ringbook.engine.mbo;

import java.nio.charset.StandardCharsets;

/**
 * One record of a Databento MBO CSV file, reused from line to line by {@link DatabentoMboCsvReader}. Prices are
 * Databento's fixed-point convention: a {@code long} mantissa with 9 implied decimal places.
 * <p>
 * Actions: {@code A} add, {@code C} cancel (size is the amount cancelled), {@code M} modify (size is the new
 * total), {@code R} clear the instrument's book, {@code T} trade, {@code F} fill, {@code N} none. A trade or fill
 * does not change the book by itself: the cancel that follows it reduces the resting order; a trade with side
 * {@code N} hit hidden liquidity and never changes the book.
 */
public final class DatabentoMboRecord
{
    /** Decimal places implied in Databento prices. */
    public static final int PRICE_SCALE = 9;

    /** Action: add an order. */
    public static final byte ADD = 'A';
    /** Action: cancel part or all of an order; size is the amount cancelled. */
    public static final byte CANCEL = 'C';
    /** Action: modify an order's price or size; size is the new total. */
    public static final byte MODIFY = 'M';
    /** Action: clear the instrument's book. */
    public static final byte CLEAR = 'R';
    /** Action: a trade, reported by the aggressor's side. */
    public static final byte TRADE = 'T';
    /** Action: a fill of a resting order. */
    public static final byte FILL = 'F';
    /** Action: none (carries flags only). */
    public static final byte NONE = 'N';

    /** Side: bid, a buy order. */
    public static final byte SIDE_BID = 'B';
    /** Side: ask, a sell order. */
    public static final byte SIDE_ASK = 'A';
    /** Side: none given by the venue. */
    public static final byte SIDE_NONE = 'N';

    final byte[] tsEvent = new byte[64];
    int tsEventLength;
    final byte[] symbol = new byte[64];
    int symbolLength;
    byte action;
    byte side;
    boolean priceDefined;
    long price;
    long size;
    long orderId;
    long instrumentId;
    int flags;

    /**
     * The action code.
     *
     * @return one of {@code A C M R T F N}.
     */
    public byte action()
    {
        return action;
    }

    /**
     * The side code.
     *
     * @return {@code B}, {@code A} or {@code N}.
     */
    public byte sideCode()
    {
        return side;
    }

    /**
     * Book side of the order.
     *
     * @return {@link Side#BID} for {@code B}, {@link Side#ASK} for {@code A}, null for {@code N}.
     */
    public Side side()
    {
        return side == SIDE_BID ? Side.BID : side == SIDE_ASK ? Side.ASK : null;
    }

    /**
     * Whether the record carries a price; a clear-book record need not.
     *
     * @return false when the price field was empty or Databento's undefined price.
     */
    public boolean priceDefined()
    {
        return priceDefined;
    }

    /**
     * Price mantissa with {@value #PRICE_SCALE} implied decimals.
     *
     * @return the price, 0 when undefined.
     */
    public long price()
    {
        return price;
    }

    /**
     * Size: added, cancelled, traded, or the new total for a modify.
     *
     * @return the size.
     */
    public long size()
    {
        return size;
    }

    /**
     * Venue order id; an unsigned 64-bit number kept in a {@code long}'s bits.
     *
     * @return the order id.
     */
    public long orderId()
    {
        return orderId;
    }

    /**
     * Databento's numeric instrument id.
     *
     * @return the instrument id, 0 when the file has no such column.
     */
    public long instrumentId()
    {
        return instrumentId;
    }

    /**
     * Databento's record flags (last record of an event, snapshot, and so on).
     *
     * @return the flags byte.
     */
    public int flags()
    {
        return flags;
    }

    /**
     * Event time as written in the file (nanoseconds or ISO 8601). Allocates; for tests and messages.
     *
     * @return the {@code ts_event} text.
     */
    public String tsEventText()
    {
        return new String(tsEvent, 0, tsEventLength, StandardCharsets.ISO_8859_1);
    }

    /**
     * Symbol as written in the file. Allocates; for tests and messages.
     *
     * @return the {@code symbol} text, empty when the file has no symbol column.
     */
    public String symbolText()
    {
        return new String(symbol, 0, symbolLength, StandardCharsets.ISO_8859_1);
    }

    /**
     * Whether the record's symbol is the given one, without allocating.
     *
     * @param ascii the symbol's ASCII bytes.
     * @return true when they are equal.
     */
    public boolean symbolEquals(final byte[] ascii)
    {
        if (ascii.length != symbolLength)
        {
            return false;
        }
        for (int i = 0; i < symbolLength; i++)
        {
            if (ascii[i] != symbol[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether this action can change the book (add, cancel, modify, clear).
     *
     * @return true for {@code A C M R}.
     */
    public boolean isBookEvent()
    {
        return action == ADD || action == CANCEL || action == MODIFY || action == CLEAR;
    }

    /**
     * Applies this record to its instrument's book.
     *
     * @param book the book of the record's instrument.
     * @return a {@link MarketByOrderBook} result code; {@link MarketByOrderBook#NO_BOOK_CHANGE} for trades,
     * fills and records without an action.
     */
    public int applyTo(final MarketByOrderBook book)
    {
        switch (action)
        {
            case ADD:
                return book.add(orderId, side(), price, size);
            case CANCEL:
                return book.reduce(orderId, side(), price, size);
            case MODIFY:
                return book.modify(orderId, side(), price, size);
            case CLEAR:
                book.clear();
                return MarketByOrderBook.APPLIED;
            default:
                return MarketByOrderBook.NO_BOOK_CHANGE;
        }
    }

    public String toString()
    {
        return "DatabentoMboRecord{ts_event=" + tsEventText() + ", action=" + (char)action + ", side=" + (char)side +
            ", price=" + (priceDefined ? Long.toString(price) : "undefined") + ", size=" + size + ", order_id=" +
            Long.toUnsignedString(orderId) + ", instrument_id=" + instrumentId + ", symbol=" + symbolText() + '}';
    }
}
