package io.ringbook.tools.script;

/**
 * A script line that cannot be run: bad syntax, a missing key, an unknown symbol. Engine rejects are not errors;
 * they are printed as events.
 */
public final class ScriptException extends Exception
{
    private static final long serialVersionUID = 1L;

    private final int lineNumber;

    public ScriptException(final int lineNumber, final String message)
    {
        super("line " + lineNumber + ": " + message);
        this.lineNumber = lineNumber;
    }

    public int lineNumber()
    {
        return lineNumber;
    }
}
