package io.ringbook.engine;

/**
 * Everything the engine emits, in a deterministic order, with primitive arguments so emitting allocates nothing.
 * The journal, the execution-report publisher and the market-data publisher each implement it.
 * <p>
 * Order of events for one command: {@code onAccepted} or {@code onReplaced} (or {@code onRejected} and nothing
 * else), then, while matching level by level, for each resting order met: {@code onTrade} followed by an
 * {@code EXECUTE} order change, or for a self-trade-prevented one {@code onCancelled} followed by a {@code DELETE};
 * one {@code onLevelChange} for each level once matching leaves it; then what becomes of the incoming order (order
 * {@code ADD} and its level change, or {@code onCancelled}); and always {@code onCommandComplete} last, which marks
 * the end of the event for feeds.
 */
public interface EngineListener
{
    /**
     * A command is about to be processed; every event until {@link #onCommandComplete(long)} belongs to it. Reports
     * take the sequencing timestamp and the request ids from it; implementations must not change it.
     */
    default void onCommandStart(EngineCommand command)
    {
    }

    /**
     * A new order passed validation and has an order id.
     */
    void onAccepted(
        long sequence, int instrumentId, long orderId, long accountId, long clientOrderId, Side side,
        OrderType orderType, TimeInForce timeInForce, long price, long quantity);

    /**
     * A command was rejected; nothing changed.
     *
     * @param orderId the order a cancel or replace addressed, when known, else 0.
     */
    void onRejected(
        long sequence, CommandType commandType, int instrumentId, long accountId, long clientOrderId, long orderId,
        RejectReason reason);

    /**
     * A trade between a resting maker and the incoming taker, at the maker's price.
     *
     * @param makerOrderQuantity  the maker's total order quantity (what it has filled is this minus its leaves).
     * @param makerLeavesQuantity what is left of the maker after this trade.
     * @param takerLeavesQuantity what is left of the taker after this trade.
     */
    void onTrade(
        long sequence, int instrumentId, long tradeId, long price, long quantity, Side aggressorSide,
        long makerOrderId, long makerAccountId, long makerClientOrderId, long makerOrderQuantity,
        long makerLeavesQuantity, long takerOrderId, long takerAccountId, long takerClientOrderId,
        long takerLeavesQuantity);

    /**
     * An accepted order ended with quantity left.
     *
     * @param orderQuantity     the order's total quantity (what it filled is this minus the cancelled quantity).
     * @param cancelledQuantity what was left and is now gone.
     */
    void onCancelled(
        long sequence, int instrumentId, long orderId, long accountId, long clientOrderId, Side side, long price,
        long orderQuantity, long cancelledQuantity, CancelReason reason);

    /**
     * A cancel/replace was applied.
     *
     * @param quantity       the new total order quantity.
     * @param leavesQuantity what is left to trade.
     */
    void onReplaced(
        long sequence, int instrumentId, long orderId, long accountId, long origClientOrderId, long clientOrderId,
        Side side, long price, long quantity, long leavesQuantity);

    /**
     * A resting order changed, market-by-order.
     *
     * @param quantity       what rests after the change (0 when it left the book).
     * @param changeQuantity how much was added, reduced, executed or removed.
     */
    void onOrderChange(
        long sequence, int instrumentId, OrderAction action, long orderId, Side side, long price, long quantity,
        long changeQuantity);

    /**
     * A price level changed, market-by-price.
     */
    void onLevelChange(
        long sequence, int instrumentId, LevelAction action, Side side, long price, long quantity, int orderCount);

    /**
     * The command is fully processed; the book is consistent again.
     */
    void onCommandComplete(long sequence);
}
