package io.ringbook.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static io.ringbook.engine.Side.BUY;
import static io.ringbook.engine.Side.SELL;
import static io.ringbook.engine.TestInstruments.ABC;
import static io.ringbook.engine.TestInstruments.BND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * One behaviour suite for every {@link OrderBook}: each subclass names the book; subclasses may add checks after
 * each test (the fast book validates its internal state).
 */
public abstract class OrderBookContractTest
{
    protected final RecordingListener out = new RecordingListener();
    protected MatchingEngine engine;
    private final EngineCommand cmd = new EngineCommand();
    private long sequence;

    protected abstract Function<Instrument, OrderBook> bookFactory();

    @BeforeEach
    void setUp()
    {
        engine = new MatchingEngine(bookFactory(), out);
        engine.addInstrument(ABC);
        engine.addInstrument(BND);
    }

    @AfterEach
    protected void checkBooks()
    {
    }

    private List<String> run(final EngineCommand command)
    {
        command.sequence = ++sequence;
        engine.process(command);
        return out.drain();
    }

    List<String> limit(final long acct, final long clid, final Side side, final long px, final long qty)
    {
        return run(cmd.newOrder(ABC.id(), acct, clid, side, OrderType.LIMIT, TimeInForce.GTC, px, qty));
    }

    List<String> order(
        final Instrument inst, final long acct, final long clid, final Side side, final OrderType type,
        final TimeInForce tif, final long px, final long qty)
    {
        return run(cmd.newOrder(inst.id(), acct, clid, side, type, tif, px, qty));
    }

    List<String> stpOrder(
        final long acct, final long clid, final Side side, final long px, final long qty, final StpMode stp)
    {
        return run(cmd.newOrder(ABC.id(), acct, clid, side, OrderType.LIMIT, TimeInForce.GTC, px, qty).stp(stp));
    }

    List<String> cancelByClid(final long acct, final long clid)
    {
        return run(cmd.cancel(ABC.id(), acct, clid, 0));
    }

    List<String> cancelById(final Instrument inst, final long acct, final long orderId)
    {
        return run(cmd.cancel(inst.id(), acct, 0, orderId));
    }

    List<String> replace(final long acct, final long clid, final long newClid, final long px, final long qty)
    {
        return run(cmd.replace(ABC.id(), acct, clid, 0, newClid, px, qty));
    }

    List<String> book(final Instrument inst)
    {
        final List<String> lines = new ArrayList<>();
        final OrderBook book = engine.book(inst.id());
        book.forEachLevel(BUY, Integer.MAX_VALUE, (s, p, q, n) -> lines.add("bid " + p + " " + q + " " + n));
        book.forEachLevel(SELL, Integer.MAX_VALUE, (s, p, q, n) -> lines.add("ask " + p + " " + q + " " + n));
        return lines;
    }

    private void assertRejectChangesNothing(final Runnable command, final String expectedReject)
    {
        final long before = engine.stateHash();
        final List<String> bookBefore = book(ABC);
        command.run();
        assertEquals(before, engine.stateHash(), "a reject must not change state");
        assertEquals(bookBefore, book(ABC));
        assertEquals(expectedReject, lastRejectReason);
    }

    private String lastRejectReason;

    private void rejected(final List<String> events)
    {
        assertEquals(2, events.size(), events::toString);
        lastRejectReason = events.get(0).substring(events.get(0).lastIndexOf(' ') + 1);
        assertEquals("complete", events.get(1).split(" ")[0]);
    }

    @Test
    void restingLimitOrdersBuildPriceLevels()
    {
        assertEquals(List.of(
            "accepted id=1 inst=1 acct=1 clid=1 BUY LIMIT GTC px=100 qty=10",
            "order ADD id=1 inst=1 BUY px=100 qty=10 change=10",
            "level NEW inst=1 BUY px=100 qty=10 n=1",
            "complete #1"), limit(1, 1, BUY, 100, 10));
        limit(1, 2, BUY, 100, 5);
        limit(2, 1, BUY, 99, 7);
        limit(3, 1, SELL, 102, 4);
        limit(3, 2, SELL, 101, 3);
        assertEquals(List.of("bid 100 15 2", "bid 99 7 1", "ask 101 3 1", "ask 102 4 1"), book(ABC));
        assertEquals(5, engine.book(ABC.id()).orderCount());
    }

    @Test
    void matchesInPriceTimePriorityAtMakerPrices()
    {
        limit(1, 1, SELL, 101, 5);
        limit(2, 1, SELL, 100, 3);
        limit(3, 1, SELL, 100, 4);
        assertEquals(List.of(
            "accepted id=4 inst=1 acct=9 clid=1 BUY LIMIT GTC px=101 qty=10",
            "trade #1 inst=1 px=100 qty=3 aggr=BUY maker=2/2/1 left=0 taker=4/9/1 left=7",
            "order EXECUTE id=2 inst=1 SELL px=100 qty=0 change=3",
            "trade #2 inst=1 px=100 qty=4 aggr=BUY maker=3/3/1 left=0 taker=4/9/1 left=3",
            "order EXECUTE id=3 inst=1 SELL px=100 qty=0 change=4",
            "level DELETE inst=1 SELL px=100 qty=0 n=0",
            "trade #3 inst=1 px=101 qty=3 aggr=BUY maker=1/1/1 left=2 taker=4/9/1 left=0",
            "order EXECUTE id=1 inst=1 SELL px=101 qty=2 change=3",
            "level CHANGE inst=1 SELL px=101 qty=2 n=1",
            "complete #4"), limit(9, 1, BUY, 101, 10));
        assertEquals(List.of("ask 101 2 1"), book(ABC));
        assertEquals(101, engine.book(ABC.id()).lastTradePrice());
    }

    @Test
    void restsTheRemainderOfAMarketableGtcOrder()
    {
        limit(1, 1, SELL, 100, 5);
        final List<String> events = limit(2, 1, BUY, 100, 8);
        assertEquals("order ADD id=2 inst=1 BUY px=100 qty=3 change=3", events.get(events.size() - 3));
        assertEquals(List.of("bid 100 3 1"), book(ABC));
    }

    @Test
    void iocExpiresWhatItCannotFill()
    {
        limit(1, 1, SELL, 100, 5);
        limit(1, 2, SELL, 102, 5);
        final List<String> events = order(ABC, 2, 1, BUY, OrderType.LIMIT, TimeInForce.IOC, 101, 8);
        assertEquals("cancelled id=3 inst=1 acct=2 clid=1 BUY px=101 qty=3 EXPIRED", events.get(events.size() - 2));
        assertEquals(List.of("ask 102 5 1"), book(ABC));
        assertEquals(1, engine.book(ABC.id()).orderCount());
    }

    @Test
    void fokFillsCompletelyOrIsRejectedWithoutTrading()
    {
        limit(1, 1, SELL, 100, 5);
        limit(1, 2, SELL, 101, 5);
        assertRejectChangesNothing(
            () -> rejected(order(ABC, 2, 1, BUY, OrderType.LIMIT, TimeInForce.FOK, 101, 11)), "FOK_NOT_FILLABLE");
        final List<String> events = order(ABC, 2, 2, BUY, OrderType.LIMIT, TimeInForce.FOK, 101, 10);
        assertEquals(8, events.size(), events::toString); // accepted, 2 x (trade, execute, level), complete
        assertEquals(List.of(), book(ABC));
    }

    @Test
    void fokCountsSelfTradePreventionLikeMatchingDoes()
    {
        limit(1, 1, SELL, 100, 5);
        limit(2, 1, SELL, 100, 5);
        // Cancel-incoming stops at account 2's own order: only 5 are fillable.
        assertRejectChangesNothing(() -> rejected(run(cmd.newOrder(
            ABC.id(), 2, 9, BUY, OrderType.LIMIT, TimeInForce.FOK, 100, 6).stp(StpMode.CANCEL_INCOMING))),
            "FOK_NOT_FILLABLE");
        // Cancel-resting skips it: still only 5 of others' quantity.
        assertRejectChangesNothing(() -> rejected(run(cmd.newOrder(
            ABC.id(), 2, 9, BUY, OrderType.LIMIT, TimeInForce.FOK, 100, 6).stp(StpMode.CANCEL_RESTING))),
            "FOK_NOT_FILLABLE");
        // Without prevention, self trades count.
        final List<String> events = order(ABC, 2, 9, BUY, OrderType.LIMIT, TimeInForce.FOK, 100, 6);
        assertEquals("trade #2 inst=1 px=100 qty=1 aggr=BUY maker=2/2/1 left=4 taker=3/2/9 left=0", events.get(3));
    }

    @Test
    void marketOrderTradesInsideTheBandAndNeverThroughIt()
    {
        // BND: 10% band around reference 10000.
        order(BND, 1, 1, SELL, OrderType.LIMIT, TimeInForce.GTC, 10_000, 10);
        order(BND, 1, 2, SELL, OrderType.LIMIT, TimeInForce.GTC, 10_500, 10);
        order(BND, 1, 3, SELL, OrderType.LIMIT, TimeInForce.GTC, 11_000, 10);
        order(BND, 2, 1, BUY, OrderType.LIMIT, TimeInForce.GTC, 9_500, 10);
        order(BND, 3, 1, SELL, OrderType.LIMIT, TimeInForce.GTC, 9_500, 10);
        assertEquals(9_500, engine.book(BND.id()).lastTradePrice());
        // Last trade 9500: a market buy may pay at most 9500 + 10% = 10450, so it takes 10000 and stops.
        final List<String> events = order(BND, 4, 1, BUY, OrderType.MARKET, TimeInForce.IOC, 0, 50);
        assertEquals(List.of(
            "accepted id=6 inst=2 acct=4 clid=1 BUY MARKET IOC px=0 qty=50",
            "trade #2 inst=2 px=10000 qty=10 aggr=BUY maker=1/1/1 left=0 taker=6/4/1 left=40",
            "order EXECUTE id=1 inst=2 SELL px=10000 qty=0 change=10",
            "level DELETE inst=2 SELL px=10000 qty=0 n=0",
            "cancelled id=6 inst=2 acct=4 clid=1 BUY px=0 qty=40 EXPIRED",
            "complete #6"), events);
        assertEquals(10_500, engine.book(BND.id()).bestPrice(SELL));
        // The last trade is now 10000, so the band reaches 11000: 20 are there, 30 are not.
        rejected(order(BND, 4, 2, BUY, OrderType.MARKET, TimeInForce.FOK, 0, 30));
        assertEquals("FOK_NOT_FILLABLE", lastRejectReason);
    }

    @Test
    void marketOrderWithoutBandOrReferenceUsesTheTouch()
    {
        limit(1, 1, SELL, 100, 4);
        limit(1, 2, SELL, 150, 4);
        final List<String> events = order(ABC, 2, 1, BUY, OrderType.MARKET, TimeInForce.IOC, 0, 6);
        // ABC has no band: the market order may sweep the book.
        assertEquals("trade #2 inst=1 px=150 qty=2 aggr=BUY maker=2/1/2 left=2 taker=3/2/1 left=0", events.get(4));
    }

    @Test
    void marketOrderOnEmptyBookExpires()
    {
        final List<String> events = order(BND, 2, 1, BUY, OrderType.MARKET, TimeInForce.IOC, 0, 10);
        assertEquals(List.of(
            "accepted id=1 inst=2 acct=2 clid=1 BUY MARKET IOC px=0 qty=10",
            "cancelled id=1 inst=2 acct=2 clid=1 BUY px=0 qty=10 EXPIRED",
            "complete #1"), events);
    }

    @Test
    void rejectsBadOrdersWithReasonsAndNoStateChange()
    {
        limit(1, 1, BUY, 100, 10);
        limit(2, 1, SELL, 105, 10);
        assertRejectChangesNothing(() -> rejected(run(cmd.newOrder(
            77, 1, 50, BUY, OrderType.LIMIT, TimeInForce.GTC, 100, 1))), "UNKNOWN_INSTRUMENT");
        assertRejectChangesNothing(() -> rejected(limit(1, 1, BUY, 100, 10)), "DUPLICATE_CLIENT_ORDER_ID");
        assertRejectChangesNothing(() -> rejected(limit(1, 2, BUY, 100, 0)), "INVALID_QUANTITY");
        assertRejectChangesNothing(() -> rejected(limit(1, 2, BUY, 100, -5)), "INVALID_QUANTITY");
        assertRejectChangesNothing(() -> rejected(limit(1, 2, BUY, 100, 1_000_001)), "QUANTITY_ABOVE_MAX");
        assertRejectChangesNothing(() -> rejected(limit(1, 2, BUY, 0, 1)), "INVALID_PRICE");
        assertRejectChangesNothing(() -> rejected(limit(1, 2, BUY, -100, 1)), "INVALID_PRICE");
        assertRejectChangesNothing(() -> rejected(limit(1, 2, BUY, Long.MAX_VALUE, 1)), "INVALID_PRICE");
        assertRejectChangesNothing(() -> rejected(order(BND, 1, 2, BUY, OrderType.LIMIT, TimeInForce.GTC, 10_003, 10)),
            "PRICE_OFF_TICK");
        assertRejectChangesNothing(() -> rejected(order(BND, 1, 2, BUY, OrderType.LIMIT, TimeInForce.GTC, 10_000, 15)),
            "QUANTITY_NOT_LOT_MULTIPLE");
        assertRejectChangesNothing(() -> rejected(order(BND, 1, 2, BUY, OrderType.LIMIT, TimeInForce.GTC, 10_000, 1010)),
            "QUANTITY_ABOVE_MAX");
        assertRejectChangesNothing(() -> rejected(order(BND, 1, 2, BUY, OrderType.LIMIT, TimeInForce.GTC, 11_005, 10)),
            "OUTSIDE_BAND");
        assertRejectChangesNothing(() -> rejected(order(BND, 1, 2, SELL, OrderType.LIMIT, TimeInForce.GTC, 8_995, 10)),
            "OUTSIDE_BAND");
        assertRejectChangesNothing(() -> rejected(order(ABC, 1, 2, BUY, OrderType.MARKET, TimeInForce.GTC, 0, 10)),
            "INVALID_TIME_IN_FORCE");
        assertRejectChangesNothing(() -> rejected(run(cmd.newOrder(
            ABC.id(), 1, 2, BUY, OrderType.MARKET, TimeInForce.IOC, 0, 10).postOnly(true))), "INVALID_ORDER_TYPE");
        assertRejectChangesNothing(() -> rejected(run(cmd.newOrder(
            ABC.id(), 1, 2, BUY, OrderType.LIMIT, TimeInForce.IOC, 100, 10).postOnly(true))), "INVALID_TIME_IN_FORCE");
        assertRejectChangesNothing(() -> rejected(run(cmd.newOrder(
            ABC.id(), 1, 2, BUY, OrderType.LIMIT, TimeInForce.GTC, 105, 10).postOnly(true))), "WOULD_CROSS");
        assertRejectChangesNothing(() -> rejected(run(cmd.newOrder(
            ABC.id(), 1, 2, null, OrderType.LIMIT, TimeInForce.GTC, 100, 10))), "INVALID_ORDER_TYPE");
        // The rejected client order id 2 was not consumed: it can still be used.
        assertEquals("accepted id=3 inst=1 acct=1 clid=2 BUY LIMIT GTC px=104 qty=10",
            run(cmd.newOrder(ABC.id(), 1, 2, BUY, OrderType.LIMIT, TimeInForce.GTC, 104, 10).postOnly(true)).get(0));
    }

    @Test
    void bandFollowsTheLastTrade()
    {
        order(BND, 1, 1, SELL, OrderType.LIMIT, TimeInForce.GTC, 10_500, 10);
        order(BND, 2, 1, BUY, OrderType.LIMIT, TimeInForce.GTC, 10_500, 10);
        // Last trade 10500: band 9450..11550.
        assertEquals("accepted", order(BND, 1, 2, SELL, OrderType.LIMIT, TimeInForce.GTC, 11_550, 10).get(0)
            .split(" ")[0]);
        rejected(order(BND, 1, 3, SELL, OrderType.LIMIT, TimeInForce.GTC, 11_555, 10));
        assertEquals("OUTSIDE_BAND", lastRejectReason);
    }

    @Test
    void cancelsByClientOrderIdOrOrderId()
    {
        limit(1, 1, BUY, 100, 10);
        limit(1, 2, BUY, 100, 5);
        assertEquals(List.of(
            "cancelled id=1 inst=1 acct=1 clid=1 BUY px=100 qty=10 CLIENT",
            "order DELETE id=1 inst=1 BUY px=100 qty=0 change=10",
            "level CHANGE inst=1 BUY px=100 qty=5 n=1",
            "complete #3"), cancelByClid(1, 1));
        assertEquals(List.of(
            "cancelled id=2 inst=1 acct=1 clid=2 BUY px=100 qty=5 CLIENT",
            "order DELETE id=2 inst=1 BUY px=100 qty=0 change=5",
            "level DELETE inst=1 BUY px=100 qty=0 n=0",
            "complete #4"), cancelById(ABC, 1, 2));
        assertEquals(List.of(), book(ABC));
    }

    @Test
    void cancelRejects()
    {
        limit(1, 1, BUY, 100, 10);
        assertRejectChangesNothing(() -> rejected(cancelByClid(1, 99)), "UNKNOWN_ORDER");
        assertRejectChangesNothing(() -> rejected(cancelByClid(2, 1)), "UNKNOWN_ORDER");
        assertRejectChangesNothing(() -> rejected(cancelById(ABC, 2, 1)), "NOT_YOUR_ORDER");
        assertRejectChangesNothing(() -> rejected(cancelById(ABC, 1, 42)), "UNKNOWN_ORDER");
        assertRejectChangesNothing(() -> rejected(cancelById(BND, 1, 1)), "UNKNOWN_ORDER");
        cancelByClid(1, 1);
        assertRejectChangesNothing(() -> rejected(cancelByClid(1, 1)), "UNKNOWN_ORDER");
        // A filled order cannot be cancelled either.
        limit(1, 2, BUY, 100, 10);
        limit(2, 1, SELL, 100, 10);
        assertRejectChangesNothing(() -> rejected(cancelByClid(1, 2)), "UNKNOWN_ORDER");
    }

    @Test
    void replaceReducingQuantityKeepsPriority()
    {
        limit(1, 1, BUY, 100, 10);
        limit(2, 1, BUY, 100, 10);
        assertEquals(List.of(
            "replaced id=1 inst=1 acct=1 clid=1->2 BUY px=100 qty=4 leaves=4",
            "order MODIFY id=1 inst=1 BUY px=100 qty=4 change=6",
            "level CHANGE inst=1 BUY px=100 qty=14 n=2",
            "complete #3"), replace(1, 1, 2, 100, 4));
        // Order 1 is still first in the queue.
        final List<String> events = limit(3, 1, SELL, 100, 5);
        assertEquals("trade #1 inst=1 px=100 qty=4 aggr=SELL maker=1/1/2 left=0 taker=3/3/1 left=1", events.get(1));
    }

    @Test
    void replaceIncreasingQuantityOrMovingPriceLosesPriority()
    {
        limit(1, 1, BUY, 100, 10);
        limit(2, 1, BUY, 100, 10);
        assertEquals(List.of(
            "replaced id=1 inst=1 acct=1 clid=1->1 BUY px=100 qty=12 leaves=12",
            "order DELETE id=1 inst=1 BUY px=100 qty=0 change=10",
            "level CHANGE inst=1 BUY px=100 qty=10 n=1",
            "order ADD id=1 inst=1 BUY px=100 qty=12 change=12",
            "level CHANGE inst=1 BUY px=100 qty=22 n=2",
            "complete #3"), replace(1, 1, 0, 100, 12));
        final List<String> events = limit(3, 1, SELL, 100, 5);
        assertEquals("trade #1 inst=1 px=100 qty=5 aggr=SELL maker=2/2/1 left=5 taker=3/3/1 left=0", events.get(1));
        replace(2, 1, 2, 101, 10); // 5 traded: a new total of 10 leaves 5
        assertEquals(List.of("bid 101 5 1", "bid 100 12 1"), book(ABC));
    }

    @Test
    void replaceQuantityIsTheNewTotalIncludingWhatTraded()
    {
        limit(1, 1, BUY, 100, 10);
        limit(2, 1, SELL, 100, 4);
        // 4 traded, 6 left; new total 8 → 4 left, same price: keeps priority.
        assertEquals("replaced id=1 inst=1 acct=1 clid=1->2 BUY px=100 qty=8 leaves=4", replace(1, 1, 2, 100, 8).get(0));
        assertEquals(List.of("bid 100 4 1"), book(ABC));
        // New total at or below what traded ends the order.
        assertEquals(List.of(
            "cancelled id=1 inst=1 acct=1 clid=2 BUY px=100 qty=4 REPLACED",
            "order DELETE id=1 inst=1 BUY px=100 qty=0 change=4",
            "level DELETE inst=1 BUY px=100 qty=0 n=0",
            "complete #4"), replace(1, 2, 3, 100, 4));
        assertEquals(0, engine.book(ABC.id()).orderCount());
        // The new client order id was used: it cannot be used again.
        rejected(limit(1, 3, BUY, 100, 1));
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", lastRejectReason);
    }

    @Test
    void replaceThatCrossesTrades()
    {
        limit(1, 1, SELL, 101, 3);
        limit(2, 1, BUY, 99, 5);
        final List<String> events = replace(2, 1, 2, 101, 5);
        assertEquals(List.of(
            "replaced id=2 inst=1 acct=2 clid=1->2 BUY px=101 qty=5 leaves=5",
            "order DELETE id=2 inst=1 BUY px=99 qty=0 change=5",
            "level DELETE inst=1 BUY px=99 qty=0 n=0",
            "trade #1 inst=1 px=101 qty=3 aggr=BUY maker=1/1/1 left=0 taker=2/2/2 left=2",
            "order EXECUTE id=1 inst=1 SELL px=101 qty=0 change=3",
            "level DELETE inst=1 SELL px=101 qty=0 n=0",
            "order ADD id=2 inst=1 BUY px=101 qty=2 change=2",
            "level NEW inst=1 BUY px=101 qty=2 n=1",
            "complete #3"), events);
    }

    @Test
    void replaceRejects()
    {
        limit(1, 1, BUY, 100, 10);
        limit(1, 2, BUY, 99, 10);
        limit(3, 1, SELL, 105, 10);
        run(cmd.newOrder(ABC.id(), 1, 3, BUY, OrderType.LIMIT, TimeInForce.GTC, 98, 10).postOnly(true));
        assertRejectChangesNothing(() -> rejected(replace(1, 1, 2, 100, 5)), "DUPLICATE_CLIENT_ORDER_ID");
        assertRejectChangesNothing(() -> rejected(replace(1, 77, 78, 100, 5)), "UNKNOWN_ORDER");
        assertRejectChangesNothing(() -> rejected(replace(1, 1, 0, 100, 0)), "INVALID_QUANTITY");
        assertRejectChangesNothing(() -> rejected(replace(1, 1, 0, -1, 5)), "INVALID_PRICE");
        assertRejectChangesNothing(() -> rejected(replace(1, 3, 0, 105, 10)), "WOULD_CROSS");
        assertRejectChangesNothing(() -> rejected(run(cmd.replace(ABC.id(), 2, 0, 1, 0, 100, 5))), "NOT_YOUR_ORDER");
        replace(1, 1, 10, 100, 5);
        // The replaced client order id no longer addresses the order.
        assertRejectChangesNothing(() -> rejected(cancelByClid(1, 1)), "UNKNOWN_ORDER");
        assertEquals("cancelled", cancelByClid(1, 10).get(0).split(" ")[0]);
    }

    @Test
    void replaceOutsideTheBandIsRejectedButAQuantityReduceIsNot()
    {
        order(BND, 1, 1, BUY, OrderType.LIMIT, TimeInForce.GTC, 9_000, 100);
        order(BND, 1, 2, SELL, OrderType.LIMIT, TimeInForce.GTC, 10_800, 10);
        order(BND, 2, 1, BUY, OrderType.LIMIT, TimeInForce.GTC, 10_800, 10);
        // Last trade 10800: band 9720..11880; order 1 at 9000 is now outside, but may still shrink.
        assertEquals("replaced", run(cmd.replace(BND.id(), 1, 1, 0, 0, 9_000, 50)).get(0).split(" ")[0]);
        rejected(run(cmd.replace(BND.id(), 1, 1, 0, 0, 9_005, 50)));
        assertEquals("OUTSIDE_BAND", lastRejectReason);
    }

    @ParameterizedTest
    @EnumSource(StpMode.class)
    void selfTradePrevention(final StpMode mode)
    {
        limit(1, 1, SELL, 100, 5);   // own, first in queue
        limit(2, 1, SELL, 100, 5);   // someone else's
        final List<String> events = stpOrder(1, 2, BUY, 100, 8, mode);
        switch (mode)
        {
            case NONE:
                assertEquals("trade #1 inst=1 px=100 qty=5 aggr=BUY maker=1/1/1 left=0 taker=3/1/2 left=3",
                    events.get(1));
                assertEquals(List.of("ask 100 2 1"), book(ABC));
                break;
            case CANCEL_RESTING:
                assertEquals(List.of(
                    "accepted id=3 inst=1 acct=1 clid=2 BUY LIMIT GTC px=100 qty=8",
                    "cancelled id=1 inst=1 acct=1 clid=1 SELL px=100 qty=5 SELF_TRADE",
                    "order DELETE id=1 inst=1 SELL px=100 qty=0 change=5",
                    "trade #1 inst=1 px=100 qty=5 aggr=BUY maker=2/2/1 left=0 taker=3/1/2 left=3",
                    "order EXECUTE id=2 inst=1 SELL px=100 qty=0 change=5",
                    "level DELETE inst=1 SELL px=100 qty=0 n=0",
                    "order ADD id=3 inst=1 BUY px=100 qty=3 change=3",
                    "level NEW inst=1 BUY px=100 qty=3 n=1",
                    "complete #3"), events);
                break;
            case CANCEL_INCOMING:
                assertEquals(List.of(
                    "accepted id=3 inst=1 acct=1 clid=2 BUY LIMIT GTC px=100 qty=8",
                    "cancelled id=3 inst=1 acct=1 clid=2 BUY px=100 qty=8 SELF_TRADE",
                    "complete #3"), events);
                assertEquals(List.of("ask 100 10 2"), book(ABC));
                break;
            case CANCEL_BOTH:
                assertEquals(List.of(
                    "accepted id=3 inst=1 acct=1 clid=2 BUY LIMIT GTC px=100 qty=8",
                    "cancelled id=1 inst=1 acct=1 clid=1 SELL px=100 qty=5 SELF_TRADE",
                    "order DELETE id=1 inst=1 SELL px=100 qty=0 change=5",
                    "level CHANGE inst=1 SELL px=100 qty=5 n=1",
                    "cancelled id=3 inst=1 acct=1 clid=2 BUY px=100 qty=8 SELF_TRADE",
                    "complete #3"), events);
                assertEquals(List.of("ask 100 5 1"), book(ABC));
                break;
            default:
                throw new AssertionError(mode);
        }
    }

    @Test
    void selfTradePreventionAfterPartialFillCancelsOnlyTheRest()
    {
        limit(2, 1, SELL, 100, 3);
        limit(1, 1, SELL, 100, 5);
        final List<String> events = stpOrder(1, 2, BUY, 101, 8, StpMode.CANCEL_INCOMING);
        assertEquals("trade #1 inst=1 px=100 qty=3 aggr=BUY maker=1/2/1 left=0 taker=3/1/2 left=5", events.get(1));
        assertEquals("level CHANGE inst=1 SELL px=100 qty=5 n=1", events.get(3));
        assertEquals("cancelled id=3 inst=1 acct=1 clid=2 BUY px=101 qty=5 SELF_TRADE", events.get(4));
    }

    @Test
    void massCancelCancelsEveryLiveOrderOfTheAccountOnEveryInstrument()
    {
        limit(1, 1, BUY, 100, 10);
        limit(2, 1, BUY, 100, 5);
        limit(1, 2, SELL, 105, 3);
        order(BND, 1, 3, SELL, OrderType.LIMIT, TimeInForce.GTC, 10_000, 10);
        assertEquals(List.of(
            "cancelled id=1 inst=1 acct=1 clid=1 BUY px=100 qty=10 SESSION_DISCONNECT",
            "order DELETE id=1 inst=1 BUY px=100 qty=0 change=10",
            "level CHANGE inst=1 BUY px=100 qty=5 n=1",
            "cancelled id=3 inst=1 acct=1 clid=2 SELL px=105 qty=3 SESSION_DISCONNECT",
            "order DELETE id=3 inst=1 SELL px=105 qty=0 change=3",
            "level DELETE inst=1 SELL px=105 qty=0 n=0",
            "cancelled id=4 inst=2 acct=1 clid=3 SELL px=10000 qty=10 SESSION_DISCONNECT",
            "order DELETE id=4 inst=2 SELL px=10000 qty=0 change=10",
            "level DELETE inst=2 SELL px=10000 qty=0 n=0",
            "complete #5"), run(cmd.massCancel(1)));
        assertEquals(List.of("bid 100 5 1"), book(ABC));
        assertEquals(List.of("complete #6"), run(cmd.massCancel(1)));
    }

    @Test
    void tradesAndCancelsCarryTheOrderQuantityForExecutionReports()
    {
        final long[] seen = new long[4];
        engine.listener(new ForwardingListener(out)
        {
            public void onTrade(
                final long sequence, final int instrumentId, final long tradeId, final long price,
                final long quantity, final Side aggressorSide, final long makerOrderId, final long makerAccountId,
                final long makerClientOrderId, final long makerOrderQuantity, final long makerLeavesQuantity,
                final long takerOrderId, final long takerAccountId, final long takerClientOrderId,
                final long takerLeavesQuantity)
            {
                seen[0] = makerOrderQuantity;
                seen[1] = makerLeavesQuantity;
            }

            public void onCancelled(
                final long sequence, final int instrumentId, final long orderId, final long accountId,
                final long clientOrderId, final Side side, final long price, final long orderQuantity,
                final long cancelledQuantity, final CancelReason reason)
            {
                seen[2] = orderQuantity;
                seen[3] = cancelledQuantity;
            }
        });
        limit(1, 1, SELL, 100, 10);
        replace(1, 1, 2, 100, 8);
        limit(2, 1, BUY, 100, 3);
        assertEquals(8, seen[0]);
        assertEquals(5, seen[1]);
        cancelByClid(1, 2);
        assertEquals(8, seen[2]);
        assertEquals(5, seen[3]);
        order(ABC, 2, 2, BUY, OrderType.LIMIT, TimeInForce.IOC, 90, 7);
        assertEquals(7, seen[2]);
        assertEquals(7, seen[3]);
    }

    @Test
    void instrumentsAreIndependent()
    {
        limit(1, 1, BUY, 10_000, 10);
        order(BND, 2, 1, SELL, OrderType.LIMIT, TimeInForce.GTC, 10_000, 10);
        assertEquals(List.of("bid 10000 10 1"), book(ABC));
        assertEquals(1, engine.book(BND.id()).orderCount());
        assertEquals(0, engine.book(ABC.id()).tradeCount());
        // A client order id is unique per account across instruments.
        rejected(order(BND, 1, 1, SELL, OrderType.LIMIT, TimeInForce.GTC, 10_000, 10));
        assertEquals("DUPLICATE_CLIENT_ORDER_ID", lastRejectReason);
    }

    @Test
    void stateHashDependsOnStateOnly()
    {
        final long empty = engine.stateHash();
        limit(1, 1, BUY, 100, 10);
        final long one = engine.stateHash();
        assertEquals(one, engine.stateHash());
        cancelByClid(1, 1);
        // Different from empty: an order id and a client order id were used.
        assertEquals(false, empty == engine.stateHash());
        engine.reset();
        assertEquals(empty, engine.stateHash());
        assertNull(engine.book(ABC.id()).findOrder(1));
    }
}
