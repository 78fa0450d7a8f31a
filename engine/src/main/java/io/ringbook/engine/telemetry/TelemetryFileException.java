package io.ringbook.engine.telemetry;

/**
 * The stat file is missing, not a ringbook stat file, of another version, or in use by a live engine. The message is
 * one line meant for an operator, naming the file; callers such as {@code ringbook stat} print it as it is.
 */
public final class TelemetryFileException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message one line naming the file and what is wrong with it.
     */
    public TelemetryFileException(final String message)
    {
        super(message);
    }

    /**
     * @param message one line naming the file and what is wrong with it.
     * @param cause   the I/O error behind it.
     */
    public TelemetryFileException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
