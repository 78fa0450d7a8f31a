package io.ringbook.tools.replay;

import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.workload.Workload;
import io.ringbook.tools.replay.JournalFixtures.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static io.ringbook.tools.replay.JournalFixtures.scenario;
import static io.ringbook.tools.replay.JournalFixtures.scenarioInstruments;
import static io.ringbook.tools.replay.ReplayCommandTest.expectUsage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringbook export}: each kind parsed back and checked against the events of an engine run over the same
 * commands.
 */
class ExportCommandTest
{
    @TempDir
    Path temp;

    @Test
    void tradesAreTheEnginesTrades() throws Exception
    {
        final Workload workload = JournalFixtures.workload(7, 3_000);
        final List<EngineCommand> commands = JournalFixtures.commands(workload);
        final Path journal = JournalFixtures.write(temp.resolve("j"), workload.instruments(), commands);
        final Path csv = temp.resolve("trades.csv");
        final Cli cli = Cli.run("export", "--journal", journal.toString(), "--what", "trades", "--out", csv.toString());
        assertEquals(0, cli.exitCode, cli.err::toString);

        final List<String> expected = new ArrayList<>();
        final long[] timestamp = new long[1];
        JournalFixtures.run(workload.instruments(), commands, Long.MAX_VALUE, new NullListenerBase()
        {
            public void onCommandStart(final EngineCommand command)
            {
                timestamp[0] = command.timestampNs;
            }

            public void onTrade(
                final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
                final Side aggressorSide, final long makerOrderId, final long makerAccountId,
                final long makerClientOrderId, final long makerOrderQuantity, final long makerLeavesQuantity,
                final long takerOrderId, final long takerAccountId, final long takerClientOrderId,
                final long takerLeavesQuantity)
            {
                expected.add(String.join(",", Long.toString(sequence), Long.toString(timestamp[0]), "XCORE",
                    Long.toString(tradeId), Long.toString(price), Long.toString(quantity),
                    aggressorSide == Side.BUY ? "buy" : "sell", Long.toString(makerOrderId),
                    Long.toString(makerAccountId), Long.toString(makerClientOrderId), Long.toString(takerOrderId),
                    Long.toString(takerAccountId), Long.toString(takerClientOrderId)));
            }
        });
        final List<String> rows = Files.readAllLines(csv);
        assertEquals("sequence,ts_event,symbol,trade_id,price,quantity,aggressor_side,maker_order_id,maker_account," +
            "maker_client_order_id,taker_order_id,taker_account,taker_client_order_id", rows.get(0));
        assertTrue(expected.size() > 100, "the workload trades");
        assertEquals(expected, rows.subList(1, rows.size()));
        assertTrue(cli.err.toString().contains("wrote " + expected.size() + " trades rows"), cli.err::toString);
    }

    @Test
    void tradesWithDecimalsAndASymbolToStdout()
    {
        final Path journal = JournalFixtures.write(temp.resolve("j"), scenarioInstruments(), scenario());
        final Cli cli = Cli.run("export", "--journal", journal.toString(), "--what", "TRADES", "--out", "-",
            "--symbol", "XYZ");
        assertEquals(0, cli.exitCode, cli.err::toString);
        assertEquals(List.of("sequence,ts_event,symbol,trade_id,price,quantity,aggressor_side,maker_order_id," +
            "maker_account,maker_client_order_id,taker_order_id,taker_account,taker_client_order_id",
            "9,1700000000000009000,XYZ,1,5.0001,1,buy,4,1,2,7,2,3"), cli.outLines());
    }

    @Test
    void orderEventsFollowTheEngine() throws Exception
    {
        final Workload workload = JournalFixtures.workload(11, 2_000);
        final List<EngineCommand> commands = JournalFixtures.commands(workload);
        final Path journal = JournalFixtures.write(temp.resolve("j"), workload.instruments(), commands);
        final Path csv = temp.resolve("orders.csv");
        final Cli cli = Cli.run("export", "--journal", journal.toString(), "--what", "orders", "--out", csv.toString());
        assertEquals(0, cli.exitCode, cli.err::toString);

        // sequence,event,order_id per order event, in engine order
        final List<String> expected = new ArrayList<>();
        JournalFixtures.run(workload.instruments(), commands, Long.MAX_VALUE, new NullListenerBase()
        {
            public void onAccepted(
                final long sequence, final int instrumentId, final long orderId, final long accountId,
                final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
                final long price, final long quantity)
            {
                expected.add(sequence + ",accepted," + orderId + "," + accountId + "," + clientOrderId);
            }

            public void onRejected(
                final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
                final long clientOrderId, final long orderId, final RejectReason reason)
            {
                expected.add(sequence + "," + (commandType == CommandType.NEW_ORDER ? "reject" :
                    commandType == CommandType.CANCEL_ORDER ? "cancel-reject" : "replace-reject") + "," +
                    (orderId == 0 ? "" : Long.toString(orderId)) + "," + accountId + "," + clientOrderId);
            }

            public void onCancelled(
                final long sequence, final int instrumentId, final long orderId, final long accountId,
                final long clientOrderId, final Side side, final long price, final long orderQuantity,
                final long cancelledQuantity, final CancelReason reason)
            {
                expected.add(sequence + ",cancelled," + orderId + "," + accountId + "," + clientOrderId);
            }

            public void onReplaced(
                final long sequence, final int instrumentId, final long orderId, final long accountId,
                final long origClientOrderId, final long clientOrderId, final Side side, final long price,
                final long quantity, final long leavesQuantity)
            {
                expected.add(sequence + ",replaced," + orderId + "," + accountId + "," + clientOrderId);
            }

            public void onOrderChange(
                final long sequence, final int instrumentId, final OrderAction action, final long orderId,
                final Side side, final long price, final long quantity, final long changeQuantity)
            {
                expected.add(sequence + "," + action.name().toLowerCase() + "," + orderId + ",,");
            }
        });
        final List<String> rows = Files.readAllLines(csv);
        assertEquals("sequence,ts_event,symbol,event,order_id,account,client_order_id,orig_client_order_id,side," +
            "order_type,time_in_force,price,quantity,leaves_quantity,change_quantity,reason", rows.get(0));
        final List<String> actual = rows.subList(1, rows.size()).stream().map(row ->
        {
            final String[] f = row.split(",", -1);
            assertEquals(16, f.length, row);
            return String.join(",", f[0], f[3], f[4], f[5], f[6]);
        }).collect(Collectors.toList());
        assertEquals(expected, actual);
        assertTrue(actual.stream().anyMatch(r -> r.contains(",execute,")) &&
            actual.stream().anyMatch(r -> r.contains(",replaced,")), "the mix has executions and replaces");
    }

    @Test
    void orderEventColumnsWithDecimals()
    {
        final Path journal = JournalFixtures.write(temp.resolve("j"), scenarioInstruments(), scenario());
        final Cli cli = Cli.run("export", "--journal", journal.toString(), "--what", "orders", "--out", "-",
            "--from", "6", "--to", "8", "--symbol", "ABC");
        assertEquals(0, cli.exitCode, cli.err::toString);
        assertEquals(List.of(
            "sequence,ts_event,symbol,event,order_id,account,client_order_id,orig_client_order_id,side,order_type," +
                "time_in_force,price,quantity,leaves_quantity,change_quantity,reason",
            "6,1700000000000006000,ABC,cancelled,2,2,1,,sell,,,100.02,5,0,5,CLIENT",
            "6,1700000000000006000,ABC,delete,2,,,,sell,,,100.02,,0,5,",
            "7,1700000000000007000,ABC,replaced,1,1,1,1,buy,,,100.01,8,4,,",
            "7,1700000000000007000,ABC,delete,1,,,,buy,,,100.00,,0,6,",
            "7,1700000000000007000,ABC,add,1,,,,buy,,,100.01,,4,4,",
            "8,1700000000000008000,ABC,accepted,6,3,2,,sell,limit,ioc,100.00,20,,,",
            "8,1700000000000008000,ABC,execute,1,,,,buy,,,100.01,,0,4,",
            "8,1700000000000008000,ABC,cancelled,6,3,2,,sell,,,100.00,20,0,16,EXPIRED"), cli.outLines());
    }

    @Test
    void mbpRowsFollowTheTopOfTheEnginesBook() throws Exception
    {
        final Workload workload = JournalFixtures.workload(3, 3_000);
        final List<EngineCommand> commands = JournalFixtures.commands(workload);
        final Path journal = JournalFixtures.write(temp.resolve("j"), workload.instruments(), commands);
        final int depth = 3;
        final Path csv = temp.resolve("mbp.csv");
        final Cli cli = Cli.run("export", "--journal", journal.toString(), "--what", "mbp", "--depth", "3",
            "--out", csv.toString());
        assertEquals(0, cli.exitCode, cli.err::toString);

        final Instrument xcore = workload.instruments().get(0);
        final List<String> expected = new ArrayList<>();
        final MatchingEngine engine = JournalFixtures.run(workload.instruments(), List.of(), 0, NullListener.INSTANCE);
        String previous = top(engine.book(xcore.id()), depth);
        for (final EngineCommand command : commands)
        {
            engine.process(command);
            final String now = top(engine.book(xcore.id()), depth);
            if (!now.equals(previous))
            {
                expected.add(command.sequence + "," + command.timestampNs + ",XCORE," +
                    command.type.name().toLowerCase() + now);
            }
            previous = now;
        }
        final List<String> rows = Files.readAllLines(csv);
        assertEquals("sequence,ts_event,symbol,command,bid_px_00,bid_sz_00,bid_ct_00,ask_px_00,ask_sz_00,ask_ct_00," +
            "bid_px_01,bid_sz_01,bid_ct_01,ask_px_01,ask_sz_01,ask_ct_01,bid_px_02,bid_sz_02,bid_ct_02,ask_px_02," +
            "ask_sz_02,ask_ct_02", rows.get(0));
        assertEquals(expected, rows.subList(1, rows.size()));

        // A later range starts from the replayed book: its rows are the full export's rows in that range.
        final long from = commands.size() / 2;
        final long to = from + 500;
        final Path part = temp.resolve("part.csv");
        assertEquals(0, Cli.run("export", "--journal", journal.toString(), "--what", "mbp", "--depth", "3",
            "--from", Long.toString(from), "--to", Long.toString(to), "--out", part.toString()).exitCode);
        final List<String> inRange = expected.stream().filter(r ->
        {
            final long sequence = Long.parseLong(r.substring(0, r.indexOf(',')));
            return sequence >= from && sequence <= to;
        }).collect(Collectors.toList());
        final List<String> partRows = Files.readAllLines(part);
        assertEquals(inRange, partRows.subList(1, partRows.size()));
    }

    @Test
    void mbpWithDecimalsAndEmptyLevels()
    {
        final Path journal = JournalFixtures.write(temp.resolve("j"), scenarioInstruments(), scenario());
        final Cli cli = Cli.run("export", "--journal", journal.toString(), "--what", "mbp", "--depth", "2",
            "--symbol", "XYZ", "--out", "-");
        assertEquals(0, cli.exitCode, cli.err::toString);
        assertEquals(List.of(
            "sequence,ts_event,symbol,command,bid_px_00,bid_sz_00,bid_ct_00,ask_px_00,ask_sz_00,ask_ct_00," +
                "bid_px_01,bid_sz_01,bid_ct_01,ask_px_01,ask_sz_01,ask_ct_01",
            "4,1700000000000004000,XYZ,new_order,,0,0,5.0001,3,1,,0,0,,0,0",
            "9,1700000000000009000,XYZ,new_order,,0,0,5.0001,2,1,,0,0,,0,0"), cli.outLines());
    }

    @Test
    void badInput()
    {
        final Path journal = JournalFixtures.write(temp.resolve("j"), scenarioInstruments(), scenario());
        final String dir = journal.toString();
        final String out = temp.resolve("x.csv").toString();
        expectUsage("expected trades, mbp or orders", "export", "--journal", dir, "--what", "quotes", "--out", out);
        expectUsage("no journal at", "export", "--journal", temp.resolve("none").toString(), "--what", "trades",
            "--out", out);
        expectUsage("unknown symbol", "export", "--journal", dir, "--what", "trades", "--out", out, "--symbol", "Q");
        expectUsage("--from 0 is outside", "export", "--journal", dir, "--what", "trades", "--out", out, "--from",
            "0");
        expectUsage("--depth must be 1 to 100", "export", "--journal", dir, "--what", "mbp", "--out", out,
            "--depth", "101");
        expectUsage("--depth goes with --what mbp", "export", "--journal", dir, "--what", "trades", "--out", out,
            "--depth", "5");
        final Cli unwritable = Cli.run("export", "--journal", dir, "--what", "trades", "--out",
            temp.resolve("no/such/dir/x.csv").toString());
        assertEquals(1, unwritable.exitCode);
        assertTrue(unwritable.err.toString().startsWith("ringbook export: cannot write"), unwritable.err::toString);
        assertEquals(0, Cli.run("export", "--help").exitCode);
    }

    private static String top(final OrderBook book, final int depth)
    {
        final List<String> bids = new ArrayList<>();
        final List<String> asks = new ArrayList<>();
        book.forEachLevel(Side.BUY, depth, (side, price, quantity, orders) -> bids.add(price + "," + quantity + "," +
            orders));
        book.forEachLevel(Side.SELL, depth, (side, price, quantity, orders) -> asks.add(price + "," + quantity + "," +
            orders));
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++)
        {
            b.append(',').append(i < bids.size() ? bids.get(i) : ",0,0");
            b.append(',').append(i < asks.size() ? asks.get(i) : ",0,0");
        }
        return b.toString();
    }
}
