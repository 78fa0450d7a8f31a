package io.ringbook.tools.script;

import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.InstrumentSpec;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.engine.book.ReferenceOrderBook;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs an order script through a {@link MatchingEngine} and prints every event it emits, one per line. Accounts are
 * named in the script and numbered by first appearance; prices are decimals scaled by each instrument's exponent.
 * See {@code docs/order-scripts.md} for the format.
 */
public final class OrderScript
{
    /** Which book implementation runs the script. */
    public enum BookKind
    {
        FAST(FastOrderBook::new),
        REFERENCE(ReferenceOrderBook::new);

        final Function<Instrument, OrderBook> factory;

        BookKind(final Function<Instrument, OrderBook> factory)
        {
            this.factory = factory;
        }
    }

    /** Instrument ids are never negative, so this one is never defined. */
    private static final int UNKNOWN_INSTRUMENT_ID = -1;

    private final PrintStream out;
    private final boolean echo;
    private final boolean marketData;
    private final Printer printer;
    private final MatchingEngine engine;
    private final EngineCommand command = new EngineCommand();
    private final Map<String, Long> accountIds = new HashMap<>();
    private final List<String> accountNames = new ArrayList<>();
    private final Map<Long, Integer> instrumentOfOrder = new HashMap<>();
    private final Map<String, Long> clidToOrderId = new HashMap<>();
    private final Map<Integer, Instrument> instruments = new HashMap<>();
    private long sequence;

    /**
     * @param out        where events go.
     * @param book       which book implementation.
     * @param echo       print each command line before its events, prefixed with {@code > }.
     * @param marketData print order and level changes too.
     */
    public OrderScript(final PrintStream out, final BookKind book, final boolean echo, final boolean marketData)
    {
        this.out = out;
        this.echo = echo;
        this.marketData = marketData;
        this.printer = new Printer();
        this.engine = new MatchingEngine(book.factory, printer);
        accountNames.add("?"); // account ids start at 1
    }

    /**
     * Run every line; stop at the first line that cannot be run.
     *
     * @throws ScriptException naming the line and what is wrong with it.
     */
    public void run(final Reader reader) throws IOException, ScriptException
    {
        final BufferedReader lines = new BufferedReader(reader);
        String raw;
        int number = 0;
        while ((raw = lines.readLine()) != null)
        {
            number++;
            final ScriptLine line = ScriptLine.parse(number, raw);
            if (line != null)
            {
                if (echo)
                {
                    out.println("> " + raw.trim());
                }
                execute(line);
            }
        }
        out.flush();
    }

    /**
     * @return the engine's state hash, for checks that two runs reached the same state.
     */
    public long stateHash()
    {
        return engine.stateHash();
    }

    private void execute(final ScriptLine line) throws ScriptException
    {
        switch (line.verb)
        {
            case "instrument":
                defineInstrument(line);
                break;
            case "new":
                newOrder(line);
                break;
            case "cancel":
                cancel(line);
                break;
            case "replace":
                replace(line);
                break;
            case "book":
                printBook(line);
                break;
            case "hash":
                line.checkAllUsed();
                out.println("hash " + Long.toHexString(engine.stateHash()));
                break;
            default:
                throw new ScriptException(line.number, "unknown command '" + line.verb +
                    "', expected instrument, new, cancel, replace, book or hash");
        }
    }

    private void defineInstrument(final ScriptLine line) throws ScriptException
    {
        final String symbol = line.get("sym");
        final String tick = line.get("tick");
        final Integer exponent = line.has("pxexp") ? Integer.valueOf((int)line.getLong("pxexp")) : null;
        final long lot = line.getLong("lot", 1);
        final long maxQuantity = line.getLong("maxqty", 1_000_000_000L);
        final String band = line.get("band", null);
        final String reference = line.get("ref", null);
        final int id = line.has("id") ? (int)line.getLong("id") : instruments.size() + 1;
        line.checkAllUsed();
        if (engine.instrument(symbol) != null)
        {
            throw new ScriptException(line.number, "instrument " + symbol + " is already defined");
        }
        final Instrument instrument;
        try
        {
            instrument = InstrumentSpec.build(id, symbol, tick, lot, maxQuantity, band, reference, exponent);
            engine.addInstrument(instrument);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ScriptException(line.number, ex.getMessage());
        }
        instruments.put(id, instrument);
        final int exp = instrument.priceExponent();
        out.println("instrument sym=" + symbol + " id=" + id + " tick=" + format(instrument.tickSize(), exp) +
            " lot=" + lot + " pxexp=" + exp + " band=" + instrument.bandBps() + "bps maxqty=" + maxQuantity +
            (instrument.referencePrice() != 0 ? " ref=" + format(instrument.referencePrice(), exp) : ""));
    }

    private void newOrder(final ScriptLine line) throws ScriptException
    {
        final long account = account(line.get("acct"));
        final long clid = line.getLong("clid");
        // An unknown symbol reaches the engine, which rejects it as it would any unknown instrument id.
        final Instrument instrument = engine.instrument(line.get("sym"));
        final Side side = side(line);
        final String px = line.get("px");
        final OrderType type = px.equalsIgnoreCase("market") ? OrderType.MARKET : OrderType.LIMIT;
        final TimeInForce tif = parseEnum(line, "tif", TimeInForce.class, "gtc");
        final StpMode stp = stp(line);
        final boolean postOnly = line.flag("postonly");
        final long quantity = line.getLong("qty");
        line.checkAllUsed();
        long price = 0;
        if (type == OrderType.LIMIT && instrument != null)
        {
            final BigDecimal decimal = decimal(line, "px", px);
            final Long scaled = scale(decimal, instrument.priceExponent());
            if (scaled == null)
            {
                // More decimals than the instrument's prices have: off tick, as the engine would say.
                printReject(CommandType.NEW_ORDER, account, clid, 0, RejectReason.PRICE_OFF_TICK);
                return;
            }
            price = scaled;
        }
        final int instrumentId = instrument == null ? UNKNOWN_INSTRUMENT_ID : instrument.id();
        command.newOrder(instrumentId, account, clid, side, type, tif, price, quantity).stp(stp).postOnly(postOnly);
        process();
    }

    private void cancel(final ScriptLine line) throws ScriptException
    {
        final long account = account(line.get("acct"));
        if (line.has("id"))
        {
            final long orderId = line.getLong("id");
            final int instrumentId = instrumentOfOrderId(line, orderId);
            line.checkAllUsed();
            command.cancel(instrumentId, account, 0, orderId);
        }
        else
        {
            final long clid = line.getLong("clid");
            line.checkAllUsed();
            command.cancel(instrumentOfClientOrderId(account, clid), account, clid, 0);
        }
        process();
    }

    private void replace(final ScriptLine line) throws ScriptException
    {
        final long account = account(line.get("acct"));
        final long orderId = line.has("id") ? line.getLong("id") : 0;
        final long clid = orderId == 0 ? line.getLong("clid") : 0;
        final int instrumentId = orderId == 0 ? instrumentOfClientOrderId(account, clid) :
            instrumentOfOrderId(line, orderId);
        final long newClid = line.getLong("newclid", 0);
        final String px = line.get("px");
        final long quantity = line.getLong("qty");
        line.checkAllUsed();
        final Integer known = orderId != 0 ? Integer.valueOf(instrumentId) : null;
        final Instrument instrument = instrumentForReplace(account, clid, known);
        long price = 0;
        if (instrument != null)
        {
            final Long scaled = scale(decimal(line, "px", px), instrument.priceExponent());
            if (scaled == null)
            {
                printReject(CommandType.REPLACE_ORDER, account, clid, orderId, RejectReason.PRICE_OFF_TICK);
                return;
            }
            price = scaled;
        }
        command.replace(instrumentId, account, clid, orderId, newClid, price, quantity);
        process();
    }

    /**
     * The instrument whose exponent scales a replace's price: the addressed order's, when it can be found.
     */
    private Instrument instrumentForReplace(final long account, final long clid, final Integer instrumentId)
    {
        if (instrumentId != null)
        {
            return instruments.get(instrumentId);
        }
        final Long orderId = clidToOrderId.get(account + ":" + clid);
        return orderId == null ? null : instruments.get(instrumentOfOrder.get(orderId));
    }

    /**
     * The instrument of the order an account's client order id named when it was accepted or replaced; scripts do
     * not repeat the symbol on cancels. Unknown ids get an id no instrument has, which the engine rejects as
     * {@code UNKNOWN_ORDER}.
     */
    private int instrumentOfClientOrderId(final long account, final long clid)
    {
        final Long orderId = clidToOrderId.get(account + ":" + clid);
        return orderId == null ? UNKNOWN_INSTRUMENT_ID : instrumentOfOrder.get(orderId);
    }

    private int instrumentOfOrderId(final ScriptLine line, final long orderId) throws ScriptException
    {
        if (line.has("sym"))
        {
            return instrument(line).id();
        }
        final Integer instrumentId = instrumentOfOrder.get(orderId);
        if (instrumentId == null)
        {
            throw new ScriptException(line.number, "order id " + orderId + " was never accepted; give sym= too");
        }
        return instrumentId;
    }

    private void process()
    {
        command.sequence = ++sequence;
        engine.process(command);
    }

    private void printBook(final ScriptLine line) throws ScriptException
    {
        final Instrument instrument = instrument(line);
        final int depth = (int)line.getLong("depth", Integer.MAX_VALUE);
        line.checkAllUsed();
        EventPrinter.printBook(out::println, engine.book(instrument.id()), depth);
    }

    private long account(final String name)
    {
        return accountIds.computeIfAbsent(name, n ->
        {
            accountNames.add(n);
            return (long)(accountNames.size() - 1);
        });
    }

    private Instrument instrument(final ScriptLine line) throws ScriptException
    {
        final String symbol = line.get("sym");
        final Instrument instrument = engine.instrument(symbol);
        if (instrument == null)
        {
            throw new ScriptException(line.number, "unknown symbol " + symbol + "; define it with 'instrument'");
        }
        return instrument;
    }

    private static Side side(final ScriptLine line) throws ScriptException
    {
        final String side = line.get("side").toLowerCase(Locale.ROOT);
        switch (side)
        {
            case "buy":
                return Side.BUY;
            case "sell":
                return Side.SELL;
            default:
                throw new ScriptException(line.number, "side=" + side + ": expected buy or sell");
        }
    }

    private static StpMode stp(final ScriptLine line) throws ScriptException
    {
        final String stp = line.get("stp", "none").toLowerCase(Locale.ROOT);
        switch (stp)
        {
            case "none":
                return StpMode.NONE;
            case "resting":
                return StpMode.CANCEL_RESTING;
            case "incoming":
                return StpMode.CANCEL_INCOMING;
            case "both":
                return StpMode.CANCEL_BOTH;
            default:
                throw new ScriptException(line.number, "stp=" + stp + ": expected none, resting, incoming or both");
        }
    }

    private static <E extends Enum<E>> E parseEnum(
        final ScriptLine line, final String key, final Class<E> type, final String defaultValue)
        throws ScriptException
    {
        final String value = line.get(key, defaultValue);
        try
        {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            final StringBuilder names = new StringBuilder();
            for (final E e : type.getEnumConstants())
            {
                names.append(names.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT));
            }
            throw new ScriptException(line.number, key + "=" + value + ": expected one of " + names);
        }
    }

    private static BigDecimal decimal(final ScriptLine line, final String key, final String text)
        throws ScriptException
    {
        try
        {
            return new BigDecimal(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new ScriptException(line.number, key + "=" + text + " is not a decimal number");
        }
    }

    /**
     * @return the mantissa of {@code value} at {@code exponent}, or null when it has more decimals than that allows.
     */
    private static Long scale(final BigDecimal value, final int exponent)
    {
        try
        {
            return value.movePointLeft(exponent).longValueExact();
        }
        catch (final ArithmeticException ex)
        {
            return null;
        }
    }

    static String format(final long mantissa, final int exponent)
    {
        return EventPrinter.format(mantissa, exponent);
    }

    private String name(final long accountId)
    {
        return accountId > 0 && accountId < accountNames.size() ? accountNames.get((int)accountId) : "#" + accountId;
    }

    private void printReject(
        final CommandType type, final long account, final long clid, final long orderId, final RejectReason reason)
    {
        printer.printReject(type, account, clid, orderId, reason);
    }

    /**
     * The shared event lines, plus what the script needs to remember: which instrument and order a client order id
     * names, so cancels and replaces need not repeat the symbol.
     */
    private final class Printer extends EventPrinter
    {
        Printer()
        {
            super(out::println, OrderScript.this::name, instruments::get, marketData);
        }

        public void onAccepted(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
            final long price, final long quantity)
        {
            instrumentOfOrder.put(orderId, instrumentId);
            clidToOrderId.put(accountId + ":" + clientOrderId, orderId);
            super.onAccepted(
                sequence, instrumentId, orderId, accountId, clientOrderId, side, orderType, timeInForce, price,
                quantity);
        }

        public void onReplaced(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long origClientOrderId, final long clientOrderId, final Side side, final long price,
            final long quantity, final long leavesQuantity)
        {
            clidToOrderId.put(accountId + ":" + clientOrderId, orderId);
            super.onReplaced(
                sequence, instrumentId, orderId, accountId, origClientOrderId, clientOrderId, side, price, quantity,
                leavesQuantity);
        }
    }
}
