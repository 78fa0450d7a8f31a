package io.ringbook.tools.script;

import io.ringbook.codecs.PriceScale;
import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;

import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongFunction;

/**
 * Formats engine events as the one-line text {@code ringbook script} prints (docs/order-scripts.md), so that the
 * script runner and the journal tools print the same lines for the same events. Where the lines go, how accounts are
 * named and how instrument ids are looked up is the caller's; the formatting is here once.
 */
public class EventPrinter implements EngineListener
{
    private final Consumer<String> out;
    private final LongFunction<String> accountName;
    private final IntFunction<Instrument> instruments;
    private final boolean marketData;
    private EngineCommand command;

    /**
     * @param out         takes each line, without a line separator.
     * @param accountName names an account id.
     * @param instruments finds an instrument by id, or returns null for an unknown id.
     * @param marketData  print order and level changes too.
     */
    public EventPrinter(
        final Consumer<String> out,
        final LongFunction<String> accountName,
        final IntFunction<Instrument> instruments,
        final boolean marketData)
    {
        this.out = out;
        this.accountName = accountName;
        this.instruments = instruments;
        this.marketData = marketData;
    }

    /**
     * Print a book as {@code book sym=ABC} and then one {@code bid}/{@code ask} line per level: bids best first,
     * then asks best first; price, quantity, orders.
     *
     * @param out   takes each line.
     * @param book  the book.
     * @param depth levels per side at most.
     */
    public static void printBook(final Consumer<String> out, final OrderBook book, final int depth)
    {
        final Instrument instrument = book.instrument();
        out.accept("book sym=" + instrument.symbol());
        final OrderBook.LevelVisitor printer = (side, price, quantity, orders) ->
            out.accept((side == Side.BUY ? "bid " : "ask ") + format(price, instrument.priceExponent()) + " " +
                quantity + " " + orders);
        book.forEachLevel(Side.BUY, depth, printer);
        book.forEachLevel(Side.SELL, depth, printer);
    }

    /**
     * @return a price mantissa as a decimal at the instrument's exponent, e.g. 10000 at -2 is {@code 100.00}.
     */
    public static String format(final long mantissa, final int exponent)
    {
        return PriceScale.format(mantissa, exponent);
    }

    /**
     * @return an enum constant's name in lower case, or {@code none} for null.
     */
    public static String lower(final Enum<?> value)
    {
        return value == null ? "none" : value.name().toLowerCase(Locale.ROOT);
    }

    /**
     * @return the symbol of an instrument id, or {@code #id} when it is unknown.
     */
    public final String sym(final int instrumentId)
    {
        final Instrument instrument = instruments.apply(instrumentId);
        return instrument == null ? "#" + instrumentId : instrument.symbol();
    }

    /**
     * @return a price as a decimal at the instrument's exponent, or the raw mantissa when the instrument is unknown.
     */
    public final String px(final int instrumentId, final long price)
    {
        final Instrument instrument = instruments.apply(instrumentId);
        return instrument == null ? Long.toString(price) : format(price, instrument.priceExponent());
    }

    /**
     * @return the account's name.
     */
    public final String name(final long accountId)
    {
        return accountName.apply(accountId);
    }

    /**
     * Print a reject line; the script runner also prints rejects it finds itself (prices with too many decimals).
     */
    public final void printReject(
        final CommandType type, final long account, final long clid, final long orderId, final RejectReason reason)
    {
        final String prefix = type == CommandType.CANCEL_ORDER ? "cancel-reject" :
            type == CommandType.REPLACE_ORDER ? "replace-reject" : "reject";
        final String address = type == CommandType.NEW_ORDER || orderId == 0 ? "clid=" + clid : "id=" + orderId;
        out.accept(prefix + " acct=" + name(account) + " " + address + " reason=" + reason);
    }

    /**
     * Remembers the command, whose addressing decides how a reject names the order.
     */
    public void onCommandStart(final EngineCommand command)
    {
        this.command = command;
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        out.accept("accepted acct=" + name(accountId) + " clid=" + clientOrderId + " id=" + orderId + " sym=" +
            sym(instrumentId) + " side=" + lower(side) + " px=" +
            (orderType == OrderType.MARKET ? "market" : px(instrumentId, price)) + " qty=" + quantity + " tif=" +
            lower(timeInForce));
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        // A cancel or replace that named the order by id is answered by id; one that named it by client order id,
        // by client order id (as the request put it).
        final boolean byId = command == null ? orderId != 0 : command.orderId != 0;
        printReject(commandType, accountId, clientOrderId, commandType == CommandType.NEW_ORDER ? 0 :
            (byId ? orderId : 0), reason);
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId,
        final long makerClientOrderId, final long makerOrderQuantity, final long makerLeavesQuantity,
        final long takerOrderId, final long takerAccountId, final long takerClientOrderId,
        final long takerLeavesQuantity)
    {
        out.accept("trade sym=" + sym(instrumentId) + " px=" + px(instrumentId, price) + " qty=" + quantity +
            " maker=" + name(makerAccountId) + "/" + makerClientOrderId + " taker=" + name(takerAccountId) + "/" +
            takerClientOrderId);
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity, final CancelReason reason)
    {
        out.accept("cancelled acct=" + name(accountId) + " clid=" + clientOrderId + " id=" + orderId + " sym=" +
            sym(instrumentId) + " side=" + lower(side) + " px=" + (price == 0 ? "market" : px(instrumentId, price)) +
            " qty=" + cancelledQuantity + " reason=" + reason);
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        out.accept("replaced acct=" + name(accountId) + " clid=" + origClientOrderId + " newclid=" +
            clientOrderId + " id=" + orderId + " sym=" + sym(instrumentId) + " side=" + lower(side) + " px=" +
            px(instrumentId, price) + " qty=" + quantity + " leaves=" + leavesQuantity);
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId,
        final Side side, final long price, final long quantity, final long changeQuantity)
    {
        if (marketData)
        {
            out.accept("order sym=" + sym(instrumentId) + " " + lower(action) + " id=" + orderId + " side=" +
                lower(side) + " px=" + px(instrumentId, price) + " qty=" + quantity + " change=" + changeQuantity);
        }
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side,
        final long price, final long quantity, final int orderCount)
    {
        if (marketData)
        {
            out.accept("level sym=" + sym(instrumentId) + " " + lower(action) + " " +
                (side == Side.BUY ? "bid" : "ask") + " px=" + px(instrumentId, price) + " qty=" + quantity +
                " orders=" + orderCount);
        }
    }

    public void onCommandComplete(final long sequence)
    {
    }
}
