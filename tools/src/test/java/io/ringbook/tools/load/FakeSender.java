package io.ringbook.tools.load;

import io.aeron.Publication;
import io.ringbook.codecs.orderentry.CancelReason;
import io.ringbook.codecs.orderentry.ExecType;
import io.ringbook.codecs.orderentry.ExecutionReportDecoder;
import io.ringbook.codecs.orderentry.ExecutionReportEncoder;
import io.ringbook.codecs.orderentry.MessageHeaderEncoder;
import io.ringbook.codecs.orderentry.OrderStatus;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.engine.client.OrderEntryListener;
import org.agrona.ExpandableArrayBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine that answers every request on the next poll: New for new orders, Cancelled for cancels, Replaced for
 * replaces (as real SBE execution reports). While {@link #backPressured} is set it refuses every offer.
 */
final class FakeSender implements OrderSender
{
    private final OrderEntryListener listener;
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ExecutionReportEncoder encoder = new ExecutionReportEncoder();
    private final ExecutionReportDecoder decoder = new ExecutionReportDecoder();
    private final List<long[]> toAnswer = new ArrayList<>();
    private final Map<Long, Long> clientOrderIdByOrderId = new HashMap<>();
    private final Map<Long, Long> orderIdByClientOrderId = new HashMap<>();
    private long nextOrderId = 1;
    boolean backPressured;
    /** Requests with this id are never answered (a reply the engine dropped). */
    long dropReplyTo = -1;
    long offers;
    long sent;

    FakeSender(final OrderEntryListener listener)
    {
        this.listener = listener;
    }

    public long newOrder(final long clientOrderId, final int instrumentId, final boolean buy, final boolean ioc,
        final long price, final long quantity)
    {
        orderIdByClientOrderId.put(clientOrderId, nextOrderId);
        return offer(new long[]{ 0, clientOrderId, 0, nextOrderId++, instrumentId, buy ? 0 : 1, price, quantity });
    }

    public long cancel(final long requestId, final long origClientOrderId, final long orderId,
        final int instrumentId)
    {
        return offer(new long[]{ 1, requestId, origClientOrderId, orderId(origClientOrderId, orderId), instrumentId,
            0, 0, 0 });
    }

    public long replace(final long origClientOrderId, final long orderId, final long newClientOrderId,
        final int instrumentId, final long price, final long quantity)
    {
        return offer(new long[]{ 2, newClientOrderId, origClientOrderId, orderId(origClientOrderId, orderId),
            instrumentId, 0, price, quantity });
    }

    private long orderId(final long clientOrderId, final long orderId)
    {
        return orderId != 0 ? orderId : orderIdByClientOrderId.getOrDefault(clientOrderId, 0L);
    }

    private long offer(final long[] request)
    {
        offers++;
        if (backPressured)
        {
            return Publication.BACK_PRESSURED;
        }
        sent++;
        toAnswer.add(request);
        return sent * 64;
    }

    public int poll()
    {
        final int count = toAnswer.size();
        for (final long[] request : toAnswer)
        {
            if (request[1] == dropReplyTo)
            {
                continue;
            }
            final long kind = request[0];
            final Long current = clientOrderIdByOrderId.get(request[3]);
            if (kind == 1)
            {
                clientOrderIdByOrderId.remove(request[3]);
            }
            else
            {
                clientOrderIdByOrderId.put(request[3], request[1]);
                orderIdByClientOrderId.put(request[1], request[3]);
            }
            encoder.wrapAndApplyHeader(buffer, 0, headerEncoder)
                .orderId(request[3])
                .clientOrderId(kind == 1 ? (current == null ? 0 : current) : request[1])
                .origClientOrderId(kind == 1 ? request[1] : request[2])
                .price(request[6])
                .orderQty(request[7])
                .leavesQty(kind == 1 ? 0 : request[7])
                .cumQty(0)
                .lastPx(ExecutionReportEncoder.lastPxNullValue())
                .lastQty(0)
                .tradeId(0)
                .engineSequence(0)
                .transactTimeNs(0)
                .instrumentId((int)request[4])
                .execType(kind == 0 ? ExecType.New : kind == 1 ? ExecType.Cancelled : ExecType.Replaced)
                .orderStatus(kind == 1 ? OrderStatus.Cancelled : OrderStatus.New)
                .side(request[5] == 0 ? Side.Buy : Side.Sell)
                .cancelReason(kind == 1 ? CancelReason.CLIENT : CancelReason.NONE);
            listener.onExecutionReport(decoder.wrap(buffer, MessageHeaderEncoder.ENCODED_LENGTH,
                ExecutionReportEncoder.BLOCK_LENGTH, ExecutionReportEncoder.SCHEMA_VERSION));
        }
        toAnswer.clear();
        return count;
    }

    public void close()
    {
    }
}
