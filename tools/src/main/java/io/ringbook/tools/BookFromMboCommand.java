package io.ringbook.tools;

import io.ringbook.engine.mbo.BookFromMbo;
import io.ringbook.engine.mbo.MboInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ringbook book-from-mbo}: turns a vendor's market-by-order file into MBP-N rows, a thin front over
 * {@link BookFromMbo}. Usage errors are one line and exit 2, as everywhere in the CLI; input that cannot be read
 * or parsed is one line naming the file and line, and exit 1.
 */
@Command(
    name = "book-from-mbo",
    header = "Rebuild books from LOBSTER, Databento or ITCH data as CSV.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Rebuild the book from market-by-order data (LOBSTER, Databento, ITCH) and write the top N levels as CSV.",
        "",
        "Writes one CSV row after each event that changed a book: the event's columns, then the top N levels in " +
            "Databento MBP layout (bid_px_00,bid_sz_00,bid_ct_00,ask_px_00,ask_sz_00,ask_ct_00,...).",
        "A summary goes to stderr. Columns and rules: docs/book-from-mbo.md." },
    footer = {
        "",
        "Examples:",
        "  ./ringbook book-from-mbo --format lobster --depth 10 \\",
        "      ../shared/data/lobster_AAPL_2012-06-21_L10_subset/AAPL_2012-06-21_34200000_57600000_message_10.csv",
        "  ./ringbook book-from-mbo --format itch --symbol ALC --depth 5 --out alc.csv \\",
        "      ../shared/data/itch50_RITCH_ex20101224_synthetic/ex20101224.TEST_ITCH_50" })
public final class BookFromMboCommand implements Callable<Integer>
{
    private static final String NAME = "ringbook book-from-mbo";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "lobster|databento|itch",
        converter = FormatConverter.class, description = "Input format.")
    BookFromMbo.Format format;

    @Parameters(index = "0", paramLabel = "FILE", description = "The market-by-order file (read as it streams).")
    Path input;

    @Option(names = "--symbol", paramLabel = "S",
        description = "Keep one instrument: ITCH stock (from its stock directory message) or Databento symbol.")
    String symbol;

    @Option(names = "--depth", required = true, paramLabel = "N",
        description = "Levels per side in each row, 1 to " + BookFromMbo.MAX_DEPTH + ".")
    int depth;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the CSV here instead of stdout.")
    Path out;

    @Option(names = "--seed-book", paramLabel = "FILE",
        description = "LOBSTER only: the order-book file whose first row seeds the book (its message undone), " +
            "so orders resting before the file starts are known.")
    Path seedBook;

    @Option(names = "--all-events",
        description = "Also write a row after events that left the book unchanged (trades, hidden executions, " +
            "halts, unknown orders), e.g. to line rows up with a LOBSTER order-book file.")
    boolean allEvents;

    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final BookFromMbo.Context ctx = new BookFromMbo.Context()
            .format(format)
            .input(input)
            .symbol(symbol)
            .depth(depth)
            .seedBook(seedBook)
            .allEvents(allEvents);
        try
        {
            ctx.conclude();
        }
        catch (final IllegalArgumentException ex)
        {
            err.println("ringbook: " + ex.getMessage() + " (see '" + NAME + " --help')");
            err.flush();
            return 2;
        }

        final OutputStream stream;
        try
        {
            stream = out == null ? new WriterOutputStream(spec.commandLine().getOut()) : Files.newOutputStream(out);
        }
        catch (final IOException | RuntimeException ex)
        {
            return fail(err, "cannot write " + out + ": " + reason(ex));
        }

        final BookFromMbo.Stats stats;
        final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        try (OutputStream o = new java.io.FilterOutputStream(stream)
            {
                public void write(final byte[] bytes, final int offset, final int length) throws IOException
                {
                    out.write(bytes, offset, length);
                    written.lazySet(written.get() + length);
                }
            };
            Progress progress = Progress.start(err, "ringbook book-from-mbo", () -> written.get() >> 20, 0,
                "MB of CSV written"))
        {
            stats = BookFromMbo.run(ctx, o);
        }
        catch (final MboInputException ex)
        {
            return fail(err, ex.getMessage());
        }
        catch (final IOException ex)
        {
            return fail(err, "cannot write " + (out == null ? "stdout" : out.toString()) + ": " + reason(ex));
        }
        if (out == null && spec.commandLine().getOut().checkError())
        {
            return fail(err, "cannot write stdout");
        }

        err.println(NAME + ": " + input + ": " + stats.summary());
        err.flush();
        return 0;
    }

    private static int fail(final PrintWriter err, final String message)
    {
        err.println(NAME + ": " + message);
        err.flush();
        return 1;
    }

    private static String reason(final Exception ex)
    {
        if (ex instanceof java.nio.file.NoSuchFileException)
        {
            return "no such file or directory";
        }
        if (ex instanceof java.nio.file.AccessDeniedException)
        {
            return "permission denied";
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    /**
     * Parses the format name, ignoring case, with a one-line message for anything else.
     */
    static final class FormatConverter implements CommandLine.ITypeConverter<BookFromMbo.Format>
    {
        public BookFromMbo.Format convert(final String value)
        {
            try
            {
                return BookFromMbo.Format.parse(value);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.TypeConversionException(ex.getMessage());
            }
        }
    }

    /**
     * The CLI's stdout is a {@link PrintWriter} (tests capture it); the importer writes ASCII bytes, which map one
     * to one onto chars, so they are widened in chunks rather than decoded.
     */
    static final class WriterOutputStream extends OutputStream
    {
        private final PrintWriter writer;
        private final char[] chars = new char[8192];

        WriterOutputStream(final PrintWriter writer)
        {
            this.writer = writer;
        }

        public void write(final int b)
        {
            writer.write(b & 0xFF);
        }

        public void write(final byte[] bytes, final int offset, final int length)
        {
            int done = 0;
            while (done < length)
            {
                final int chunk = Math.min(chars.length, length - done);
                for (int i = 0; i < chunk; i++)
                {
                    chars[i] = (char)(bytes[offset + done + i] & 0xFF);
                }
                writer.write(chars, 0, chunk);
                done += chunk;
            }
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
