package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random packet loss on the subscriber's side (this kernel has no {@code tc netem}; Aeron's own loss generator in
 * the subscriber's media driver, {@code ringbook tail --loss-rate}): a {@code tail} JVM drops 10% of the data frames it
 * receives, on an incremental stream with a small term (64 KiB), under a steady order flow. Aeron repairs what its
 * retransmit window still holds; what it cannot, the client finds by sequence and takes again from snapshots. At the
 * end the subscriber's books equal the engine's (replayed from its journal).
 */
@Tag("system")
class RandomLossFeedSystemTest
{
    @TempDir
    Path dir;

    @Test
    void aSubscriberLosingATenthOfItsPacketsEndsWithTheEnginesBooks() throws Exception
    {
        final int port = SystemTests.freeUdpPort();
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port,
            SystemTests.multicastChannel(SystemTests.freeUdpPort()) + "|term-length=64k",
            SystemTests.multicastChannel(SystemTests.freeUdpPort()));
        FeedChecks.appendJournal(config);
        final long seed = System.nanoTime();
        System.out.println("RandomLossFeedSystemTest seed " + seed);
        final Random random = new Random(seed);

        try (EngineProcess engine = EngineProcess.start(config);
            MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName()))
        {
            engine.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
            try (EngineProcess tail = EngineProcess.startCli(List.of("tail", "--config", config.toString(),
                "--quiet", "--books-at-exit", "--loss-rate", "0.1", "--loss-seed", String.valueOf(seed))))
            {
                tail.awaitStdout("dropping 0.1 of the data frames", SystemTests.PROCESS_TIMEOUT_MS);
                tail.awaitStdout("joined", SystemTests.PROCESS_TIMEOUT_MS);
                FeedChecks.trade(aeron, port, random, 6_000);
                FeedChecks.awaitLive(tail, SystemTests.PROCESS_TIMEOUT_MS, "ABC", "XYZ");

                final FeedChecks.TailStats stats = FeedChecks.stopAndCheckBooks("RandomLossFeedSystemTest", tail, engine, engineDir);
                assertTrue(stats.snapshotsApplied() >= 2, "books taken from snapshots: " + stats);
            }
        }
    }
}
