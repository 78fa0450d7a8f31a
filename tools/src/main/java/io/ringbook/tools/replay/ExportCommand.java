package io.ringbook.tools.replay;

import io.ringbook.engine.Instrument;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.mbo.AsciiCsvWriter;
import io.ringbook.engine.mbo.BookFromMbo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ringbook export}: trades, MBP-N rows or order events from a journal, as CSV.
 */
@Command(
    name = "export",
    header = "Export a journal's trades, MBP-N levels or order events as CSV.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Export journaled events as CSV with a header row: trades, MBP-N (the top N levels after each command " +
            "that changed them, in the layout of 'ringbook book-from-mbo') or order events.",
        "Prices are decimals at the instrument's exponent; ts_event is the command's time in ns since the epoch. " +
            "Columns: docs/replay.md. A summary line goes to stderr.",
        "Exit codes: 0 done; 1 the output cannot be written or the journal could not be read; 2 bad arguments, " +
            "no journal at DIR, a sequence outside the journal, an unknown symbol." },
    footer = {
        "",
        "Examples:",
        "  ./ringbook export --journal data/journal --what trades --out trades.csv",
        "  ./ringbook export --journal data/journal --what mbp --depth 5 --symbol XCORE --from 1000 --to 2000 " +
            "--out mbp5.csv" })
public final class ExportCommand implements Callable<Integer>
{
    private static final String NAME = "ringbook export";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = "The journal directory.")
    Path journal;

    @Option(names = "--what", required = true, paramLabel = "trades|mbp|orders", converter = KindConverter.class,
        description = "What to export.")
    CsvExport.Kind what;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file, or - for stdout.")
    String out;

    @Option(names = "--symbol", paramLabel = "S", description = "Only this instrument (default: all).")
    String symbol;

    @Option(names = "--depth", paramLabel = "N",
        description = "MBP levels per side, 1 to " + BookFromMbo.MAX_DEPTH + " (default: 10).")
    Integer depth;

    @Option(names = "--from", paramLabel = "A", description = "First sequence (default: the journal's first).")
    Long from;

    @Option(names = "--to", paramLabel = "B", description = "Last sequence (default: the journal's last).")
    Long to;

    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        if (depth != null && what != CsvExport.Kind.MBP)
        {
            return usage(err, "--depth goes with --what mbp");
        }
        final int levels = depth == null ? 10 : depth;
        if (levels < 1 || levels > BookFromMbo.MAX_DEPTH)
        {
            return usage(err, "--depth must be 1 to " + BookFromMbo.MAX_DEPTH + ", not " + levels);
        }
        try (JournalInput input = JournalInput.open(journal))
        {
            final List<Instrument> selected = input.select(symbol);
            final int only = symbol == null ? -1 : selected.get(0).id();
            final long[] range = input.last == 0 && from == null && to == null ? null : input.range(from, to);

            final OutputStream stream;
            try
            {
                stream = "-".equals(out) ?
                    new CloseShieldStream(spec.commandLine().getOut()) : Files.newOutputStream(Path.of(out));
            }
            catch (final IOException | RuntimeException ex)
            {
                return fail(err, "cannot write " + out + ": " + reason(ex));
            }
            final CsvExport export;
            try (AsciiCsvWriter writer = new AsciiCsvWriter(stream, 1 << 16))
            {
                export = CsvExport.create(what, writer, input::instrument, only, levels);
                export.writeHeader();
                if (range != null)
                {
                    if (range[0] > input.first)
                    {
                        // The books before the range: from the newest snapshot before it, then the journal.
                        export.seed(input.reader.restoreTo(range[0] - 1, FastOrderBook::new, NullListener.INSTANCE,
                            warning -> err.println("ringbook export: " + warning)));
                    }
                    try (io.ringbook.tools.Progress progress = io.ringbook.tools.Progress.start(err, NAME,
                        () -> Math.max(0, export.sequence() - range[0] + 1), range[1] - range[0] + 1, "commands"))
                    {
                        new CommandEvents(input.reader).forEach(range[0], range[1], export);
                    }
                }
            }
            catch (final IOException | UncheckedIOException ex)
            {
                return fail(err, "cannot write " + out + ": " + reason(ex));
            }
            err.println(NAME + ": wrote " + export.rows() + " " + what.name().toLowerCase(Locale.ROOT) + " rows" +
                (range == null ? " (the journal has no commands)" : " for sequences " + range[0] + ".." + range[1]) +
                " to " + ("-".equals(out) ? "stdout" : out));
            err.flush();
            return 0;
        }
        catch (final JournalInput.BadInput ex)
        {
            err.println(NAME + ": " + ex.getMessage());
            err.flush();
            return 2;
        }
        catch (final RuntimeException ex)
        {
            return fail(err, "cannot read " + journal + ": " + ex);
        }
    }

    private static int usage(final PrintWriter err, final String message)
    {
        err.println("ringbook: " + message + " (see '" + NAME + " --help')");
        err.flush();
        return 2;
    }

    private static int fail(final PrintWriter err, final String message)
    {
        err.println(NAME + ": " + message);
        err.flush();
        return 1;
    }

    private static String reason(final Exception ex)
    {
        final Throwable cause = ex instanceof UncheckedIOException ? ex.getCause() : ex;
        if (cause instanceof java.nio.file.NoSuchFileException)
        {
            return "no such file or directory";
        }
        if (cause instanceof java.nio.file.AccessDeniedException)
        {
            return "permission denied";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }

    /**
     * Parses trades, mbp or orders, ignoring case, with a one-line message for anything else.
     */
    static final class KindConverter implements CommandLine.ITypeConverter<CsvExport.Kind>
    {
        public CsvExport.Kind convert(final String value)
        {
            try
            {
                return CsvExport.Kind.valueOf(value.toUpperCase(Locale.ROOT));
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException("expected trades, mbp or orders, not '" + value + "'");
            }
        }
    }

    /**
     * Stdout for {@code --out -}: the CLI's writer (tests capture it); CSV is ASCII, so bytes widen to chars.
     */
    static final class CloseShieldStream extends OutputStream
    {
        private final PrintWriter writer;

        CloseShieldStream(final PrintWriter writer)
        {
            this.writer = writer;
        }

        public void write(final int b)
        {
            writer.write(b & 0xFF);
        }

        public void write(final byte[] bytes, final int offset, final int length)
        {
            final char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)(bytes[offset + i] & 0xFF);
            }
            writer.write(chars, 0, length);
        }

        public void flush()
        {
            writer.flush();
        }

        public void close()
        {
            writer.flush();
        }
    }
}
