package io.ringbook.engine;

/**
 * Why a command was rejected. A rejected command changes no state. The names are part of the script output and the
 * wire protocol, so they are stable.
 */
public enum RejectReason
{
    /** The instrument id is not defined in the engine. */
    UNKNOWN_INSTRUMENT,
    /** The price is not a multiple of the instrument's tick size. */
    PRICE_OFF_TICK,
    /** The price is zero, negative or absurdly large. */
    INVALID_PRICE,
    /** The quantity is not a multiple of the instrument's lot size. */
    QUANTITY_NOT_LOT_MULTIPLE,
    /** The quantity is zero or negative. */
    INVALID_QUANTITY,
    /** The quantity is above the instrument's maximum order quantity. */
    QUANTITY_ABOVE_MAX,
    /** The price is further from the reference price (last trade, else the instrument's) than the band allows. */
    OUTSIDE_BAND,
    /** The account has used this client order id before. */
    DUPLICATE_CLIENT_ORDER_ID,
    /** No live order matches the given client order id or order id (it may have been filled or cancelled). */
    UNKNOWN_ORDER,
    /** The order belongs to another account. */
    NOT_YOUR_ORDER,
    /** A post-only order would have traded on arrival. */
    WOULD_CROSS,
    /** A fill-or-kill order cannot be filled completely at once. */
    FOK_NOT_FILLABLE,
    /** The time in force does not fit the order: a market GTC order, or a post-only IOC/FOK order. */
    INVALID_TIME_IN_FORCE,
    /** The order type does not fit the command: a post-only market order. */
    INVALID_ORDER_TYPE,
    /**
     * The command could not be journaled (disk full, I/O error), so it was not matched: the engine never acknowledges
     * what it did not journal, and it takes no orders until restarted.
     */
    JOURNAL_UNAVAILABLE;

    private static final RejectReason[] VALUES = values();

    /**
     * Lookup without the array copy that {@code values()} makes.
     *
     * @param ordinal of the reason.
     * @return the reason, or null when out of range.
     */
    public static RejectReason fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}
