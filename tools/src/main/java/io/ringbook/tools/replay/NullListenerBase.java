package io.ringbook.tools.replay;

import io.ringbook.engine.NoOpEngineListener;

/**
 * Ignores every event; subclasses override the ones they want. The engine's {@link NoOpEngineListener}, abstract
 * here so the tools' listeners say what they are.
 */
public abstract class NullListenerBase extends NoOpEngineListener
{
    protected NullListenerBase()
    {
    }
}
