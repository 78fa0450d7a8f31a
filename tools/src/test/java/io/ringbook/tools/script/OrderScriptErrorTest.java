package io.ringbook.tools.script;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Lines that cannot be run stop the script with the line number and what is wrong.
 */
class OrderScriptErrorTest
{
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "frobnicate sym=ABC                                           | line 2: unknown command 'frobnicate'",
        "new acct=A sym=ABC side=buy px=1 qty=1                       | line 2: 'new' needs clid=",
        "new acct=A clid=x sym=ABC side=buy px=1 qty=1                | line 2: clid=x is not an integer",
        "new acct=A clid=1 sym=ABC side=up px=1 qty=1                 | line 2: side=up: expected buy or sell",
        "new acct=A clid=1 sym=ABC side=buy px=abc qty=1              | line 2: px=abc is not a decimal number",
        "new acct=A clid=1 sym=ABC side=buy px=1 qty=1 tif=day        | line 2: tif=day: expected one of gtc, ioc, fok",
        "new acct=A clid=1 sym=ABC side=buy px=1 qty=1 colour=red     | line 2: unknown key 'colour' for 'new'",
        "new acct=A clid=1 clid=2 sym=ABC side=buy px=1 qty=1         | line 2: key 'clid' given twice",
        "book sym=NOPE                                                | line 2: unknown symbol NOPE",
        "instrument sym=ABC tick=0.01                                 | line 2: instrument ABC is already defined",
        "instrument sym=Q tick=0                                      | line 2: Q: tick must be positive",
        "instrument sym=Q tick=0.01 band=lots                         | line 2: Q: band=lots: expected a percentage",
        "cancel acct=A id=42                                          | line 2: order id 42 was never accepted",
    })
    void reportsTheLineAndTheProblem(final String badLine, final String expectedStart)
    {
        final OrderScript script = new OrderScript(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            OrderScript.BookKind.FAST, false, true);
        final ScriptException ex = assertThrows(ScriptException.class,
            () -> script.run(new StringReader("instrument sym=ABC tick=0.01\n" + badLine.trim() + "\n")));
        assertEquals(2, ex.lineNumber());
        assertEquals(true, ex.getMessage().startsWith(expectedStart), ex::getMessage);
    }
}
