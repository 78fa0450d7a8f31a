package io.ringbook.engine.mbo;

import java.io.IOException;

/**
 * Input that cannot be imported: a malformed record or a failed read. The message names the file and the place
 * in it (a line for text formats, a message number and byte offset for ITCH) so one line tells a user what to
 * fix. An exception rather than a result code because the import of that file cannot go on.
 */
public final class MboInputException extends IOException
{
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long lineNumber;

    /**
     * A problem at a line of a text file.
     *
     * @param source     the file's name as the user gave it.
     * @param lineNumber the line, counting from 1.
     * @param reason     what is wrong there.
     */
    public MboInputException(final String source, final long lineNumber, final String reason)
    {
        super(source + ", line " + lineNumber + ": " + reason);
        this.source = source;
        this.lineNumber = lineNumber;
    }

    /**
     * A problem at a place that is not a line, such as a message of a binary file.
     *
     * @param source   the file's name as the user gave it.
     * @param location where in the file, in words.
     * @param reason   what is wrong there.
     */
    public MboInputException(final String source, final String location, final String reason)
    {
        super(source + ", " + location + ": " + reason);
        this.source = source;
        this.lineNumber = -1;
    }

    private MboInputException(final String source, final String message)
    {
        super(message);
        this.source = source;
        this.lineNumber = -1;
    }

    /**
     * A file that cannot be opened or read at all.
     *
     * @param source the file's name as the user gave it.
     * @param reason why, such as "no such file".
     * @return the exception, with the message {@code cannot read SOURCE: REASON}.
     */
    public static MboInputException unreadable(final String source, final String reason)
    {
        return new MboInputException(source, "cannot read " + source + ": " + reason);
    }

    /**
     * The file's name as the user gave it.
     *
     * @return the source name.
     */
    public String source()
    {
        return source;
    }

    /**
     * The line at fault.
     *
     * @return the line counting from 1, or -1 when the input has no lines.
     */
    public long lineNumber()
    {
        return lineNumber;
    }
}
