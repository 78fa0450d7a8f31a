package io.ringbook.tools;

import io.ringbook.tools.script.OrderScript;
import io.ringbook.tools.script.ScriptException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ringbook script FILE}: run an order script through the engine and print every event.
 */
@Command(
    name = "script",
    header = "Run an order script through the engine and print every event.",
    mixinStandardHelpOptions = true,
    description = {
        "Run an order script through the matching engine and print every event, one per line.",
        "Format: docs/order-scripts.md. Use - to read standard input."
    },
    footer = {
        "",
        "Examples:",
        "  ./ringbook script examples/quickstart.orders",
        "  ./ringbook script --echo --no-market-data examples/quickstart.orders",
        "  echo 'instrument sym=X tick=0.01' | ./ringbook script -"
    })
public final class ScriptCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "FILE", description = "The script, or - for standard input.")
    String file;

    @Option(names = "--echo", description = "Print each command line, prefixed with '> ', before its events.")
    boolean echo;

    @Option(names = "--no-market-data", description = "Leave out order and price-level change events.")
    boolean noMarketData;

    @Option(names = "--book", paramLabel = "KIND", description = "Book implementation: ${COMPLETION-CANDIDATES} " +
        "(default: ${DEFAULT-VALUE}).", defaultValue = "FAST")
    OrderScript.BookKind book;

    public Integer call() throws IOException
    {
        final PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
            StandardCharsets.UTF_8);
        final OrderScript script = new OrderScript(out, book, echo, !noMarketData);
        try (Reader reader = "-".equals(file) ? new InputStreamReader(System.in, StandardCharsets.UTF_8) :
            Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8))
        {
            script.run(reader);
            return 0;
        }
        catch (final NoSuchFileException ex)
        {
            out.flush();
            System.err.println("ringbook script: no such file: " + file);
            return 1;
        }
        catch (final ScriptException ex)
        {
            out.flush();
            System.err.println("ringbook script: " + file + ": " + ex.getMessage());
            return 1;
        }
        finally
        {
            out.flush();
        }
    }
}
