package io.ringbook.engine;

/**
 * Why an accepted order ended without being filled completely.
 */
public enum CancelReason
{
    /** The owner asked for it. */
    CLIENT,
    /** IOC, FOK or market remainder that could not trade at once. */
    EXPIRED,
    /** Self-trade prevention cancelled it. */
    SELF_TRADE,
    /** A cancel/replace set the order quantity at or below what had already traded. */
    REPLACED,
    /** The account's session ended (logout, timeout or disconnect) and the account cancels on disconnect. */
    SESSION_DISCONNECT
}
