package io.ringbook.engine;

/**
 * Read-only view of an order resting in a book, so the engine's checks work with either book implementation.
 */
public interface RestingOrder
{
    long orderId();

    long accountId();

    long clientOrderId();

    Side side();

    long price();

    /** The total order quantity, as last set by the order or a replace. */
    long quantity();

    /** What has traded so far. */
    long filledQuantity();

    /** What is left to trade: quantity minus filled. */
    long leavesQuantity();

    StpMode stpMode();

    boolean postOnly();
}
