package io.ringbook.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code ringbook book-from-mbo} run in-process on the shared data for each format: header, known rows, the
 * summary line, and one-line errors with their exit codes.
 */
class BookFromMboCommandTest
{
    private static final String AAPL = "lobster_AAPL_2012-06-21_L10_subset/AAPL_2012-06-21_34200000_57600000_";
    private static final String AMZN = "lobster_AMZN_2012-06-21_L1/AMZN_2012-06-21_34200000_57600000_";
    private static final String ITCH = "itch50_RITCH_ex20101224_synthetic/ex20101224.TEST_ITCH_50";
    private static final String LOBSTER_COLUMNS = "time,type,order_id,size,price,direction";
    private static final String LEVEL_0 = "bid_px_00,bid_sz_00,bid_ct_00,ask_px_00,ask_sz_00,ask_ct_00";

    @TempDir
    Path temp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(final String... args)
    {
        final CommandLine cli = RingbookCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private List<String> errLines()
    {
        return err.toString().lines().collect(java.util.stream.Collectors.toList());
    }

    @Test
    void lobsterRowsLineUpWithTheOrderBookFile() throws Exception
    {
        final Path csv = temp.resolve("aapl.csv");
        assertEquals(0, run("book-from-mbo", "--format", "lobster", data(AAPL + "message_10.csv").toString(),
            "--seed-book", data(AAPL + "orderbook_10.csv").toString(), "--depth", "10", "--all-events",
            "--out", csv.toString()), err.toString());

        final List<String> rows = Files.readAllLines(csv, StandardCharsets.US_ASCII);
        assertEquals(1000, rows.size(), "header + one row per message with --all-events");
        final String header = rows.get(0);
        assertTrue(header.startsWith(LOBSTER_COLUMNS + "," + LEVEL_0 + ",bid_px_01,"), header);
        assertTrue(header.endsWith(",ask_px_09,ask_sz_09,ask_ct_09"), header);
        assertEquals(6 + 60, header.split(",").length);
        assertEquals("34200.004241176,1,16113575,18,585.3300,1,585.3300,18,1,585.9400,200,0,585.3000,150,0," +
            "585.9800,200,0", String.join(",", List.of(rows.get(1).split(",")).subList(0, 18)),
            "the new order is counted; seeded liquidity adds size only");

        final List<String> reference = Files.readAllLines(data(AAPL + "orderbook_10.csv"));
        // Row 0 equals LOBSTER's row 0 on all 10 levels (seed with message 0 undone, then message 0 applied).
        assertEquals(reference.get(0), asLobsterRow(rows.get(1), 10));
        // Top of book equals LOBSTER's for the first 100 rows (later rows can differ: deeper orders surface
        // without messages; the engine's reference tests handle that).
        for (int k = 0; k < 100; k++)
        {
            assertEquals(topOf(reference.get(k)), topOf(asLobsterRow(rows.get(k + 1), 10)), "row " + k);
        }

        final List<String> summary = errLines();
        assertEquals(1, summary.size(), err.toString());
        assertTrue(summary.get(0).contains("read 999 events, applied 934, unknown-order reductions 5, skipped 65"),
            summary.get(0));
        assertTrue(summary.get(0).contains("wrote 999 rows"), summary.get(0));
    }

    @Test
    void lobsterLevelOneDayWithoutSeedWritesBookChangesOnly() throws Exception
    {
        final Path csv = temp.resolve("amzn.csv");
        assertEquals(0, run("book-from-mbo", "--format", "LOBSTER", data(AMZN + "message_1.csv").toString(),
            "--depth", "1", "--out", csv.toString()), err.toString());
        final List<String> rows = Files.readAllLines(csv, StandardCharsets.US_ASCII);
        assertEquals(LOBSTER_COLUMNS + "," + LEVEL_0, rows.get(0));
        // The first message is a hidden execution (no row); the second adds a bid into an empty book.
        assertEquals("34200.189610000,1,11885113,21,223.8100,1,223.8100,21,1,,0,0", rows.get(1));
        assertEquals(57_515 - 2_445 + 1 - countNotApplied(), rows.size());
    }

    private long countNotApplied()
    {
        final String line = err.toString();
        final String marker = "not applicable ";
        final int at = line.indexOf(marker) + marker.length();
        return Long.parseLong(line.substring(at, line.indexOf(')', at)));
    }

    @Test
    void itchForOneSymbolToStdout() throws Exception
    {
        assertEquals(0, run("book-from-mbo", "--format", "itch", data(ITCH).toString(), "--symbol", "BOB",
            "--depth", "2"), err.toString());
        final List<String> rows = out.toString().lines().collect(java.util.stream.Collectors.toList());
        assertEquals("timestamp,type,order_ref,side,shares,price,stock,new_order_ref," + LEVEL_0 +
            ",bid_px_01,bid_sz_01,bid_ct_01,ask_px_01,ask_sz_01,ask_ct_01", rows.get(0));
        assertEquals("31139052372053,A,0,B,1000,5.3167,BOB,,5.3167,1000,1,,0,0,,0,0,,0,0", rows.get(1));
        assertEquals("31141354532167,A,100,B,1000,5.3167,BOB,,5.3167,2000,2,,0,0,,0,0,,0,0", rows.get(2));
        for (int i = 1; i < rows.size(); i++)
        {
            assertTrue(rows.get(i).contains(",BOB,"), rows.get(i));
        }
        assertEquals(1 + 3464, rows.size());
        assertTrue(err.toString().contains("read 12012 events, applied 3464"), err.toString());
    }

    @Test
    void databentoFileWithSymbolFilter() throws Exception
    {
        final Path file = temp.resolve("mbo.csv");
        Files.writeString(file, String.join("\n",
            "ts_recv,ts_event,rtype,publisher_id,instrument_id,action,side,price,size,channel_id,order_id,flags," +
                "ts_in_delta,sequence,symbol",
            "2,1,160,1,5602,R,N,,0,0,0,8,0,1,ESM4",
            "3,2,160,1,5602,A,B,5000.25,10,0,101,128,0,2,ESM4",
            "4,3,160,1,2,A,B,18000,3,0,901,128,0,3,NQM4",
            "5,4,160,1,5602,A,A,5000.5,4,0,201,128,0,4,ESM4",
            "6,5,160,1,5602,T,A,5000.25,6,0,0,0,0,5,ESM4",
            "6,5,160,1,5602,F,B,5000.25,6,0,101,0,0,6,ESM4",
            "6,5,160,1,5602,C,B,5000.25,6,0,101,128,0,7,ESM4",
            "7,6,160,1,5602,T,N,5000.375,2,0,0,128,0,8,ESM4",
            "8,7,160,1,5602,C,A,5000.5,1,0,777,128,0,9,ESM4",
            ""));
        assertEquals(0, run("book-from-mbo", "--format", "databento", file.toString(), "--symbol", "ESM4",
            "--depth", "1"), err.toString());
        final List<String> rows = out.toString().lines().collect(java.util.stream.Collectors.toList());
        assertEquals(List.of(
            "ts_event,action,side,price,size,order_id,symbol," + LEVEL_0,
            "1,R,N,,0,0,ESM4,,0,0,,0,0",
            "2,A,B,5000.250000000,10,101,ESM4,5000.250000000,10,1,,0,0",
            "4,A,A,5000.500000000,4,201,ESM4,5000.250000000,10,1,5000.500000000,4,1",
            "5,C,B,5000.250000000,6,101,ESM4,5000.250000000,4,1,5000.500000000,4,1",
            "7,C,A,5000.500000000,1,777,ESM4,5000.250000000,4,1,5000.500000000,3,1"), rows);
        assertTrue(err.toString().contains("read 9 events, applied 5, unknown-order reductions 1, skipped 4 " +
            "(no book change 3, other instruments 1, not applicable 0)"), err.toString());
    }

    @Test
    void malformedInputIsOneLineWithFileAndLineNumber() throws Exception
    {
        final Path file = temp.resolve("bad.csv");
        Files.writeString(file, "34200.1,1,1,100,1000000,1\n34200.2,1,2,100,1000000\n");
        assertEquals(1, run("book-from-mbo", "--format", "lobster", file.toString(), "--depth", "1",
            "--out", temp.resolve("o.csv").toString()));
        assertEquals(List.of("ringbook book-from-mbo: " + file + ", line 2: expected 6 comma-separated fields " +
            "(Time,Type,OrderID,Size,Price,Direction), found 5"), errLines());
    }

    @Test
    void missingFileIsOneLine()
    {
        final Path missing = temp.resolve("missing.csv");
        assertEquals(1, run("book-from-mbo", "--format", "databento", missing.toString(), "--depth", "3"));
        assertEquals(List.of("ringbook book-from-mbo: cannot read " + missing + ": no such file"), errLines());
        assertEquals("", out.toString());
    }

    @Test
    void binaryGarbageAsItchIsOneLine() throws Exception
    {
        final Path file = temp.resolve("x.itch");
        Files.write(file, new byte[]{ 0, 0, 'S', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'O', 0, 0, 'Z', 1 });
        assertEquals(1, run("book-from-mbo", "--format", "itch", file.toString(), "--depth", "1", "--out",
            temp.resolve("o.csv").toString()));
        assertEquals(List.of("ringbook book-from-mbo: " + file + ", message 2 at byte offset 14: unknown " +
            "message type 0x5a and no length prefix, so the next message cannot be found"), errLines());
    }

    @Test
    void usageErrorsAreOneLineAndExitTwo() throws Exception
    {
        final String lobster = data(AAPL + "message_10.csv").toString();
        final String[][] cases = {
            { "--format", "csv", lobster, "--depth", "1" },
            { "--format", "lobster", lobster, "--depth", "0" },
            { "--format", "lobster", lobster, "--depth", "101" },
            { "--format", "lobster", lobster, "--depth", "1", "--symbol", "AAPL" },
            { "--format", "itch", lobster, "--depth", "1", "--seed-book", lobster },
            { "--format", "itch", lobster, "--depth", "1", "--symbol", "TOOLONGSYM" },
            { "--format", "lobster", lobster },
            { "--format", "lobster", "--depth", "1" },
        };
        for (final String[] args : cases)
        {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            final String[] full = new String[args.length + 1];
            full[0] = "book-from-mbo";
            System.arraycopy(args, 0, full, 1, args.length);
            assertEquals(2, run(full), String.join(" ", args) + ": " + err);
            final List<String> lines = errLines();
            assertEquals(1, lines.size(), String.join(" ", args) + ": " + err);
            assertTrue(lines.get(0).startsWith("ringbook: ") &&
                lines.get(0).endsWith("(see 'ringbook book-from-mbo --help')"), lines.get(0));
        }
    }

    /** Our row's book columns in LOBSTER's order-book layout: AskPrice1,AskSize1,BidPrice1,BidSize1,... */
    private static String asLobsterRow(final String row, final int levels)
    {
        final String[] f = row.split(",", -1);
        final StringBuilder text = new StringBuilder();
        for (int level = 0; level < levels; level++)
        {
            final int at = 6 + level * 6;
            if (level > 0)
            {
                text.append(',');
            }
            text.append(lobsterPrice(f[at + 3], 9_999_999_999L)).append(',').append(f[at + 4]).append(',')
                .append(lobsterPrice(f[at], -9_999_999_999L)).append(',').append(f[at + 1]);
        }
        return text.toString();
    }

    private static long lobsterPrice(final String decimal, final long empty)
    {
        return decimal.isEmpty() ? empty : new java.math.BigDecimal(decimal).movePointRight(4).longValueExact();
    }

    private static String topOf(final String lobsterRow)
    {
        return String.join(",", List.of(lobsterRow.split(",")).subList(0, 4));
    }

    /** The shared data, read in place: see the engine tests' SharedData for the lookup order. */
    private static Path data(final String relative)
    {
        final List<Path> tried = new ArrayList<>();
        final String property = System.getProperty("ringbook.shared.dir");
        if (property != null)
        {
            tried.add(Path.of(property));
        }
        final String root = System.getProperty("ringbook.root.dir");
        if (root != null)
        {
            tried.add(Path.of(root).resolve("../shared"));
        }
        tried.add(Path.of("../shared"));
        tried.add(Path.of("../../shared"));
        for (final Path shared : tried)
        {
            final Path candidate = shared.resolve("data").resolve(relative);
            if (Files.isReadable(candidate))
            {
                return candidate.toAbsolutePath().normalize();
            }
        }
        return fail("shared test data 'data/" + relative + "' not found; looked under " + tried +
            " (set -Dringbook.shared.dir to the directory that holds data/)");
    }
}
