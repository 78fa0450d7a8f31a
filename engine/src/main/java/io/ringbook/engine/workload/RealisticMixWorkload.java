package io.ringbook.engine.workload;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RestingOrder;
import io.ringbook.engine.Side;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TimeInForce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A deeper, busier mix than exchange-core's, closer to a lit equity or futures venue: several instruments of uneven
 * activity, each holding thousands of orders over a few hundred price levels (about 150 a side at the defaults),
 * with most traffic near the touch.
 * <p>
 * Instruments {@code 1..n} (symbols {@code RM1..}) have tick 1 or 5, lot 1 or 10, a 10% price band and a reference
 * price drawn from the seed; instrument {@code i} gets commands in proportion to {@code 1 / i^0.8}. The fill phase
 * rests passive orders until each book holds its target. Benchmark commands, as shares at the target book size:
 * <ul>
 * <li>42% passive GTC adds (a fifth of them post-only): 8% inside the spread, 30% joining the best price, the rest
 * behind it by an exponential number of ticks (mean {@value #MEAN_DEPTH_TICKS}, at most {@value #MAX_DEPTH_TICKS});
 * never crossing;</li>
 * <li>37% cancels of a uniformly chosen live order of the instrument;</li>
 * <li>8% moves: a replace 1 to 5 ticks toward (60%) or away from the touch, never crossing, keeping the quantity or
 * (30%) setting a new one; 5% reduces, which keep priority;</li>
 * <li>5% marketable IOC limit orders reaching 1 to 3 levels, 1% market orders, 1.5% GTC orders at the opposite best
 * price whose remainder rests, 0.5% FOK orders sized to what 2 levels can fill; a tenth of these take self-trade
 * prevention (cancel resting).</li>
 * </ul>
 * Adds and cancels lean against a book's distance from its target (adds ×1.5, cancels ×0.5 at 10% short, and the
 * other way round), so books stay near their targets; the measured mix comes with the workload. Sizes are
 * {@code lot * (1 + U{0..9} * (1 + U{0..9}))}, one in thirty-three ten times that. Accounts are drawn uniformly.
 * Every price is inside the band around the last trade price (else the reference price), as the engine checks.
 */
public final class RealisticMixWorkload
{
    public static final int DEFAULT_INSTRUMENTS = 8;
    public static final int DEFAULT_ACCOUNTS = 10_000;
    public static final int DEFAULT_ORDERS_PER_INSTRUMENT = 2_000;
    public static final long BAND_BPS = 1_000;
    public static final double MEAN_DEPTH_TICKS = 40;
    public static final int MAX_DEPTH_TICKS = 600;

    private static final int ADD = 0;
    private static final int CANCEL = 1;
    private static final int MOVE = 2;
    private static final int REDUCE = 3;
    private static final int IOC = 4;
    private static final int MARKET = 5;
    private static final int TAKING_GTC = 6;
    private static final int FOK = 7;
    private static final double[] SHARES = {0.42, 0.37, 0.08, 0.05, 0.05, 0.01, 0.015, 0.005};
    private static final int PICKS = 8;

    private final GeneratorSession session;
    private final Random random;
    private final int accounts;
    private final int ordersPerInstrument;
    private final double[] activity;
    private final double[] weights = new double[SHARES.length];
    private final GeneratorSession.LevelProbe probe = new GeneratorSession.LevelProbe();
    private final long[] generated = new long[SHARES.length];

    private RealisticMixWorkload(
        final long seed, final int instruments, final int accounts, final int ordersPerInstrument)
    {
        if (instruments <= 0 || accounts <= 0 || ordersPerInstrument < 2)
        {
            throw new IllegalArgumentException("need instruments > 0, accounts > 0, ordersPerInstrument >= 2");
        }
        this.session = new GeneratorSession(seed, instruments(seed, instruments), Integer.MAX_VALUE);
        this.random = session.random;
        this.accounts = accounts;
        this.ordersPerInstrument = ordersPerInstrument;
        this.activity = new double[instruments];
        double sum = 0;
        for (int i = 0; i < instruments; i++)
        {
            sum += 1.0 / StrictMath.pow(i + 1, 0.8);
            activity[i] = sum;
        }
        for (int i = 0; i < instruments; i++)
        {
            activity[i] /= sum;
        }
    }

    private static List<Instrument> instruments(final long seed, final int count)
    {
        final Random random = new Random(seed ^ 0x5DEECE66DL);
        final List<Instrument> instruments = new ArrayList<>(count);
        for (int i = 1; i <= count; i++)
        {
            final long tick = i % 4 == 0 ? 5 : 1;
            final long lot = i % 3 == 0 ? 10 : 1;
            final long referencePrice = (20_000 + random.nextInt(80_000)) * tick;
            instruments.add(new Instrument(i, "RM" + i, tick, lot, -2, BAND_BPS, 10_000_000L, referencePrice));
        }
        return instruments;
    }

    /**
     * {@value #DEFAULT_INSTRUMENTS} instruments, {@value #DEFAULT_ACCOUNTS} accounts, books of
     * {@value #DEFAULT_ORDERS_PER_INSTRUMENT} orders, addressed by order id.
     */
    public static Workload generate(final long seed, final int benchmarkCommands)
    {
        return generate(seed, benchmarkCommands, DEFAULT_INSTRUMENTS, DEFAULT_ACCOUNTS, DEFAULT_ORDERS_PER_INSTRUMENT,
            Addressing.ORDER_ID);
    }

    /**
     * @param seed                of the random: equal arguments give equal commands.
     * @param benchmarkCommands   how many commands the benchmark phase has.
     * @param instruments         how many instruments.
     * @param accounts            new orders come from accounts 1 to this, uniformly.
     * @param ordersPerInstrument orders each book holds after the fill phase and stays near.
     * @param addressing          how cancels and replaces name their order.
     */
    public static Workload generate(
        final long seed, final int benchmarkCommands, final int instruments, final int accounts,
        final int ordersPerInstrument, final Addressing addressing)
    {
        return new RealisticMixWorkload(seed, instruments, accounts, ordersPerInstrument)
            .run(seed, benchmarkCommands, addressing);
    }

    private Workload run(final long seed, final int benchmarkCommands, final Addressing addressing)
    {
        final List<Instrument> instruments = session.instruments();
        for (final Instrument instrument : instruments)
        {
            final LiveOrders live = session.live(instrument.id());
            int attempts = 0;
            while (live.size() < ordersPerInstrument)
            {
                if (++attempts > 100 * ordersPerInstrument)
                {
                    throw new IllegalStateException("fill phase does not converge for " + instrument);
                }
                final int bids = live.count(Side.BUY);
                final int asks = live.count(Side.SELL);
                final Side side = bids < asks ? Side.BUY : asks < bids ? Side.SELL : session.randomSide();
                passive(instrument, side);
            }
        }
        session.startBenchmark();
        java.util.Arrays.fill(generated, 0);
        for (int i = 0; i < benchmarkCommands; )
        {
            if (nextCommand())
            {
                i++;
            }
        }
        final String notes = String.format(Locale.ROOT,
            "passive adds %d, GTC at the opposite best %d, IOC %d, market %d, FOK %d; trades %d",
            generated[ADD], generated[TAKING_GTC], generated[IOC], generated[MARKET], generated[FOK],
            session.trades());
        return session.finish(
            "realistic-mix(seed=" + seed + ", commands=" + benchmarkCommands + ", instruments=" + instruments.size() +
            ", accounts=" + accounts + ", ordersPerInstrument=" + ordersPerInstrument + ")", seed, addressing, notes);
    }

    private Instrument chooseInstrument()
    {
        final double u = random.nextDouble();
        final List<Instrument> instruments = session.instruments();
        for (int i = 0; i < activity.length - 1; i++)
        {
            if (u < activity[i])
            {
                return instruments.get(i);
            }
        }
        return instruments.get(activity.length - 1);
    }

    private boolean nextCommand()
    {
        final Instrument instrument = chooseInstrument();
        final int resting = session.live(instrument.id()).size();
        final double lean = Math.max(-1, Math.min(1, (ordersPerInstrument - resting) / (0.1 * ordersPerInstrument)));
        double total = 0;
        for (int i = 0; i < SHARES.length; i++)
        {
            double weight = SHARES[i];
            if (i == ADD)
            {
                weight *= 1 + 0.5 * lean;
            }
            else if (i == CANCEL)
            {
                weight *= 1 - 0.5 * lean;
            }
            total += weight;
            weights[i] = total;
        }
        final double u = random.nextDouble() * total;
        int kind = 0;
        while (kind < SHARES.length - 1 && u >= weights[kind])
        {
            kind++;
        }
        final boolean made;
        switch (kind)
        {
            case ADD:
                made = passive(instrument, session.randomSide());
                break;
            case CANCEL:
                made = cancel(instrument);
                break;
            case MOVE:
                made = move(instrument);
                break;
            case REDUCE:
                made = reduce(instrument);
                break;
            case IOC:
                made = ioc(instrument);
                break;
            case MARKET:
                made = market(instrument);
                break;
            case TAKING_GTC:
                made = takingGtc(instrument);
                break;
            default:
                made = fok(instrument);
                break;
        }
        if (made)
        {
            generated[kind]++;
        }
        return made;
    }

    private long account()
    {
        return 1 + random.nextInt(accounts);
    }

    private long size(final Instrument instrument)
    {
        final long lots = 1 + random.nextInt(10) * (1 + random.nextInt(10));
        return instrument.lotSize() * (random.nextInt(33) == 0 ? lots * 10 : lots);
    }

    private StpMode takerStp()
    {
        return random.nextInt(10) == 0 ? StpMode.CANCEL_RESTING : StpMode.NONE;
    }

    private static long referencePrice(final OrderBook book)
    {
        final long lastTrade = book.lastTradePrice();
        return lastTrade != OrderBook.NO_PRICE ? lastTrade : book.instrument().referencePrice();
    }

    /** Lowest price inside the band, on a tick. */
    private static long bandLow(final OrderBook book)
    {
        final Instrument instrument = book.instrument();
        final long reference = referencePrice(book);
        final long offsetTicks = reference * instrument.bandBps() / Instrument.BPS_PER_UNIT / instrument.tickSize();
        return Math.max(instrument.tickSize(), reference - offsetTicks * instrument.tickSize());
    }

    /** Highest price inside the band, on a tick. */
    private static long bandHigh(final OrderBook book)
    {
        final Instrument instrument = book.instrument();
        final long reference = referencePrice(book);
        final long offsetTicks = reference * instrument.bandBps() / Instrument.BPS_PER_UNIT / instrument.tickSize();
        return reference + offsetTicks * instrument.tickSize();
    }

    private static long clampToBand(final OrderBook book, final long price)
    {
        return Math.max(bandLow(book), Math.min(bandHigh(book), price));
    }

    /**
     * @return price moved back so it does not cross the opposite best price, or {@link OrderBook#NO_PRICE} when that
     * leaves the band.
     */
    private static long notCrossing(final OrderBook book, final Side side, final long price)
    {
        final long tick = book.instrument().tickSize();
        final long opposite = book.bestPrice(side.opposite());
        long result = price;
        if (opposite != OrderBook.NO_PRICE)
        {
            result = side == Side.BUY ? Math.min(price, opposite - tick) : Math.max(price, opposite + tick);
        }
        return result < bandLow(book) || result > bandHigh(book) ? OrderBook.NO_PRICE : result;
    }

    private boolean passive(final Instrument instrument, final Side side)
    {
        final OrderBook book = session.book(instrument.id());
        final long tick = instrument.tickSize();
        final long own = book.bestPrice(side);
        final long opposite = book.bestPrice(side.opposite());
        final int direction = side == Side.BUY ? -1 : 1; // away from the touch
        long price;
        if (own == OrderBook.NO_PRICE)
        {
            final long base = opposite != OrderBook.NO_PRICE ? opposite : referencePrice(book);
            price = base + direction * tick * (1 + random.nextInt(5));
        }
        else
        {
            final double u = random.nextDouble();
            final long spreadTicks = opposite == OrderBook.NO_PRICE ? 0 : Math.abs(opposite - own) / tick;
            if (u < 0.08 && spreadTicks > 1)
            {
                price = own - direction * tick * (1 + random.nextInt((int)Math.min(spreadTicks - 1, 1_000_000)));
            }
            else if (u < 0.38)
            {
                price = own;
            }
            else
            {
                final long depth = Math.min(
                    MAX_DEPTH_TICKS, 1 + (long)(-StrictMath.log(1.0 - random.nextDouble()) * MEAN_DEPTH_TICKS));
                price = own + direction * tick * depth;
            }
        }
        price = notCrossing(book, side, clampToBand(book, price));
        final long account = account();
        final long quantity = size(instrument);
        final boolean postOnly = random.nextInt(5) == 0;
        if (price == OrderBook.NO_PRICE)
        {
            return false;
        }
        session.emit(session.newOrder(instrument, account, side, OrderType.LIMIT, TimeInForce.GTC, price, quantity)
            .postOnly(postOnly), CommandKind.GTC);
        return true;
    }

    private RestingOrder pick(final Instrument instrument)
    {
        return session.book(instrument.id()).findOrder(session.pick(instrument.id()));
    }

    private boolean cancel(final Instrument instrument)
    {
        final RestingOrder order = pick(instrument);
        if (order == null)
        {
            return false;
        }
        session.emit(new EngineCommand().cancel(
            instrument.id(), order.accountId(), order.clientOrderId(), order.orderId()), CommandKind.CANCEL);
        return true;
    }

    private boolean move(final Instrument instrument)
    {
        final RestingOrder order = pick(instrument);
        if (order == null)
        {
            return false;
        }
        final OrderBook book = session.book(instrument.id());
        final long ticks = 1 + random.nextInt(5);
        final boolean toward = random.nextInt(10) < 6;
        final long step = (order.side() == Side.BUY) == toward ? instrument.tickSize() : -instrument.tickSize();
        final long price = notCrossing(book, order.side(), clampToBand(book, order.price() + ticks * step));
        final boolean newQuantity = random.nextInt(10) < 3;
        final long quantity = newQuantity ? order.filledQuantity() + size(instrument) : order.quantity();
        if (price == OrderBook.NO_PRICE || price == order.price())
        {
            return false;
        }
        session.emit(new EngineCommand().replace(
            instrument.id(), order.accountId(), order.clientOrderId(), order.orderId(), 0, price, quantity),
            CommandKind.MOVE);
        return true;
    }

    private boolean reduce(final Instrument instrument)
    {
        final long lot = instrument.lotSize();
        for (int i = 0; i < PICKS; i++)
        {
            final RestingOrder order = pick(instrument);
            if (order == null)
            {
                return false;
            }
            final long leavesLots = order.leavesQuantity() / lot;
            final long maxLots = order.filledQuantity() > 0 ? leavesLots : leavesLots - 1;
            if (maxLots > 0)
            {
                final long reduceBy = lot * (1 + random.nextInt((int)Math.min(maxLots, Integer.MAX_VALUE)));
                session.emit(new EngineCommand().replace(
                    instrument.id(), order.accountId(), order.clientOrderId(), order.orderId(), 0, order.price(),
                    order.quantity() - reduceBy), CommandKind.REDUCE);
                return true;
            }
        }
        return false;
    }

    /**
     * @return the price of the {@code levels}-th best level of a side (or its deepest), or NO_PRICE when empty.
     */
    private long levelPrice(final OrderBook book, final Side side, final int levels)
    {
        probe.probe(book, side, levels);
        return probe.price;
    }

    private boolean ioc(final Instrument instrument)
    {
        final OrderBook book = session.book(instrument.id());
        final Side side = session.randomSide();
        final long reach = levelPrice(book, side.opposite(), 1 + random.nextInt(3));
        final long limit = clampToBand(book, reach == OrderBook.NO_PRICE ? referencePrice(book) : reach);
        final long account = account();
        final long quantity = size(instrument) * (1 + random.nextInt(3));
        session.emit(session.newOrder(instrument, account, side, OrderType.LIMIT, TimeInForce.IOC, limit, quantity)
            .stp(takerStp()), CommandKind.IOC);
        return true;
    }

    private boolean market(final Instrument instrument)
    {
        final Side side = session.randomSide();
        final long account = account();
        final long quantity = size(instrument);
        session.emit(session.newOrder(instrument, account, side, OrderType.MARKET, TimeInForce.IOC, 0, quantity)
            .stp(takerStp()), CommandKind.MARKET);
        return true;
    }

    private boolean takingGtc(final Instrument instrument)
    {
        final OrderBook book = session.book(instrument.id());
        final Side side = session.randomSide();
        final long best = levelPrice(book, side.opposite(), 1);
        if (best == OrderBook.NO_PRICE)
        {
            return false;
        }
        final long account = account();
        final long quantity = size(instrument) * (1 + random.nextInt(2));
        session.emit(session.newOrder(
            instrument, account, side, OrderType.LIMIT, TimeInForce.GTC, clampToBand(book, best), quantity)
            .stp(takerStp()), CommandKind.GTC);
        return true;
    }

    private boolean fok(final Instrument instrument)
    {
        final OrderBook book = session.book(instrument.id());
        final Side side = session.randomSide();
        final long reach = levelPrice(book, side.opposite(), 2);
        if (reach == OrderBook.NO_PRICE)
        {
            return false;
        }
        final long limit = clampToBand(book, reach);
        final long account = account();
        final long quantity = size(instrument);
        final StpMode stp = takerStp();
        final long fillable = book.fillableQuantity(side, limit, account, stp, quantity);
        if (fillable == 0)
        {
            return false;
        }
        session.emit(session.newOrder(
            instrument, account, side, OrderType.LIMIT, TimeInForce.FOK, limit, Math.min(quantity, fillable))
            .stp(stp), CommandKind.FOK);
        return true;
    }
}
