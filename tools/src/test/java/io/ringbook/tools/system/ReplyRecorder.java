package io.ringbook.tools.system;

import io.ringbook.codecs.orderentry.CancelRejectDecoder;
import io.ringbook.codecs.orderentry.CancelReason;
import io.ringbook.codecs.orderentry.ExecType;
import io.ringbook.codecs.orderentry.ExecutionReportDecoder;
import io.ringbook.codecs.orderentry.OrderRejectDecoder;
import io.ringbook.codecs.orderentry.OrderStatus;
import io.ringbook.codecs.orderentry.RejectReason;
import io.ringbook.codecs.orderentry.SessionRejectDecoder;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.engine.client.OrderEntryListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps every reply one client gets, as a readable line (for exact expectations) and, for execution reports and
 * order rejects, as values (for the rules every report must obey, see {@link ReportRules}).
 */
final class ReplyRecorder implements OrderEntryListener
{
    /** One execution report, copied out of the flyweight. */
    record Report(
        long orderId, long clientOrderId, long origClientOrderId, int instrumentId, Side side, long price,
        long orderQty, long leavesQty, long cumQty, long lastPx, long lastQty, long tradeId, long engineSequence,
        ExecType execType, OrderStatus orderStatus, CancelReason cancelReason)
    {
        boolean isTerminal()
        {
            return orderStatus == OrderStatus.Filled || orderStatus == OrderStatus.Cancelled ||
                orderStatus == OrderStatus.Expired;
        }
    }

    /** One order reject. */
    record OrderReject(long clientOrderId, int instrumentId, RejectReason reason)
    {
    }

    final String name;
    final List<String> lines = new ArrayList<>();
    final List<Report> reports = new ArrayList<>();
    final List<OrderReject> orderRejects = new ArrayList<>();
    String disconnectReason;

    ReplyRecorder(final String name)
    {
        this.name = name;
    }

    public void onExecutionReport(final ExecutionReportDecoder r)
    {
        final Report report = new Report(r.orderId(), r.clientOrderId(), r.origClientOrderId(), r.instrumentId(),
            r.side(), r.price(), r.orderQty(), r.leavesQty(), r.cumQty(), r.lastPx(), r.lastQty(), r.tradeId(),
            r.engineSequence(), r.execType(), r.orderStatus(), r.cancelReason());
        reports.add(report);
        lines.add("report " + report.execType() + " " + report.orderStatus() + " id=" + report.orderId() +
            " clid=" + report.clientOrderId() + " orig=" + report.origClientOrderId() + " inst=" +
            report.instrumentId() + " " + report.side() + " px=" + report.price() + " qty=" + report.orderQty() +
            " leaves=" + report.leavesQty() + " cum=" + report.cumQty() + " last=" +
            (report.lastQty() == 0 && report.lastPx() == ExecutionReportDecoder.lastPxNullValue() ? "-" :
            report.lastQty() + "@" + report.lastPx() + " trade=" + report.tradeId()) +
            " cancel=" + report.cancelReason());
    }

    public void onOrderReject(final OrderRejectDecoder r)
    {
        orderRejects.add(new OrderReject(r.clientOrderId(), r.instrumentId(), r.rejectReason()));
        lines.add("order-reject clid=" + r.clientOrderId() + " inst=" + r.instrumentId() + " " + r.rejectReason());
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

    int size()
    {
        return lines.size();
    }

    public String toString()
    {
        return name + " " + String.join("\n  ", lines);
    }
}
