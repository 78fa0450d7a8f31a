package io.ringbook.tools.script;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Golden files: each script in {@code src/test/resources/scripts} runs on both books and must print exactly its
 * {@code .expected} file (made with {@code ./ringbook script --echo} and checked by hand).
 */
class OrderScriptGoldenTest
{
    static final String[] SCRIPTS = { "quickstart", "order-types", "rejects", "replace", "stp", "instruments" };

    static Stream<Arguments> scripts()
    {
        final List<Arguments> arguments = new ArrayList<>();
        for (final String script : SCRIPTS)
        {
            for (final OrderScript.BookKind book : OrderScript.BookKind.values())
            {
                arguments.add(Arguments.of(script, book));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0} on {1} book")
    @MethodSource("scripts")
    void printsExactlyTheExpectedEvents(final String script, final OrderScript.BookKind book) throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final OrderScript orderScript = new OrderScript(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), book, true, true);
        try (InputStreamReader reader = new InputStreamReader(resource(script + ".orders"), StandardCharsets.UTF_8))
        {
            orderScript.run(reader);
        }
        final String expected = new String(resource(script + ".expected").readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(expected, bytes.toString(StandardCharsets.UTF_8));
    }

    private static InputStream resource(final String name) throws IOException
    {
        return Objects.requireNonNull(
            OrderScriptGoldenTest.class.getResourceAsStream("/scripts/" + name), () -> "missing resource " + name);
    }
}
