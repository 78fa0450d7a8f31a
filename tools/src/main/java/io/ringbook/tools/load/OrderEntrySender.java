package io.ringbook.tools.load;

import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import io.ringbook.engine.client.OrderEntryClient;

/**
 * {@link OrderSender} over a real order-entry session. Cancels and replaces address orders by engine order id once
 * it is known (the engine's cheapest lookup), by client order id before that; self trades are allowed (no self-trade prevention) so load clients trade with each
 * other and with themselves.
 */
final class OrderEntrySender implements OrderSender
{
    private final OrderEntryClient client;

    OrderEntrySender(final OrderEntryClient client)
    {
        this.client = client;
    }

    public long newOrder(final long clientOrderId, final int instrumentId, final boolean buy, final boolean ioc,
        final long price, final long quantity)
    {
        return client.newOrder(clientOrderId, instrumentId, buy ? Side.Buy : Side.Sell, OrdType.Limit,
            ioc ? TimeInForce.IOC : TimeInForce.GTC, price, quantity, false, StpMode.None);
    }

    public long cancel(final long requestId, final long origClientOrderId, final long orderId,
        final int instrumentId)
    {
        return client.cancel(requestId, orderId == 0 ? origClientOrderId : 0, orderId, instrumentId);
    }

    public long replace(final long origClientOrderId, final long orderId, final long newClientOrderId,
        final int instrumentId, final long price, final long quantity)
    {
        return client.replace(orderId == 0 ? origClientOrderId : 0, orderId, newClientOrderId, instrumentId, price,
            quantity);
    }

    public int poll()
    {
        return client.poll();
    }

    public void close()
    {
        client.close();
    }
}
