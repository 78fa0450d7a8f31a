package io.ringbook.engine.workload;

import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.Side;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.book.ReferenceOrderBook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.ringbook.engine.workload.WorkloadAssertions.assertSameCommands;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealisticMixWorkloadTest
{
    private static final int COMMANDS = 100_000;
    private static Workload workload;
    private static WorkloadReplay.Report fastReplay;

    @BeforeAll
    static void generate()
    {
        workload = RealisticMixWorkload.generate(3, COMMANDS);
        fastReplay = WorkloadReplay.run(workload, FastOrderBook::new);
    }

    @Test
    void sameSeedGivesSameCommands()
    {
        final Workload again = RealisticMixWorkload.generate(3, COMMANDS);
        assertSameCommands(workload.fillCommands(), again.fillCommands());
        assertSameCommands(workload.benchmarkCommands(), again.benchmarkCommands());
        assertEquals(workload.instruments().toString(), again.instruments().toString());
    }

    @Test
    void replaysWithoutRejectsToTheSameStateOnBothBooks()
    {
        assertEquals(0, fastReplay.fillRejects() + fastReplay.benchmarkRejects(), fastReplay::toString);
        assertEquals(workload.stateHashAfterBenchmark(), fastReplay.stateHashAfterBenchmark());
        final WorkloadReplay.Report byClientOrderId =
            WorkloadReplay.run(workload.addressedBy(Addressing.CLIENT_ORDER_ID), ReferenceOrderBook::new);
        assertEquals(0, byClientOrderId.fillRejects() + byClientOrderId.benchmarkRejects(), byClientOrderId::toString);
        assertEquals(workload.stateHashAfterBenchmark(), byClientOrderId.stateHashAfterBenchmark());
    }

    @Test
    void deepBooksOverManyInstrumentsAndAMixOfEverything()
    {
        final int instruments = RealisticMixWorkload.DEFAULT_INSTRUMENTS;
        final int target = RealisticMixWorkload.DEFAULT_ORDERS_PER_INSTRUMENT;
        assertEquals(instruments, workload.instruments().size());
        assertEquals(instruments * target, fastReplay.restingAfterFill());
        assertTrue(fastReplay.minResting() >= instruments * target * 0.9, fastReplay::toString);
        assertTrue(fastReplay.maxResting() <= instruments * target * 1.05, fastReplay::toString);

        final CommandMix mix = fastReplay.mix();
        assertEquals(workload.benchmarkMix(), mix);
        assertEquals(48, mix.percent(CommandKind.GTC), 6, mix::toString);
        assertEquals(35, mix.percent(CommandKind.CANCEL), 6, mix::toString);
        assertEquals(8, mix.percent(CommandKind.MOVE), 1.5, mix::toString);
        assertEquals(5, mix.percent(CommandKind.REDUCE), 1, mix::toString);
        assertEquals(5, mix.percent(CommandKind.IOC), 1, mix::toString);
        assertEquals(1, mix.percent(CommandKind.MARKET), 0.3, mix::toString);
        assertEquals(0.5, mix.percent(CommandKind.FOK), 0.2, mix::toString);
        assertTrue(fastReplay.benchmarkTrades() > COMMANDS * 0.1, fastReplay::toString);

        // over a hundred price levels a side in every book at the end
        final MatchingEngine engine = workload.newEngine(FastOrderBook::new, new Silent());
        workload.replayFill(engine);
        for (final var command : workload.benchmarkCommands())
        {
            engine.process(command);
        }
        for (final Instrument instrument : workload.instruments())
        {
            final OrderBook book = engine.book(instrument.id());
            for (final Side side : Side.values())
            {
                final int levels = book.forEachLevel(side, Integer.MAX_VALUE, (s, p, q, c) -> { });
                assertTrue(levels >= 100, instrument.symbol() + " " + side + " has " + levels + " levels");
            }
        }
    }

    /**
     * Ignores every event.
     */
    private static final class Silent implements EngineListener
    {
        public void onAccepted(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final io.ringbook.engine.OrderType orderType,
            final io.ringbook.engine.TimeInForce timeInForce, final long price, final long quantity)
        {
        }

        public void onRejected(
            final long sequence, final io.ringbook.engine.CommandType commandType, final int instrumentId,
            final long accountId, final long clientOrderId, final long orderId,
            final io.ringbook.engine.RejectReason reason)
        {
        }

        public void onTrade(
            final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
            final Side aggressorSide, final long makerOrderId, final long makerAccountId,
            final long makerClientOrderId, final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId,
            final long takerAccountId, final long takerClientOrderId, final long takerLeavesQuantity)
        {
        }

        public void onCancelled(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final long price, final long orderQuantity,
            final long cancelledQuantity,
            final io.ringbook.engine.CancelReason reason)
        {
        }

        public void onReplaced(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long origClientOrderId, final long clientOrderId, final Side side, final long price,
            final long quantity, final long leavesQuantity)
        {
        }

        public void onOrderChange(
            final long sequence, final int instrumentId, final io.ringbook.engine.OrderAction action,
            final long orderId, final Side side, final long price, final long quantity, final long changeQuantity)
        {
        }

        public void onLevelChange(
            final long sequence, final int instrumentId, final io.ringbook.engine.LevelAction action,
            final Side side, final long price, final long quantity, final int orderCount)
        {
        }

        public void onCommandComplete(final long sequence)
        {
        }
    }
}
