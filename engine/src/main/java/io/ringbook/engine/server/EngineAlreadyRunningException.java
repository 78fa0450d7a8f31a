package io.ringbook.engine.server;

/**
 * Another engine holds the lock on this engine directory.
 */
public final class EngineAlreadyRunningException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    public EngineAlreadyRunningException(final String message)
    {
        super(message);
    }
}
