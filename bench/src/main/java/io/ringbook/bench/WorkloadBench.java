package io.ringbook.bench;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.book.ReferenceOrderBook;
import io.ringbook.engine.workload.Addressing;
import io.ringbook.engine.workload.Workload;

import java.util.function.Function;

/**
 * The part the order book benchmarks share: an engine sized for a workload so nothing grows while measuring, a
 * check that the engine reaches the workload's state hash (the generator's reference book) without a reject, and a
 * reset to the filled book before each invocation.
 */
final class WorkloadBench
{
    final Workload workload;
    final ChecksumListener listener = new ChecksumListener();
    final MatchingEngine engine;
    final EngineCommand[] commands;

    /**
     * @param generated  the workload as generated; copied so the commands lie one after another in memory.
     * @param book       {@code fast} or {@code reference}.
     * @param addressing {@code orderId} or {@code clientOrderId}.
     */
    WorkloadBench(final Workload generated, final String book, final String addressing)
    {
        this.workload = generated.addressedBy(addressing(addressing));
        this.commands = workload.benchmarkCommands();
        this.engine = workload.newEngine(bookFactory(book, workload), listener);
        verify();
    }

    static Addressing addressing(final String name)
    {
        switch (name)
        {
            case "orderId":
                return Addressing.ORDER_ID;
            case "clientOrderId":
                return Addressing.CLIENT_ORDER_ID;
            default:
                throw new IllegalArgumentException("addressing is orderId or clientOrderId: " + name);
        }
    }

    static Function<Instrument, OrderBook> bookFactory(final String name, final Workload workload)
    {
        switch (name)
        {
            case "fast":
                // Pools and the id map sized past the peak so nothing grows while measuring.
                final int orders = 2 * workload.peakRestingOrdersPerInstrument() + 1024;
                return instrument -> new FastOrderBook(instrument, orders);
            case "reference":
                return ReferenceOrderBook::new;
            default:
                throw new IllegalArgumentException("book is fast or reference: " + name);
        }
    }

    /**
     * Replay everything once: it must give no reject and the state the generator's reference engine reached. This
     * also warms the pools, so later invocations allocate nothing.
     */
    private void verify()
    {
        reset();
        if (engine.stateHash() != workload.stateHashAfterFill())
        {
            throw new IllegalStateException("state after the fill differs from the generator's: " + workload);
        }
        run();
        if (listener.rejects != 0 || engine.stateHash() != workload.stateHashAfterBenchmark())
        {
            throw new IllegalStateException("engine diverged from the generator's reference engine (rejects " +
                listener.rejects + "): " + workload);
        }
    }

    void reset()
    {
        engine.reset();
        workload.replayFill(engine);
    }

    long run()
    {
        final MatchingEngine engine = this.engine;
        for (final EngineCommand command : commands)
        {
            engine.process(command);
        }
        return listener.checksum;
    }
}
