package io.ringbook.engine.workload;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.Side;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.book.ReferenceOrderBook;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2LongHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What every generator needs while it runs: the seeded random, an engine with reference books that processes each
 * command as it is made, the live orders per instrument, the commands of each phase, and the counts a
 * {@link Workload} reports. Generators emit commands through {@link #emit(EngineCommand, CommandKind)}.
 */
final class GeneratorSession
{
    /** Timestamps are synthetic: a fixed epoch plus one microsecond per sequence number. */
    static final long EPOCH_NS = 1_700_000_000_000_000_000L;
    private static final long NS_PER_COMMAND = 1_000;

    final Random random;
    final MatchingEngine engine;
    private final List<Instrument> instruments;
    private final GenerationTracker tracker = new GenerationTracker();
    private final Int2ObjectHashMap<LiveOrders> liveOrders = new Int2ObjectHashMap<>();
    private final List<EngineCommand> fill = new ArrayList<>();
    private final List<EngineCommand> benchmark = new ArrayList<>();
    private final CommandMix benchmarkMix = new CommandMix();
    private boolean benchmarkPhase;
    private long sequence;
    /** Each account numbers its own orders 1, 2, 3..., as a client session does. */
    private final Long2LongHashMap nextClientOrderIdByAccount = new Long2LongHashMap(1);
    private int peakResting;
    private int peakRestingPerInstrument;
    private long stateHashAfterFill;

    /**
     * @param seed           for the random.
     * @param instruments    to define.
     * @param windowCapacity how many of the oldest live orders of each instrument {@link #pick} chooses among.
     */
    GeneratorSession(final long seed, final List<Instrument> instruments, final int windowCapacity)
    {
        this.random = new Random(seed);
        this.instruments = List.copyOf(instruments);
        this.engine = new MatchingEngine(ReferenceOrderBook::new, tracker);
        for (final Instrument instrument : instruments)
        {
            engine.addInstrument(instrument);
            liveOrders.put(instrument.id(), new LiveOrders(windowCapacity));
        }
    }

    List<Instrument> instruments()
    {
        return instruments;
    }

    OrderBook book(final int instrumentId)
    {
        return engine.book(instrumentId);
    }

    LiveOrders live(final int instrumentId)
    {
        return liveOrders.get(instrumentId);
    }

    long nextClientOrderId(final long accountId)
    {
        final long next = nextClientOrderIdByAccount.get(accountId);
        nextClientOrderIdByAccount.put(accountId, next + 1);
        return next;
    }

    /**
     * @return a uniformly chosen live order among the oldest of the instrument, or 0 when none is live.
     */
    long pick(final int instrumentId)
    {
        return liveOrders.get(instrumentId).pick(random);
    }

    /**
     * @return a random side, even odds.
     */
    Side randomSide()
    {
        return random.nextBoolean() ? Side.BUY : Side.SELL;
    }

    /**
     * End the fill phase: later commands are benchmark commands.
     */
    void startBenchmark()
    {
        benchmarkPhase = true;
        stateHashAfterFill = engine.stateHash();
    }

    EngineCommand newOrder(
        final Instrument instrument, final long accountId, final Side side, final OrderType orderType,
        final TimeInForce timeInForce, final long price, final long quantity)
    {
        return new EngineCommand().newOrder(
            instrument.id(), accountId, nextClientOrderId(accountId), side, orderType, timeInForce, price, quantity)
            .stp(StpMode.NONE);
    }

    /**
     * Stamp, process and keep a command. It must be valid: a reject throws (a generator bug).
     */
    void emit(final EngineCommand command, final CommandKind kind)
    {
        command.sequence = ++sequence;
        command.timestampNs = EPOCH_NS + sequence * NS_PER_COMMAND;
        tracker.process(engine, command, liveOrders::get);
        if (benchmarkPhase)
        {
            benchmark.add(command);
            benchmarkMix.add(kind);
        }
        else
        {
            fill.add(command);
        }
        int resting = 0;
        for (final Instrument instrument : instruments)
        {
            final int size = liveOrders.get(instrument.id()).size();
            resting += size;
            peakRestingPerInstrument = Math.max(peakRestingPerInstrument, size);
        }
        peakResting = Math.max(peakResting, resting);
    }

    long trades()
    {
        return tracker.trades();
    }

    Workload finish(final String name, final long seed, final Addressing addressing, final String notes)
    {
        return Workload.create(
            name, notes, seed, instruments, fill.toArray(new EngineCommand[0]), benchmark.toArray(new EngineCommand[0]),
            addressing, benchmarkMix, peakResting, peakRestingPerInstrument, stateHashAfterFill,
            engine.stateHash());
    }

    /**
     * Keeps the quantity of the first level {@code OrderBook.forEachLevel} visits, or of the last of several.
     */
    static final class LevelProbe implements OrderBook.LevelVisitor
    {
        long price;
        long quantity;
        int levels;

        /**
         * Visit up to {@code depth} levels of a side; afterwards price and quantity are those of the deepest visited.
         *
         * @return the number of levels visited.
         */
        int probe(final OrderBook book, final Side side, final int depth)
        {
            price = OrderBook.NO_PRICE;
            quantity = 0;
            levels = book.forEachLevel(side, depth, this);
            return levels;
        }

        public void visit(final Side side, final long price, final long quantity, final int orderCount)
        {
            this.price = price;
            this.quantity = quantity;
        }
    }
}
