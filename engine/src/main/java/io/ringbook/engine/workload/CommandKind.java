package io.ringbook.engine.workload;

/**
 * What a generated command does, for counting a workload's mix.
 */
public enum CommandKind
{
    /** A good-till-cancel limit order (passive, or marketable with its remainder resting). */
    GTC,
    /** An immediate-or-cancel limit order. */
    IOC,
    /** A fill-or-kill limit order (generated only when fillable, so never rejected). */
    FOK,
    /** A market order (immediate-or-cancel, bounded by the instrument's band). */
    MARKET,
    /** A cancel. */
    CANCEL,
    /** A replace that changes the price, so the order loses time priority. */
    MOVE,
    /** A replace that keeps the price and lowers the quantity, so the order keeps priority. */
    REDUCE,
    /** Any other replace (same price, same or larger quantity). */
    OTHER_REPLACE;

    private static final CommandKind[] VALUES = values();

    static CommandKind fromOrdinal(final int ordinal)
    {
        return VALUES[ordinal];
    }
}
