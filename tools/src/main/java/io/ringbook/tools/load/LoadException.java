package io.ringbook.tools.load;

/**
 * The load run cannot start or go on: one line saying why, and the exit status for the command line
 * ({@link #BAD_ARGUMENTS} for what the user asked, {@link #FAILED} for the engine or the connection).
 */
public final class LoadException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /** The engine cannot be reached, refused the logon, or ended a session. */
    public static final int FAILED = 1;
    /** The arguments or the configuration do not allow the run. */
    public static final int BAD_ARGUMENTS = 2;

    private final int exitCode;

    public LoadException(final int exitCode, final String message)
    {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode()
    {
        return exitCode;
    }
}
