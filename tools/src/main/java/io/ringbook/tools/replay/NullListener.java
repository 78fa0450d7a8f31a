package io.ringbook.tools.replay;

/**
 * Ignores every event: for replays where only the resulting state matters.
 */
public final class NullListener extends NullListenerBase
{
    public static final NullListener INSTANCE = new NullListener();

    private NullListener()
    {
    }
}
