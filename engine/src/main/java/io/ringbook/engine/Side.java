package io.ringbook.engine;

/**
 * Which side of the book an order is on.
 */
public enum Side
{
    BUY,
    SELL;

    private static final Side[] VALUES = values();

    /**
     * @return the side an order of this side trades against.
     */
    public Side opposite()
    {
        return this == BUY ? SELL : BUY;
    }

    /**
     * Lookup without the array copy that {@code values()} makes.
     *
     * @param ordinal of the side.
     * @return the side, or null when out of range.
     */
    public static Side fromOrdinal(final int ordinal)
    {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }
}
