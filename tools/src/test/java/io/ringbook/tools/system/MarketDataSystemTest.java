package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real processes, real multicast on loopback: the engine as one JVM publishing market data, and two subscriber JVMs
 * ({@code ringbook tail}), one there from the start and one that joins in the middle of the order flow (so it starts
 * from snapshots). After a random order flow from two sessions, each subscriber's book of every instrument has the
 * levels of the engine's book, which the test rebuilds from the engine's journal after it stops: same levels hash.
 */
@Tag("system")
class MarketDataSystemTest
{
    private static final long TAIL_SECONDS = 24;

    @TempDir
    Path dir;

    @Test
    void subscribersBuildTheEnginesBooksOneFromTheStartOneLate() throws Exception
    {
        final int port = SystemTests.freeUdpPort();
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port);
        FeedChecks.appendJournal(config);
        final long seed = System.nanoTime();
        System.out.println("MarketDataSystemTest seed " + seed);
        final Random random = new Random(seed);
        final List<String> tailArgs = List.of("tail", "--config", config.toString(), "--quiet", "--books-at-exit");

        try (EngineProcess engine = EngineProcess.start(config);
            MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName()))
        {
            engine.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
            final List<String> early = new ArrayList<>(tailArgs);
            early.addAll(List.of("--duration", String.valueOf(TAIL_SECONDS)));
            try (EngineProcess first = EngineProcess.startCli(early))
            {
                first.awaitStdout("joined", SystemTests.PROCESS_TIMEOUT_MS);
                final long startNs = System.nanoTime();
                FeedChecks.trade(aeron, port, random, 4_000);
                final List<String> late = new ArrayList<>(tailArgs);
                late.addAll(List.of("--duration", String.valueOf(TAIL_SECONDS - 8)));
                try (EngineProcess second = EngineProcess.startCli(late))
                {
                    second.awaitStdout("joined", SystemTests.PROCESS_TIMEOUT_MS);
                    FeedChecks.trade(aeron, port, random, 4_000);
                    final long leftMs = TAIL_SECONDS * 1000 + SystemTests.PROCESS_TIMEOUT_MS -
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
                    assertEquals(0, first.awaitExit(leftMs), first::describe);
                    assertEquals(0, second.awaitExit(SystemTests.PROCESS_TIMEOUT_MS), second::describe);
                    assertEquals(0, engine.terminate(SystemTests.PROCESS_TIMEOUT_MS), engine::describe);

                    final Map<String, String> expected = FeedChecks.journalBooks(engineDir.resolve("journal"));
                    assertEquals(2, expected.size(), expected::toString);
                    System.out.println("MarketDataSystemTest engine books " + expected);
                    System.out.println("MarketDataSystemTest first: " + FeedChecks.last(first.stdoutLines()));
                    System.out.println("MarketDataSystemTest late: " + FeedChecks.last(second.stdoutLines()));
                    assertEquals(expected, FeedChecks.tailBooks(first.stdoutLines()), first::describe);
                    assertEquals(expected, FeedChecks.tailBooks(second.stdoutLines()), second::describe);
                    assertTrue(second.stdoutLines().stream().anyMatch(line -> line.contains("snapshots applied")),
                        second::describe);
                }
            }
        }
    }
}
