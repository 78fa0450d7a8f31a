package io.ringbook.tools;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest
{
    @Test
    void theLineSaysHowFarAndPrintsNothingWithoutATerminal()
    {
        final StringWriter text = new StringWriter();
        final AtomicLong done = new AtomicLong(250);
        try (Progress progress = Progress.start(new PrintWriter(text), "ringbook export", done::get, 1000, "commands"))
        {
            assertTrue(progress.line().startsWith("ringbook export: 250 of 1,000 commands (25%), "),
                progress.line());
            done.set(1000);
            assertTrue(progress.line().contains("(100%)"), progress.line());
        }
        try (Progress unknown = Progress.start(new PrintWriter(text), "x", () -> 3, 0, "MB written"))
        {
            assertTrue(unknown.line().startsWith("x: 3 MB written, "), unknown.line());
        }
        assertEquals("", text.toString(), "tests run without a console: no progress line drawn");
    }
}
