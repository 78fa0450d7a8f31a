package io.ringbook.engine.server.fuzz;

import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts, from a replaying engine's events, the replies one account's session would get, by the names the client
 * sees (exec types New, Trade, Cancelled, Expired, Replaced; OrderReject; CancelReject), to compare with what the
 * session did get.
 */
public final class AccountReplyCounts implements EngineListener
{
    private final long accountId;
    private final Map<String, Long> counts = new TreeMap<>();

    public AccountReplyCounts(final long accountId)
    {
        this.accountId = accountId;
    }

    public Map<String, Long> counts()
    {
        return counts;
    }

    private void count(final long account, final String reply)
    {
        if (account == accountId)
        {
            counts.merge(reply, 1L, Long::sum);
        }
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        count(accountId, "New");
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        count(accountId, commandType == CommandType.NEW_ORDER ? "OrderReject" : "CancelReject");
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId,
        final long takerAccountId, final long takerClientOrderId, final long takerLeavesQuantity)
    {
        count(makerAccountId, "Trade");
        count(takerAccountId, "Trade");
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity, final CancelReason reason)
    {
        count(accountId, reason == CancelReason.EXPIRED ? "Expired" : "Cancelled");
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        count(accountId, "Replaced");
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
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
