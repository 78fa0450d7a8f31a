package io.ringbook.engine;

/**
 * One sequenced command, mutable and reused: ring events carry one each, so sequencing allocates nothing.
 * <p>
 * Cancel and replace address an order either by {@code orderId} (with its {@code instrumentId}) or, when orderId is
 * 0, by the account's {@code clientOrderId} (the FIX OrigClOrdID).
 */
public class EngineCommand
{
    public CommandType type;
    /** Engine sequence, stamped before the journal. */
    public long sequence;
    /** Time stamped at sequencing, nanoseconds since the epoch. */
    public long timestampNs;
    public int instrumentId;
    public long accountId;
    /** New order: its client order id. Cancel/replace: the id of the order to act on, when orderId is 0. */
    public long clientOrderId;
    /** Cancel/replace: the engine's order id, or 0 to address the order by clientOrderId. */
    public long orderId;
    /** Replace: the order's new client order id, or 0 to keep the current one. */
    public long newClientOrderId;
    /** The client's own id for a cancel request, echoed in replies; matching ignores it. */
    public long requestId;
    public Side side;
    public OrderType orderType;
    public TimeInForce timeInForce;
    public StpMode stpMode;
    public boolean postOnly;
    /** Limit price (new order, replace); ignored for market orders. */
    public long price;
    /** New order: quantity. Replace: the new total order quantity, as FIX OrderQty. */
    public long quantity;

    /**
     * Reset every field to its default so no value leaks from the command this event carried before.
     *
     * @return this for chaining.
     */
    public EngineCommand clear()
    {
        type = null;
        sequence = 0;
        timestampNs = 0;
        instrumentId = 0;
        accountId = 0;
        clientOrderId = 0;
        orderId = 0;
        newClientOrderId = 0;
        requestId = 0;
        side = null;
        orderType = OrderType.LIMIT;
        timeInForce = TimeInForce.GTC;
        stpMode = StpMode.NONE;
        postOnly = false;
        price = 0;
        quantity = 0;
        return this;
    }

    /**
     * Copy every field from another command.
     *
     * @param other to copy from.
     * @return this for chaining.
     */
    public EngineCommand copyFrom(final EngineCommand other)
    {
        type = other.type;
        sequence = other.sequence;
        timestampNs = other.timestampNs;
        instrumentId = other.instrumentId;
        accountId = other.accountId;
        clientOrderId = other.clientOrderId;
        orderId = other.orderId;
        newClientOrderId = other.newClientOrderId;
        requestId = other.requestId;
        side = other.side;
        orderType = other.orderType;
        timeInForce = other.timeInForce;
        stpMode = other.stpMode;
        postOnly = other.postOnly;
        price = other.price;
        quantity = other.quantity;
        return this;
    }

    public EngineCommand newOrder(
        final int instrumentId,
        final long accountId,
        final long clientOrderId,
        final Side side,
        final OrderType orderType,
        final TimeInForce timeInForce,
        final long price,
        final long quantity)
    {
        clear();
        this.type = CommandType.NEW_ORDER;
        this.instrumentId = instrumentId;
        this.accountId = accountId;
        this.clientOrderId = clientOrderId;
        this.side = side;
        this.orderType = orderType;
        this.timeInForce = timeInForce;
        this.price = price;
        this.quantity = quantity;
        return this;
    }

    public EngineCommand cancel(final int instrumentId, final long accountId, final long clientOrderId, final long orderId)
    {
        clear();
        this.type = CommandType.CANCEL_ORDER;
        this.instrumentId = instrumentId;
        this.accountId = accountId;
        this.clientOrderId = clientOrderId;
        this.orderId = orderId;
        return this;
    }

    public EngineCommand replace(
        final int instrumentId,
        final long accountId,
        final long clientOrderId,
        final long orderId,
        final long newClientOrderId,
        final long price,
        final long quantity)
    {
        clear();
        this.type = CommandType.REPLACE_ORDER;
        this.instrumentId = instrumentId;
        this.accountId = accountId;
        this.clientOrderId = clientOrderId;
        this.orderId = orderId;
        this.newClientOrderId = newClientOrderId;
        this.price = price;
        this.quantity = quantity;
        return this;
    }

    public EngineCommand massCancel(final long accountId)
    {
        clear();
        this.type = CommandType.MASS_CANCEL;
        this.accountId = accountId;
        return this;
    }

    public EngineCommand stp(final StpMode stpMode)
    {
        this.stpMode = stpMode;
        return this;
    }

    public EngineCommand postOnly(final boolean postOnly)
    {
        this.postOnly = postOnly;
        return this;
    }

    public String toString()
    {
        return "EngineCommand{" + type + " seq=" + sequence + " inst=" + instrumentId + " acct=" + accountId +
            " clid=" + clientOrderId + " orderId=" + orderId + " newClid=" + newClientOrderId + " " + side + " " +
            orderType + " " + timeInForce + " stp=" + stpMode + " postOnly=" + postOnly + " px=" + price +
            " qty=" + quantity + '}';
    }
}
