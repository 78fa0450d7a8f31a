package io.ringbook.engine.mbo;

/**
 * One line of a LOBSTER message file, reused from line to line by {@link LobsterMessageReader}.
 * <p>
 * Columns: Time (seconds after midnight, kept here as nanoseconds), Type, Order ID, Size, Price (dollars times
 * 10,000, kept as that integer), Direction (1 buy, -1 sell).
 */
public final class LobsterMessage
{
    /** New limit order. */
    public static final int SUBMISSION = 1;
    /** Partial cancel; size is the amount cancelled. */
    public static final int CANCELLATION = 2;
    /** Full delete of an order. */
    public static final int DELETION = 3;
    /** Execution of a visible order; size is the amount executed. */
    public static final int EXECUTION_VISIBLE = 4;
    /** Execution against hidden liquidity: the visible book does not change. */
    public static final int EXECUTION_HIDDEN = 5;
    /** Cross trade (auction): the visible book does not change by this message. */
    public static final int CROSS_TRADE = 6;
    /** Trading halt, quoting or resume indicator. */
    public static final int TRADING_HALT = 7;

    /** Decimal places implied in LOBSTER prices: dollars times 10,000. */
    public static final int PRICE_SCALE = 4;

    long timeNs;
    int type;
    long orderId;
    long size;
    long price;
    int direction;

    /**
     * Time of the event.
     *
     * @return nanoseconds after midnight.
     */
    public long timeNs()
    {
        return timeNs;
    }

    /**
     * Event type, 1 to 7 (see the constants).
     *
     * @return the type.
     */
    public int type()
    {
        return type;
    }

    /**
     * LOBSTER's order reference.
     *
     * @return the order id.
     */
    public long orderId()
    {
        return orderId;
    }

    /**
     * Shares added, cancelled, deleted or executed.
     *
     * @return the size.
     */
    public long size()
    {
        return size;
    }

    /**
     * Price as in the file.
     *
     * @return dollars times 10,000.
     */
    public long price()
    {
        return price;
    }

    /**
     * Direction as in the file.
     *
     * @return 1 for a buy order, -1 for a sell order.
     */
    public int direction()
    {
        return direction;
    }

    /**
     * Book side of the order the event is about.
     *
     * @return {@link Side#BID} for direction 1, {@link Side#ASK} for -1.
     */
    public Side side()
    {
        return direction == 1 ? Side.BID : Side.ASK;
    }

    /**
     * Whether this type of event can change the visible book (types 1 to 4).
     *
     * @return true for submissions, cancellations, deletions and visible executions.
     */
    public boolean isBookEvent()
    {
        return type >= SUBMISSION && type <= EXECUTION_VISIBLE;
    }

    /**
     * Applies this event to a book: cancellations, deletions and executions of orders the book does not know
     * reduce the level at the message's side and price, as LOBSTER's own books do.
     *
     * @param book book to change.
     * @return a {@link MarketByOrderBook} result code; {@link MarketByOrderBook#NO_BOOK_CHANGE} for types 5 to 7.
     */
    public int applyTo(final MarketByOrderBook book)
    {
        switch (type)
        {
            case SUBMISSION:
                return book.add(orderId, side(), price, size);
            case CANCELLATION:
                return book.reduce(orderId, side(), price, size);
            case DELETION:
                return book.delete(orderId, side(), price, size);
            case EXECUTION_VISIBLE:
                return book.execute(orderId, side(), price, size);
            default:
                return MarketByOrderBook.NO_BOOK_CHANGE;
        }
    }

    /**
     * Undoes this event's effect on level totals, for seeding a book from the order-book row written after it.
     * Only anonymous size is touched: the undone event is then applied for real with its order id.
     *
     * @param book book seeded from the row after this event.
     */
    public void undoOnLevels(final MarketByOrderBook book)
    {
        switch (type)
        {
            case SUBMISSION:
                book.reduceLevel(side(), price, size);
                break;
            case CANCELLATION:
            case DELETION:
            case EXECUTION_VISIBLE:
                book.addAnonymous(side(), price, size);
                break;
            default:
                break;
        }
    }

    public String toString()
    {
        return "LobsterMessage{timeNs=" + timeNs + ", type=" + type + ", orderId=" + orderId + ", size=" + size +
            ", price=" + price + ", direction=" + direction + '}';
    }
}
