package io.ringbook.engine.mbo;

/**
 * Side of a resting order or price level. Kept separate from the matching engine's own type so this package
 * stays independent of it.
 */
public enum Side
{
    BID,
    ASK;

    /**
     * The side whose orders a resting order on this side trades against.
     *
     * @return {@link #ASK} for {@link #BID} and the other way round.
     */
    public Side opposite()
    {
        return this == BID ? ASK : BID;
    }
}
