package io.ringbook.engine;

import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.book.ReferenceOrderBook;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine with the fast book allocates nothing in steady state: after a warm-up pass has grown pools and arrays to
 * their high-water mark, a full pass of random commands (every command kind, rejects included) allocates 0 bytes on
 * the matching thread.
 */
class ZeroAllocationTest
{
    private static final int COMMANDS = 200_000;

    @Test
    void fastEngineAllocatesNothingInSteadyState()
    {
        final EngineCommand[] commands = generate();
        final CountingListener listener = new CountingListener();
        final MatchingEngine engine = new MatchingEngine(FastOrderBook::new, listener, COMMANDS);
        for (final Instrument instrument : RandomCommands.INSTRUMENTS)
        {
            engine.addInstrument(instrument);
        }
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

        // Warm up: grow pools to their high-water mark and let the JIT settle. Early passes can show a few hundred
        // bytes from deoptimization (scalar-replaced objects materialised on this thread), never after that.
        for (int pass = 0; pass < 10; pass++)
        {
            engine.reset();
            runAll(engine, commands);
        }
        final long expectedHash = engine.stateHash();
        engine.reset();

        final long overheadStart = threads.getCurrentThreadAllocatedBytes();
        final long overheadEnd = threads.getCurrentThreadAllocatedBytes();
        final long before = threads.getCurrentThreadAllocatedBytes();
        runAll(engine, commands);
        final long after = threads.getCurrentThreadAllocatedBytes();
        final long allocated = (after - before) - (overheadEnd - overheadStart);

        assertEquals(0, allocated, "bytes allocated while processing " + COMMANDS + " commands");
        assertEquals(expectedHash, engine.stateHash(), "the measured pass must do the same work");
        assertTrue(listener.trades > 10_000 && listener.events > COMMANDS, "the pass must do real work");
    }

    private static void runAll(final MatchingEngine engine, final EngineCommand[] commands)
    {
        for (final EngineCommand command : commands)
        {
            engine.process(command);
        }
    }

    /**
     * Pregenerate commands with the reference engine feeding accepted order ids back to the generator.
     */
    private static EngineCommand[] generate()
    {
        final RandomCommands random = new RandomCommands(7);
        final RecordingListener ignored = new RecordingListener(false);
        final EngineListener feedback = new ForwardingListener(ignored)
        {
            public void onAccepted(
                final long sequence, final int instrumentId, final long orderId, final long accountId,
                final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
                final long price, final long quantity)
            {
                random.remember(instrumentId, accountId, clientOrderId, orderId);
            }
        };
        final MatchingEngine reference = new MatchingEngine(ReferenceOrderBook::new, feedback);
        for (final Instrument instrument : RandomCommands.INSTRUMENTS)
        {
            reference.addInstrument(instrument);
        }
        final EngineCommand[] commands = new EngineCommand[COMMANDS];
        for (int i = 0; i < COMMANDS; i++)
        {
            final EngineCommand command = new EngineCommand();
            random.next(command);
            command.sequence = i + 1;
            reference.process(command);
            ignored.events.clear();
            commands[i] = command;
        }
        return commands;
    }

    /**
     * Does the least a real consumer would: reads the arguments into fields.
     */
    static final class CountingListener implements EngineListener
    {
        long events;
        long trades;
        long checksum;

        public void onAccepted(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
            final long price, final long quantity)
        {
            events++;
            checksum += orderId + price;
        }

        public void onRejected(
            final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
            final long clientOrderId, final long orderId, final RejectReason reason)
        {
            events++;
            checksum += reason.ordinal();
        }

        public void onTrade(
            final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
            final Side aggressorSide, final long makerOrderId, final long makerAccountId,
            final long makerClientOrderId, final long makerOrderQuantity,
        final long makerLeavesQuantity, final long takerOrderId,
            final long takerAccountId, final long takerClientOrderId, final long takerLeavesQuantity)
        {
            events++;
            trades++;
            checksum += price * quantity;
        }

        public void onCancelled(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final long price, final long orderQuantity, final long cancelledQuantity,
            final CancelReason reason)
        {
            events++;
            checksum += cancelledQuantity;
        }

        public void onReplaced(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long origClientOrderId, final long clientOrderId, final Side side, final long price,
            final long quantity, final long leavesQuantity)
        {
            events++;
            checksum += leavesQuantity;
        }

        public void onOrderChange(
            final long sequence, final int instrumentId, final OrderAction action, final long orderId,
            final Side side, final long price, final long quantity, final long changeQuantity)
        {
            events++;
            checksum += quantity;
        }

        public void onLevelChange(
            final long sequence, final int instrumentId, final LevelAction action, final Side side,
            final long price, final long quantity, final int orderCount)
        {
            events++;
            checksum += orderCount;
        }

        public void onCommandComplete(final long sequence)
        {
            checksum += sequence;
        }
    }
}
