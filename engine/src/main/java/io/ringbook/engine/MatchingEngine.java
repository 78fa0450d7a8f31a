package io.ringbook.engine;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The deterministic state machine: validates each sequenced command, assigns order ids, keeps client order ids
 * unique per account, and hands valid work to the instrument's {@link OrderBook}. Its output depends only on the
 * commands it is given, so replaying them gives the same events and the same {@link #stateHash()}.
 * <p>
 * Single writer: one thread (the ring's matching handler) calls {@link #process(EngineCommand)}; nothing here is
 * thread-safe. Rejections are result events with a {@link RejectReason}, never exceptions.
 * <p>
 * Order of checks for a new order (the first failing one names the reject): instrument, duplicate client order id,
 * side and type, quantity (positive, lot multiple, maximum), post-only market, time in force, price (positive, on tick, inside the
 * band), post-only crossing, fill-or-kill fillability.
 */
public final class MatchingEngine
{
    /** Default number of client order ids the index holds before it has to grow. */
    public static final int DEFAULT_CLIENT_ORDER_ID_CAPACITY = 1 << 16;
    /** Client order ids per block in {@link #forEachClientOrderIdBlock(ClientOrderIdBlockVisitor)}. */
    public static final int CLIENT_ORDER_IDS_PER_BLOCK = 64;
    private static final int CLIENT_ORDER_ID_BLOCK_SHIFT = 6;

    private final Function<Instrument, OrderBook> bookFactory;
    private final Int2ObjectHashMap<OrderBook> books = new Int2ObjectHashMap<>();
    private final ClientOrderIdSet clientOrderIds;
    private final HashingVisitor hashingVisitor = new HashingVisitor();
    private final AccountOrdersCollector accountOrdersCollector = new AccountOrdersCollector();
    private EngineListener listener;
    private int[] instrumentIds = new int[0];
    private long nextOrderId = 1;

    /**
     * @param bookFactory             makes the book for each instrument (fast or reference).
     * @param listener                receives every event.
     * @param clientOrderIdCapacity   client order ids to hold before the index grows (growth allocates).
     */
    public MatchingEngine(
        final Function<Instrument, OrderBook> bookFactory,
        final EngineListener listener,
        final int clientOrderIdCapacity)
    {
        this.bookFactory = Objects.requireNonNull(bookFactory, "bookFactory");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.clientOrderIds = new ClientOrderIdSet(clientOrderIdCapacity);
    }

    public MatchingEngine(final Function<Instrument, OrderBook> bookFactory, final EngineListener listener)
    {
        this(bookFactory, listener, DEFAULT_CLIENT_ORDER_ID_CAPACITY);
    }

    /**
     * Swap the listener, e.g. to feed a different publisher after recovery. Only from the matching thread.
     */
    public void listener(final EngineListener listener)
    {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * Define an instrument. Instruments are defined before trading starts (from configuration or the journal).
     *
     * @throws IllegalArgumentException when the id or symbol is taken.
     */
    public void addInstrument(final Instrument instrument)
    {
        if (books.containsKey(instrument.id()))
        {
            throw new IllegalArgumentException("instrument id already defined: " + instrument);
        }
        for (final OrderBook book : books.values())
        {
            if (book.instrument().symbol().equals(instrument.symbol()))
            {
                throw new IllegalArgumentException("instrument symbol already defined: " + instrument);
            }
        }
        books.put(instrument.id(), bookFactory.apply(instrument));
        final int[] ids = Arrays.copyOf(instrumentIds, instrumentIds.length + 1);
        ids[ids.length - 1] = instrument.id();
        Arrays.sort(ids);
        instrumentIds = ids;
    }

    /**
     * @return the book of an instrument, or null when it is not defined.
     */
    public OrderBook book(final int instrumentId)
    {
        return books.get(instrumentId);
    }

    /**
     * @return the instrument with this symbol, or null.
     */
    public Instrument instrument(final String symbol)
    {
        for (final int id : instrumentIds)
        {
            final Instrument instrument = books.get(id).instrument();
            if (instrument.symbol().equals(symbol))
            {
                return instrument;
            }
        }
        return null;
    }

    /**
     * @return the defined instruments, by id ascending (a new list; not for the hot path).
     */
    public List<Instrument> instruments()
    {
        final List<Instrument> instruments = new ArrayList<>(instrumentIds.length);
        for (final int id : instrumentIds)
        {
            instruments.add(books.get(id).instrument());
        }
        return instruments;
    }

    /**
     * @return defined instrument ids, ascending (a copy).
     */
    public int[] instrumentIds()
    {
        return instrumentIds.clone();
    }

    /**
     * The order id the next accepted order gets.
     */
    public long nextOrderId()
    {
        return nextOrderId;
    }

    /**
     * Process one sequenced command: every resulting event goes to the listener, ending with
     * {@link EngineListener#onCommandComplete(long)}.
     */
    public void process(final EngineCommand command)
    {
        listener.onCommandStart(command);
        final CommandType type = command.type;
        if (type == CommandType.NEW_ORDER)
        {
            newOrder(command);
        }
        else if (type == CommandType.REPLACE_ORDER)
        {
            replaceOrder(command);
        }
        else if (type == CommandType.CANCEL_ORDER)
        {
            cancelOrder(command);
        }
        else if (type == CommandType.MASS_CANCEL)
        {
            massCancel(command);
        }
        else
        {
            // A command with no type is a bug upstream; reject it like bad input rather than throw on the matcher.
            listener.onRejected(
                command.sequence, null, command.instrumentId, command.accountId, command.clientOrderId,
                command.orderId, RejectReason.INVALID_ORDER_TYPE);
        }
        listener.onCommandComplete(command.sequence);
    }

    /**
     * Report a command as rejected without applying it or checking it (the journal could not take it): the listener
     * sees start, one reject naming the reason, complete. Changes no state.
     */
    public void rejectUnprocessed(final EngineCommand command, final RejectReason reason)
    {
        listener.onCommandStart(command);
        reject(command, command.orderId, reason);
        listener.onCommandComplete(command.sequence);
    }

    private void reject(final EngineCommand command, final long orderId, final RejectReason reason)
    {
        listener.onRejected(
            command.sequence, command.type, command.instrumentId, command.accountId, command.clientOrderId, orderId,
            reason);
    }

    private void newOrder(final EngineCommand command)
    {
        final OrderBook book = books.get(command.instrumentId);
        if (book == null)
        {
            reject(command, 0, RejectReason.UNKNOWN_INSTRUMENT);
            return;
        }
        if (clientOrderIds.contains(command.accountId, command.clientOrderId))
        {
            reject(command, 0, RejectReason.DUPLICATE_CLIENT_ORDER_ID);
            return;
        }
        final Side side = command.side;
        final OrderType orderType = command.orderType;
        final TimeInForce timeInForce = command.timeInForce;
        if (side == null || orderType == null)
        {
            reject(command, 0, RejectReason.INVALID_ORDER_TYPE);
            return;
        }
        final Instrument instrument = book.instrument();
        final long quantity = command.quantity;
        final RejectReason quantityReject = checkQuantity(instrument, quantity);
        if (quantityReject != null)
        {
            reject(command, 0, quantityReject);
            return;
        }
        final boolean postOnly = command.postOnly;
        if (postOnly && orderType == OrderType.MARKET)
        {
            reject(command, 0, RejectReason.INVALID_ORDER_TYPE);
            return;
        }
        if (timeInForce == null || (timeInForce != TimeInForce.GTC && postOnly) ||
            (timeInForce == TimeInForce.GTC && orderType == OrderType.MARKET))
        {
            reject(command, 0, RejectReason.INVALID_TIME_IN_FORCE);
            return;
        }
        final long limitPrice;
        if (orderType == OrderType.MARKET)
        {
            limitPrice = marketLimitPrice(book, side);
        }
        else
        {
            final RejectReason priceReject = checkPrice(book, command.price);
            if (priceReject != null)
            {
                reject(command, 0, priceReject);
                return;
            }
            limitPrice = command.price;
            if (postOnly && crosses(book, side, limitPrice))
            {
                reject(command, 0, RejectReason.WOULD_CROSS);
                return;
            }
        }
        final StpMode stpMode = command.stpMode == null ? StpMode.NONE : command.stpMode;
        if (timeInForce == TimeInForce.FOK &&
            book.fillableQuantity(side, limitPrice, command.accountId, stpMode, quantity) < quantity)
        {
            reject(command, 0, RejectReason.FOK_NOT_FILLABLE);
            return;
        }

        final long orderId = nextOrderId++;
        clientOrderIds.add(command.accountId, command.clientOrderId);
        listener.onAccepted(
            command.sequence, command.instrumentId, orderId, command.accountId, command.clientOrderId, side,
            orderType, timeInForce, orderType == OrderType.MARKET ? 0 : limitPrice, quantity);
        book.placeOrder(
            command.sequence, orderId, command.accountId, command.clientOrderId, side, orderType, limitPrice,
            quantity, timeInForce, stpMode, postOnly, listener);
    }

    private void cancelOrder(final EngineCommand command)
    {
        final OrderBook book = bookOfAddressedOrder(command);
        if (book == null)
        {
            return;
        }
        final RestingOrder order = addressedOrder(book, command);
        if (order != null)
        {
            book.cancelOrder(command.sequence, order, CancelReason.CLIENT, listener);
        }
    }

    /**
     * Cancel every live order of the account, instrument by instrument in id order, each book's orders in canonical
     * order. Nothing to cancel is not an error.
     */
    private void massCancel(final EngineCommand command)
    {
        final AccountOrdersCollector collector = accountOrdersCollector;
        final LongArrayList orderIds = collector.orderIds;
        collector.accountId = command.accountId;
        for (final int id : instrumentIds)
        {
            final OrderBook book = books.get(id);
            orderIds.clear();
            book.forEachOrder(collector);
            for (int i = 0, size = orderIds.size(); i < size; i++)
            {
                book.cancelOrder(
                    command.sequence, book.findOrder(orderIds.getLong(i)), CancelReason.SESSION_DISCONNECT, listener);
            }
        }
    }

    private void replaceOrder(final EngineCommand command)
    {
        final OrderBook book = bookOfAddressedOrder(command);
        if (book == null)
        {
            return;
        }
        final RestingOrder order = addressedOrder(book, command);
        if (order == null)
        {
            return;
        }
        final long orderId = order.orderId();
        final long accountId = command.accountId;
        long newClientOrderId = command.newClientOrderId;
        if (newClientOrderId == 0 || newClientOrderId == order.clientOrderId())
        {
            newClientOrderId = order.clientOrderId();
        }
        else if (clientOrderIds.contains(accountId, newClientOrderId))
        {
            reject(command, orderId, RejectReason.DUPLICATE_CLIENT_ORDER_ID);
            return;
        }
        final Instrument instrument = book.instrument();
        final long quantity = command.quantity;
        final RejectReason quantityReject = checkQuantity(instrument, quantity);
        if (quantityReject != null)
        {
            reject(command, orderId, quantityReject);
            return;
        }
        final long price = command.price;
        if (price != order.price())
        {
            final RejectReason priceReject = checkPrice(book, price);
            if (priceReject != null)
            {
                reject(command, orderId, priceReject);
                return;
            }
            if (order.postOnly() && crosses(book, order.side(), price))
            {
                reject(command, orderId, RejectReason.WOULD_CROSS);
                return;
            }
        }

        if (newClientOrderId != order.clientOrderId())
        {
            clientOrderIds.add(accountId, newClientOrderId);
        }
        if (quantity <= order.filledQuantity())
        {
            book.cancelOrder(command.sequence, order, CancelReason.REPLACED, listener);
        }
        else
        {
            book.replaceOrder(command.sequence, order, newClientOrderId, price, quantity, listener);
        }
    }

    /**
     * Find the book of the order a cancel or replace addresses, rejecting when there is none. Both ways of
     * addressing an order name its instrument, as FIX does.
     */
    private OrderBook bookOfAddressedOrder(final EngineCommand command)
    {
        final OrderBook book = books.get(command.instrumentId);
        if (book == null)
        {
            reject(command, command.orderId, command.orderId != 0 ?
                RejectReason.UNKNOWN_INSTRUMENT : RejectReason.UNKNOWN_ORDER);
        }
        return book;
    }

    private RestingOrder addressedOrder(final OrderBook book, final EngineCommand command)
    {
        if (command.orderId != 0)
        {
            final RestingOrder order = book.findOrder(command.orderId);
            if (order == null)
            {
                reject(command, command.orderId, RejectReason.UNKNOWN_ORDER);
                return null;
            }
            if (order.accountId() != command.accountId)
            {
                reject(command, command.orderId, RejectReason.NOT_YOUR_ORDER);
                return null;
            }
            return order;
        }
        // Only live orders are found, by their current client order id: a replaced id no longer addresses one.
        final RestingOrder order = book.findOrder(command.accountId, command.clientOrderId);
        if (order == null)
        {
            reject(command, 0, RejectReason.UNKNOWN_ORDER);
        }
        return order;
    }

    private static RejectReason checkQuantity(final Instrument instrument, final long quantity)
    {
        if (quantity <= 0)
        {
            return RejectReason.INVALID_QUANTITY;
        }
        final long lot = instrument.lotSize();
        if (lot != 1 && quantity % lot != 0)
        {
            return RejectReason.QUANTITY_NOT_LOT_MULTIPLE;
        }
        if (quantity > instrument.maxOrderQuantity())
        {
            return RejectReason.QUANTITY_ABOVE_MAX;
        }
        return null;
    }

    private static RejectReason checkPrice(final OrderBook book, final long price)
    {
        final Instrument instrument = book.instrument();
        if (price <= 0 || price > Instrument.MAX_PRICE)
        {
            return RejectReason.INVALID_PRICE;
        }
        final long tick = instrument.tickSize();
        if (tick != 1 && price % tick != 0)
        {
            return RejectReason.PRICE_OFF_TICK;
        }
        final long bandBps = instrument.bandBps();
        if (bandBps != 0)
        {
            final long reference = referencePrice(book);
            if (reference != OrderBook.NO_PRICE &&
                Math.abs(price - reference) > reference * bandBps / Instrument.BPS_PER_UNIT)
            {
                return RejectReason.OUTSIDE_BAND;
            }
        }
        return null;
    }

    private static long referencePrice(final OrderBook book)
    {
        final long lastTrade = book.lastTradePrice();
        return lastTrade != OrderBook.NO_PRICE ? lastTrade : book.instrument().referencePrice();
    }

    private static boolean crosses(final OrderBook book, final Side side, final long price)
    {
        final long opposite = book.bestPrice(side.opposite());
        return opposite != OrderBook.NO_PRICE && (side == Side.BUY ? opposite <= price : opposite >= price);
    }

    /**
     * The worst price a market order may trade at: the band around the last trade price, else the instrument's
     * reference price, else the best opposite price. Without a band it may sweep the whole book.
     */
    static long marketLimitPrice(final OrderBook book, final Side side)
    {
        final Instrument instrument = book.instrument();
        final long bandBps = instrument.bandBps();
        if (bandBps == 0)
        {
            return side == Side.BUY ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        long reference = referencePrice(book);
        if (reference == OrderBook.NO_PRICE)
        {
            reference = book.bestPrice(side.opposite());
            if (reference == OrderBook.NO_PRICE)
            {
                return side == Side.BUY ? 0 : Long.MAX_VALUE; // nothing to trade against
            }
        }
        final long offset = reference * bandBps / Instrument.BPS_PER_UNIT;
        final long tick = instrument.tickSize();
        if (side == Side.BUY)
        {
            final long bound = reference + offset;
            return bound - bound % tick;
        }
        long bound = reference - offset;
        final long remainder = bound % tick;
        if (remainder > 0)
        {
            bound += tick - remainder;
        }
        return Math.max(bound, tick);
    }

    /**
     * A hash of the whole state: order ids, client order ids in use, every book's orders in canonical order and its
     * trade counters. Equal hashes after equal commands prove determinism; replay checks compare them.
     */
    public long stateHash()
    {
        final HashingVisitor h = hashingVisitor;
        h.hash = 0x6A09E667F3BCC908L;
        h.mix(nextOrderId);
        h.mix(clientOrderIds.size());
        for (final int id : instrumentIds)
        {
            final OrderBook book = books.get(id);
            h.mix(id);
            h.mix(book.lastTradePrice());
            h.mix(book.tradeCount());
            h.mix(book.orderCount());
            book.forEachOrder(h);
        }
        return h.hash;
    }

    /**
     * Forget all orders, trades and client order ids, keeping instruments and capacity (no allocation): for
     * benchmarks that replay the same commands many times.
     */
    public void reset()
    {
        for (final int id : instrumentIds)
        {
            books.get(id).clear();
        }
        clientOrderIds.clear();
        nextOrderId = 1;
    }

    /**
     * @return client order ids recorded so far.
     */
    public int clientOrderIdCount()
    {
        return clientOrderIds.size();
    }

    /**
     * @return how many instruments are defined, for walking them with {@link #instrumentIdAt(int)} without the copy
     * {@link #instrumentIds()} makes.
     */
    public int instrumentCount()
    {
        return instrumentIds.length;
    }

    /**
     * @param index 0 to {@link #instrumentCount()} - 1.
     * @return the id of the index-th instrument in ascending id order.
     */
    public int instrumentIdAt(final int index)
    {
        return instrumentIds[index];
    }

    /**
     * Visit the client order ids in use, in blocks of {@value #CLIENT_ORDER_IDS_PER_BLOCK} per account, without
     * allocating: what a state snapshot saves so that ids used before it are still rejected as duplicates after a
     * restore. Only from the matching thread, between commands.
     */
    public void forEachClientOrderIdBlock(final ClientOrderIdBlockVisitor visitor)
    {
        clientOrderIds.forEachBlock(visitor);
    }

    /**
     * Restore part of the client order ids in use from a state snapshot, one block as
     * {@link #forEachClientOrderIdBlock(ClientOrderIdBlockVisitor)} reported it. Merges with ids already recorded.
     * Not for the hot path: the index grows (allocating) when it has to.
     */
    public void restoreClientOrderIdBlock(final long accountId, final long block, final long bits)
    {
        if (block < 0 || block > (-1L >>> CLIENT_ORDER_ID_BLOCK_SHIFT))
        {
            throw new IllegalArgumentException("client order id block out of range: " + block);
        }
        clientOrderIds.addBlock(accountId, block, bits);
    }

    /**
     * Restore the order id the next accepted order gets, from a state snapshot. Ids are never reused, so it may
     * only move forward.
     *
     * @throws IllegalArgumentException when it would move back.
     */
    public void restoreNextOrderId(final long nextOrderId)
    {
        if (nextOrderId < this.nextOrderId)
        {
            throw new IllegalArgumentException(
                "next order id " + nextOrderId + " is behind the engine's " + this.nextOrderId);
        }
        this.nextOrderId = nextOrderId;
    }

    /**
     * Receives the client order ids of one account in one block of {@value #CLIENT_ORDER_IDS_PER_BLOCK}: the ids
     * {@code block * 64 + b} for each bit {@code b} (0 = least significant) set in {@code bits}, which is never 0.
     */
    @FunctionalInterface
    public interface ClientOrderIdBlockVisitor
    {
        void visit(long accountId, long block, long bits);
    }

    private static final class AccountOrdersCollector implements OrderBook.OrderVisitor
    {
        final LongArrayList orderIds = new LongArrayList();
        long accountId;

        public void visit(final RestingOrder order)
        {
            if (order.accountId() == accountId)
            {
                orderIds.addLong(order.orderId());
            }
        }
    }

    private static final class HashingVisitor implements OrderBook.OrderVisitor
    {
        long hash;

        void mix(final long value)
        {
            long h = (hash ^ value) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
            hash = Long.rotateLeft(h, 17) + 0x632BE59BD9B4E019L;
        }

        public void visit(final RestingOrder order)
        {
            mix(order.orderId());
            mix(order.accountId());
            mix(order.clientOrderId());
            mix(order.side().ordinal());
            mix(order.price());
            mix(order.quantity());
            mix(order.filledQuantity());
            mix(order.stpMode().ordinal());
            mix(order.postOnly() ? 1 : 0);
        }
    }
}
