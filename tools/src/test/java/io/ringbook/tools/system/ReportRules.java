package io.ringbook.tools.system;

import io.ringbook.codecs.orderentry.CancelReason;
import io.ringbook.codecs.orderentry.ExecType;
import io.ringbook.codecs.orderentry.ExecutionReportDecoder;
import io.ringbook.codecs.orderentry.OrderStatus;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.tools.system.ReplyRecorder.Report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The rules every execution report must obey, whatever the scenario: an order starts with New; each fill adds its
 * lastQty to cumQty and takes it from leavesQty; the status follows from the quantities; a fill is never worse than
 * the limit; nothing follows a terminal report (Filled, Cancelled, Expired); each order ends exactly once; and the
 * two sides of every trade see the same trade.
 */
final class ReportRules
{
    private static final long NULL_PX = ExecutionReportDecoder.lastPxNullValue();

    /** What one order's reports added up to. */
    static final class OrderLife
    {
        final long orderId;
        final long firstClientOrderId;
        final int instrumentId;
        final Side side;
        final List<Report> reports = new ArrayList<>();
        long clientOrderId;
        long cumQty;
        int terminalReports;
        Report terminal;

        OrderLife(final Report first)
        {
            orderId = first.orderId();
            firstClientOrderId = first.clientOrderId();
            clientOrderId = first.clientOrderId();
            instrumentId = first.instrumentId();
            side = first.side();
        }

        public String toString()
        {
            return "order " + orderId + " (first clid " + firstClientOrderId + "): " + reports;
        }
    }

    private ReportRules()
    {
    }

    /**
     * Check every report of one client against the rules.
     *
     * @return each order's life, by order id in the order first seen.
     */
    static Map<Long, OrderLife> check(final ReplyRecorder client)
    {
        final Map<Long, OrderLife> orders = new LinkedHashMap<>();
        long lastSequence = Long.MIN_VALUE;
        for (final Report r : client.reports)
        {
            final String where = client.name + ": " + r;
            require(r.engineSequence() >= lastSequence, where, "engine sequence went backwards");
            lastSequence = r.engineSequence();
            OrderLife life = orders.get(r.orderId());
            if (life == null)
            {
                require(r.execType() == ExecType.New && r.orderStatus() == OrderStatus.New, where,
                    "the first report of an order must be New/New");
                require(r.cumQty() == 0 && r.leavesQty() == r.orderQty() && r.orderQty() > 0, where,
                    "a new order has cum 0 and leaves = qty > 0");
                require(r.origClientOrderId() == 0, where, "New has no orig clid");
                noFill(r, where);
                life = new OrderLife(r);
                orders.put(r.orderId(), life);
                life.reports.add(r);
                continue;
            }
            require(life.terminal == null, where, "a report after the terminal one " + life.terminal);
            require(r.instrumentId() == life.instrumentId && r.side() == life.side, where,
                "instrument and side never change");
            life.reports.add(r);
            switch (r.execType())
            {
                case Trade:
                    require(r.clientOrderId() == life.clientOrderId, where, "clid is the current one");
                    require(r.lastQty() > 0 && r.lastPx() != NULL_PX && r.tradeId() > 0, where,
                        "a fill has lastQty > 0, lastPx and a trade id");
                    require(r.cumQty() == life.cumQty + r.lastQty(), where, "cum grows by lastQty");
                    require(r.leavesQty() == r.orderQty() - r.cumQty(), where, "leaves = qty - cum");
                    require(r.orderStatus() == (r.leavesQty() == 0 ? OrderStatus.Filled : OrderStatus.PartiallyFilled),
                        where, "status Filled iff nothing left, else PartiallyFilled");
                    require(r.cancelReason() == CancelReason.NONE, where, "a fill has no cancel reason");
                    if (r.price() > 0)
                    {
                        require(r.side() == Side.Buy ? r.lastPx() <= r.price() : r.lastPx() >= r.price(), where,
                            "a fill is never worse than the limit");
                    }
                    life.cumQty = r.cumQty();
                    break;
                case Cancelled:
                    require(r.clientOrderId() == life.clientOrderId, where, "clid is the current one");
                    require(r.orderStatus() == OrderStatus.Cancelled && r.leavesQty() == 0, where,
                        "Cancelled/Cancelled with leaves 0");
                    require(r.cumQty() == life.cumQty, where, "a cancel keeps cum");
                    require(r.cancelReason() != CancelReason.NONE && r.cancelReason() != CancelReason.EXPIRED,
                        where, "a cancel says why");
                    noFill(r, where);
                    break;
                case Expired:
                    require(r.clientOrderId() == life.clientOrderId, where, "clid is the current one");
                    require(r.orderStatus() == OrderStatus.Expired && r.leavesQty() == 0, where,
                        "Expired/Expired with leaves 0");
                    require(r.cumQty() == life.cumQty, where, "expiry keeps cum");
                    require(r.cancelReason() == CancelReason.EXPIRED, where, "cancel reason EXPIRED");
                    noFill(r, where);
                    break;
                case Replaced:
                    require(r.origClientOrderId() == life.clientOrderId, where, "orig clid is the one replaced");
                    require(r.cumQty() == life.cumQty, where, "a replace keeps cum");
                    require(r.orderQty() > r.cumQty() && r.leavesQty() == r.orderQty() - r.cumQty(), where,
                        "a replace leaves qty - cum > 0");
                    require(r.orderStatus() == (r.cumQty() > 0 ? OrderStatus.PartiallyFilled : OrderStatus.New),
                        where, "a replaced order is New, or PartiallyFilled once it has fills");
                    require(r.cancelReason() == CancelReason.NONE, where, "a replace has no cancel reason");
                    noFill(r, where);
                    life.clientOrderId = r.clientOrderId();
                    break;
                default:
                    throw new AssertionError(where + ": unexpected exec type " + r.execType());
            }
            if (r.isTerminal())
            {
                life.terminalReports++;
                life.terminal = r;
            }
        }
        return orders;
    }

    private static void noFill(final Report r, final String where)
    {
        require(r.lastQty() == 0 && r.lastPx() == NULL_PX && r.tradeId() == 0, where,
            "only fills carry lastQty, lastPx and a trade id");
    }

    /**
     * Every new order the client sent (by client order id, each sent once) got exactly one outcome: an order reject,
     * or an order that ended exactly once (Filled, Cancelled or Expired); and the client got nothing for orders it
     * did not send.
     */
    static void assertEveryOrderEndedOnce(final ReplyRecorder client, final Collection<Long> newOrderClientIds)
    {
        final Map<Long, OrderLife> orders = check(client);
        final Map<Long, Integer> outcomes = new HashMap<>();
        for (final ReplyRecorder.OrderReject reject : client.orderRejects)
        {
            outcomes.merge(reject.clientOrderId(), 1, Integer::sum);
        }
        for (final OrderLife life : orders.values())
        {
            if (life.terminalReports != 1)
            {
                throw new AssertionError(client.name + ": " + life.terminalReports + " terminal reports for " + life);
            }
            outcomes.merge(life.firstClientOrderId, 1, Integer::sum);
        }
        for (final long clientOrderId : newOrderClientIds)
        {
            final Integer count = outcomes.remove(clientOrderId);
            if (count == null || count != 1)
            {
                throw new AssertionError(client.name + ": clid " + clientOrderId + " has " + count +
                    " outcomes, expected exactly one\n" + client);
            }
        }
        if (!outcomes.isEmpty())
        {
            throw new AssertionError(client.name + ": outcomes for orders never sent: " + outcomes + "\n" + client);
        }
    }

    /**
     * Two clients traded only with each other: each trade (instrument, trade id) shows up once on each side, at the
     * same price and quantity, on opposite sides; per instrument the buys of one add up to the sells of the other and
     * to the expected traded quantity.
     *
     * @return traded quantity by instrument.
     */
    static Map<Integer, Long> assertTradesMatch(
        final ReplyRecorder a, final ReplyRecorder b, final Map<Integer, Long> expectedByInstrument)
    {
        final Map<String, Report> tradesOfA = trades(a);
        final Map<String, Report> tradesOfB = trades(b);
        if (!tradesOfA.keySet().equals(tradesOfB.keySet()))
        {
            throw new AssertionError("trade ids differ: " + a.name + " " + tradesOfA.keySet() + ", " + b.name + " " +
                tradesOfB.keySet());
        }
        final Map<Integer, Long> tradedA = new TreeMap<>();
        final Map<Integer, Long> tradedB = new TreeMap<>();
        for (final Map.Entry<String, Report> entry : tradesOfA.entrySet())
        {
            final Report ra = entry.getValue();
            final Report rb = tradesOfB.get(entry.getKey());
            require(ra.lastPx() == rb.lastPx() && ra.lastQty() == rb.lastQty() && ra.side() != rb.side(),
                ra + " / " + rb, "both sides of a trade see its price and quantity, on opposite sides");
            tradedA.merge(ra.instrumentId(), ra.lastQty(), Long::sum);
            tradedB.merge(rb.instrumentId(), rb.lastQty(), Long::sum);
        }
        if (!tradedA.equals(tradedB) || !tradedA.equals(new TreeMap<>(expectedByInstrument)))
        {
            throw new AssertionError("traded quantity by instrument: " + a.name + " " + tradedA + ", " + b.name + " " +
                tradedB + ", expected " + expectedByInstrument);
        }
        return tradedA;
    }

    private static Map<String, Report> trades(final ReplyRecorder client)
    {
        final Map<String, Report> trades = new TreeMap<>();
        for (final Report r : client.reports)
        {
            if (r.execType() == ExecType.Trade && trades.put(r.instrumentId() + "/" + r.tradeId(), r) != null)
            {
                throw new AssertionError(client.name + ": trade " + r.instrumentId() + "/" + r.tradeId() +
                    " reported twice (a self trade?)");
            }
        }
        return trades;
    }

    private static void require(final boolean ok, final String where, final String rule)
    {
        if (!ok)
        {
            throw new AssertionError(where + ": breaks the rule: " + rule);
        }
    }
}
