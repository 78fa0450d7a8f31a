package io.ringbook.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScriptCommandTest
{
    @TempDir
    Path dir;

    @Test
    void usageErrorIsOneLineAndExitCodeTwo()
    {
        final StringWriter err = new StringWriter();
        final CommandLine cli = RingbookCli.newCommandLine();
        cli.setErr(new PrintWriter(err));
        final int code = cli.execute("script", "--book", "quantum", "x.orders");
        assertEquals(2, code);
        assertEquals(1, err.toString().strip().lines().count(), err::toString);
        assertTrue(err.toString().startsWith("ringbook: "), err::toString);
    }

    @Test
    void missingFileAndBadLineExitNonZero() throws Exception
    {
        assertEquals(1, RingbookCli.newCommandLine().execute("script", dir.resolve("absent.orders").toString()));
        final Path bad = dir.resolve("bad.orders");
        Files.writeString(bad, "instrument sym=A tick=1\nnew acct=A\n");
        assertEquals(1, RingbookCli.newCommandLine().execute("script", bad.toString()));
        final Path good = dir.resolve("good.orders");
        Files.writeString(good, "instrument sym=A tick=1\nnew acct=A clid=1 sym=A side=buy px=5 qty=1\n");
        assertEquals(0, RingbookCli.newCommandLine().execute("script", good.toString()));
    }

    @Test
    void helpListsTheCommand()
    {
        final StringWriter out = new StringWriter();
        final CommandLine cli = RingbookCli.newCommandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        assertTrue(out.toString().contains("script"), out::toString);
    }
}
