package io.ringbook.tools.system;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringbook demo} for a bounded time, as a user runs it (the shipped configs, with free ports so it can run
 * beside anything): its simulated traders trade, its gateway serves a WebSocket client a consistent book (every
 * update id and checksum right, and the book at the last diff is the engine's at that sequence, from the journal),
 * and it stops cleanly, leaving a journal that {@code ringbook verify} accepts. With {@code --flow}, the AMZN day of
 * {@code ../shared/data} is played as orders too, and trades under LOBSTER's own order ids.
 */
@Tag("system")
class DemoSystemTest
{
    private static final Pattern URL = Pattern.compile("web page\\s+http://localhost:(\\d+)/");
    private static final Pattern RATES = Pattern.compile("orders\\s+(\\d+)/s\\s+trades\\s+(\\d+)/s");

    @TempDir
    Path dir;

    @Test
    void theDemoTradesServesAConsistentBookAndLeavesAJournalThatVerifies() throws Exception
    {
        final String root = System.getProperty("ringbook.root.dir", "..");
        final Path engineConfig = Files.writeString(dir.resolve("engine.yaml"),
            Files.readString(Path.of(root, "config", "engine.yaml"))
                .replace("localhost:40100", "localhost:" + SystemTests.freeUdpPort())
                .replace("224.0.1.1:40456", "224.0.1.1:" + SystemTests.freeUdpPort())
                .replace("224.0.1.1:40457", "224.0.1.1:" + SystemTests.freeUdpPort()));
        final String engineText = Files.readString(engineConfig);
        final Path gatewayConfig = Files.writeString(dir.resolve("gateway.yaml"),
            Files.readString(Path.of(root, "config", "gateway.yaml"))
                .replace("httpPort: 8080", "httpPort: 0")
                .replace("binaryPort: 8081", "binaryPort: 0")
                .replace("aeron:udp?endpoint=224.0.1.1:40456|interface=localhost|ttl=0", channel(engineText, 0))
                .replace("aeron:udp?endpoint=224.0.1.1:40457|interface=localhost|ttl=0", channel(engineText, 1)));
        final Path demoDir = dir.resolve("demo");
        final Path amzn = Path.of(root, "..", "shared", "data", "lobster_AMZN_2012-06-21_L1",
            "AMZN_2012-06-21_34200000_57600000_message_1.csv").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(amzn), "the AMZN day in ../shared/data: " + amzn);

        try (EngineProcess demo = EngineProcess.startCli(List.of("demo", "--config", engineConfig.toString(),
            "--gateway-config", gatewayConfig.toString(), "--dir", demoDir.toString(), "--duration", "20",
            "--rate", "400", "--flow", "lobster:" + amzn, "--flow-speed", "300")))
        {
            demo.awaitStdout("web page", 120_000);
            final int httpPort = port(demo);
            try (WsBookClient client = WsBookClient.connect("demo-client", httpPort, 0))
            {
                Await.until("welcome", SystemTests.TIMEOUT_MS, () -> { }, () -> client.welcome != null);
                client.subscribe("AAPL", 10, 100);
                Await.until(() -> "AAPL diffs: " + client, 30_000, () -> { },
                    () -> client.books.containsKey("AAPL") && client.books.get("AAPL").diffs >= 20);
                assertEquals(0, demo.awaitExit(120_000), demo::describe);
                final WsBookClient.Book book = client.books.get("AAPL");
                System.out.println("DemoSystemTest " + client);
                assertEquals(List.of(), client.problems, client::toString);
                assertEquals(0, book.checksumFailures + book.continuityFailures);

                final List<String> lines = demo.stdoutLines();
                long trades = 0;
                for (final String line : lines)
                {
                    final Matcher matcher = RATES.matcher(line);
                    if (matcher.find())
                    {
                        trades += Long.parseLong(matcher.group(2));
                    }
                }
                System.out.println("DemoSystemTest demo output:\n" + String.join("\n", lines));
                assertTrue(trades > 0, "the simulated traders traded");
                assertTrue(lines.stream().anyMatch(line -> line.contains("journal is in")), demo::describe);

                final Path journal = demoDir.resolve("engine").resolve("journal");
                final String expected = FeedChecks.journalLevels(journal, 10, book.seq).get("AAPL");
                assertEquals(expected, book.describe(10), "the client's book is the engine's at sequence " + book.seq);
                try (EngineProcess verify = EngineProcess.startCli(List.of("verify", "--journal", journal.toString())))
                {
                    assertEquals(0, verify.awaitExit(120_000), verify::describe);
                }

                // The LOBSTER flow: AMZN orders from mm2 with LOBSTER's order ids, traded by taker2's IOC orders.
                final Path amznTrades = dir.resolve("amzn-trades.csv");
                try (EngineProcess export = EngineProcess.startCli(List.of("export", "--journal", journal.toString(),
                    "--what", "trades", "--symbol", "AMZN", "--out", amznTrades.toString())))
                {
                    assertEquals(0, export.awaitExit(120_000), export::describe);
                }
                final List<String> rows = Files.readAllLines(amznTrades);
                final long fromFlow = rows.stream().skip(1).map(row -> row.split(","))
                    .filter(row -> "2".equals(row[8]) && "4".equals(row[11])).count();
                System.out.println("DemoSystemTest AMZN trades " + (rows.size() - 1) + ", from the LOBSTER flow " +
                    fromFlow + "; first " + (rows.size() > 1 ? rows.get(1) : "none"));
                assertTrue(fromFlow > 10, "AMZN trades between mm2's LOBSTER orders and taker2: " + fromFlow);
                assertTrue(rows.stream().anyMatch(row -> row.contains(",11885113,")),
                    "LOBSTER's first order (id 11885113) traded, under its own id");
            }
        }
    }

    /**
     * @return the engine config's incremental (0) or snapshot (1) channel.
     */
    private static String channel(final String engineConfig, final int which)
    {
        final Matcher matcher = Pattern.compile("(aeron:udp\\?endpoint=224\\.0\\.1\\.1:\\d+\\|interface=localhost\\|ttl=0)")
            .matcher(engineConfig);
        for (int i = 0; i <= which; i++)
        {
            assertTrue(matcher.find(), "channel " + which + " in the engine config");
        }
        return matcher.group(1);
    }

    private static int port(final EngineProcess demo)
    {
        for (final String line : demo.stdoutLines())
        {
            final Matcher matcher = URL.matcher(line);
            if (matcher.find())
            {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new AssertionError("no web page URL: " + demo.describe());
    }
}
