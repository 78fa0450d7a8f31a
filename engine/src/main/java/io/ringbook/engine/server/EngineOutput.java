package io.ringbook.engine.server;

import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.pipeline.CommandEvent;

/**
 * The matcher's output in the engine process: every event goes to the report publisher, and to the event journal
 * too unless the command itself could not be journaled (its reject must not appear in a journal that lacks the
 * command). One call per event each; no allocation.
 */
final class EngineOutput implements EngineListener
{
    private final EngineListener reports;
    private final EngineListener journal;
    private boolean journalThisCommand;

    EngineOutput(final EngineListener reports, final EngineListener journal)
    {
        this.reports = reports;
        this.journal = journal;
    }

    public void onCommandStart(final EngineCommand command)
    {
        journalThisCommand = !(command instanceof CommandEvent && ((CommandEvent)command).journalFailed);
        reports.onCommandStart(command);
        if (journalThisCommand)
        {
            journal.onCommandStart(command);
        }
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        reports.onAccepted(
            sequence, instrumentId, orderId, accountId, clientOrderId, side, orderType, timeInForce, price, quantity);
        if (journalThisCommand)
        {
            journal.onAccepted(
                sequence, instrumentId, orderId, accountId, clientOrderId, side, orderType, timeInForce, price,
                quantity);
        }
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        reports.onRejected(sequence, commandType, instrumentId, accountId, clientOrderId, orderId, reason);
        if (journalThisCommand)
        {
            journal.onRejected(sequence, commandType, instrumentId, accountId, clientOrderId, orderId, reason);
        }
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId,
        final long takerAccountId, final long takerClientOrderId, final long takerLeavesQuantity)
    {
        reports.onTrade(
            sequence, instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, makerAccountId,
            makerClientOrderId, makerOrderQuantity, makerLeavesQuantity, takerOrderId, takerAccountId,
            takerClientOrderId, takerLeavesQuantity);
        if (journalThisCommand)
        {
            journal.onTrade(
                sequence, instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, makerAccountId,
                makerClientOrderId, makerOrderQuantity, makerLeavesQuantity, takerOrderId, takerAccountId,
                takerClientOrderId, takerLeavesQuantity);
        }
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity, final CancelReason reason)
    {
        reports.onCancelled(
            sequence, instrumentId, orderId, accountId, clientOrderId, side, price, orderQuantity, cancelledQuantity,
            reason);
        if (journalThisCommand)
        {
            journal.onCancelled(
                sequence, instrumentId, orderId, accountId, clientOrderId, side, price, orderQuantity,
                cancelledQuantity, reason);
        }
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        reports.onReplaced(
            sequence, instrumentId, orderId, accountId, origClientOrderId, clientOrderId, side, price, quantity,
            leavesQuantity);
        if (journalThisCommand)
        {
            journal.onReplaced(
                sequence, instrumentId, orderId, accountId, origClientOrderId, clientOrderId, side, price, quantity,
                leavesQuantity);
        }
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
        reports.onOrderChange(sequence, instrumentId, action, orderId, side, price, quantity, changeQuantity);
        if (journalThisCommand)
        {
            journal.onOrderChange(sequence, instrumentId, action, orderId, side, price, quantity, changeQuantity);
        }
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
        reports.onLevelChange(sequence, instrumentId, action, side, price, quantity, orderCount);
        if (journalThisCommand)
        {
            journal.onLevelChange(sequence, instrumentId, action, side, price, quantity, orderCount);
        }
    }

    public void onCommandComplete(final long sequence)
    {
        reports.onCommandComplete(sequence);
        if (journalThisCommand)
        {
            journal.onCommandComplete(sequence);
        }
    }
}
