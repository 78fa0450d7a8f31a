package io.ringbook.engine.workload;

import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.book.ReferenceOrderBook;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.ringbook.engine.workload.WorkloadAssertions.assertSameCommands;
import static io.ringbook.engine.workload.WorkloadAssertions.fingerprint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExchangeCoreWorkloadTest
{
    private static final int COMMANDS = 200_000;
    private static Workload workload;
    private static WorkloadReplay.Report fastReplay;

    @BeforeAll
    static void generate()
    {
        workload = ExchangeCoreWorkload.generate(1, COMMANDS);
        fastReplay = WorkloadReplay.run(workload, FastOrderBook::new);
    }

    @Test
    void sameSeedGivesSameCommands()
    {
        final Workload again = ExchangeCoreWorkload.generate(1, COMMANDS);
        assertSameCommands(workload.fillCommands(), again.fillCommands());
        assertSameCommands(workload.benchmarkCommands(), again.benchmarkCommands());
        assertEquals(workload.stateHashAfterBenchmark(), again.stateHashAfterBenchmark());

        final Workload other = ExchangeCoreWorkload.generate(2, COMMANDS);
        assertNotEquals(fingerprint(workload.benchmarkCommands()), fingerprint(other.benchmarkCommands()));
    }

    @Test
    void replaysWithoutRejectsToTheSameStateOnBothBooks()
    {
        assertEquals(0, fastReplay.fillRejects(), fastReplay::toString);
        assertEquals(0, fastReplay.benchmarkRejects(), fastReplay::toString);
        assertEquals(workload.stateHashAfterFill(), fastReplay.stateHashAfterFill());
        assertEquals(workload.stateHashAfterBenchmark(), fastReplay.stateHashAfterBenchmark());

        final WorkloadReplay.Report reference = WorkloadReplay.run(workload, ReferenceOrderBook::new);
        assertEquals(0, reference.fillRejects() + reference.benchmarkRejects(), reference::toString);
        assertEquals(workload.stateHashAfterBenchmark(), reference.stateHashAfterBenchmark());
    }

    @Test
    void addressingByClientOrderIdGivesTheSameResult()
    {
        final Workload byClientOrderId = workload.addressedBy(Addressing.CLIENT_ORDER_ID);
        assertEquals(Addressing.CLIENT_ORDER_ID, byClientOrderId.addressing());
        int addressed = 0;
        for (final EngineCommand command : byClientOrderId.benchmarkCommands())
        {
            if (command.type != CommandType.NEW_ORDER)
            {
                assertEquals(0, command.orderId, command::toString);
                assertTrue(command.clientOrderId > 0, command::toString);
                addressed++;
            }
        }
        assertTrue(addressed > COMMANDS / 2);
        final WorkloadReplay.Report report = WorkloadReplay.run(byClientOrderId, FastOrderBook::new);
        assertEquals(0, report.fillRejects() + report.benchmarkRejects(), report::toString);
        assertEquals(workload.stateHashAfterBenchmark(), report.stateHashAfterBenchmark());
        assertEquals(fastReplay.mix(), report.mix());

        // and back: the order ids are restored, and the original arrays were not touched
        final Workload back = byClientOrderId.addressedBy(Addressing.ORDER_ID);
        assertSameCommands(workload.benchmarkCommands(), back.benchmarkCommands());
    }

    @Test
    void mixMatchesExchangeCore()
    {
        final CommandMix mix = fastReplay.mix();
        assertEquals(workload.benchmarkMix(), mix, "the engine sees the mix the generator meant");
        assertEquals(COMMANDS, mix.total());
        // Binomial standard deviations at 200,000 commands are 0.01 to 0.1 points; allow about 4 of them.
        assertEquals(12.6, mix.percent(CommandKind.GTC), 0.3, mix::toString);
        assertEquals(1.8, mix.percent(CommandKind.IOC), 0.12, mix::toString);
        assertEquals(0.06, mix.percent(CommandKind.FOK), 0.025, mix::toString);
        assertEquals(7.2, mix.percent(CommandKind.CANCEL), 0.25, mix::toString);
        assertEquals(7.2, mix.percent(CommandKind.REDUCE), 0.25, mix::toString);
        assertEquals(71.14, mix.percent(CommandKind.MOVE), 0.4, mix::toString);
        assertEquals(0, mix.count(CommandKind.MARKET) + mix.count(CommandKind.OTHER_REPLACE), mix::toString);
        // exchange-core: "about 6% of all messages are triggering one or more trades"
        assertTrue(fastReplay.benchmarkTrades() > COMMANDS * 0.03, fastReplay::toString);
    }

    @Test
    void bookStaysNearTarget()
    {
        final int target = ExchangeCoreWorkload.DEFAULT_TARGET_ORDERS;
        assertEquals(target, fastReplay.restingAfterFill());
        assertTrue(workload.fillCommands().length < target * 1.2, "fill is mostly resting orders");
        assertTrue(fastReplay.minResting() >= target * 0.9, fastReplay::toString);
        assertTrue(fastReplay.maxResting() <= target * 1.05, fastReplay::toString);
        assertEquals(target, fastReplay.meanResting(), target * 0.03, fastReplay::toString);
        assertTrue(workload.peakRestingOrdersPerInstrument() <= target * 1.05);
    }

    @Test
    void commandsAreWellFormed()
    {
        long gtcAccounts = 0;
        for (final EngineCommand command : workload.benchmarkCommands())
        {
            assertEquals(ExchangeCoreWorkload.INSTRUMENT.id(), command.instrumentId);
            assertTrue(command.accountId >= 1 && command.accountId <= ExchangeCoreWorkload.DEFAULT_ACCOUNTS);
            if (command.type == CommandType.NEW_ORDER)
            {
                assertEquals(OrderType.LIMIT, command.orderType);
                assertEquals(StpMode.NONE, command.stpMode);
                assertTrue(command.quantity >= 1 && command.quantity <= 126, command::toString);
                if (command.timeInForce != TimeInForce.GTC)
                {
                    assertTrue(command.price == ExchangeCoreWorkload.MIN_PRICE ||
                        command.price == ExchangeCoreWorkload.MAX_PRICE, command::toString);
                }
                gtcAccounts += command.accountId;
            }
            assertTrue(command.price >= 0);
        }
        assertTrue(gtcAccounts > 0);
        final EngineCommand[] fill = workload.fillCommands();
        for (int i = 0; i < fill.length; i++)
        {
            assertEquals(CommandType.NEW_ORDER, fill[i].type);
            assertEquals(TimeInForce.GTC, fill[i].timeInForce);
            assertEquals(i + 1, fill[i].sequence);
        }
        assertEquals(fill.length + 1, workload.benchmarkCommands()[0].sequence);
        assertEquals(workload.newOrderCount(), countNewOrders(fill) + countNewOrders(workload.benchmarkCommands()));
    }

    private static int countNewOrders(final EngineCommand[] commands)
    {
        int n = 0;
        for (final EngineCommand command : commands)
        {
            n += command.type == CommandType.NEW_ORDER ? 1 : 0;
        }
        return n;
    }
}
