package io.ringbook.engine;

/**
 * The commands the engine takes from the ring.
 */
public enum CommandType
{
    NEW_ORDER,
    CANCEL_ORDER,
    REPLACE_ORDER,
    /** Cancel every live order of the account, on every instrument (the session layer's cancel-on-disconnect). */
    MASS_CANCEL
}
