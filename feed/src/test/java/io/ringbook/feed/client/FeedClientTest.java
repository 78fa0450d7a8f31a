package io.ringbook.feed.client;

import io.aeron.Aeron;
import io.aeron.Publication;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.ringbook.feed.book.FeedBook.BID;
import static io.ringbook.feed.book.FeedBook.NEW;
import static io.ringbook.feed.client.TestPackets.level;
import static io.ringbook.feed.client.TestPackets.levels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * FeedClient over a real embedded media driver on aeron:ipc: packets published on two publications build the
 * book, and closing the incremental publication (its image goes away) makes every instrument stale.
 */
class FeedClientTest
{
    private static final String CHANNEL = "aeron:ipc";
    private static final int INCREMENTAL_STREAM = 1200;
    private static final int SNAPSHOT_STREAM = 1201;
    private static final long TIMEOUT_MS = 10_000;

    @TempDir
    Path dir;

    private MediaDriver driver;
    private Aeron aeron;
    private FeedClient client;
    private final FeedHandlerTest.Recorder recorder = new FeedHandlerTest.Recorder();
    private final IdleStrategy idle = new BackoffIdleStrategy();

    @BeforeEach
    void start()
    {
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("aeron").toString())
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy())
            .publicationLingerTimeoutNs(TimeUnit.MILLISECONDS.toNanos(100))
            .timerIntervalNs(TimeUnit.MILLISECONDS.toNanos(10))
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        client = new FeedClient(aeron, new FeedClient.Context()
            .incrementalChannel(CHANNEL)
            .incrementalStreamId(INCREMENTAL_STREAM)
            .snapshotChannel(CHANNEL)
            .snapshotStreamId(SNAPSHOT_STREAM)
            .trackOrders(true)
            .listener(recorder));
    }

    @AfterEach
    void stop()
    {
        CloseHelper.closeAll(client, aeron, driver);
    }

    @Test
    void buildsTheBookAndGoesStaleWhenTheIncrementalImageIsLost()
    {
        final TestPackets packets = new TestPackets();
        final Publication incremental = aeron.addExclusivePublication(CHANNEL, INCREMENTAL_STREAM);
        final Publication snapshot = aeron.addExclusivePublication(CHANNEL, SNAPSHOT_STREAM);
        await("publications connected", () -> incremental.isConnected() && snapshot.isConnected());

        offer(incremental, packets.begin(1, true).bookUpdate(level(7, BID, NEW, 99, 2, 1, 2)).end());
        offer(snapshot, packets.begin(1, true).definition(7, "SEVEN", 0, 1).end());
        offer(snapshot, packets.begin(2, true).snapshot(7, 1, 0, 1, levels(100, 1, 1), levels(), List.of()).end());
        await("instrument 7 live", () -> client.isLive(7));
        offer(incremental, packets.begin(2, true).bookUpdate(level(7, BID, NEW, 98, 3, 1, 3)).end());
        await("update applied", () -> client.book(7).levels(BID) == 3);

        assertEquals("bid 100x1 bid 99x2 bid 98x3 |", FeedHandlerTest.levelsOf(client.book(7)));
        assertEquals(
            List.of("instrument 7 SEVEN", "live 7", "book 7 bid 100x1 bid 99x2 |", "book 7 bid 100x1 bid 99x2 bid 98x3 |"),
            recorder.take());

        incremental.close();
        await("instrument 7 stale", () -> !client.isLive(7));
        assertEquals(1, client.handler().imagesLost());
        assertEquals(List.of("stale 7 IMAGE_LOST"), recorder.take());
        assertTrue(client.isSnapshotConnected());
    }

    private void offer(final Publication publication, final byte[] packet)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        await("offer accepted", () -> publication.offer(buffer, 0, packet.length) > 0);
    }

    /**
     * Polls the client until the condition holds, failing after {@link #TIMEOUT_MS}.
     */
    private void await(final String what, final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        idle.reset();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                fail("timed out waiting for " + what);
            }
            idle.idle(client.poll(16));
        }
    }
}
