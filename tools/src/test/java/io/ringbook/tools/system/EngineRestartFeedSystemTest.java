package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.ringbook.engine.telemetry.TelemetryReader;
import io.ringbook.tools.feed.PublisherFeed;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine stops (SIGTERM) and starts again on the same journal while a {@code ringbook tail} keeps running: the
 * new run recovers from the journal and starts its feed with a {@code ChannelReset} (sequences and rptSeqs restart),
 * then fresh books. The subscriber drops its books, takes them again from the new run's snapshots, follows the orders
 * after the restart, and ends with the books of a replay of the whole journal.
 */
@Tag("system")
class EngineRestartFeedSystemTest
{
    @TempDir
    Path dir;

    /** How the subscriber spends the restart. */
    enum Pause
    {
        /** Reading throughout. */
        NONE,
        /** SIGSTOPped just before the old run stops, SIGCONTed after the new run has traded for a second. */
        ACROSS_RESTART,
        /**
         * SIGSTOPped seconds before the old run stops with no orders flowing, so that what waits in its sockets is
         * mostly the old run's snapshot loop; SIGCONTed after the new run has traded for a second. Probes a snapshot
         * of the old run being applied after the client has noticed the new run (its rptSeq then is far above the
         * new run's, which restart at 0).
         */
        IDLE_BEFORE_STOP
    }

    @Test
    void subscriberFollowsTheEngineThroughARestart() throws Exception
    {
        run(Pause.NONE);
    }

    /**
     * The same, with the subscriber SIGSTOPped from before the engine stops until the new run has published for a
     * while: when it goes on, its driver holds the old run's last packets and the new run's together.
     */
    @Test
    void subscriberPausedAcrossTheRestartFollowsTheNewRun() throws Exception
    {
        run(Pause.ACROSS_RESTART);
    }

    @Test
    void subscriberPausedWhileIdleAcrossTheRestartFollowsTheNewRun() throws Exception
    {
        run(Pause.IDLE_BEFORE_STOP);
    }

    /**
     * Waits, with a deadline, until the engine in {@code engineDir} has deferred {@code more} snapshot loop turns than
     * now (its {@code feed snapshots deferred} counter): turns that found the snapshot stream held up, here by a
     * stopped subscriber whose buffers are full of the snapshots sent before.
     */
    private static void awaitSnapshotsDeferred(final Path engineDir, final long more)
    {
        try (TelemetryReader telemetry = TelemetryReader.open(engineDir))
        {
            final int counterId = telemetry.findCounterId(PublisherFeed.SNAPSHOTS_DEFERRED_TYPE_ID);
            assertTrue(counterId >= 0, "a feed snapshots deferred counter in " + engineDir);
            final long target = telemetry.countersReader().getCounterValue(counterId) + more;
            Await.until("the engine to defer " + more + " more snapshots", SystemTests.TIMEOUT_MS, () -> { },
                () -> telemetry.countersReader().getCounterValue(counterId) >= target);
        }
    }

    private void run(final Pause pause) throws Exception
    {
        final int port = SystemTests.freeUdpPort();
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port);
        FeedChecks.appendJournal(config);
        final long seed = System.nanoTime();
        System.out.println("EngineRestartFeedSystemTest seed " + seed + " pause " + pause);
        final Random random = new Random(seed);
        final Map<String, String> beforeRestart;
        final List<String> tailLines;

        try (MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName());
            EngineProcess first = EngineProcess.start(config))
        {
            // The tail joins the first run after its ChannelReset: the only reset it can see is the restart's.
            first.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
            try (EngineProcess tail = EngineProcess.startCli(
                List.of("tail", "--config", config.toString(), "--quiet", "--books-at-exit")))
            {
                tail.awaitStdout("joined", SystemTests.PROCESS_TIMEOUT_MS);
                FeedChecks.trade(aeron, port, random, 3_000);
                FeedChecks.awaitLive(tail, SystemTests.PROCESS_TIMEOUT_MS, "ABC", "XYZ");
                boolean stopped = false;
                try
                {
                    if (pause != Pause.NONE)
                    {
                        tail.signal("STOP");
                        stopped = true;
                    }
                    if (pause == Pause.IDLE_BEFORE_STOP)
                    {
                        // The old run's snapshot loop fills the stopped tail's buffers until the stream is held up:
                        // wait until it has deferred 100 turns (about 1 s of the 10 ms loop). Kept short: a JVM
                        // stopped for more than 10 s loses its Aeron client to the conductor's service timeout.
                        awaitSnapshotsDeferred(engineDir, 100);
                    }
                    assertEquals(0, first.terminate(SystemTests.PROCESS_TIMEOUT_MS), first::describe);
                    beforeRestart = FeedChecks.journalBooks(engineDir.resolve("journal"));
                    try (EngineProcess second = EngineProcess.start(config))
                    {
                        second.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
                        if (stopped)
                        {
                            if (pause == Pause.ACROSS_RESTART)
                            {
                                FeedChecks.trade(aeron, port, random, 1_000);
                            }
                            stopped = false;
                            tail.signal("CONT");
                        }
                        FeedChecks.trade(aeron, port, random, 3_000);
                        // The old run's image, which a stopped tail saw no end of, times out later (Aeron's image
                        // liveness, 10 s); the client follows the new run's session by then and ignores it.
                        FeedChecks.awaitLive(tail, SystemTests.PROCESS_TIMEOUT_MS, "ABC", "XYZ");
                        assertEquals(0, tail.terminate(SystemTests.PROCESS_TIMEOUT_MS), tail::describe);
                        assertEquals(0, second.terminate(SystemTests.PROCESS_TIMEOUT_MS), second::describe);
                    }
                }
                finally
                {
                    if (stopped)
                    {
                        tail.signal("CONT");
                    }
                }
                tailLines = tail.stdoutLines();
            }
        }

        final Map<String, String> expected = FeedChecks.journalBooks(engineDir.resolve("journal"));
        assertEquals(2, expected.size(), expected::toString);
        final FeedChecks.TailStats stats = FeedChecks.stats(tailLines);
        System.out.println("EngineRestartFeedSystemTest books before the restart " + beforeRestart);
        System.out.println("EngineRestartFeedSystemTest engine books " + expected);
        tailLines.stream().filter(line -> !line.startsWith("bid ") && !line.startsWith("ask "))
            .forEach(line -> System.out.println("EngineRestartFeedSystemTest tail> " + line));
        assertEquals(expected, FeedChecks.tailBooks(tailLines), String.join("\n", tailLines));
        assertTrue(stats.snapshotsApplied() >= 4, "books taken again after the restart: " + stats);
        if (pause == Pause.NONE)
        {
            assertEquals(1, stats.resets(), "one ChannelReset: " + stats);
            assertEquals(1, FeedChecks.count(tailLines, "channel reset"), String.join("\n", tailLines));
        }
        else
        {
            // Stopped, its driver answered the new run's publication with no status message, so the publisher may
            // have offered the ChannelReset to nobody (NOT_CONNECTED: dropped); the tail then joins the new image
            // mid-stream and must notice the new run by a stream sequence gap or the old image's loss.
            assertTrue(stats.resets() + stats.streamGaps() + stats.imagesLost() > 0, "new run noticed: " + stats);
        }
    }
}
