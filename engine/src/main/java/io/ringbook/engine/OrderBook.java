package io.ringbook.engine;

/**
 * One instrument's book with price-time priority. The engine validates every command before it reaches the book, so a
 * book never rejects; it matches, rests, cancels and replaces, and reports each change to the listener in the order
 * {@link EngineListener} documents. Two implementations share one test suite: {@code ReferenceOrderBook} (simple,
 * obviously right) and {@code FastOrderBook} (pooled, allocation-free).
 */
public interface OrderBook
{
    /** Price returned by {@link #bestPrice(Side)} for an empty side; valid prices are positive. */
    long NO_PRICE = 0;

    Instrument instrument();

    /**
     * @param side of the book.
     * @return the best price on that side, or {@link #NO_PRICE} when it is empty.
     */
    long bestPrice(Side side);

    /**
     * @return the price of the last trade, or {@link #NO_PRICE} before the first.
     */
    long lastTradePrice();

    /**
     * @param orderId engine order id.
     * @return the resting order, or null when no order with that id rests here.
     */
    RestingOrder findOrder(long orderId);

    /**
     * @return the resting order of this account with this (current) client order id, or null.
     */
    RestingOrder findOrder(long accountId, long clientOrderId);

    /**
     * How much an incoming order could trade at once, counting self-trade prevention as matching would apply it,
     * stopping once {@code wanted} is reached.
     */
    long fillableQuantity(Side takerSide, long limitPrice, long accountId, StpMode stpMode, long wanted);

    /**
     * Match an accepted order and rest or expire what is left. {@code limitPrice} is the worst price it may trade at
     * (for a market order, the band limit; events report a market order's price as 0). Only GTC remainders rest.
     */
    void placeOrder(
        long sequence, long orderId, long accountId, long clientOrderId, Side side, OrderType orderType,
        long limitPrice, long quantity, TimeInForce timeInForce, StpMode stpMode, boolean postOnly,
        EngineListener listener);

    /**
     * Take a resting order out of the book.
     */
    void cancelOrder(long sequence, RestingOrder order, CancelReason reason, EngineListener listener);

    /**
     * Apply a validated cancel/replace. {@code quantity} is the new total; the caller has checked that something is
     * left to trade. Reducing quantity at the same price keeps priority; any other change loses it and may trade.
     */
    void replaceOrder(
        long sequence, RestingOrder order, long newClientOrderId, long price, long quantity, EngineListener listener);

    /**
     * Visit resting orders in canonical order: bids best price first, then asks best price first, each level in time
     * priority. State hashes and snapshots rely on this order.
     */
    void forEachOrder(OrderVisitor visitor);

    /**
     * Visit up to {@code maxLevels} price levels of one side, best first.
     *
     * @return the number of levels visited.
     */
    int forEachLevel(Side side, int maxLevels, LevelVisitor visitor);

    /**
     * @return the number of orders resting.
     */
    int orderCount();

    /**
     * Number of trades so far; the next trade id is this plus one.
     */
    long tradeCount();

    /**
     * Empty the book and forget its trades, keeping pools and capacity (no allocation).
     */
    void clear();

    /**
     * Put a resting order back from a state snapshot, at the back of its price level, with no events: restoring the
     * orders in the order {@link #forEachOrder(OrderVisitor)} visited them rebuilds every level's time priority. The
     * caller (the snapshot reader) has checked the values: {@code 0 <= filledQuantity < quantity}, a positive price,
     * an order id not resting already, and a book that does not end up crossed. Not for the hot path.
     */
    void restoreOrder(
        long orderId, long accountId, long clientOrderId, Side side, long price, long quantity, long filledQuantity,
        StpMode stpMode, boolean postOnly);

    /**
     * Put the trade counters back from a state snapshot: the next trade id is {@code tradeCount + 1}, and the last
     * trade price anchors the price band. Not for the hot path.
     */
    void restoreTradeState(long lastTradePrice, long tradeCount);

    /**
     * A visitor of resting orders.
     */
    @FunctionalInterface
    interface OrderVisitor
    {
        void visit(RestingOrder order);
    }

    /**
     * A visitor of price levels.
     */
    @FunctionalInterface
    interface LevelVisitor
    {
        void visit(Side side, long price, long quantity, int orderCount);
    }
}
