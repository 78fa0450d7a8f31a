package io.ringbook.engine.workload;

import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.RestingOrder;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Replays a workload on a fresh engine and reports what happened, independently of the generator: rejects by
 * reason, the mix as the engine saw it (a replace is a move when it changes the addressed order's price, a reduce
 * when it keeps the price and lowers the quantity), resting orders over the benchmark phase, trades, and state
 * hashes. For tests, and for benchmarks that check a book before measuring it. Allocates freely.
 */
public final class WorkloadReplay
{
    private WorkloadReplay()
    {
    }

    /**
     * Replay the fill then the benchmark commands on a new engine with books from this factory.
     */
    public static Report run(final Workload workload, final Function<Instrument, OrderBook> bookFactory)
    {
        final Recorder recorder = new Recorder();
        final MatchingEngine engine = workload.newEngine(bookFactory, recorder);
        for (final EngineCommand command : workload.fillCommands())
        {
            recorder.process(engine, command, null);
        }
        final Report report = new Report();
        report.fillRejects = recorder.rejects;
        report.stateHashAfterFill = engine.stateHash();
        report.restingAfterFill = restingOrders(engine);
        report.minResting = Integer.MAX_VALUE;
        final long tradesBefore = recorder.trades;
        double restingSum = 0;
        for (final EngineCommand command : workload.benchmarkCommands())
        {
            recorder.process(engine, command, report.mix);
            final int resting = restingOrders(engine);
            report.minResting = Math.min(report.minResting, resting);
            report.maxResting = Math.max(report.maxResting, resting);
            restingSum += resting;
        }
        if (workload.benchmarkCommands().length == 0)
        {
            report.minResting = report.restingAfterFill;
            report.maxResting = report.restingAfterFill;
        }
        report.meanResting = workload.benchmarkCommands().length == 0 ? report.restingAfterFill :
            restingSum / workload.benchmarkCommands().length;
        report.benchmarkRejects = recorder.rejects - report.fillRejects;
        report.rejectsByReason.putAll(recorder.rejectsByReason);
        report.firstReject = recorder.firstReject;
        report.benchmarkTrades = recorder.trades - tradesBefore;
        report.stateHashAfterBenchmark = engine.stateHash();
        return report;
    }

    private static int restingOrders(final MatchingEngine engine)
    {
        int sum = 0;
        for (final int id : engine.instrumentIds())
        {
            sum += engine.book(id).orderCount();
        }
        return sum;
    }

    /**
     * What a replay saw.
     */
    public static final class Report
    {
        private final CommandMix mix = new CommandMix();
        private final Map<RejectReason, Long> rejectsByReason = new EnumMap<>(RejectReason.class);
        private long fillRejects;
        private long benchmarkRejects;
        private String firstReject;
        private long benchmarkTrades;
        private int restingAfterFill;
        private int minResting;
        private int maxResting;
        private double meanResting;
        private long stateHashAfterFill;
        private long stateHashAfterBenchmark;

        /** The benchmark commands' mix as classified against the book at replay. */
        public CommandMix mix()
        {
            return mix;
        }

        public long fillRejects()
        {
            return fillRejects;
        }

        public long benchmarkRejects()
        {
            return benchmarkRejects;
        }

        public Map<RejectReason, Long> rejectsByReason()
        {
            return rejectsByReason;
        }

        /** The first rejected command and its reason, or null. */
        public String firstReject()
        {
            return firstReject;
        }

        public long benchmarkTrades()
        {
            return benchmarkTrades;
        }

        public int restingAfterFill()
        {
            return restingAfterFill;
        }

        /** Fewest orders resting, over all books, after any benchmark command. */
        public int minResting()
        {
            return minResting;
        }

        public int maxResting()
        {
            return maxResting;
        }

        public double meanResting()
        {
            return meanResting;
        }

        public long stateHashAfterFill()
        {
            return stateHashAfterFill;
        }

        public long stateHashAfterBenchmark()
        {
            return stateHashAfterBenchmark;
        }

        public String toString()
        {
            return "Report{rejects fill=" + fillRejects + " benchmark=" + benchmarkRejects + " " + rejectsByReason +
                " trades=" + benchmarkTrades + " resting afterFill=" + restingAfterFill + " min=" + minResting +
                " mean=" + String.format(java.util.Locale.ROOT, "%.1f", meanResting) + " max=" + maxResting +
                " mix=" + mix + (firstReject == null ? "" : " firstReject=" + firstReject) + '}';
        }
    }

    private record AccountOrder(long accountId, long clientOrderId)
    {
    }

    private record InstrumentOrder(int instrumentId, long orderId)
    {
    }

    /**
     * Classifies each command before the engine processes it, counts rejects and trades, and keeps its own index of
     * client order ids so commands addressed that way can be classified too.
     */
    private static final class Recorder implements EngineListener
    {
        final Map<RejectReason, Long> rejectsByReason = new EnumMap<>(RejectReason.class);
        final Map<AccountOrder, InstrumentOrder> byClientOrderId = new HashMap<>();
        long rejects;
        long trades;
        String firstReject;
        private EngineCommand current;

        void process(final MatchingEngine engine, final EngineCommand command, final CommandMix mix)
        {
            if (mix != null)
            {
                mix.add(classify(engine, command));
            }
            current = command;
            engine.process(command);
        }

        private CommandKind classify(final MatchingEngine engine, final EngineCommand command)
        {
            if (command.type == CommandType.NEW_ORDER)
            {
                if (command.orderType == OrderType.MARKET)
                {
                    return CommandKind.MARKET;
                }
                return command.timeInForce == TimeInForce.IOC ? CommandKind.IOC :
                    command.timeInForce == TimeInForce.FOK ? CommandKind.FOK : CommandKind.GTC;
            }
            if (command.type == CommandType.CANCEL_ORDER)
            {
                return CommandKind.CANCEL;
            }
            final RestingOrder order = addressed(engine, command);
            if (order == null || command.price != order.price())
            {
                return CommandKind.MOVE; // an unknown order gets rejected and counted as such
            }
            return command.quantity < order.quantity() ? CommandKind.REDUCE : CommandKind.OTHER_REPLACE;
        }

        private RestingOrder addressed(final MatchingEngine engine, final EngineCommand command)
        {
            int instrumentId = command.instrumentId;
            long orderId = command.orderId;
            if (orderId == 0)
            {
                final InstrumentOrder known =
                    byClientOrderId.get(new AccountOrder(command.accountId, command.clientOrderId));
                if (known == null)
                {
                    return null;
                }
                instrumentId = known.instrumentId();
                orderId = known.orderId();
            }
            final OrderBook book = engine.book(instrumentId);
            return book == null ? null : book.findOrder(orderId);
        }

        public void onAccepted(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
            final long price, final long quantity)
        {
            byClientOrderId.put(
                new AccountOrder(accountId, clientOrderId), new InstrumentOrder(instrumentId, orderId));
        }

        public void onRejected(
            final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
            final long clientOrderId, final long orderId, final RejectReason reason)
        {
            rejects++;
            rejectsByReason.merge(reason, 1L, Long::sum);
            if (firstReject == null)
            {
                firstReject = reason + " " + current;
            }
        }

        public void onTrade(
            final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
            final Side aggressorSide, final long makerOrderId, final long makerAccountId,
            final long makerClientOrderId, final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId,
            final long takerAccountId, final long takerClientOrderId, final long takerLeavesQuantity)
        {
            trades++;
        }

        public void onCancelled(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity,
            final CancelReason reason)
        {
        }

        public void onReplaced(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long origClientOrderId, final long clientOrderId, final Side side, final long price,
            final long quantity, final long leavesQuantity)
        {
            if (clientOrderId != origClientOrderId)
            {
                byClientOrderId.put(
                    new AccountOrder(accountId, clientOrderId), new InstrumentOrder(instrumentId, orderId));
            }
        }

        public void onOrderChange(
            final long sequence, final int instrumentId, final OrderAction action, final long orderId,
            final Side side, final long price, final long quantity, final long changeQuantity)
        {
        }

        public void onLevelChange(
            final long sequence, final int instrumentId, final LevelAction action, final Side side,
            final long price, final long quantity, final int orderCount)
        {
        }

        public void onCommandComplete(final long sequence)
        {
        }
    }
}
