package io.ringbook.tools;

import io.ringbook.codecs.orderentry.Side;
import io.ringbook.engine.mbo.DatabentoMboCsvReader;
import io.ringbook.engine.mbo.Itch50Reader;
import io.ringbook.engine.mbo.LobsterMessageReader;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's market-by-order flow reads each format into the same events: what is sent as orders.
 */
class MboFlowTest
{
    private static final Path DATA = Path.of(System.getProperty("ringbook.root.dir", ".."), "..", "shared", "data");

    @Test
    void lobsterEventsBecomeAddsReducesDeletesAndExecutions() throws Exception
    {
        final String text = "34200.1,1,11,100,2238100,1\n34200.2,2,11,30,2238100,1\n34200.3,4,11,20,2238100,1\n" +
            "34200.4,3,11,50,2238100,1\n34200.5,5,0,7,2238200,-1\n";
        final List<String> events = read(MboFlow.lobster(new LobsterMessageReader(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "test")));
        assertEquals(List.of("ADD 11 Buy 22381 x100", "REDUCE 11 Buy 22381 x30", "EXECUTE 11 Buy 22381 x20",
            "DELETE 11 Buy 22381 x50", "SKIP"), events);
    }

    @Test
    void databentoFillsAndModifiesAndOtherSymbolsSkipped() throws Exception
    {
        final String text = "ts_recv,ts_event,rtype,publisher_id,instrument_id,action,side,price,size,channel_id," +
            "order_id,flags,ts_in_delta,sequence,symbol\n" +
            "1,1000,160,1,1,A,B,190.010000000,100,0,7,0,0,1,AAPL\n" +
            "2,2000,160,1,1,M,B,190.020000000,80,0,7,0,0,2,AAPL\n" +
            "3,3000,160,1,1,F,B,190.020000000,30,0,7,0,0,3,AAPL\n" +
            "4,4000,160,1,1,C,B,190.020000000,30,0,7,0,0,4,AAPL\n" +
            "5,5000,160,1,2,A,A,10.000000000,5,0,8,0,0,5,MSFT\n";
        final List<String> events = read(MboFlow.databento(new DatabentoMboCsvReader(
            new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "test"), "AAPL"));
        assertEquals(List.of("ADD 7 Buy 19001 x100", "REPLACE 7 Buy 19002 x80", "EXECUTE 7 Buy 19002 x30 fill",
            "REDUCE 7 Buy 19002 x30", "SKIP"), events);
    }

    @Test
    void itchAddsOfTheStockAndEveryOrderEvent() throws Exception
    {
        final Path file = DATA.resolve("itch50_RITCH_ex20101224_synthetic").resolve("ex20101224.TEST_ITCH_50");
        final List<String> events = read(MboFlow.itch(Itch50Reader.open(file), "ALC"));
        final long adds = events.stream().filter(e -> e.startsWith("ADD")).count();
        final long executions = events.stream().filter(e -> e.startsWith("EXECUTE")).count();
        final long deletes = events.stream().filter(e -> e.startsWith("DELETE")).count();
        assertTrue(adds > 0 && adds < 4_997 + 3, "ALC's adds of the 5,000 A/F: " + adds);
        assertEquals(198 + 0, executions, "every E (C has none in this file)");
        assertEquals(1_745, deletes, "every D");
    }

    private static List<String> read(final MboFlow.Source source) throws Exception
    {
        final List<String> events = new ArrayList<>();
        final MboFlow.Event event = new MboFlow.Event();
        try (source)
        {
            while (source.next(event))
            {
                events.add(event.kind == MboFlow.SKIP ? "SKIP" : name(event.kind) + " " + event.orderId + " " +
                    (event.side == Side.Buy ? "Buy" : "Sell") + " " + event.price + " x" + event.size +
                    (event.fillThenCancel ? " fill" : ""));
            }
        }
        return events;
    }

    private static String name(final int kind)
    {
        switch (kind)
        {
            case MboFlow.ADD:
                return "ADD";
            case MboFlow.REDUCE:
                return "REDUCE";
            case MboFlow.DELETE:
                return "DELETE";
            case MboFlow.EXECUTE:
                return "EXECUTE";
            case MboFlow.REPLACE:
                return "REPLACE";
            default:
                return "?";
        }
    }
}
