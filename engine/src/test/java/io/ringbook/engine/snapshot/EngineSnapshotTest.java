package io.ringbook.engine.snapshot;

import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RandomCommandScript;
import io.ringbook.engine.RecordingListener;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TestInstruments;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.book.ReferenceOrderBook;
import io.ringbook.engine.workload.ExchangeCoreWorkload;
import io.ringbook.engine.workload.RealisticMixWorkload;
import io.ringbook.engine.workload.Workload;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The proof that a snapshot loses nothing: restore it into a fresh engine (either book), and the restored engine has
 * the same state hash and next order id, and gives exactly the same events as the original for every command after
 * the snapshot. Plus the frame's defences: a damaged, cut or foreign frame is refused with a reason, and the engine is
 * left untouched.
 */
class EngineSnapshotTest
{
    private static final Function<Instrument, OrderBook> FAST = instrument -> new FastOrderBook(instrument, 64);
    private static final Function<Instrument, OrderBook> REFERENCE = ReferenceOrderBook::new;

    static Stream<Arguments> workloadsAndBooks()
    {
        final List<Arguments> cases = new ArrayList<>();
        for (final String workload : new String[]{ "exchange-core", "realistic-mix", "random" })
        {
            for (final String from : new String[]{ "fast", "reference" })
            {
                for (final String to : new String[]{ "fast", "reference" })
                {
                    cases.add(Arguments.of(workload, from, to));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}: {1} book snapshot into {2} book")
    @MethodSource("workloadsAndBooks")
    void restoredEngineHasSameStateAndGivesSameEvents(final String workload, final String from, final String to)
    {
        final Script script = script(workload);
        final EngineCommand[] commands = script.commands;
        final RecordingListener originalOut = new RecordingListener();
        final MatchingEngine original = script.newEngine(books(from), originalOut);

        // Snapshot points: nothing done, mid fill, right after the fill, inside the benchmark phase, the very end.
        final int[] points = {
            0, script.fillLength / 2, script.fillLength, script.fillLength + (commands.length - script.fillLength) / 3,
            commands.length - 7, commands.length };
        final List<DirectBuffer> snapshots = new ArrayList<>();
        final int[] eventStart = new int[commands.length + 1];
        final long[] hashes = new long[points.length];
        final long[] nextOrderIds = new long[points.length];
        final int[] clientOrderIdCounts = new int[points.length];
        int next = 0;
        for (int i = 0; i <= commands.length; i++)
        {
            eventStart[i] = originalOut.events.size();
            while (next < points.length && points[next] == i)
            {
                final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
                final int length = EngineSnapshot.write(original, lastSequence(commands, i), 1_000L + i, buffer, 0);
                snapshots.add(new UnsafeBuffer(buffer.byteArray(), 0, length));
                hashes[next] = original.stateHash();
                nextOrderIds[next] = original.nextOrderId();
                clientOrderIdCounts[next] = original.clientOrderIdCount();
                next++;
            }
            if (i < commands.length)
            {
                original.process(commands[i]);
            }
        }
        final List<String> originalEvents = originalOut.events;
        final long originalEndHash = original.stateHash();

        for (int p = 0; p < points.length; p++)
        {
            final int point = points[p];
            final DirectBuffer snapshot = snapshots.get(p);
            final SnapshotHeader header = EngineSnapshot.verify(snapshot, 0, snapshot.capacity());
            assertEquals(lastSequence(commands, point), header.lastSequence());
            assertEquals(1_000L + point, header.timestampNs());

            final RecordingListener restoredOut = new RecordingListener();
            final MatchingEngine restored = new MatchingEngine(books(to), restoredOut, 16);
            final long lastSequence = EngineSnapshot.read(snapshot, 0, snapshot.capacity(), restored);
            assertEquals(header.lastSequence(), lastSequence);
            assertEquals(hashes[p], restored.stateHash(), () -> "state hash at command " + point);
            assertEquals(nextOrderIds[p], restored.nextOrderId());
            assertEquals(clientOrderIdCounts[p], restored.clientOrderIdCount());
            validate(restored);

            for (int i = point; i < commands.length; i++)
            {
                restored.process(commands[i]);
                final List<String> expected = originalEvents.subList(eventStart[i], eventStart[i + 1]);
                if (!expected.equals(restoredOut.events))
                {
                    fail("after a snapshot at command " + point + ", command " + i + " (" + commands[i] +
                        ") gives\n" + String.join("\n", restoredOut.events) + "\ninstead of\n" +
                        String.join("\n", expected));
                }
                restoredOut.events.clear();
            }
            assertEquals(originalEndHash, restored.stateHash());
            validate(restored);
        }
    }

    @Test
    void clientOrderIdsUsedBeforeTheSnapshotStayTaken()
    {
        final RecordingListener out = new RecordingListener(false);
        final MatchingEngine engine = engineWith(FAST, out, TestInstruments.ABC);
        engine.process(newOrder(1, 7, 101, Side.BUY, 100, 10, TimeInForce.GTC));
        engine.process(newOrder(2, 8, 201, Side.SELL, 100, 10, TimeInForce.GTC)); // fills 101 away
        engine.process(newOrder(3, 7, 102, Side.BUY, 90, 10, TimeInForce.IOC)); // expires at once
        engine.process(newOrder(5, 7, 103, Side.BUY, 95, 10, TimeInForce.GTC));
        engine.process(replace(6, 7, 103, 104, 95, 10)); // 103 becomes 104
        assertEquals(5, engine.clientOrderIdCount()); // 101 to 104 of account 7, 201 of account 8

        final MatchingEngine restored = restore(engine, REFERENCE, out, 6);
        for (final long clientOrderId : new long[]{ 101, 102, 103, 104 })
        {
            out.events.clear();
            restored.process(newOrder(10, 7, clientOrderId, Side.BUY, 90, 10, TimeInForce.GTC));
            assertEquals("rejected NEW_ORDER inst=1 acct=7 clid=" + clientOrderId + " id=0 " +
                RejectReason.DUPLICATE_CLIENT_ORDER_ID, out.events.get(0));
        }
        out.events.clear();
        final long nextOrderId = engine.nextOrderId();
        restored.process(newOrder(11, 8, 101, Side.SELL, 200, 10, TimeInForce.GTC)); // another account's id space
        assertTrue(out.events.get(0).startsWith("accepted id=" + nextOrderId + " "), out.events::toString);
    }

    @Test
    void tradeCountersAndLastTradePriceSurvive()
    {
        final RecordingListener out = new RecordingListener(false);
        final MatchingEngine engine = engineWith(REFERENCE, out, TestInstruments.BND);
        // BND: tick 5, lot 10, band 10% around the reference 10000, then around the last trade.
        engine.process(newOrder(1, 1, 1, Side.SELL, 10_500, 20, TimeInForce.GTC));
        engine.process(newOrder(2, 2, 1, Side.BUY, 10_500, 10, TimeInForce.GTC));
        final OrderBook book = engine.book(TestInstruments.BND.id());
        assertEquals(10_500, book.lastTradePrice());
        assertEquals(1, book.tradeCount());

        final MatchingEngine restored = restore(engine, FAST, out, 2);
        final OrderBook restoredBook = restored.book(TestInstruments.BND.id());
        assertEquals(10_500, restoredBook.lastTradePrice());
        assertEquals(1, restoredBook.tradeCount());
        out.events.clear();
        // 11_550 is inside 10% of the last trade (10_500) but not of the reference price (10_000).
        restored.process(newOrder(3, 3, 1, Side.SELL, 11_550, 10, TimeInForce.GTC));
        assertTrue(out.events.get(0).startsWith("accepted"), out.events::toString);
        restored.process(newOrder(4, 3, 2, Side.BUY, 10_500, 10, TimeInForce.GTC));
        assertTrue(out.events.stream().anyMatch(e -> e.startsWith("trade #2 ")), out.events::toString);
    }

    @Test
    void headerReadsAloneAndFramesWorkAtAnOffsetInAnyBuffer()
    {
        final MatchingEngine engine = engineWith(FAST, new RecordingListener(), TestInstruments.ABC);
        engine.process(newOrder(1, 1, 1, Side.BUY, 100, 10, TimeInForce.GTC));
        for (final MutableDirectBuffer buffer : new MutableDirectBuffer[]{
            new ExpandableArrayBuffer(8), new ExpandableDirectByteBuffer(8), new UnsafeBuffer(new byte[4096]) })
        {
            final int length = EngineSnapshot.write(engine, 41, 123_456_789L, buffer, 17);
            final SnapshotHeader header = EngineSnapshot.readHeader(buffer, 17, length);
            assertEquals(EngineSnapshot.VERSION, header.version());
            assertEquals(41, header.lastSequence());
            assertEquals(123_456_789L, header.timestampNs());
            assertEquals(length, header.frameLength());
            final MatchingEngine restored = new MatchingEngine(REFERENCE, new RecordingListener());
            assertEquals(41, EngineSnapshot.read(buffer, 17, length + 100, restored));
            assertEquals(engine.stateHash(), restored.stateHash());
        }
    }

    @Test
    void restoresIntoAnEngineThatDefinesTheSameInstrumentsAlready()
    {
        final MatchingEngine engine = engineWith(FAST, new RecordingListener(), TestInstruments.ABC,
            TestInstruments.BND);
        engine.process(newOrder(1, 1, 1, Side.BUY, 100, 10, TimeInForce.GTC));
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = EngineSnapshot.write(engine, 1, 0, buffer, 0);

        final MatchingEngine configured = engineWith(FAST, new RecordingListener(), TestInstruments.BND);
        EngineSnapshot.read(buffer, 0, length, configured);
        assertEquals(engine.stateHash(), configured.stateHash());

        final MatchingEngine different = engineWith(FAST, new RecordingListener(),
            new Instrument(2, "BND", 5, 10, -2, 2_000, 1_000, 10_000));
        final IllegalStateException ex = assertThrows(
            IllegalStateException.class, () -> EngineSnapshot.read(buffer, 0, length, different));
        assertTrue(ex.getMessage().contains("BND"), ex::getMessage);
        assertEquals(1, different.nextOrderId());
        assertEquals(1, different.instrumentCount());

        assertThrows(IllegalStateException.class, () -> EngineSnapshot.read(buffer, 0, length, engine),
            "an engine with state is refused");
    }

    @Test
    void flippedByteIsACrcMismatchAndLeavesTheEngineUntouched()
    {
        final byte[] frame = sampleFrame();
        final long freshHash = freshEngine().stateHash();
        for (final int at : new int[]{ EngineSnapshot.HEADER_LENGTH + 3, frame.length / 2, frame.length - 5,
            EngineSnapshot.LAST_SEQUENCE_OFFSET, EngineSnapshot.TIMESTAMP_OFFSET + 7, frame.length - 1 })
        {
            final byte[] damaged = frame.clone();
            damaged[at] ^= 0x10;
            final MatchingEngine engine = freshEngine();
            final SnapshotFormatException ex = assertThrows(SnapshotFormatException.class,
                () -> EngineSnapshot.read(new UnsafeBuffer(damaged), 0, damaged.length, engine));
            assertEquals(SnapshotFormatException.Reason.CRC_MISMATCH, ex.reason(), ex::getMessage);
            assertTrue(ex.getMessage().contains("CRC mismatch"), ex::getMessage);
            assertEquals(freshHash, engine.stateHash());
        }
    }

    @Test
    void truncatedFrameIsRefusedAsTruncated()
    {
        final byte[] frame = sampleFrame();
        for (final int length : new int[]{ 0, 10, EngineSnapshot.HEADER_LENGTH, frame.length / 2, frame.length - 1 })
        {
            final SnapshotFormatException ex = assertThrows(SnapshotFormatException.class,
                () -> EngineSnapshot.read(new UnsafeBuffer(frame), 0, length, freshEngine()));
            assertEquals(SnapshotFormatException.Reason.TRUNCATED, ex.reason(), ex::getMessage);
            assertTrue(ex.getMessage().contains("truncated"), ex::getMessage);
        }
        // A length that claims more than the buffer holds is a truncated frame too, not an index error.
        final byte[] cut = Arrays.copyOf(frame, frame.length - 4);
        final SnapshotFormatException ex = assertThrows(SnapshotFormatException.class,
            () -> EngineSnapshot.verify(new UnsafeBuffer(cut), 0, frame.length));
        assertEquals(SnapshotFormatException.Reason.TRUNCATED, ex.reason(), ex::getMessage);
    }

    @Test
    void wrongVersionOrMagicIsRefusedByName()
    {
        final byte[] frame = sampleFrame();
        final UnsafeBuffer newer = new UnsafeBuffer(frame.clone());
        newer.putShort(
            EngineSnapshot.VERSION_OFFSET, (short)(EngineSnapshot.VERSION + 1), java.nio.ByteOrder.LITTLE_ENDIAN);
        final SnapshotFormatException version = assertThrows(SnapshotFormatException.class,
            () -> EngineSnapshot.readHeader(newer, 0, frame.length));
        assertEquals(SnapshotFormatException.Reason.UNSUPPORTED_VERSION, version.reason());
        assertTrue(version.getMessage().contains("version " + (EngineSnapshot.VERSION + 1)), version::getMessage);

        final UnsafeBuffer foreign = new UnsafeBuffer(frame.clone());
        foreign.putByte(0, (byte)'X');
        final SnapshotFormatException magic = assertThrows(SnapshotFormatException.class,
            () -> EngineSnapshot.read(foreign, 0, frame.length, freshEngine()));
        assertEquals(SnapshotFormatException.Reason.BAD_MAGIC, magic.reason());
        assertTrue(magic.getMessage().contains("magic"), magic::getMessage);
    }

    @Test
    void writingAllocatesNothingPerOrder()
    {
        final Workload workload = RealisticMixWorkload.generate(7, 0);
        final MatchingEngine engine = workload.newEngine(FastOrderBook::new, new RecordingListener(false));
        workload.replayFill(engine);
        int orders = 0;
        for (final int id : engine.instrumentIds())
        {
            orders += engine.book(id).orderCount();
        }
        assertTrue(orders > 10_000, "orders resting " + orders);
        final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(1 << 22);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        for (int i = 0; i < 20; i++)
        {
            EngineSnapshot.write(engine, i, i, buffer, 0);
        }
        final long before = threads.getThreadAllocatedBytes(threadId);
        EngineSnapshot.write(engine, 99, 99, buffer, 0);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        assertTrue(allocated < 4_096, "a snapshot of " + orders + " orders allocated " + allocated + " bytes");
    }

    private static byte[] sampleFrame()
    {
        final Script script = script("random");
        final MatchingEngine engine = script.newEngine(FAST, new RecordingListener(false));
        for (int i = 0; i < 3_000; i++)
        {
            engine.process(script.commands[i]);
        }
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = EngineSnapshot.write(engine, 3_000, 1, buffer, 0);
        return Arrays.copyOf(buffer.byteArray(), length);
    }

    private static MatchingEngine freshEngine()
    {
        return new MatchingEngine(FAST, new RecordingListener(false));
    }

    private static MatchingEngine restore(
        final MatchingEngine engine, final Function<Instrument, OrderBook> books, final EngineListener listener,
        final long lastSequence)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer();
        final int length = EngineSnapshot.write(engine, lastSequence, 0, buffer, 0);
        final MatchingEngine restored = new MatchingEngine(books, listener);
        assertEquals(lastSequence, EngineSnapshot.read(buffer, 0, length, restored));
        assertEquals(engine.stateHash(), restored.stateHash());
        assertEquals(engine.nextOrderId(), restored.nextOrderId());
        validate(restored);
        return restored;
    }

    private static void validate(final MatchingEngine engine)
    {
        for (final int id : engine.instrumentIds())
        {
            if (engine.book(id) instanceof FastOrderBook fast)
            {
                fast.validateInternalState();
            }
        }
    }

    private static MatchingEngine engineWith(
        final Function<Instrument, OrderBook> books, final EngineListener listener, final Instrument... instruments)
    {
        final MatchingEngine engine = new MatchingEngine(books, listener);
        for (final Instrument instrument : instruments)
        {
            engine.addInstrument(instrument);
        }
        return engine;
    }

    private static EngineCommand newOrder(
        final long sequence, final long accountId, final long clientOrderId, final Side side, final long price,
        final long quantity, final TimeInForce timeInForce)
    {
        final EngineCommand command = new EngineCommand().clear();
        command.type = CommandType.NEW_ORDER;
        command.sequence = sequence;
        command.instrumentId = price >= 1_000 ? TestInstruments.BND.id() : TestInstruments.ABC.id();
        command.accountId = accountId;
        command.clientOrderId = clientOrderId;
        command.side = side;
        command.orderType = OrderType.LIMIT;
        command.timeInForce = timeInForce;
        command.stpMode = StpMode.NONE;
        command.price = price;
        command.quantity = quantity;
        return command;
    }

    private static EngineCommand replace(
        final long sequence, final long accountId, final long clientOrderId, final long newClientOrderId,
        final long price, final long quantity)
    {
        final EngineCommand command = new EngineCommand().clear();
        command.type = CommandType.REPLACE_ORDER;
        command.sequence = sequence;
        command.instrumentId = TestInstruments.ABC.id();
        command.accountId = accountId;
        command.clientOrderId = clientOrderId;
        command.newClientOrderId = newClientOrderId;
        command.price = price;
        command.quantity = quantity;
        return command;
    }

    private static long lastSequence(final EngineCommand[] commands, final int processed)
    {
        return processed == 0 ? 0 : commands[processed - 1].sequence;
    }

    private static Function<Instrument, OrderBook> books(final String kind)
    {
        return kind.equals("fast") ? FAST : REFERENCE;
    }

    private static Script script(final String name)
    {
        switch (name)
        {
            case "exchange-core":
                return Script.of(ExchangeCoreWorkload.generate(11, 30_000));
            case "realistic-mix":
                return Script.of(RealisticMixWorkload.generate(12, 30_000));
            case "random":
                return new Script(RandomCommandScript.generate(13, 30_000), 10_000,
                    List.of(RandomCommandScript.instruments()), 1 << 10);
            default:
                throw new IllegalArgumentException(name);
        }
    }

    /**
     * Commands to replay from the start and the instruments they need.
     */
    private static final class Script
    {
        final EngineCommand[] commands;
        final int fillLength;
        final List<Instrument> instruments;
        final int clientOrderIdCapacity;

        Script(
            final EngineCommand[] commands, final int fillLength, final List<Instrument> instruments,
            final int clientOrderIdCapacity)
        {
            this.commands = commands;
            this.fillLength = fillLength;
            this.instruments = instruments;
            this.clientOrderIdCapacity = clientOrderIdCapacity;
        }

        static Script of(final Workload workload)
        {
            final EngineCommand[] fill = workload.fillCommands();
            final EngineCommand[] benchmark = workload.benchmarkCommands();
            final EngineCommand[] all = Arrays.copyOf(fill, fill.length + benchmark.length);
            System.arraycopy(benchmark, 0, all, fill.length, benchmark.length);
            return new Script(all, fill.length, workload.instruments(), Math.max(16, workload.newOrderCount()));
        }

        MatchingEngine newEngine(final Function<Instrument, OrderBook> books, final EngineListener listener)
        {
            final MatchingEngine engine = new MatchingEngine(books, listener, clientOrderIdCapacity);
            for (final Instrument instrument : instruments)
            {
                engine.addInstrument(instrument);
            }
            return engine;
        }
    }
}
