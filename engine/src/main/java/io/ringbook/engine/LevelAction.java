package io.ringbook.engine;

/**
 * What happened to a price level: it appeared, its quantity or order count changed, or it went away.
 */
public enum LevelAction
{
    NEW,
    CHANGE,
    DELETE
}
