package io.ringbook.tools.replay;

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
import io.ringbook.journal.JournalReader;

/**
 * Walks journaled commands together with their journaled events: each command reaches the listener through
 * {@code onCommandStart} (and {@link JournaledCommandListener#onJournaledCommand} where implemented) just before its
 * own events, so a listener sees each event with the command that caused it (its timestamp, its addressing).
 * <p>
 * The reader hands commands and events out through two separate visits, so this reads a chunk of commands into
 * reused copies, then visits the events of the same range and interleaves the two by sequence. Memory stays bounded
 * by the chunk, whatever the range.
 */
public final class CommandEvents implements EngineListener
{
    /** Commands read ahead per chunk. */
    public static final int DEFAULT_CHUNK = 4096;

    private final JournalReader reader;
    private final EngineCommand[] commands;
    private final long[] sessionIds;
    private EngineListener listener;
    private JournaledCommandListener commandListener;
    private int count;
    private int next;
    private long current;
    private long visited;

    public CommandEvents(final JournalReader reader)
    {
        this(reader, DEFAULT_CHUNK);
    }

    public CommandEvents(final JournalReader reader, final int chunk)
    {
        this.reader = reader;
        this.commands = new EngineCommand[chunk];
        this.sessionIds = new long[chunk];
        for (int i = 0; i < chunk; i++)
        {
            commands[i] = new EngineCommand();
        }
    }

    /**
     * Visit the commands in {@code [from, to]} and, after each, its journaled events.
     *
     * @return the number of commands visited.
     */
    public long forEach(final long from, final long to, final EngineListener listener)
    {
        this.listener = listener;
        this.commandListener = listener instanceof JournaledCommandListener ? (JournaledCommandListener)listener : null;
        visited = 0;
        final int chunk = commands.length;
        long start = from;
        while (start <= to)
        {
            final long end = to - start < chunk ? to : start + chunk - 1;
            count = 0;
            next = 0;
            current = Long.MIN_VALUE;
            reader.forEachCommand(start, end, (command, sessionId) ->
            {
                if (count < chunk) // a journal never holds two commands with one sequence; be safe anyway
                {
                    sessionIds[count] = sessionId;
                    commands[count++].copyFrom(command);
                }
            });
            reader.forEachEvent(start, end, this);
            emitUpTo(Long.MAX_VALUE);
            if (end == Long.MAX_VALUE)
            {
                break;
            }
            start = end + 1;
        }
        this.listener = null;
        this.commandListener = null;
        return visited;
    }

    /** Commands before {@code sequence} that had no events, then the command at {@code sequence} itself. */
    private void begin(final long sequence)
    {
        if (sequence == current)
        {
            return;
        }
        current = sequence;
        emitUpTo(sequence - 1);
        if (next < count && commands[next].sequence == sequence)
        {
            final EngineCommand command = commands[next];
            if (commandListener != null)
            {
                commandListener.onJournaledCommand(command, sessionIds[next], true);
            }
            listener.onCommandStart(command);
            next++;
            visited++;
        }
    }

    private void emitUpTo(final long sequence)
    {
        while (next < count && commands[next].sequence <= sequence)
        {
            if (commandListener != null)
            {
                commandListener.onJournaledCommand(commands[next], sessionIds[next], false);
            }
            next++;
            visited++;
        }
    }

    /** The journal's own command start (if it sends one) is replaced by the journaled command. */
    public void onCommandStart(final EngineCommand command)
    {
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        begin(sequence);
        listener.onAccepted(
            sequence, instrumentId, orderId, accountId, clientOrderId, side, orderType, timeInForce, price, quantity);
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        begin(sequence);
        listener.onRejected(sequence, commandType, instrumentId, accountId, clientOrderId, orderId, reason);
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId,
        final long makerClientOrderId, final long makerOrderQuantity, final long makerLeavesQuantity,
        final long takerOrderId, final long takerAccountId, final long takerClientOrderId,
        final long takerLeavesQuantity)
    {
        begin(sequence);
        listener.onTrade(
            sequence, instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, makerAccountId,
            makerClientOrderId, makerOrderQuantity, makerLeavesQuantity, takerOrderId, takerAccountId,
            takerClientOrderId, takerLeavesQuantity);
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity, final CancelReason reason)
    {
        begin(sequence);
        listener.onCancelled(
            sequence, instrumentId, orderId, accountId, clientOrderId, side, price, orderQuantity, cancelledQuantity,
            reason);
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        begin(sequence);
        listener.onReplaced(
            sequence, instrumentId, orderId, accountId, origClientOrderId, clientOrderId, side, price, quantity,
            leavesQuantity);
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId,
        final Side side, final long price, final long quantity, final long changeQuantity)
    {
        begin(sequence);
        listener.onOrderChange(sequence, instrumentId, action, orderId, side, price, quantity, changeQuantity);
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side,
        final long price, final long quantity, final int orderCount)
    {
        begin(sequence);
        listener.onLevelChange(sequence, instrumentId, action, side, price, quantity, orderCount);
    }

    public void onCommandComplete(final long sequence)
    {
        begin(sequence);
        listener.onCommandComplete(sequence);
    }
}
