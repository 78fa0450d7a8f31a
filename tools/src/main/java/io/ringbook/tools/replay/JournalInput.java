package io.ringbook.tools.replay;

import io.ringbook.engine.Instrument;
import io.ringbook.journal.JournalReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * An open journal with what the journal tools check about their arguments: the journal exists, sequences fall
 * inside it, symbols are defined in it. Each failed check is a {@link BadInput} with a one-line message, which the
 * commands turn into exit code 2.
 */
final class JournalInput implements AutoCloseable
{
    final JournalReader reader;
    private List<Instrument> instruments;
    private final Map<Integer, Instrument> byId = new HashMap<>();
    final long first;
    final long last;

    private JournalInput(final JournalReader reader)
    {
        this.reader = reader;
        this.first = reader.firstSequence();
        this.last = reader.lastSequence();
    }

    /**
     * @return the journal's instruments, by id: a scan of the whole journal the first time (which
     *         {@code replay --at} avoids by taking them from the restored engine).
     */
    List<Instrument> instruments()
    {
        if (instruments == null)
        {
            instruments = new ArrayList<>(reader.instruments());
            instruments.sort((a, b) -> Integer.compare(a.id(), b.id()));
            for (final Instrument instrument : instruments)
            {
                byId.put(instrument.id(), instrument);
            }
        }
        return instruments;
    }

    static JournalInput open(final Path dir) throws BadInput
    {
        if (dir == null || !Files.isDirectory(dir))
        {
            throw new BadInput("no journal at " + dir + " (not a directory)");
        }
        try
        {
            return new JournalInput(JournalReader.open(dir));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new BadInput("no journal at " + dir + (ex.getMessage() == null ? "" : " (" + ex.getMessage() + ")"));
        }
    }

    Instrument instrument(final int id)
    {
        instruments();
        return byId.get(id);
    }

    /**
     * @return the instruments to show: all of them, or the one named.
     */
    List<Instrument> select(final String symbol) throws BadInput
    {
        return select(symbol, instruments());
    }

    /**
     * @return of these instruments, all, or the one named.
     */
    static List<Instrument> select(final String symbol, final List<Instrument> instruments) throws BadInput
    {
        if (symbol == null)
        {
            return instruments;
        }
        for (final Instrument instrument : instruments)
        {
            if (instrument.symbol().equals(symbol))
            {
                return List.of(instrument);
            }
        }
        final StringJoiner known = new StringJoiner(", ");
        instruments.forEach(i -> known.add(i.symbol()));
        throw new BadInput("unknown symbol " + symbol + " (the journal defines " +
            (instruments.isEmpty() ? "none" : known.toString()) + ")");
    }

    void checkSequence(final String option, final long sequence) throws BadInput
    {
        if (last == 0)
        {
            throw new BadInput(option + " " + sequence + ": the journal has no commands");
        }
        if (sequence < first || sequence > last)
        {
            throw new BadInput(option + " " + sequence + " is outside the journal's sequences " + first + ".." + last);
        }
    }

    /**
     * @return {@code [from, to]} with defaults first and last, checked.
     */
    long[] range(final Long from, final Long to) throws BadInput
    {
        final long a = from == null ? first : from;
        final long b = to == null ? last : to;
        if (from != null)
        {
            checkSequence("--from", a);
        }
        if (to != null)
        {
            checkSequence("--to", b);
        }
        if (a > b)
        {
            throw new BadInput("--from " + a + " is after --to " + b);
        }
        return new long[]{ a, b };
    }

    public void close()
    {
        reader.close();
    }

    /**
     * Bad arguments or input: one line, exit code 2.
     */
    static final class BadInput extends Exception
    {
        private static final long serialVersionUID = 1L;

        BadInput(final String message)
        {
            super(message, null, false, false);
        }
    }
}
