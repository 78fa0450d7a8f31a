package io.ringbook.engine;

/**
 * The commands the engine takes from the ring.
 */
public enum CommandType
{
    NEW_ORDER,
    CANCEL_ORDER,
    REPLACE_ORDER
}
