package io.ringbook.engine.server;

import io.ringbook.codecs.orderentry.CancelRejectDecoder;
import io.ringbook.codecs.orderentry.ExecutionReportDecoder;
import io.ringbook.codecs.orderentry.OrderRejectDecoder;
import io.ringbook.codecs.orderentry.SessionRejectDecoder;
import io.ringbook.engine.client.OrderEntryListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every reply a client gets as one line of text.
 */
public final class RecordingClientListener implements OrderEntryListener
{
    public final List<String> lines = new ArrayList<>();
    public String disconnectReason;

    public void onExecutionReport(final ExecutionReportDecoder r)
    {
        lines.add("report " + r.execType() + " " + r.orderStatus() + " id=" + r.orderId() + " clid=" +
            r.clientOrderId() + " orig=" + r.origClientOrderId() + " " + r.side() + " px=" + r.price() + " qty=" +
            r.orderQty() + " leaves=" + r.leavesQty() + " cum=" + r.cumQty() + " last=" +
            (r.lastQty() == 0 ? "-" : r.lastQty() + "@" + r.lastPx()) + " cancel=" + r.cancelReason());
    }

    public void onOrderReject(final OrderRejectDecoder r)
    {
        lines.add("order-reject clid=" + r.clientOrderId() + " " + r.rejectReason());
    }

    public void onCancelReject(final CancelRejectDecoder r)
    {
        lines.add("cancel-reject " + r.responseTo() + " clid=" + r.clientOrderId() + " orig=" + r.origClientOrderId() +
            " id=" + r.orderId() + " " + r.rejectReason());
    }

    public void onSessionReject(final SessionRejectDecoder r)
    {
        lines.add("session-reject " + r.reason() + " " + r.text());
    }

    public void onDisconnected(final String reason)
    {
        disconnectReason = reason;
    }

    public boolean has(final String prefix)
    {
        return lines.stream().anyMatch(line -> line.startsWith(prefix));
    }
}
