package io.ringbook.tools.replay;

import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.book.FastOrderBook;
import io.ringbook.tools.script.EventPrinter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * {@code ringbook replay}: the book at a sequence, or the journaled commands and events over a range.
 */
@Command(
    name = "replay",
    header = "Print a journal's book at any sequence, or its events.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Replay a journal: print the book(s) at a sequence (--at), or the journaled commands and their events " +
            "over a range (--events).",
        "Books print as in 'ringbook script' (book sym=S, then bid/ask PRICE QTY ORDERS); events print as script " +
            "event lines, each command first as '> seq=N time=T session=S <command>'. See docs/replay.md.",
        "Exit codes: 0 done; 1 output failed or the journal could not be read; 2 bad arguments, no journal at " +
            "DIR, a sequence outside the journal, an unknown symbol." },
    footer = {
        "",
        "Examples:",
        "  ./ringbook replay --journal data/journal --at 1000000 --symbol XCORE --depth 5",
        "  ./ringbook replay --journal data/journal --from 100 --to 120 --events" })
public final class ReplayCommand implements Callable<Integer>
{
    private static final String NAME = "ringbook replay";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = "The journal directory.")
    Path journal;

    @Option(names = "--at", paramLabel = "SEQ", description = "Print the book(s) after the command at SEQ.")
    Long at;

    @Option(names = "--symbol", paramLabel = "S", description = "Only this instrument (default: all).")
    String symbol;

    @Option(names = "--depth", paramLabel = "N", description = "Levels per side with --at (default: all).")
    Integer depth;

    @Option(names = "--no-snapshots",
        description = "With --at, replay from the first command instead of from the newest snapshot before SEQ.")
    boolean noSnapshots;

    @Option(names = "--events", description = "Print the commands in --from..--to and their journaled events.")
    boolean events;

    @Option(names = "--from", paramLabel = "A", description = "First sequence with --events (default: the first).")
    Long from;

    @Option(names = "--to", paramLabel = "B", description = "Last sequence with --events (default: the last).")
    Long to;

    @Option(names = "--no-market-data", description = "With --events, leave out order and level changes.")
    boolean noMarketData;

    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if ((at == null) == !events)
        {
            return usage(err, at == null ? "give --at SEQ or --events" : "--at and --events cannot go together");
        }
        if (at != null && (from != null || to != null))
        {
            return usage(err, "--from and --to go with --events, not --at");
        }
        if (events && depth != null)
        {
            return usage(err, "--depth goes with --at, not --events");
        }
        if (depth != null && depth < 1)
        {
            return usage(err, "--depth must be at least 1, not " + depth);
        }
        try (JournalInput input = JournalInput.open(journal))
        {
            if (at != null)
            {
                input.checkSequence("--at", at);
                printBooks(input, out, err);
            }
            else
            {
                final List<Instrument> selected = input.select(symbol);
                final long[] range = input.range(from, to);
                printEvents(input, selected.size() == 1 && symbol != null ? selected.get(0) : null, range, out);
            }
        }
        catch (final JournalInput.BadInput ex)
        {
            out.flush();
            err.println(NAME + ": " + ex.getMessage());
            err.flush();
            return 2;
        }
        catch (final RuntimeException ex)
        {
            out.flush();
            err.println(NAME + ": cannot read " + journal + ": " + ex);
            err.flush();
            return 1;
        }
        out.flush();
        return out.checkError() ? 1 : 0;
    }

    /**
     * The state at {@code --at}: from the newest snapshot at or before it when the journal has one, then the
     * journal; the instruments are those the restored engine has.
     */
    private void printBooks(final JournalInput input, final PrintWriter out, final PrintWriter err)
        throws JournalInput.BadInput
    {
        // Counts the commands replayed, for a progress line on a terminal (a replay from the journal's start is
        // long on a big journal).
        final long[] sequence = { 0 };
        final NullListenerBase counting = new NullListenerBase()
        {
            public void onCommandStart(final io.ringbook.engine.EngineCommand command)
            {
                sequence[0] = command.sequence;
            }
        };
        final MatchingEngine engine;
        try (io.ringbook.tools.Progress progress = io.ringbook.tools.Progress.start(err, NAME, () -> sequence[0], at,
            "commands (sequence)"))
        {
            engine = noSnapshots ?
                input.reader.replayTo(at, FastOrderBook::new, counting) :
                input.reader.restoreTo(at, FastOrderBook::new, counting, warning ->
                {
                    err.println(NAME + ": " + warning);
                    err.flush();
                });
        }
        final int levels = depth == null ? Integer.MAX_VALUE : depth;
        for (final Instrument instrument : JournalInput.select(symbol, engine.instruments()))
        {
            EventPrinter.printBook(out::println, engine.book(instrument.id()), levels);
        }
    }

    private void printEvents(
        final JournalInput input, final Instrument only, final long[] range, final PrintWriter out)
    {
        final EventLines lines = new EventLines(input, only, out, !noMarketData);
        new CommandEvents(input.reader).forEach(range[0], range[1], lines);
    }

    private static int usage(final PrintWriter err, final String message)
    {
        err.println("ringbook: " + message + " (see '" + NAME + " --help')");
        err.flush();
        return 2;
    }

    /**
     * Prints each command line, then its events as script lines; with a symbol, only commands and events of that
     * instrument (a mass cancel shows when it cancelled something there).
     */
    static final class EventLines extends EventPrinter implements JournaledCommandListener
    {
        private final JournalInput input;
        private final Instrument only;
        private final PrintWriter out;
        private EngineCommand pending;
        private long pendingSession;

        EventLines(final JournalInput input, final Instrument only, final PrintWriter out, final boolean marketData)
        {
            this(input, only, out, marketData, new Filter());
        }

        private EventLines(
            final JournalInput input, final Instrument only, final PrintWriter out, final boolean marketData,
            final Filter filter)
        {
            super(filter, Long::toString, input::instrument, marketData);
            this.input = input;
            this.only = only;
            this.out = out;
            filter.lines = this;
        }

        public void onJournaledCommand(final EngineCommand command, final long sessionId, final boolean hasEvents)
        {
            pending = null;
            if (only == null || command.instrumentId == only.id())
            {
                out.println(CommandText.format(command, sessionId, input::instrument));
                if (!hasEvents)
                {
                    out.println("(no events journaled)");
                }
            }
            else
            {
                // Another instrument's command (or a mass cancel) shows only if one of its events is about ours.
                pending = command;
                pendingSession = sessionId;
            }
        }

        void line(final String text, final int instrumentId)
        {
            if (only != null && instrumentId != only.id())
            {
                return;
            }
            if (pending != null)
            {
                out.println(CommandText.format(pending, pendingSession, input::instrument));
                pending = null;
            }
            out.println(text);
        }

        private int eventInstrument;

        public void onAccepted(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final OrderType orderType,
            final TimeInForce timeInForce, final long price, final long quantity)
        {
            eventInstrument = instrumentId;
            super.onAccepted(
                sequence, instrumentId, orderId, accountId, clientOrderId, side, orderType, timeInForce, price,
                quantity);
        }

        public void onRejected(
            final long sequence, final CommandType commandType, final int instrumentId,
            final long accountId, final long clientOrderId, final long orderId,
            final RejectReason reason)
        {
            eventInstrument = instrumentId;
            super.onRejected(sequence, commandType, instrumentId, accountId, clientOrderId, orderId, reason);
        }

        public void onTrade(
            final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
            final Side aggressorSide, final long makerOrderId, final long makerAccountId,
            final long makerClientOrderId, final long makerOrderQuantity, final long makerLeavesQuantity,
            final long takerOrderId, final long takerAccountId, final long takerClientOrderId,
            final long takerLeavesQuantity)
        {
            eventInstrument = instrumentId;
            super.onTrade(
                sequence, instrumentId, tradeId, price, quantity, aggressorSide, makerOrderId, makerAccountId,
                makerClientOrderId, makerOrderQuantity, makerLeavesQuantity, takerOrderId, takerAccountId,
                takerClientOrderId, takerLeavesQuantity);
        }

        public void onCancelled(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long clientOrderId, final Side side, final long price, final long orderQuantity,
            final long cancelledQuantity, final CancelReason reason)
        {
            eventInstrument = instrumentId;
            super.onCancelled(
                sequence, instrumentId, orderId, accountId, clientOrderId, side, price, orderQuantity,
                cancelledQuantity, reason);
        }

        public void onReplaced(
            final long sequence, final int instrumentId, final long orderId, final long accountId,
            final long origClientOrderId, final long clientOrderId, final Side side,
            final long price, final long quantity, final long leavesQuantity)
        {
            eventInstrument = instrumentId;
            super.onReplaced(
                sequence, instrumentId, orderId, accountId, origClientOrderId, clientOrderId, side, price, quantity,
                leavesQuantity);
        }

        public void onOrderChange(
            final long sequence, final int instrumentId, final OrderAction action,
            final long orderId, final Side side, final long price, final long quantity,
            final long changeQuantity)
        {
            eventInstrument = instrumentId;
            super.onOrderChange(sequence, instrumentId, action, orderId, side, price, quantity, changeQuantity);
        }

        public void onLevelChange(
            final long sequence, final int instrumentId, final LevelAction action,
            final Side side, final long price, final long quantity, final int orderCount)
        {
            eventInstrument = instrumentId;
            super.onLevelChange(sequence, instrumentId, action, side, price, quantity, orderCount);
        }

        /** Routes the printer's lines through the symbol filter, with the instrument of the event being printed. */
        private static final class Filter implements Consumer<String>
        {
            EventLines lines;

            public void accept(final String text)
            {
                lines.line(text, lines.eventInstrument);
            }
        }
    }
}
