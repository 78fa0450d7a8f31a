package io.ringbook.engine.workload;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RestingOrder;
import io.ringbook.engine.Side;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TimeInForce;

import java.util.List;
import java.util.Random;

/**
 * The command mix of exchange-core's throughput and latency tests (its {@code TestOrdersGenerator}), written anew for
 * ringbook from that generator's description, so results can be set beside exchange-core's published numbers.
 * <p>
 * One instrument, {@value #DEFAULT_ACCOUNTS} accounts. The fill phase rests passive GTC orders until each side holds
 * half the target book ({@value #DEFAULT_TARGET_ORDERS} orders). Benchmark commands are drawn with fixed shares:
 * GTC 12.6%, marketable IOC 1.8%, FOK 0.06%, cancel 7.2%, quantity reduce 7.2%, and the rest (71.14%) moves: a
 * replace to a new price, which loses time priority. Cancels, reduces and moves act on one of the
 * {@value #OLDEST_ORDERS} oldest live orders, chosen uniformly. Sizes are {@code 1 + U{0..5} * U{0..5} * U{0..5}}.
 * <p>
 * Prices, as exchange-core makes them, in ticks around a central price of {@value #CENTRAL_PRICE} with a deviation
 * of {@value #PRICE_DEVIATION} (5%): a passive GTC rests at the last trade price minus (bid) or plus (ask) an offset
 * {@code |mean of four U[0, dev) * 2 - dev|} with {@code dev = 1 + r^2 * deviation}, so orders cluster near the touch
 * with a long tail; a move shifts a resting order toward the last trade price by {@value #CENTRAL_MOVE_ALPHA} of the
 * distance, at least one tick (one tick either way when it is at that price), so orders drift into the spread and
 * trade; IOC and FOK orders are limit orders at the far price bound ({@link #MIN_PRICE}, {@link #MAX_PRICE}).
 * <p>
 * Where this differs from exchange-core, and why:
 * <ul>
 * <li>exchange-core lets its mix follow the book: it sends GTC orders while a side is short of its target and IOC
 * orders once it is full, which yields the shares above on average. Here the shares are fixed and the book is held
 * near its target through the GTC orders instead: a GTC rests passively on a side below half the target; when both
 * sides are full it is placed at the fuller side's best price for at most that level's quantity, so it trades in
 * full and takes liquidity out (the share of such GTCs is in {@link Workload#notes()}).</li>
 * <li>The engine rejects a FOK that cannot fill, so a FOK is sized to what the book can fill at once.</li>
 * <li>A reduce lowers the order quantity by {@code 1 + U{0..leaves-1}} (ending the order when it reduces it to what
 * has filled, as in exchange-core), but an order with nothing filled keeps at least one lot, since the engine rejects
 * an order quantity of 0; an order of one unfilled lot cannot be reduced, so another is picked.</li>
 * <li>Prices are ticks on an instrument without a price band; the last trade price used as the reference is clamped
 * to the price bounds.</li>
 * </ul>
 * Cancels and replaces carry both the engine order id and the client order id of the order; replaces keep the client
 * order id. {@link Addressing} picks which the commands use. Deterministic: the same arguments give the same commands
 * on any JDK ({@link Random} and plain double arithmetic only).
 */
public final class ExchangeCoreWorkload
{
    public static final int DEFAULT_ACCOUNTS = 1_000;
    public static final int DEFAULT_TARGET_ORDERS = 1_000;
    /** Cancels, reduces and moves pick among this many oldest live orders. */
    public static final int OLDEST_ORDERS = 512;
    /** A move goes this share of the way to the last trade price (exchange-core's CENTRAL_MOVE_ALPHA). */
    public static final double CENTRAL_MOVE_ALPHA = 0.01;
    public static final long CENTRAL_PRICE = 100_000;
    /** 5% of the central price, as exchange-core. */
    public static final long PRICE_DEVIATION = 5_000;
    public static final long MIN_PRICE = CENTRAL_PRICE - 5 * PRICE_DEVIATION;
    public static final long MAX_PRICE = CENTRAL_PRICE + 5 * PRICE_DEVIATION;
    /** Tick 1, lot 1, no price band, so prices are plain ticks. */
    public static final Instrument INSTRUMENT = new Instrument(1, "XCORE", 1, 1, 0, 0, 1_000_000, CENTRAL_PRICE);

    /** Target shares of the benchmark commands; moves take the rest. */
    public static final double GTC_SHARE = 0.126;
    public static final double IOC_SHARE = 0.018;
    public static final double FOK_SHARE = 0.0006;
    public static final double CANCEL_SHARE = 0.072;
    public static final double REDUCE_SHARE = 0.072;
    public static final double MOVE_SHARE = 1.0 - GTC_SHARE - IOC_SHARE - FOK_SHARE - CANCEL_SHARE - REDUCE_SHARE;

    private static final int REDUCE_PICKS = 8;

    private final GeneratorSession session;
    private final Random random;
    private final int accounts;
    private final int targetOrders;
    private final int halfTarget;
    private final OrderBook book;
    private final LiveOrders live;
    private final GeneratorSession.LevelProbe probe = new GeneratorSession.LevelProbe();
    private long passiveGtc;
    private long takingGtc;

    private ExchangeCoreWorkload(final long seed, final int accounts, final int targetOrders)
    {
        if (accounts <= 0 || targetOrders < 2)
        {
            throw new IllegalArgumentException("need accounts > 0 and targetOrders >= 2: " + accounts + ", " +
                targetOrders);
        }
        this.session = new GeneratorSession(seed, List.of(INSTRUMENT), OLDEST_ORDERS);
        this.random = session.random;
        this.accounts = accounts;
        this.targetOrders = targetOrders;
        this.halfTarget = targetOrders / 2;
        this.book = session.book(INSTRUMENT.id());
        this.live = session.live(INSTRUMENT.id());
    }

    /**
     * The exchange-core mix with {@value #DEFAULT_ACCOUNTS} accounts and a {@value #DEFAULT_TARGET_ORDERS}-order
     * book, addressed by order id.
     */
    public static Workload generate(final long seed, final int benchmarkCommands)
    {
        return generate(seed, benchmarkCommands, DEFAULT_ACCOUNTS, DEFAULT_TARGET_ORDERS, Addressing.ORDER_ID);
    }

    public static Workload generate(
        final long seed, final int benchmarkCommands, final int accounts, final int targetOrders)
    {
        return generate(seed, benchmarkCommands, accounts, targetOrders, Addressing.ORDER_ID);
    }

    /**
     * @param seed              of the random: equal arguments give equal commands.
     * @param benchmarkCommands how many commands the benchmark phase has.
     * @param accounts          new orders come from accounts 1 to this, uniformly.
     * @param targetOrders      orders the book holds after the fill phase and stays near.
     * @param addressing        how cancels and replaces name their order.
     */
    public static Workload generate(
        final long seed, final int benchmarkCommands, final int accounts, final int targetOrders,
        final Addressing addressing)
    {
        return new ExchangeCoreWorkload(seed, accounts, targetOrders).run(seed, benchmarkCommands, addressing);
    }

    private Workload run(final long seed, final int benchmarkCommands, final Addressing addressing)
    {
        final long maxFill = 100L * targetOrders;
        while (live.count(Side.BUY) < halfTarget || live.count(Side.SELL) < halfTarget)
        {
            if (session.engine.nextOrderId() > maxFill)
            {
                throw new IllegalStateException("fill phase does not converge");
            }
            final Side side = live.count(Side.BUY) >= halfTarget ? Side.SELL :
                live.count(Side.SELL) >= halfTarget ? Side.BUY : session.randomSide();
            passiveGtc(side);
        }
        session.startBenchmark();
        passiveGtc = 0;
        for (int i = 0; i < benchmarkCommands; )
        {
            if (nextCommand())
            {
                i++;
            }
        }
        final String notes = String.format(java.util.Locale.ROOT,
            "GTC placed passively %d, taking liquidity at the touch %d (%.1f%% of GTC); trades %d",
            passiveGtc, takingGtc, 100.0 * takingGtc / Math.max(1, passiveGtc + takingGtc), session.trades());
        return session.finish(
            "exchange-core(seed=" + seed + ", commands=" + benchmarkCommands + ", accounts=" + accounts +
            ", targetOrders=" + targetOrders + ")", seed, addressing, notes);
    }

    /**
     * @return false when no command of the drawn kind could be made (no live order), so the caller draws again.
     */
    private boolean nextCommand()
    {
        final double u = random.nextDouble();
        double edge = GTC_SHARE;
        if (u < edge)
        {
            return gtc();
        }
        edge += IOC_SHARE;
        if (u < edge)
        {
            return ioc();
        }
        edge += FOK_SHARE;
        if (u < edge)
        {
            return fok();
        }
        edge += CANCEL_SHARE;
        if (u < edge)
        {
            return cancel();
        }
        edge += REDUCE_SHARE;
        if (u < edge)
        {
            return reduce();
        }
        return move();
    }

    private long size()
    {
        return 1 + random.nextInt(6) * random.nextInt(6) * random.nextInt(6);
    }

    private long account()
    {
        return 1 + random.nextInt(accounts);
    }

    private long referencePrice()
    {
        final long lastTrade = book.lastTradePrice();
        final long reference = lastTrade == OrderBook.NO_PRICE ? CENTRAL_PRICE : lastTrade;
        return Math.max(MIN_PRICE, Math.min(MAX_PRICE, reference));
    }

    private void passiveGtc(final Side side)
    {
        final long account = account();
        final long quantity = size();
        final double r = random.nextDouble();
        final int dev = 1 + (int)(r * r * PRICE_DEVIATION);
        long sum = 0;
        for (int i = 0; i < 4; i++)
        {
            sum += random.nextInt(dev);
        }
        final long offset = Math.abs(sum / 4 * 2 - dev);
        final long reference = referencePrice();
        final long price = side == Side.BUY ? reference - offset : reference + offset;
        passiveGtc++;
        session.emit(session.newOrder(
            INSTRUMENT, account, side, OrderType.LIMIT, TimeInForce.GTC, price, quantity), CommandKind.GTC);
    }

    private boolean gtc()
    {
        final Side side = session.randomSide();
        if (live.count(side) < halfTarget)
        {
            passiveGtc(side);
            return true;
        }
        if (live.count(side.opposite()) < halfTarget)
        {
            passiveGtc(side.opposite());
            return true;
        }
        // Both sides are full: take liquidity from the fuller one, at its best price only, so nothing rests.
        final int bids = live.count(Side.BUY);
        final int asks = live.count(Side.SELL);
        final Side makers = bids > asks ? Side.BUY : asks > bids ? Side.SELL : side.opposite();
        final long account = account();
        final long quantity = size();
        probe.probe(book, makers, 1);
        takingGtc++;
        session.emit(session.newOrder(
            INSTRUMENT, account, makers.opposite(), OrderType.LIMIT, TimeInForce.GTC, probe.price,
            Math.min(quantity, probe.quantity)), CommandKind.GTC);
        return true;
    }

    private long farPrice(final Side side)
    {
        return side == Side.BUY ? MAX_PRICE : MIN_PRICE;
    }

    private boolean ioc()
    {
        final Side side = session.randomSide();
        final long account = account();
        final long quantity = size();
        session.emit(session.newOrder(
            INSTRUMENT, account, side, OrderType.LIMIT, TimeInForce.IOC, farPrice(side), quantity), CommandKind.IOC);
        return true;
    }

    private boolean fok()
    {
        Side side = session.randomSide();
        final long account = account();
        final long quantity = size();
        long fillable = book.fillableQuantity(side, farPrice(side), account, StpMode.NONE, quantity);
        if (fillable == 0)
        {
            side = side.opposite();
            fillable = book.fillableQuantity(side, farPrice(side), account, StpMode.NONE, quantity);
            if (fillable == 0)
            {
                return false;
            }
        }
        session.emit(session.newOrder(
            INSTRUMENT, account, side, OrderType.LIMIT, TimeInForce.FOK, farPrice(side),
            Math.min(quantity, fillable)), CommandKind.FOK);
        return true;
    }

    private boolean cancel()
    {
        final RestingOrder order = book.findOrder(live.pick(random));
        if (order == null)
        {
            return false;
        }
        session.emit(new EngineCommand().cancel(
            INSTRUMENT.id(), order.accountId(), order.clientOrderId(), order.orderId()), CommandKind.CANCEL);
        return true;
    }

    private boolean reduce()
    {
        RestingOrder order = null;
        for (int i = 0; i < REDUCE_PICKS && order == null; i++)
        {
            order = reducible(book.findOrder(live.pick(random)));
        }
        if (order == null)
        {
            // Rare: scan the oldest orders from a random start for one that can be reduced.
            final int n = live.windowSize();
            final int start = n == 0 ? 0 : random.nextInt(n);
            for (int i = 0; i < n && order == null; i++)
            {
                order = reducible(book.findOrder(live.windowOrder((start + i) % n)));
            }
            if (order == null)
            {
                return false;
            }
        }
        // Reducing an unfilled order by all it has would make its quantity 0, which the engine rejects.
        final long maxReduction = order.filledQuantity() > 0 ? order.leavesQuantity() : order.leavesQuantity() - 1;
        final long reduceBy = 1 + random.nextInt((int)maxReduction);
        session.emit(new EngineCommand().replace(
            INSTRUMENT.id(), order.accountId(), order.clientOrderId(), order.orderId(), 0, order.price(),
            order.quantity() - reduceBy), CommandKind.REDUCE);
        return true;
    }

    private static RestingOrder reducible(final RestingOrder order)
    {
        return order != null && (order.filledQuantity() > 0 || order.leavesQuantity() > 1) ? order : null;
    }

    private boolean move()
    {
        final RestingOrder order = book.findOrder(live.pick(random));
        if (order == null)
        {
            return false;
        }
        final long price = order.price();
        final long reference = referencePrice();
        final double move = (reference - price) * CENTRAL_MOVE_ALPHA;
        final long shift;
        if (price > reference)
        {
            shift = (long)Math.floor(move);
        }
        else if (price < reference)
        {
            shift = (long)Math.ceil(move);
        }
        else
        {
            shift = random.nextBoolean() ? 1 : -1;
        }
        session.emit(new EngineCommand().replace(
            INSTRUMENT.id(), order.accountId(), order.clientOrderId(), order.orderId(), 0,
            Math.max(INSTRUMENT.tickSize(), price + shift), order.quantity()), CommandKind.MOVE);
        return true;
    }
}
