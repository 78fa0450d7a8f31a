package io.ringbook.tools.script;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One parsed script line: a verb and {@code key=value} pairs in any order; a bare word is a flag ({@code postonly}).
 */
final class ScriptLine
{
    final int number;
    final String verb;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final java.util.Set<String> used = new java.util.HashSet<>();

    private ScriptLine(final int number, final String verb)
    {
        this.number = number;
        this.verb = verb;
    }

    /**
     * @return the parsed line, or null for a blank or comment line.
     */
    static ScriptLine parse(final int number, final String raw) throws ScriptException
    {
        final int hash = raw.indexOf('#');
        final String text = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
        if (text.isEmpty())
        {
            return null;
        }
        final String[] tokens = text.split("\\s+");
        final ScriptLine line = new ScriptLine(number, tokens[0].toLowerCase(java.util.Locale.ROOT));
        for (int i = 1; i < tokens.length; i++)
        {
            final String token = tokens[i];
            final int eq = token.indexOf('=');
            final String key = (eq < 0 ? token : token.substring(0, eq)).toLowerCase(java.util.Locale.ROOT);
            final String value = eq < 0 ? "true" : token.substring(eq + 1);
            if (key.isEmpty() || (eq >= 0 && value.isEmpty()))
            {
                throw new ScriptException(number, "malformed '" + token + "', expected key=value");
            }
            if (line.values.put(key, value) != null)
            {
                throw new ScriptException(number, "key '" + key + "' given twice");
            }
        }
        return line;
    }

    boolean has(final String key)
    {
        return values.containsKey(key);
    }

    String get(final String key) throws ScriptException
    {
        final String value = values.get(key);
        if (value == null)
        {
            throw new ScriptException(number, "'" + verb + "' needs " + key + "=");
        }
        used.add(key);
        return value;
    }

    String get(final String key, final String defaultValue)
    {
        final String value = values.get(key);
        if (value == null)
        {
            return defaultValue;
        }
        used.add(key);
        return value;
    }

    long getLong(final String key) throws ScriptException
    {
        return parseLong(key, get(key));
    }

    long getLong(final String key, final long defaultValue) throws ScriptException
    {
        return has(key) ? getLong(key) : defaultValue;
    }

    private long parseLong(final String key, final String value) throws ScriptException
    {
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new ScriptException(number, key + "=" + value + " is not an integer");
        }
    }

    boolean flag(final String key) throws ScriptException
    {
        final String value = get(key, "false").toLowerCase(java.util.Locale.ROOT);
        if (!value.equals("true") && !value.equals("false"))
        {
            throw new ScriptException(number, key + " takes no value, or true/false");
        }
        return value.equals("true");
    }

    /**
     * Fail on keys the verb does not know, so a typo never passes silently.
     */
    void checkAllUsed() throws ScriptException
    {
        for (final String key : values.keySet())
        {
            if (!used.contains(key))
            {
                throw new ScriptException(number, "unknown key '" + key + "' for '" + verb + "'");
            }
        }
    }
}
