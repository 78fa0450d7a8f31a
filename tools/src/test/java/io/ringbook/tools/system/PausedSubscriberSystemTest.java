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
 * A subscriber that stops reading for seconds during a heavy order flow: a {@code ringbook tail} JVM (its embedded
 * media driver with it) is SIGSTOPped while the engine keeps publishing on an incremental stream with a small term
 * (64 KiB, so the publisher keeps far less than what the pause misses and Aeron cannot repair it by retransmission),
 * then SIGCONTed. It must notice the loss (a stream sequence gap or the image going away), recover from the snapshot
 * stream, and end with the engine's books (replayed from its journal).
 */
@Tag("system")
class PausedSubscriberSystemTest
{
    private static final long PAUSE_MS = 6_000;

    @TempDir
    Path dir;

    @Test
    void pausedSubscriberRecoversFromSnapshots() throws Exception
    {
        final int port = SystemTests.freeUdpPort();
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port,
            SystemTests.multicastChannel(SystemTests.freeUdpPort()) + "|term-length=64k",
            SystemTests.multicastChannel(SystemTests.freeUdpPort()));
        FeedChecks.appendJournal(config);
        final long seed = System.nanoTime();
        System.out.println("PausedSubscriberSystemTest seed " + seed);
        final Random random = new Random(seed);

        try (EngineProcess engine = EngineProcess.start(config);
            MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName()))
        {
            engine.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
            try (EngineProcess tail = EngineProcess.startCli(
                List.of("tail", "--config", config.toString(), "--quiet", "--books-at-exit")))
            {
                tail.awaitStdout("joined", SystemTests.PROCESS_TIMEOUT_MS);
                FeedChecks.trade(aeron, port, random, 1_500);
                FeedChecks.awaitLive(tail, SystemTests.PROCESS_TIMEOUT_MS, "ABC", "XYZ");

                tail.signal("STOP");
                try
                {
                    FeedChecks.trade(aeron, port, random, PAUSE_MS);
                }
                finally
                {
                    tail.signal("CONT");
                }
                FeedChecks.trade(aeron, port, random, 2_000);
                FeedChecks.awaitLive(tail, SystemTests.PROCESS_TIMEOUT_MS, "ABC", "XYZ");

                final FeedChecks.TailStats stats = FeedChecks.stopAndCheckBooks("PausedSubscriberSystemTest", tail, engine, engineDir);
                assertTrue(stats.anyGaps() > 0, "the pause was noticed: " + stats);
                assertTrue(stats.snapshotsApplied() > 2, "recovered from snapshots after the first two: " + stats);
                assertTrue(FeedChecks.count(tail.stdoutLines(), "stale ") > 0, tail::describe);
            }
        }
    }
}
