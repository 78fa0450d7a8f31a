package io.ringbook.tools.load;

/**
 * What a {@link LoadClient} sends through: an order-entry session ({@link OrderEntrySender}) or, in tests, a fake.
 * Sends return Aeron's result: a positive position when sent, else a negative
 * {@link io.aeron.Publication} code and nothing was sent. {@link #poll()} delivers replies to the client.
 */
interface OrderSender extends AutoCloseable
{
    long newOrder(long clientOrderId, int instrumentId, boolean buy, boolean ioc, long price, long quantity);

    /**
     * @param orderId the engine's order id, or 0 to address the order by {@code origClientOrderId}.
     */
    long cancel(long requestId, long origClientOrderId, long orderId, int instrumentId);

    /**
     * @param orderId the engine's order id, or 0 to address the order by {@code origClientOrderId}.
     */
    long replace(long origClientOrderId, long orderId, long newClientOrderId, int instrumentId, long price,
        long quantity);

    int poll();

    void close();
}
