package io.ringbook.engine;

/**
 * Self-trade prevention, chosen per incoming order: what happens when it would trade against a resting order of
 * the same account.
 */
public enum StpMode
{
    /** Self trades are allowed. */
    NONE,
    /** Cancel the resting order and keep matching. */
    CANCEL_RESTING,
    /** Cancel what is left of the incoming order and stop matching. */
    CANCEL_INCOMING,
    /** Cancel the resting order and what is left of the incoming one. */
    CANCEL_BOTH
}
