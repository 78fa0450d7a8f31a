package io.ringbook.engine.workload;

import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.RestingOrder;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;
import org.agrona.collections.LongArrayList;

import java.util.function.IntFunction;

/**
 * Listens to the generator's engine and, after each command, brings the generator's {@link LiveOrders} in line with
 * the book: orders that came to rest are added, orders that left are removed. A reject is a generator bug: it throws.
 */
final class GenerationTracker implements EngineListener
{
    private final LongArrayList touched = new LongArrayList();
    private final LongArrayList added = new LongArrayList();
    private RejectReason rejectReason;
    private long trades;

    /**
     * Process a command on the engine and update the live orders of its instrument.
     *
     * @param liveOrders the live orders of each instrument, by instrument id.
     */
    void process(final MatchingEngine engine, final EngineCommand command, final IntFunction<LiveOrders> liveOrders)
    {
        touched.clear();
        added.clear();
        rejectReason = null;
        engine.process(command);
        if (rejectReason != null)
        {
            throw new IllegalStateException("generated command rejected (" + rejectReason + "): " + command);
        }
        final OrderBook book = engine.book(command.instrumentId);
        final LiveOrders live = liveOrders.apply(command.instrumentId);
        for (int i = 0, n = touched.size(); i < n; i++)
        {
            final long orderId = touched.getLong(i);
            if (live.contains(orderId) && book.findOrder(orderId) == null)
            {
                live.remove(orderId);
            }
        }
        for (int i = 0, n = added.size(); i < n; i++)
        {
            final long orderId = added.getLong(i);
            final RestingOrder order = book.findOrder(orderId);
            if (order != null && !live.contains(orderId))
            {
                live.add(orderId, order.side());
            }
        }
    }

    long trades()
    {
        return trades;
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        rejectReason = reason;
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId, final long takerAccountId,
        final long takerClientOrderId, final long takerLeavesQuantity)
    {
        trades++;
        touched.addLong(takerOrderId);
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity,
        final CancelReason reason)
    {
        touched.addLong(orderId);
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
        if (action == OrderAction.ADD)
        {
            added.addLong(orderId);
        }
        else if (quantity == 0)
        {
            touched.addLong(orderId);
        }
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
    }

    public void onCommandComplete(final long sequence)
    {
    }
}
