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
 * and it stops cleanly, leaving a journal that {@code ringbook verify} accepts.
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

        try (EngineProcess demo = EngineProcess.startCli(List.of("demo", "--config", engineConfig.toString(),
            "--gateway-config", gatewayConfig.toString(), "--dir", demoDir.toString(), "--duration", "20",
            "--rate", "400")))
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
