package io.ringbook.engine;

/**
 * What happened to a resting order, as a market-by-order feed reports it.
 */
public enum OrderAction
{
    /** The order now rests in the book (at the back of its level). */
    ADD,
    /** Its quantity went down in place, keeping its queue position. */
    MODIFY,
    /** Part or all of it traded; at zero remaining quantity it has left the book. */
    EXECUTE,
    /** It left the book (cancelled, or moved by a replace that loses priority). */
    DELETE
}
