package io.ringbook.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code ringbook plot-latency}: draws latency by percentile, from HdrHistogram percentile-distribution files
 * ({@code .hgrm}, as {@code load --hgrm}, {@code tail --latency --hgrm} and the benchmark harnesses write them), as an
 * SVG image: percentiles on a log scale of 1/(1 - p) (50%, 90%, 99%, 99.9% ... evenly spaced), latency on a log scale,
 * one line per file. The tail shows at a glance.
 */
@Command(
    name = "plot-latency",
    header = "Draw latency by percentile from .hgrm files as SVG.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Draw latency by percentile from HdrHistogram .hgrm files as an SVG image.",
        "",
        "Reads the percentile distributions that load --hgrm, tail --latency --hgrm and the benchmark harnesses " +
            "(hgrm=PREFIX) write, and draws one line per file: percentile on a log scale (50%, 90%, 99%, 99.9%, " +
            "...), latency on a log scale. Labels are the file names unless --label gives them." },
    footer = {
        "",
        "Examples:",
        "  ./ringbook plot-latency --out latency.svg run-10000.hgrm run-100000.hgrm",
        "  ./ringbook plot-latency --out feed.svg --title 'Feed latency' --label 10k/s --label 100k/s a.hgrm b.hgrm",
        "",
        "Exit status: 0 when the image is written; 1 when a file cannot be read; 2 for a usage error." })
public final class PlotLatencyCommand implements Callable<Integer>
{
    private static final String NAME = "ringbook plot-latency";
    private static final String[] COLOURS = { "#2f7ed8", "#e4572e", "#17a398", "#f3a712", "#8e44ad", "#555555" };
    private static final int WIDTH = 860;
    private static final int HEIGHT = 480;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The SVG file to write.")
    Path out;

    @Option(names = "--title", paramLabel = "TEXT", defaultValue = "Latency by percentile",
        description = "The plot's title (default: ${DEFAULT-VALUE}).")
    String title;

    @Option(names = "--label", paramLabel = "TEXT", description = "A label per file, in order (default: file names).")
    List<String> labels = new ArrayList<>();

    @Option(names = "--unit", paramLabel = "TEXT", defaultValue = "us",
        description = "The unit of the files' values (default: ${DEFAULT-VALUE}, as the harnesses write them).")
    String unit;

    @Parameters(arity = "1..6", paramLabel = "FILE.hgrm", description = "One to six percentile distributions.")
    List<Path> files;

    public Integer call()
    {
        final PrintWriter err = spec.commandLine().getErr();
        final List<double[][]> series = new ArrayList<>();
        for (final Path file : files)
        {
            try
            {
                final double[][] points = read(file);
                if (points[0].length == 0)
                {
                    err.println(NAME + ": " + file + ": no percentile lines (is it an .hgrm file?)");
                    return 1;
                }
                series.add(points);
            }
            catch (final NoSuchFileException ex)
            {
                err.println(NAME + ": " + file + ": no such file");
                return 1;
            }
            catch (final IOException | RuntimeException ex)
            {
                err.println(NAME + ": " + file + ": " + ex.getMessage());
                return 1;
            }
        }
        try
        {
            Files.writeString(out, svg(series), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            err.println(NAME + ": cannot write " + out + ": " + ex.getMessage());
            return 1;
        }
        spec.commandLine().getOut().println(NAME + ": wrote " + out);
        return 0;
    }

    /**
     * @return {x = 1/(1-p), latency} for each percentile line, p < 1.
     */
    static double[][] read(final Path file) throws IOException
    {
        final List<double[]> points = new ArrayList<>();
        for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8))
        {
            final String[] fields = line.trim().split("\\s+");
            if (fields.length != 4 || line.startsWith("#"))
            {
                continue;
            }
            try
            {
                final double value = Double.parseDouble(fields[0]);
                final double percentile = Double.parseDouble(fields[1]);
                if (percentile < 1.0)
                {
                    points.add(new double[] {1.0 / (1.0 - percentile), value});
                }
            }
            catch (final NumberFormatException ignore)
            {
                // the header line
            }
        }
        final double[][] result = new double[2][points.size()];
        for (int i = 0; i < points.size(); i++)
        {
            result[0][i] = points.get(i)[0];
            result[1][i] = points.get(i)[1];
        }
        return result;
    }

    private String svg(final List<double[][]> series)
    {
        double maxX = 10;
        double minY = Double.MAX_VALUE;
        double maxY = 0;
        for (final double[][] points : series)
        {
            for (int i = 0; i < points[0].length; i++)
            {
                maxX = Math.max(maxX, points[0][i]);
                if (points[1][i] > 0)
                {
                    minY = Math.min(minY, points[1][i]);
                }
                maxY = Math.max(maxY, points[1][i]);
            }
        }
        final int decades = (int)Math.ceil(Math.log10(maxX));
        final double yLow = Math.pow(10, Math.floor(Math.log10(Math.max(minY, 1e-3))));
        final double yHigh = Math.pow(10, Math.ceil(Math.log10(Math.max(maxY, yLow * 10))));
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = HEIGHT - TOP - BOTTOM;

        final StringBuilder s = new StringBuilder(16 * 1024);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
            .append(HEIGHT).append("\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        s.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        s.append("<text x=\"").append(LEFT).append("\" y=\"28\" font-size=\"16\" font-weight=\"bold\">")
            .append(escape(title)).append("</text>\n");
        // Grid and axes: a vertical line per decade of 1/(1-p), a horizontal one per decade of latency.
        for (int d = 0; d <= decades; d++)
        {
            final double x = LEFT + plotWidth * d / (double)decades;
            s.append(line(x, TOP, x, TOP + plotHeight, "#dddddd"));
            s.append("<text x=\"").append(fmt(x)).append("\" y=\"").append(TOP + plotHeight + 18)
                .append("\" text-anchor=\"middle\">").append(percentileLabel(d)).append("</text>\n");
        }
        for (double y = yLow; y <= yHigh * 1.0001; y *= 10)
        {
            final double py = yPixel(y, yLow, yHigh, plotHeight);
            s.append(line(LEFT, py, LEFT + plotWidth, py, "#dddddd"));
            s.append("<text x=\"").append(LEFT - 8).append("\" y=\"").append(fmt(py + 4))
                .append("\" text-anchor=\"end\">").append(valueLabel(y)).append("</text>\n");
        }
        s.append("<text x=\"").append(LEFT + plotWidth / 2).append("\" y=\"").append(HEIGHT - 14)
            .append("\" text-anchor=\"middle\">percentile</text>\n");
        s.append("<text transform=\"translate(18,").append(TOP + plotHeight / 2)
            .append(") rotate(-90)\" text-anchor=\"middle\">latency (").append(escape(unit)).append(")</text>\n");
        s.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(plotWidth)
            .append("\" height=\"").append(plotHeight).append("\" fill=\"none\" stroke=\"#888888\"/>\n");

        for (int k = 0; k < series.size(); k++)
        {
            final double[][] points = series.get(k);
            final String colour = COLOURS[k % COLOURS.length];
            s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\" points=\"");
            for (int i = 0; i < points[0].length; i++)
            {
                final double x = LEFT + plotWidth * Math.log10(points[0][i]) / decades;
                final double y = yPixel(Math.max(points[1][i], yLow), yLow, yHigh, plotHeight);
                s.append(fmt(x)).append(',').append(fmt(y)).append(' ');
            }
            s.append("\"/>\n");
            final String label = k < labels.size() ? labels.get(k) : files.get(k).getFileName().toString();
            final int ly = TOP + 10 + 20 * k;
            s.append(line(WIDTH - RIGHT + 16, ly, WIDTH - RIGHT + 40, ly, colour).replace("stroke-width=\"1\"",
                "stroke-width=\"3\""));
            s.append("<text x=\"").append(WIDTH - RIGHT + 46).append("\" y=\"").append(ly + 4).append("\">")
                .append(escape(label)).append("</text>\n");
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static double yPixel(final double value, final double low, final double high, final int plotHeight)
    {
        return TOP + plotHeight * (1 - (Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low)));
    }

    private static String percentileLabel(final int decade)
    {
        switch (decade)
        {
            case 0:
                return "0%";
            case 1:
                return "90%";
            default:
                return "99" + (decade > 2 ? "." + "9".repeat(decade - 2) : "") + "%";
        }
    }

    private static String valueLabel(final double value)
    {
        return value >= 1 ? String.format(Locale.ROOT, "%,.0f", value) : String.format(Locale.ROOT, "%.3f", value);
    }

    private static String line(final double x1, final double y1, final double x2, final double y2, final String colour)
    {
        return "<line x1=\"" + fmt(x1) + "\" y1=\"" + fmt(y1) + "\" x2=\"" + fmt(x2) + "\" y2=\"" + fmt(y2) +
            "\" stroke=\"" + colour + "\" stroke-width=\"1\"/>\n";
    }

    private static String fmt(final double value)
    {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
