package io.ringbook.engine.marketdata;

import io.ringbook.codecs.MarketDataTransfer;
import io.ringbook.codecs.marketdata.BookSnapshotDecoder;
import io.ringbook.codecs.marketdata.IncrementalBookUpdateDecoder;
import io.ringbook.codecs.marketdata.InstrumentDefinitionDecoder;
import io.ringbook.codecs.marketdata.MessageHeaderDecoder;
import io.ringbook.codecs.marketdata.OrderBookEventDecoder;
import io.ringbook.codecs.marketdata.TradeDecoder;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.Side;
import io.ringbook.engine.TestInstruments;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.book.FastOrderBook;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recorder writes the records docs/market-data.md describes: one per command that changed a book or traded,
 * messages in packet order with rptSeq rising by one per instrument; a reset; whole books; and when the ring is
 * full it counts the lost event and sends every book whole again once there is room.
 */
class MarketDataRecorderTest
{
    private final MessageHeaderDecoder header = new MessageHeaderDecoder();
    private final Map<Integer, Long> lastRptSeq = new HashMap<>();
    private final List<String> lines = new ArrayList<>();

    private static OneToOneRingBuffer ring(final int bytes)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(
            bytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    private static AtomicCounter counter()
    {
        final CountersManager counters = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(8192)));
        return counters.newCounter("lost");
    }

    private static EngineCommand order(final long clid, final Side side, final long price, final long quantity)
    {
        return new EngineCommand().newOrder(
            TestInstruments.ABC.id(), 1, clid, side, OrderType.LIMIT, TimeInForce.GTC, price, quantity);
    }

    @Test
    void eachCommandIsOneRecordWithRisingRptSeqAndBooksAreSentWhole()
    {
        final OneToOneRingBuffer ring = ring(1 << 16);
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, new io.ringbook.engine.NoOpEngineListener());
        final MarketDataRecorder recorder = new MarketDataRecorder(ring, engine, counter());
        engine.listener(recorder);
        engine.addInstrument(TestInstruments.ABC);
        long sequence = 0;
        for (final EngineCommand command : List.of(
            order(1, Side.SELL, 101, 5), order(2, Side.SELL, 101, 3), order(3, Side.BUY, 99, 4),
            order(4, Side.BUY, 101, 6)))
        {
            command.sequence = ++sequence;
            command.timestampNs = 1000 + sequence;
            engine.process(command);
        }
        assertEquals(4, ring.read(this::onRecord));
        assertEquals(List.of(
            "event 1 @1001",
            "  level ABC SELL New 101 5 x1 rpt1",
            "  order ABC Add 1 SELL 101 5 exec 0 rpt2",
            "event 2 @1002",
            "  level ABC SELL Change 101 8 x2 rpt3",
            "  order ABC Add 2 SELL 101 3 exec 0 rpt4",
            "event 3 @1003",
            "  level ABC BUY New 99 4 x1 rpt5",
            "  order ABC Add 3 BUY 99 4 exec 0 rpt6",
            "event 4 @1004",
            "  level ABC SELL Change 101 2 x1 rpt7",
            "  order ABC Execute 1 SELL 101 0 exec 5 rpt8",
            "  order ABC Execute 2 SELL 101 2 exec 1 rpt9",
            "  trade ABC 101 5 maker 1 rpt10",
            "  trade ABC 101 1 maker 2 rpt11"), lines);

        lines.clear();
        assertTrue(recorder.writeReset(4));
        assertTrue(recorder.writeBooks(4));
        assertEquals(2, ring.read(this::onRecord));
        // After a reset every rptSeq restarts: the books carry 0, the next update of an instrument is 1.
        assertEquals(List.of(
            "reset 4",
            "book 4 ABC rpt0 bids [4@99x1] asks [2@101x1] orders [3:BUY:99:4 2:SELL:101:2]"), lines);
    }

    @Test
    void aFullRingCountsTheLostEventAndSendsTheBooksWholeOnceThereIsRoom()
    {
        final OneToOneRingBuffer ring = ring(1 << 12);
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, new io.ringbook.engine.NoOpEngineListener());
        final AtomicCounter lost = counter();
        final MarketDataRecorder recorder = new MarketDataRecorder(ring, engine, lost);
        engine.listener(recorder);
        engine.addInstrument(TestInstruments.ABC);
        final EngineCommand resting = order(1, Side.SELL, 200, 7);
        resting.sequence = 1;
        engine.process(resting);
        long sequence = 1;
        // Orders that rest and are cancelled: the book stays small while the records fill the ring.
        while (lost.get() == 0)
        {
            final EngineCommand command = order(++sequence, Side.BUY, 100, 1);
            command.sequence = sequence;
            engine.process(command);
            final EngineCommand cancel = new EngineCommand().cancel(TestInstruments.ABC.id(), 1, sequence, 0);
            cancel.sequence = ++sequence;
            engine.process(cancel);
        }
        final long lostEvents = lost.get();
        assertTrue(lostEvents >= 1);
        assertTrue(drain(ring) > 0);
        lines.clear();
        lastRptSeq.clear();
        // The next command finds room: its event, then the whole book, which names the rptSeq after it.
        final EngineCommand next = order(++sequence, Side.BUY, 150, 2);
        next.sequence = sequence;
        engine.process(next);
        drain(ring);
        assertEquals("event " + sequence + " @0", lines.get(0));
        final String book = lines.get(lines.size() - 1);
        assertTrue(book.startsWith("book " + sequence + " ABC rpt"), book);
        assertTrue(book.matches(".* bids \\[2@150x1] asks \\[7@200x1] orders \\[\\d+:BUY:150:2 1:SELL:200:7]"),
            "the book as the engine has it, the lost event's effect included: " + book);
        assertEquals(lostEvents, lost.get(), "nothing lost once there was room");
    }

    @Test
    void recordingAllocatesNothingInSteadyState()
    {
        final io.ringbook.engine.workload.Workload workload =
            io.ringbook.engine.workload.ExchangeCoreWorkload.generate(3, 30_000);
        final OneToOneRingBuffer ring = ring(1 << 22);
        final MatchingEngine engine = workload.newEngine(FastOrderBook::new, new io.ringbook.engine.NoOpEngineListener());
        workload.replayFill(engine);
        final MarketDataRecorder recorder = new MarketDataRecorder(ring, engine, counter());
        engine.listener(recorder);
        final EngineCommand[] commands = workload.benchmarkCommands();
        final org.agrona.concurrent.MessageHandler discard = (type, buffer, index, length) -> { };
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        long sequence = 0;
        long least = Long.MAX_VALUE;
        final List<Long> rounds = new ArrayList<>();
        // Round 0 warms up (growth, JIT); of the next three, the least must be zero: a steady allocation shows in all.
        for (int round = 0; round < 4; round++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            for (final EngineCommand command : commands)
            {
                command.sequence = ++sequence;
                engine.process(command);
                if ((sequence & 255) == 0)
                {
                    while (ring.size() > 0)
                    {
                        ring.read(discard, Integer.MAX_VALUE);
                    }
                }
            }
            final long bytes = threads.getCurrentThreadAllocatedBytes() - before;
            if (round > 0)
            {
                rounds.add(bytes);
                least = Math.min(least, bytes);
            }
            engine.listener(new io.ringbook.engine.NoOpEngineListener());
            engine.reset();
            workload.replayFill(engine);
            engine.listener(recorder);
        }
        assertEquals(0, least, "bytes allocated recording " + commands.length + " commands, by round: " + rounds);
    }

    /** A read stops at the end of the buffer (a padding record there counts as none): read until empty. */
    private int drain(final OneToOneRingBuffer ring)
    {
        int read = 0;
        while (ring.size() > 0)
        {
            read += ring.read(this::onRecord, Integer.MAX_VALUE);
        }
        return read;
    }

    private void onRecord(final int type, final DirectBuffer buffer, final int index, final int length)
    {
        final long engineSequence = buffer.getLong(index, ByteOrder.LITTLE_ENDIAN);
        if (type == MarketDataTransfer.RESET)
        {
            lines.add("reset " + engineSequence);
            return;
        }
        if (type == MarketDataTransfer.BOOK)
        {
            int offset = index + MarketDataTransfer.BOOK_MESSAGES_OFFSET;
            header.wrap(buffer, offset);
            final InstrumentDefinitionDecoder definition = new InstrumentDefinitionDecoder().wrap(
                buffer, offset + 8, header.blockLength(), header.version());
            offset += 8 + definition.sbeBlockLength();
            header.wrap(buffer, offset);
            final BookSnapshotDecoder snapshot = new BookSnapshotDecoder().wrap(
                buffer, offset + 8, header.blockLength(), header.version());
            final StringBuilder text = new StringBuilder("book " + engineSequence + " " +
                definition.symbol().trim() + " rpt" + snapshot.rptSeq() + " bids [");
            for (final BookSnapshotDecoder.BidsDecoder bid : snapshot.bids())
            {
                text.append(bid.quantity()).append('@').append(bid.price()).append('x').append(bid.orderCount())
                    .append(' ');
            }
            text.append("] asks [");
            for (final BookSnapshotDecoder.AsksDecoder ask : snapshot.asks())
            {
                text.append(ask.quantity()).append('@').append(ask.price()).append('x').append(ask.orderCount())
                    .append(' ');
            }
            text.append("] orders [");
            for (final BookSnapshotDecoder.OrdersDecoder order : snapshot.orders())
            {
                text.append(order.orderId()).append(':').append(order.side() == io.ringbook.codecs.marketdata.Side.Buy ?
                    "BUY" : "SELL").append(':').append(order.price()).append(':').append(order.quantity()).append(' ');
            }
            lines.add(text.append(']').toString().replace(" ]", "]"));
            return;
        }
        lines.add("event " + engineSequence + " @" + buffer.getLong(index + 8, ByteOrder.LITTLE_ENDIAN));
        final int count = buffer.getInt(index + MarketDataTransfer.MESSAGE_COUNT_OFFSET, ByteOrder.LITTLE_ENDIAN);
        int offset = index + MarketDataTransfer.EVENT_MESSAGES_OFFSET;
        for (int m = 0; m < count; m++)
        {
            header.wrap(buffer, offset);
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            switch (header.templateId())
            {
                case IncrementalBookUpdateDecoder.TEMPLATE_ID:
                {
                    final IncrementalBookUpdateDecoder update = new IncrementalBookUpdateDecoder().wrap(
                        buffer, body, header.blockLength(), header.version());
                    for (final IncrementalBookUpdateDecoder.EntriesDecoder e : update.entries())
                    {
                        lines.add("  level ABC " + (e.side() == io.ringbook.codecs.marketdata.Side.Buy ? "BUY" :
                            "SELL") + " " + e.action() + " " + e.price() + " " + e.aggregateQuantity() + " x" +
                            e.orderCount() + " rpt" + checkRpt(e.instrumentId(), e.rptSeq()));
                    }
                    offset = body + update.encodedLength();
                    break;
                }
                case OrderBookEventDecoder.TEMPLATE_ID:
                {
                    final OrderBookEventDecoder o = new OrderBookEventDecoder().wrap(
                        buffer, body, header.blockLength(), header.version());
                    lines.add("  order ABC " + o.action() + " " + o.orderId() + " " +
                        (o.side() == io.ringbook.codecs.marketdata.Side.Buy ? "BUY" : "SELL") + " " + o.price() +
                        " " + o.quantity() + " exec " + o.executedQty() + " rpt" + checkRpt(o.instrumentId(), o.rptSeq()));
                    offset = body + o.encodedLength();
                    break;
                }
                case TradeDecoder.TEMPLATE_ID:
                {
                    final TradeDecoder t = new TradeDecoder().wrap(buffer, body, header.blockLength(), header.version());
                    lines.add("  trade ABC " + t.price() + " " + t.quantity() + " maker " + t.makerOrderId() + " rpt" +
                        checkRpt(t.instrumentId(), t.rptSeq()));
                    offset = body + t.encodedLength();
                    break;
                }
                default:
                    throw new AssertionError("unexpected template " + header.templateId());
            }
        }
        assertEquals(index + length, offset, "the record ends with its last message");
    }

    private long checkRpt(final int instrumentId, final long rptSeq)
    {
        if (!lastRptSeq.containsKey(instrumentId))
        {
            lastRptSeq.put(instrumentId, rptSeq - 1);
        }
        final long expected = lastRptSeq.getOrDefault(instrumentId, 0L) + 1;
        assertEquals(expected, rptSeq, "rptSeq of instrument " + instrumentId);
        lastRptSeq.put(instrumentId, rptSeq);
        return rptSeq;
    }
}
