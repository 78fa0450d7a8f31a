package io.ringbook.tools;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotLatencyCommandTest
{
    @TempDir
    Path dir;

    @Test
    void drawsOneLinePerFileFromHdrHistogramOutput() throws Exception
    {
        final Path fast = hgrm("fast.hgrm", 10);
        final Path slow = hgrm("slow.hgrm", 1000);
        final double[][] points = PlotLatencyCommand.read(fast);
        assertTrue(points[0].length > 10, "percentile lines read");
        assertEquals(1.0, points[0][0], 1e-9, "the first line is the 0th percentile");
        for (int i = 1; i < points[1].length; i++)
        {
            assertTrue(points[1][i] >= points[1][i - 1], "latency grows with the percentile");
        }

        final Path svg = dir.resolve("plot.svg");
        final StringWriter err = new StringWriter();
        final CommandLine cli = RingbookCli.newCommandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(0, cli.execute("plot-latency", "--out", svg.toString(), "--label", "fast path",
            fast.toString(), slow.toString()), err::toString);
        final String text = Files.readString(svg);
        assertTrue(text.startsWith("<svg"), text);
        assertEquals(2, text.split("<polyline").length - 1, "one line per file");
        assertTrue(text.contains("fast path") && text.contains("slow.hgrm"), "labels: given, else the file name");
        assertTrue(text.contains(">99.9%<"), "percentile axis labels");
    }

    @Test
    void aMissingOrWrongFileIsOneLineAndExitOne() throws Exception
    {
        final StringWriter err = new StringWriter();
        final CommandLine cli = RingbookCli.newCommandLine();
        cli.setErr(new PrintWriter(err));
        assertEquals(1, cli.execute("plot-latency", "--out", dir.resolve("x.svg").toString(),
            dir.resolve("absent.hgrm").toString()));
        assertTrue(err.toString().contains("no such file"), err.toString());
        final Path notHgrm = Files.writeString(dir.resolve("notes.txt"), "hello\n");
        assertEquals(1, cli.execute("plot-latency", "--out", dir.resolve("x.svg").toString(), notHgrm.toString()));
        assertEquals(2, cli.execute("plot-latency", dir.resolve("a.hgrm").toString()), "--out is required");
    }

    private Path hgrm(final String name, final long scale) throws Exception
    {
        final Histogram histogram = new Histogram(3);
        for (int i = 1; i <= 10_000; i++)
        {
            histogram.recordValue(scale * (1 + i % 100) + (i % 1000 == 0 ? scale * 50 : 0));
        }
        final Path file = dir.resolve(name);
        try (PrintStream out = new PrintStream(file.toFile()))
        {
            histogram.outputPercentileDistribution(out, 1.0);
        }
        return file;
    }
}
