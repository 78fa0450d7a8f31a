package io.ringbook.engine.workload;

import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderBook;

import java.util.List;
import java.util.function.Function;

/**
 * A generated workload: instruments to define, a fill phase that builds the starting books, and the benchmark
 * commands to measure. Replaying the fill then the benchmark commands on a fresh engine (or one after
 * {@link MatchingEngine#reset()}) with these instruments gives no rejects and ends in
 * {@link #stateHashAfterBenchmark()}; sequence numbers run on from the fill into the benchmark commands.
 * <p>
 * The command arrays are shared, not copied: treat them as read-only. The sizes a workload reports let a benchmark
 * size the engine and its books up front so nothing grows while measuring.
 */
public final class Workload
{
    private final String name;
    private final String notes;
    private final long seed;
    private final List<Instrument> instruments;
    private final EngineCommand[] fillCommands;
    private final EngineCommand[] benchmarkCommands;
    private final long[] fillOrderIds;
    private final long[] benchmarkOrderIds;
    private final Addressing addressing;
    private final CommandMix benchmarkMix;
    private final int peakRestingOrders;
    private final int peakRestingOrdersPerInstrument;
    private final long stateHashAfterFill;
    private final long stateHashAfterBenchmark;

    private Workload(
        final String name,
        final String notes,
        final long seed,
        final List<Instrument> instruments,
        final EngineCommand[] fillCommands,
        final EngineCommand[] benchmarkCommands,
        final long[] fillOrderIds,
        final long[] benchmarkOrderIds,
        final Addressing addressing,
        final CommandMix benchmarkMix,
        final int peakRestingOrders,
        final int peakRestingOrdersPerInstrument,
        final long stateHashAfterFill,
        final long stateHashAfterBenchmark)
    {
        this.name = name;
        this.notes = notes;
        this.seed = seed;
        this.instruments = List.copyOf(instruments);
        this.fillCommands = fillCommands;
        this.benchmarkCommands = benchmarkCommands;
        this.fillOrderIds = fillOrderIds;
        this.benchmarkOrderIds = benchmarkOrderIds;
        this.addressing = addressing;
        this.benchmarkMix = benchmarkMix;
        this.peakRestingOrders = peakRestingOrders;
        this.peakRestingOrdersPerInstrument = peakRestingOrdersPerInstrument;
        this.stateHashAfterFill = stateHashAfterFill;
        this.stateHashAfterBenchmark = stateHashAfterBenchmark;
    }

    public String name()
    {
        return name;
    }

    /**
     * @return what the generator did that the mix does not show, e.g. how its GTC orders were placed.
     */
    public String notes()
    {
        return notes;
    }

    public long seed()
    {
        return seed;
    }

    public List<Instrument> instruments()
    {
        return instruments;
    }

    /**
     * @return the commands that build the starting books (passive orders), to replay before measuring.
     */
    public EngineCommand[] fillCommands()
    {
        return fillCommands;
    }

    /**
     * @return the commands to measure, valid after the fill commands.
     */
    public EngineCommand[] benchmarkCommands()
    {
        return benchmarkCommands;
    }

    public Addressing addressing()
    {
        return addressing;
    }

    /**
     * @return the mix of the benchmark commands as the generator meant it.
     */
    public CommandMix benchmarkMix()
    {
        return benchmarkMix;
    }

    /**
     * @return the most orders resting at once over all books, during fill and benchmark.
     */
    public int peakRestingOrders()
    {
        return peakRestingOrders;
    }

    /**
     * @return the most orders resting at once in one book: preallocate at least this many orders per book.
     */
    public int peakRestingOrdersPerInstrument()
    {
        return peakRestingOrdersPerInstrument;
    }

    /**
     * @return how many new orders the fill and benchmark commands hold, so how many client order ids the engine
     * records when it replays them once: its client order id capacity.
     */
    public int newOrderCount()
    {
        return countNewOrders(fillCommands) + countNewOrders(benchmarkCommands);
    }

    private static int countNewOrders(final EngineCommand[] commands)
    {
        int count = 0;
        for (final EngineCommand command : commands)
        {
            if (command.type == CommandType.NEW_ORDER)
            {
                count++;
            }
        }
        return count;
    }

    /**
     * @return {@link MatchingEngine#stateHash()} after replaying the fill commands on a fresh engine.
     */
    public long stateHashAfterFill()
    {
        return stateHashAfterFill;
    }

    /**
     * @return {@link MatchingEngine#stateHash()} after replaying the fill then the benchmark commands.
     */
    public long stateHashAfterBenchmark()
    {
        return stateHashAfterBenchmark;
    }

    /**
     * Make an engine for this workload: instruments defined, client order id index sized so a replay never grows it.
     */
    public MatchingEngine newEngine(final Function<Instrument, OrderBook> bookFactory, final EngineListener listener)
    {
        final MatchingEngine engine = new MatchingEngine(bookFactory, listener, Math.max(16, newOrderCount()));
        defineInstruments(engine);
        return engine;
    }

    public void defineInstruments(final MatchingEngine engine)
    {
        for (final Instrument instrument : instruments)
        {
            engine.addInstrument(instrument);
        }
    }

    /**
     * Process the fill commands, e.g. after {@link MatchingEngine#reset()}.
     */
    public void replayFill(final MatchingEngine engine)
    {
        for (final EngineCommand command : fillCommands)
        {
            engine.process(command);
        }
    }

    /**
     * Make a workload from generated commands, whose cancels and replaces carry both the engine order id and the
     * client order id of the order they address.
     */
    static Workload create(
        final String name,
        final String notes,
        final long seed,
        final List<Instrument> instruments,
        final EngineCommand[] fillCommands,
        final EngineCommand[] benchmarkCommands,
        final Addressing addressing,
        final CommandMix benchmarkMix,
        final int peakRestingOrders,
        final int peakRestingOrdersPerInstrument,
        final long stateHashAfterFill,
        final long stateHashAfterBenchmark)
    {
        final long[] fillOrderIds = addressedOrderIds(fillCommands);
        final long[] benchmarkOrderIds = addressedOrderIds(benchmarkCommands);
        address(fillCommands, fillOrderIds, addressing);
        address(benchmarkCommands, benchmarkOrderIds, addressing);
        return new Workload(
            name, notes, seed, instruments, fillCommands, benchmarkCommands, fillOrderIds, benchmarkOrderIds,
            addressing, benchmarkMix, peakRestingOrders, peakRestingOrdersPerInstrument, stateHashAfterFill,
            stateHashAfterBenchmark);
    }

    /**
     * The same workload with cancels and replaces addressed another way, in freshly allocated commands (laid out
     * one after another in memory, which also suits a benchmark that streams through them).
     */
    public Workload addressedBy(final Addressing addressing)
    {
        return new Workload(
            name, notes, seed, instruments, copy(fillCommands, fillOrderIds, addressing),
            copy(benchmarkCommands, benchmarkOrderIds, addressing), fillOrderIds, benchmarkOrderIds, addressing,
            benchmarkMix, peakRestingOrders, peakRestingOrdersPerInstrument, stateHashAfterFill,
            stateHashAfterBenchmark);
    }

    private static EngineCommand[] copy(
        final EngineCommand[] commands, final long[] orderIds, final Addressing addressing)
    {
        final EngineCommand[] copies = new EngineCommand[commands.length];
        for (int i = 0; i < commands.length; i++)
        {
            copies[i] = new EngineCommand().copyFrom(commands[i]);
        }
        address(copies, orderIds, addressing);
        return copies;
    }

    private static long[] addressedOrderIds(final EngineCommand[] commands)
    {
        final long[] orderIds = new long[commands.length];
        for (int i = 0; i < commands.length; i++)
        {
            final EngineCommand command = commands[i];
            if (command.type != CommandType.NEW_ORDER)
            {
                if (command.orderId == 0 || command.clientOrderId == 0)
                {
                    throw new IllegalStateException("generated command lacks an order id or client order id: " +
                        command);
                }
                orderIds[i] = command.orderId;
            }
        }
        return orderIds;
    }

    private static void address(final EngineCommand[] commands, final long[] orderIds, final Addressing addressing)
    {
        for (int i = 0; i < commands.length; i++)
        {
            final EngineCommand command = commands[i];
            if (command.type != CommandType.NEW_ORDER)
            {
                command.orderId = addressing == Addressing.ORDER_ID ? orderIds[i] : 0;
            }
        }
    }

    public String toString()
    {
        return "Workload{" + name + " seed=" + seed + " instruments=" + instruments.size() + " fill=" +
            fillCommands.length + " benchmark=" + benchmarkCommands.length + " addressing=" + addressing +
            " peakResting=" + peakRestingOrders + " mix=" + benchmarkMix + '}';
    }
}
