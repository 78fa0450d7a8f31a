package io.ringbook.feed.client;

import io.ringbook.feed.book.FeedBook;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.ringbook.feed.book.FeedBook.ASK;
import static io.ringbook.feed.book.FeedBook.BID;
import static io.ringbook.feed.book.FeedBook.CHANGE;
import static io.ringbook.feed.book.FeedBook.DELETE;
import static io.ringbook.feed.book.FeedBook.NEW;
import static io.ringbook.feed.client.TestPackets.level;
import static io.ringbook.feed.client.TestPackets.levels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedHandlerTest
{
    private static final int A = 1;
    private static final int B = 2;

    private final TestPackets packets = new TestPackets();
    private final Recorder recorder = new Recorder();
    private FeedHandler handler = new FeedHandler(recorder, true, 64 * 1024);
    private long snapshotSequence = 1;

    @Test
    void snapshotThenIncrementalsBuildTheBook()
    {
        define(A, "AAA", 2);
        assertFalse(handler.isLive(A));
        assertEquals(List.of("instrument 1 AAA"), recorder.take());

        snapshot(A, 5, levels(100, 10, 1, 99, 4, 2), levels(101, 5, 1));
        assertTrue(handler.isLive(A));
        assertEquals(List.of("live 1", "book 1 bid 100x10 bid 99x4 | ask 101x5"), recorder.take());

        incremental(packets.begin(1, true).bookUpdate(
            level(A, BID, NEW, 98, 3, 1, 6),
            level(A, ASK, CHANGE, 101, 7, 2, 7),
            level(A, BID, DELETE, 100, 0, 0, 8)).end());
        assertEquals(List.of("book 1 bid 99x4 bid 98x3 | ask 101x7"), recorder.take());
        assertEquals(1, handler.snapshotsApplied());
        assertEquals(0, handler.streamSequenceGaps() + handler.rptSeqGaps() + handler.malformedPackets());
    }

    @Test
    void incrementalsBufferedBeforeTheSnapshotAreReplayed()
    {
        // incrementals arrive before anything is known: buffered
        incremental(packets.begin(1, true).bookUpdate(level(A, BID, NEW, 100, 10, 1, 5)).end());
        incremental(packets.begin(2, true).bookUpdate(level(A, BID, CHANGE, 100, 12, 2, 6)).end());
        define(A, "AAA", 1);
        incremental(packets.begin(3, true).bookUpdate(level(A, ASK, NEW, 105, 1, 1, 7))
            .trade(A, 8, 77, 100, 2).end());
        recorder.take();

        snapshot(A, 5, levels(100, 10, 1), levels());
        assertTrue(handler.isLive(A));
        assertEquals(
            List.of("trade 1 77 100x2", "live 1", "book 1 bid 100x12 | ask 105x1"),
            recorder.take());

        incremental(packets.begin(4, true).bookUpdate(level(A, ASK, DELETE, 105, 0, 0, 9)).end());
        assertEquals(List.of("book 1 bid 100x12 |"), recorder.take());
    }

    @Test
    void streamGapMakesEveryInstrumentStaleUntilFreshSnapshots()
    {
        twoLiveInstruments();

        incremental(packets.begin(1, true).bookUpdate(level(A, BID, NEW, 99, 1, 1, 2)).end());
        assertEquals(List.of("book 1 bid 100x1 bid 99x1 |"), recorder.take());

        // packet 2 is lost; packet 3 changes B
        incremental(packets.begin(3, true).bookUpdate(level(B, ASK, NEW, 201, 5, 1, 2)).end());
        assertEquals(List.of("stale 1 STREAM_GAP", "stale 2 STREAM_GAP"), recorder.take());
        assertEquals(1, handler.streamSequenceGaps());
        assertFalse(handler.isLive(A));
        assertFalse(handler.isLive(B));
        assertEquals("bid 100x1 bid 99x1 |", levelsOf(handler.book(A)), "a stale book is kept");

        // packet 2 held A rptSeq 3; the snapshot includes it
        snapshot(A, 3, levels(100, 1, 1, 99, 1, 1, 98, 8, 1), levels());
        snapshot(B, 1, levels(), levels(200, 2, 1));
        assertEquals(
            List.of("live 1", "book 1 bid 100x1 bid 99x1 bid 98x8 |", "live 2", "book 2 | ask 200x2 ask 201x5"),
            recorder.take(),
            "B's buffered packet 3 is replayed over its snapshot");
    }

    @Test
    void rptSeqGapMakesOnlyThatInstrumentStale()
    {
        twoLiveInstruments();

        incremental(packets.begin(1, true).bookUpdate(
            level(A, BID, NEW, 99, 1, 1, 3),
            level(B, ASK, NEW, 201, 1, 1, 2)).end());
        assertEquals(List.of("stale 1 RPT_SEQ_GAP", "book 2 | ask 200x2 ask 201x1"), recorder.take());
        assertEquals(1, handler.rptSeqGaps());
        assertFalse(handler.isLive(A));
        assertTrue(handler.isLive(B));

        incremental(packets.begin(2, true).bookUpdate(
            level(A, BID, NEW, 98, 1, 1, 4),
            level(B, ASK, DELETE, 200, 0, 0, 3)).end());
        assertEquals(List.of("book 2 | ask 201x1"), recorder.take(), "B keeps updating");

        snapshot(A, 3, levels(100, 1, 1, 99, 1, 1), levels());
        assertEquals(List.of("live 1", "book 1 bid 100x1 bid 99x1 bid 98x1 |"), recorder.take());
        assertEquals(0, handler.syncingCount());
    }

    @Test
    void duplicatesAreSkipped()
    {
        twoLiveInstruments();
        final byte[] packet = packets.begin(1, true).bookUpdate(level(A, BID, CHANGE, 100, 9, 3, 2)).end();
        incremental(packet);
        recorder.take();

        // a stale copy of an update already applied, in a later packet
        incremental(packets.begin(2, true).bookUpdate(level(A, BID, CHANGE, 100, 1, 1, 2)).end());
        assertEquals(List.of(), recorder.take());
        assertEquals(1, handler.duplicatesSkipped());
        assertTrue(handler.isLive(A));
        assertEquals("bid 100x9 |", levelsOf(handler.book(A)));
    }

    @Test
    void chunkedSnapshotIsAssembledInOrderOnly()
    {
        define(A, "AAA", 1);
        recorder.take();

        snapshotChunk(A, 9, 0, 3, levels(100, 1, 1), levels());
        snapshotChunk(A, 9, 2, 3, levels(), levels(103, 3, 1));
        assertFalse(handler.isLive(A), "chunk 1 missing: no book");

        snapshotChunk(A, 9, 1, 3, levels(99, 2, 1), levels());
        assertFalse(handler.isLive(A), "assembly restarted, so chunk 1 alone is out of order");

        snapshotChunk(A, 10, 0, 3, levels(100, 1, 1), levels());
        snapshotChunk(A, 11, 1, 3, levels(99, 2, 1), levels());
        assertFalse(handler.isLive(A), "chunks of another rptSeq do not mix");

        snapshotChunk(A, 12, 0, 3, levels(100, 1, 1), levels());
        snapshotChunk(A, 12, 1, 3, levels(99, 2, 1), levels(102, 2, 1));
        snapshotChunk(A, 12, 2, 3, levels(), levels(103, 3, 1));
        assertTrue(handler.isLive(A));
        assertEquals("bid 100x1 bid 99x2 | ask 102x2 ask 103x3", levelsOf(handler.book(A)));
        assertEquals(1, handler.snapshotsApplied());
    }

    @Test
    void snapshotOrdersAreLoadedInPriority()
    {
        define(A, "AAA", 1);
        snapshotChunk(A, 4, 0, 1, levels(100, 5, 2), levels(101, 1, 1), List.of(
            new TestPackets.SnapOrder(7, BID, 100, 2),
            new TestPackets.SnapOrder(3, BID, 100, 3),
            new TestPackets.SnapOrder(9, ASK, 101, 1)));
        incremental(packets.begin(1, true).orderEvent(A, 5, FeedBook.ORDER_DELETE, 7, BID, 100, 0).end());
        final List<Long> ids = new ArrayList<>();
        handler.book(A).forEachOrder((orderId, side, price, quantity) -> ids.add(orderId));
        assertEquals(List.of(3L, 9L), ids);
        assertEquals(0, handler.inconsistencies());
    }

    @Test
    void channelResetDropsEveryBook()
    {
        twoLiveInstruments();

        incremental(packets.begin(1, true).channelReset().end());
        assertEquals(List.of("stale 1 RESET", "stale 2 RESET", "reset"), recorder.take());
        assertEquals(0, handler.book(A).levels(BID));
        assertEquals(1, handler.resets());

        incremental(packets.begin(2, true).bookUpdate(level(A, BID, NEW, 50, 1, 1, 1)).end());
        snapshot(A, 0, levels(), levels());
        assertEquals(List.of("live 1", "book 1 bid 50x1 |"), recorder.take());
        assertEquals(0, handler.streamSequenceGaps(), "sequences restart after a reset");
    }

    @Test
    void aSnapshotOlderThanTheLastGapIsNotAppliedAndTheNextOneIs()
    {
        twoLiveInstruments();
        incremental(packets.begin(1, true).bookUpdate(level(A, BID, NEW, 50, 1, 1, 2)).end());
        // Packets 2 and 3 lost: packet 4 shows the gap; A and B go stale, and packets are buffered from 4 on.
        incremental(packets.begin(4, true).bookUpdate(level(A, BID, NEW, 60, 1, 1, 5)).end());
        recorder.take();
        assertEquals(1, handler.streamSequenceGaps());
        // A snapshot made after packet 1: the packets after it (2 and 3) are gone, so it cannot be brought up to date.
        snapshotPacket(packets.begin(snapshotSequence++, true).snapshot(
            A, 2, 0, 1, levels(100, 1, 1, 50, 1, 1), levels(), List.of(), 1, 1).end());
        assertEquals(1, handler.snapshotsTooOld());
        assertFalse(handler.isLive(A));
        // One made after packet 4 (rptSeq 5): used.
        snapshotPacket(packets.begin(snapshotSequence++, true).snapshot(
            A, 5, 0, 1, levels(100, 1, 1, 60, 1, 1, 50, 1, 1), levels(), List.of(), 1, 4).end());
        assertTrue(handler.isLive(A));
        assertEquals(1, handler.snapshotsTooOld());
        assertEquals("bid 100x1 bid 60x1 bid 50x1 |", levelsOf(handler.book(A)));
    }

    @Test
    void aSnapshotOfThePreviousEngineRunIsIgnoredAfterAChannelReset()
    {
        twoLiveInstruments();
        // The engine restarted having recovered to sequence 500: sequences restart.
        incremental(packets.begin(1, true).channelReset(500).end());
        recorder.take();
        incremental(packets.begin(2, true).bookUpdate(level(A, BID, NEW, 50, 1, 1, 1)).end());
        // The old run's snapshot of A, still in flight: older engine sequence, high rptSeq and stream sequence.
        snapshotPacket(packets.begin(1, true).snapshot(
            A, 9_000, 0, 1, levels(100, 5, 1), levels(), List.of(), 480, 70_000).end());
        assertEquals(1, handler.staleSnapshotsIgnored());
        assertFalse(handler.isLive(A));
        // Same engine sequence as the reset but naming an incremental packet this run has not sent: not this run's.
        snapshotPacket(packets.begin(2, true).snapshot(
            A, 9_000, 0, 1, levels(100, 5, 1), levels(), List.of(), 500, 70_000).end());
        assertEquals(2, handler.staleSnapshotsIgnored());
        assertFalse(handler.isLive(A));
        // This run's snapshot: from the recovered state, rptSeq 0, before incremental packet 2.
        snapshotPacket(packets.begin(3, true).snapshot(
            A, 0, 0, 1, levels(), levels(), List.of(), 500, 1).end());
        assertTrue(handler.isLive(A));
        assertEquals(List.of("live 1", "book 1 bid 50x1 |"), recorder.take());
    }

    @Test
    void booksAreShownOnlyAtEndOfEvent()
    {
        twoLiveInstruments();
        recorder.checkConsistent = true;

        // one event split over two packets: the levels move as a pair, only the second packet ends the event
        incremental(packets.begin(1, false).bookUpdate(level(A, BID, DELETE, 100, 0, 0, 2)).end());
        assertEquals(List.of(), recorder.take());
        incremental(packets.begin(2, true).bookUpdate(level(A, BID, NEW, 101, 1, 1, 3)).end());
        assertEquals(List.of("book 1 bid 101x1 |"), recorder.take());

        // an instrument that syncs mid-event is shown at the end of that event, not before
        incremental(packets.begin(3, false).bookUpdate(
            level(A, BID, DELETE, 101, 0, 0, 4),
            level(B, ASK, DELETE, 200, 0, 0, 3)).end());
        assertEquals(List.of("stale 2 RPT_SEQ_GAP"), recorder.take());
        snapshot(B, 2, levels(), levels(200, 2, 1));
        assertEquals(List.of(), recorder.take(), "B's book has half an event: not shown");
        incremental(packets.begin(4, true).bookUpdate(
            level(A, BID, NEW, 102, 1, 1, 5),
            level(B, ASK, NEW, 199, 2, 1, 4)).end());
        assertEquals(List.of("book 1 bid 102x1 |", "live 2", "book 2 | ask 199x2"), recorder.take());
    }

    @Test
    void fullBufferDropsTheOldestAndRecoveryWaitsForANewerSnapshot()
    {
        handler = new FeedHandler(recorder, false, 512);
        define(A, "AAA", 1);
        for (int i = 1; i <= 50; i++)
        {
            incremental(packets.begin(i, true).bookUpdate(level(A, BID, i == 1 ? NEW : CHANGE, 100, i, 1, i)).end());
        }
        assertTrue(handler.bufferOverflows() > 0);

        snapshot(A, 1, levels(100, 1, 1), levels());
        assertFalse(handler.isLive(A), "updates after rptSeq 1 were dropped from the buffer: a gap");

        snapshot(A, 45, levels(100, 45, 1), levels());
        assertTrue(handler.isLive(A));
        assertEquals("bid 100x50 |", levelsOf(handler.book(A)));
    }

    @Test
    void definitionOnTheIncrementalStreamAddsAnInstrument()
    {
        twoLiveInstruments();
        incremental(packets.begin(1, true).definition(3, "CCC", 1, 3).end());
        assertEquals(List.of("instrument 3 CCC"), recorder.take());
        assertEquals(3, handler.instrumentCount());
        assertFalse(handler.isLive(3));
        assertEquals(0, handler.book(3).levels(BID));
        assertNull(handler.book(4));

        incremental(packets.begin(2, true).bookUpdate(level(3, ASK, NEW, 10, 1, 1, 2)).end());
        snapshot(3, 1, levels(), levels());
        assertEquals(List.of("live 3", "book 3 | ask 10x1"), recorder.take());
    }

    @Test
    void malformedPacketsAreDroppedWholeAndCountAsAGap()
    {
        twoLiveInstruments();
        final byte[] good = packets.begin(1, true).bookUpdate(level(A, BID, NEW, 99, 1, 1, 2)).end();

        final byte[] countTooHigh = good.clone();
        countTooHigh[8 + 24] = 2;
        incremental(countTooHigh);
        assertEquals(List.of("stale 1 MALFORMED_PACKET", "stale 2 MALFORMED_PACKET"), recorder.take());

        final byte[] truncated = java.util.Arrays.copyOf(good, good.length - 1);
        incremental(truncated);
        final byte[] badSchema = good.clone();
        badSchema[4] = 9;
        incremental(badSchema);
        final byte[] unknownTemplate = good.clone();
        unknownTemplate[8 + 27 + 2] = 99;
        incremental(unknownTemplate);
        incremental(new byte[3]);
        snapshotPacket(truncated);
        assertEquals(6, handler.malformedPackets());
        assertEquals("bid 100x1 |", levelsOf(handler.book(A)), "nothing of a bad packet is applied");
    }

    @Test
    void fuzzedPacketsNeverThrowAndTheHandlerRecovers()
    {
        final Random random = new Random(42);
        twoLiveInstruments();
        final List<byte[]> valid = List.of(
            packets.begin(1, true).bookUpdate(level(A, BID, NEW, 99, 1, 1, 2), level(B, ASK, NEW, 201, 1, 1, 2))
                .orderEvent(A, 3, FeedBook.ADD, 5, BID, 99, 1).trade(A, 4, 1, 99, 1).end(),
            packets.begin(2, false).definition(A, "AAA", 5, 2).heartbeat().end(),
            packets.begin(3, true).channelReset().end(),
            packets.begin(4, true).snapshot(A, 9, 0, 2, levels(100, 1, 1, 99, 2, 2), levels(101, 1, 1),
                List.of(new TestPackets.SnapOrder(1, BID, 100, 1))).end(),
            packets.begin(5, true).snapshot(A, 9, 1, 2, levels(98, 1, 1), levels(), List.of()).end());

        final long before = handler.incrementalPackets() + handler.snapshotPackets();
        int fed = 0;
        for (int i = 0; i < 5_000; i++)
        {
            final byte[] packet;
            if (random.nextInt(4) == 0)
            {
                packet = new byte[random.nextInt(200)];
                random.nextBytes(packet);
            }
            else
            {
                final byte[] source = valid.get(random.nextInt(valid.size()));
                packet = random.nextInt(3) == 0 ?
                    java.util.Arrays.copyOf(source, random.nextInt(source.length + 8)) : source.clone();
                final int flips = 1 + random.nextInt(3);
                for (int f = 0; f < flips && packet.length > 0; f++)
                {
                    final int at = random.nextInt(packet.length);
                    packet[at] ^= (byte)(1 << random.nextInt(8));
                }
            }
            if (random.nextBoolean())
            {
                incremental(packet);
            }
            else
            {
                snapshotPacket(packet);
            }
            fed++;
        }
        assertEquals(before + fed, handler.incrementalPackets() + handler.snapshotPackets());
        assertTrue(handler.malformedPackets() > 1000, "most fuzzed packets are malformed: " +
            handler.malformedPackets());

        // the engine restarts: fresh definitions and snapshots bring the right books back
        incremental(packets.begin(1, true).channelReset().end());
        incremental(packets.begin(2, true).bookUpdate(level(A, BID, NEW, 10, 1, 1, 2)).end());
        define(A, "AAA", 2);
        define(B, "BBB", 2);
        snapshot(A, 1, levels(), levels(11, 1, 1));
        snapshot(B, 0, levels(5, 5, 5), levels());
        assertTrue(handler.isLive(A));
        assertTrue(handler.isLive(B));
        assertEquals("bid 10x1 | ask 11x1", levelsOf(handler.book(A)));
        assertEquals("bid 5x5 |", levelsOf(handler.book(B)));
    }

    @Test
    void steadyStateAllocatesNothing()
    {
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        org.junit.jupiter.api.Assumptions.assumeTrue(threads instanceof com.sun.management.ThreadMXBean);
        final com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean)threads;

        handler = new FeedHandler(new FeedListener()
        {
        }, true, 64 * 1024);
        twoLiveInstruments();
        final int n = 110_000;
        final UnsafeBuffer[] buffers = new UnsafeBuffer[n];
        for (int i = 0; i < n; i++)
        {
            // A: the level at 90 and one order come and go; B: a level changes and trades. Two rptSeqs each a packet.
            final long rptSeq = 2L * i + 2;
            final boolean add = (i & 1) == 0;
            buffers[i] = new UnsafeBuffer(packets.begin(i + 1, true)
                .bookUpdate(
                    level(A, BID, add ? NEW : DELETE, 90, add ? 1 : 0, add ? 1 : 0, rptSeq),
                    level(B, ASK, CHANGE, 200, 1 + i, 1, rptSeq))
                .orderEvent(A, rptSeq + 1, add ? FeedBook.ADD : FeedBook.ORDER_DELETE, add ? i : i - 1, BID, 90, 1)
                .trade(B, rptSeq + 1, i, 200, 1).end());
        }

        final int warmup = n / 11;
        for (int i = 0; i < warmup; i++)
        {
            handler.onIncrementalPacket(buffers[i], 0, buffers[i].capacity());
        }
        final long threadId = Thread.currentThread().getId();
        mx.getThreadAllocatedBytes(threadId);
        final long calibrate = mx.getThreadAllocatedBytes(threadId);
        final long overhead = mx.getThreadAllocatedBytes(threadId) - calibrate;
        // Up to ten measured rounds, until one allocates nothing: a steady allocation shows in every round, while
        // code not yet compiled by C2 (no escape analysis) or a table grown once shows in the first few only.
        final int round = (n - warmup) / 10;
        long allocated = Long.MAX_VALUE;
        final List<Long> rounds = new ArrayList<>();
        for (int r = 0; r < 10 && allocated != 0; r++)
        {
            final long before = mx.getThreadAllocatedBytes(threadId);
            for (int i = warmup + r * round; i < warmup + (r + 1) * round; i++)
            {
                handler.onIncrementalPacket(buffers[i], 0, buffers[i].capacity());
            }
            final long bytes = mx.getThreadAllocatedBytes(threadId) - before - overhead;
            rounds.add(bytes);
            allocated = Math.min(allocated, bytes);
        }
        assertTrue(handler.isLive(A) && handler.isLive(B));
        assertEquals(0, handler.inconsistencies() + handler.rptSeqGaps());
        assertEquals("bid 100x1 |", levelsOf(handler.book(A)));
        assertEquals(0, allocated, "bytes allocated applying " + round + " packets, by round: " + rounds);
    }

    @Test
    void imageLossMakesEveryInstrumentStale()
    {
        twoLiveInstruments();
        handler.onIncrementalImageLost();
        assertEquals(List.of("stale 1 IMAGE_LOST", "stale 2 IMAGE_LOST"), recorder.take());
        assertEquals(2, handler.syncingCount());
        assertEquals(1, handler.imagesLost());
    }

    /**
     * A: bid 100x1 at rptSeq 1; B: ask 200x2 at rptSeq 1; both LIVE, recorder emptied.
     */
    private void twoLiveInstruments()
    {
        define(A, "AAA", 2);
        define(B, "BBB", 2);
        snapshot(A, 1, levels(100, 1, 1), levels());
        snapshot(B, 1, levels(), levels(200, 2, 1));
        assertTrue(handler.isLive(A));
        assertTrue(handler.isLive(B));
        recorder.take();
    }

    private void define(final int instrumentId, final String symbol, final int total)
    {
        snapshotPacket(packets.begin(snapshotSequence++, true).definition(instrumentId, symbol, 0, total).end());
    }

    private void snapshot(final int instrumentId, final long rptSeq, final List<TestPackets.SnapLevel> bids,
        final List<TestPackets.SnapLevel> asks)
    {
        snapshotChunk(instrumentId, rptSeq, 0, 1, bids, asks);
    }

    private void snapshotChunk(
        final int instrumentId, final long rptSeq, final int chunk, final int chunks,
        final List<TestPackets.SnapLevel> bids, final List<TestPackets.SnapLevel> asks)
    {
        snapshotChunk(instrumentId, rptSeq, chunk, chunks, bids, asks, List.of());
    }

    private void snapshotChunk(
        final int instrumentId, final long rptSeq, final int chunk, final int chunks,
        final List<TestPackets.SnapLevel> bids, final List<TestPackets.SnapLevel> asks,
        final List<TestPackets.SnapOrder> orders)
    {
        snapshotPacket(packets.begin(snapshotSequence++, true)
            .snapshot(instrumentId, rptSeq, chunk, chunks, bids, asks, orders).end());
    }

    private void incremental(final byte[] packet)
    {
        handler.onIncrementalPacket(new UnsafeBuffer(packet), 0, packet.length);
    }

    private void snapshotPacket(final byte[] packet)
    {
        handler.onSnapshotPacket(new UnsafeBuffer(packet), 0, packet.length);
    }

    static String levelsOf(final FeedBook book)
    {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < book.levels(BID); i++)
        {
            out.append("bid ").append(book.price(BID, i)).append('x').append(book.quantity(BID, i)).append(' ');
        }
        out.append('|');
        for (int i = 0; i < book.levels(ASK); i++)
        {
            out.append(" ask ").append(book.price(ASK, i)).append('x').append(book.quantity(ASK, i));
        }
        return out.toString();
    }

    /**
     * Records callbacks as lines; optionally checks each shown book has exactly one bid level (the split-event test
     * keeps A at one bid, so a half-applied event would show zero or two).
     */
    static final class Recorder implements FeedListener
    {
        private final List<String> events = new ArrayList<>();
        boolean checkConsistent;

        public void onInstrument(final FeedInstrument instrument)
        {
            events.add("instrument " + instrument.instrumentId() + " " + instrument.symbol());
        }

        public void onBookUpdated(final int instrumentId, final FeedBook book)
        {
            if (checkConsistent && instrumentId == A)
            {
                assertEquals(1, book.levels(BID), "half-applied event shown: " + levelsOf(book));
            }
            events.add("book " + instrumentId + " " + levelsOf(book));
        }

        public void onTrade(
            final int instrumentId, final long tradeId, final long price, final long quantity,
            final int aggressorSide, final long makerOrderId, final long takerOrderId, final long engineSequence)
        {
            events.add("trade " + instrumentId + " " + tradeId + " " + price + "x" + quantity);
        }

        public void onStale(final int instrumentId, final StaleReason reason)
        {
            events.add("stale " + instrumentId + " " + reason);
        }

        public void onLive(final int instrumentId)
        {
            events.add("live " + instrumentId);
        }

        public void onReset()
        {
            events.add("reset");
        }

        List<String> take()
        {
            final List<String> taken = new ArrayList<>(events);
            events.clear();
            return taken;
        }
    }
}
