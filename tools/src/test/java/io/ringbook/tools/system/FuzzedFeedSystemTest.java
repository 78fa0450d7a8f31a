package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.ringbook.codecs.marketdata.MessageHeaderEncoder;
import io.ringbook.codecs.marketdata.PacketHeaderEncoder;
import io.ringbook.codecs.marketdata.TradeEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Garbage on the real incremental channel: while the engine publishes and a {@code ringbook tail} follows it, the
 * test adds its own publication on the same channel and stream id (from its own media driver, so the tail's
 * subscription gets it as a second image) and offers malformed packets: random bytes, a packet header whose messages
 * run past the packet, a message with a wrong schema, a truncated message. The tail counts them malformed, drops
 * them, goes stale and recovers from snapshots, and ends with the engine's books.
 */
@Tag("system")
class FuzzedFeedSystemTest
{
    @TempDir
    Path dir;

    @Test
    void malformedPacketsOnTheFeedAreCountedAndRecoveredFrom() throws Exception
    {
        final int port = SystemTests.freeUdpPort();
        final Path engineDir = dir.resolve("engine");
        final String incrementalChannel = SystemTests.multicastChannel(SystemTests.freeUdpPort());
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port,
            incrementalChannel, SystemTests.multicastChannel(SystemTests.freeUdpPort()));
        FeedChecks.appendJournal(config);
        final long seed = System.nanoTime();
        System.out.println("FuzzedFeedSystemTest seed " + seed);
        final Random random = new Random(seed);
        final AtomicLong fuzzed = new AtomicLong();

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

                try (Publication fuzz = aeron.addPublication(incrementalChannel, 200))
                {
                    Await.until("the fuzz publication to be connected to the tail", SystemTests.TIMEOUT_MS,
                        () -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)), fuzz::isConnected);
                    final AtomicBoolean running = new AtomicBoolean(true);
                    final Thread fuzzer = new Thread(() -> fuzz(fuzz, new Random(seed + 1), running, fuzzed),
                        "fuzzer");
                    fuzzer.start();
                    try
                    {
                        FeedChecks.trade(aeron, port, random, 3_000);
                    }
                    finally
                    {
                        running.set(false);
                        fuzzer.join(SystemTests.TIMEOUT_MS);
                    }
                }
                // The fuzz image goes away when its publication closes; the client takes that as a lost image.
                FeedChecks.trade(aeron, port, random, 2_000);
                FeedChecks.awaitLive(tail, SystemTests.PROCESS_TIMEOUT_MS, "ABC", "XYZ");
                assertEquals(0, tail.terminate(SystemTests.PROCESS_TIMEOUT_MS), tail::describe);
                assertEquals(0, engine.terminate(SystemTests.PROCESS_TIMEOUT_MS), engine::describe);

                final Map<String, String> expected = FeedChecks.journalBooks(engineDir.resolve("journal"));
                assertEquals(2, expected.size(), expected::toString);
                final FeedChecks.TailStats stats = FeedChecks.stats(tail.stdoutLines());
                System.out.println("FuzzedFeedSystemTest fuzz packets offered " + fuzzed.get());
                System.out.println("FuzzedFeedSystemTest engine books " + expected);
                System.out.println("FuzzedFeedSystemTest tail: " + FeedChecks.last(tail.stdoutLines()));
                assertEquals(expected, FeedChecks.tailBooks(tail.stdoutLines()), tail::describe);
                assertTrue(fuzzed.get() > 0, "fuzz packets sent");
                assertTrue(stats.malformed() > 0, "malformed packets counted: " + stats);
                assertTrue(stats.snapshotsApplied() > 2, "recovered from snapshots after the first two: " + stats);
            }
        }
    }

    /**
     * Offer malformed packets, a few hundred a second, until told to stop.
     */
    private static void fuzz(
        final Publication publication, final Random random, final AtomicBoolean running, final AtomicLong sent)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
        final MessageHeaderEncoder header = new MessageHeaderEncoder();
        final PacketHeaderEncoder packetHeader = new PacketHeaderEncoder();
        final int packetHeaderLength = MessageHeaderEncoder.ENCODED_LENGTH + PacketHeaderEncoder.BLOCK_LENGTH;
        while (running.get())
        {
            int length;
            switch (random.nextInt(4))
            {
                case 0:
                    // Random bytes.
                    length = 1 + random.nextInt(300);
                    for (int i = 0; i < length; i++)
                    {
                        buffer.putByte(i, (byte)random.nextInt(256));
                    }
                    break;

                case 1:
                    // A packet header announcing messages that are not there.
                    packetHeader.wrapAndApplyHeader(buffer, 0, header)
                        .streamSequence(random.nextInt(1_000_000))
                        .engineSequence(random.nextInt(1_000_000))
                        .sendingTimeNs(System.nanoTime())
                        .messageCount(1 + random.nextInt(5));
                    length = packetHeaderLength;
                    break;

                case 2:
                    // A packet header, then a message with another schema id.
                    packetHeader.wrapAndApplyHeader(buffer, 0, header)
                        .streamSequence(random.nextInt(1_000_000))
                        .engineSequence(random.nextInt(1_000_000))
                        .sendingTimeNs(System.nanoTime())
                        .messageCount(1);
                    new TradeEncoder().wrapAndApplyHeader(buffer, packetHeaderLength, header);
                    header.wrap(buffer, packetHeaderLength).schemaId(header.sbeSchemaId() + 1 + random.nextInt(100));
                    length = packetHeaderLength + MessageHeaderEncoder.ENCODED_LENGTH + TradeEncoder.BLOCK_LENGTH;
                    break;

                default:
                    // A packet header, then a message cut short.
                    packetHeader.wrapAndApplyHeader(buffer, 0, header)
                        .streamSequence(random.nextInt(1_000_000))
                        .engineSequence(random.nextInt(1_000_000))
                        .sendingTimeNs(System.nanoTime())
                        .messageCount(1);
                    new TradeEncoder().wrapAndApplyHeader(buffer, packetHeaderLength, header);
                    length = packetHeaderLength + MessageHeaderEncoder.ENCODED_LENGTH +
                        random.nextInt(TradeEncoder.BLOCK_LENGTH);
                    break;
            }
            if (publication.offer(buffer, 0, length) > 0)
            {
                sent.incrementAndGet();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2 + random.nextInt(10)));
        }
    }
}
