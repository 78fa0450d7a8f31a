package io.ringbook.gateway;

import io.ringbook.feed.book.FeedBook;
import io.ringbook.feed.client.FeedInstrument;

import java.util.ArrayList;
import java.util.List;

/**
 * What the gateway knows of one instrument, on the gateway agent's thread: its definition, the feed client's book,
 * the update id (counts changes of the book: the WebSocket API's {@code updateId}), the engine sequence and time of
 * the last event, whether it is live, the last trades, and the subscriptions to it.
 */
final class InstrumentView
{
    final int instrumentId;
    FeedInstrument instrument;
    FeedBook book;
    String symbol = "";
    int priceExponent;
    int quantityExponent;
    long updateId;
    long seq;
    long timeUs;
    boolean live;
    String staleReason = "SYNCING";
    boolean changed;
    final List<Subscription> subscriptions = new ArrayList<>();

    // The last trades: a ring of tradesKept, tradeCount the total ever appended.
    private final long[] tradeIds;
    private final long[] tradePrices;
    private final long[] tradeQuantities;
    private final byte[] tradeSides;
    private final long[] tradeSeqs;
    private final long[] tradeTimesUs;
    long tradeCount;
    private long untimedFrom;

    InstrumentView(final int instrumentId, final int tradesKept)
    {
        this.instrumentId = instrumentId;
        tradeIds = new long[tradesKept];
        tradePrices = new long[tradesKept];
        tradeQuantities = new long[tradesKept];
        tradeSides = new byte[tradesKept];
        tradeSeqs = new long[tradesKept];
        tradeTimesUs = new long[tradesKept];
    }

    void define(final FeedInstrument instrument)
    {
        this.instrument = instrument;
        symbol = instrument.symbol();
        priceExponent = instrument.priceExponent();
        quantityExponent = instrument.quantityExponent();
    }

    int tradesKept()
    {
        return tradeIds.length;
    }

    void addTrade(final long tradeId, final long price, final long quantity, final int aggressorSide, final long seq)
    {
        final int at = (int)(tradeCount % tradeIds.length);
        tradeIds[at] = tradeId;
        tradePrices[at] = price;
        tradeQuantities[at] = quantity;
        tradeSides[at] = (byte)aggressorSide;
        tradeSeqs[at] = seq;
        tradeTimesUs[at] = 0;
        tradeCount++;
    }

    /**
     * Stamps the trades added since the last call with their event's time.
     */
    void timeTrades(final long timeUs)
    {
        for (long i = Math.max(untimedFrom, tradeCount - tradeIds.length); i < tradeCount; i++)
        {
            tradeTimesUs[(int)(i % tradeIds.length)] = timeUs;
        }
        untimedFrom = tradeCount;
    }

    long tradeId(final long index)
    {
        return tradeIds[(int)(index % tradeIds.length)];
    }

    long tradePrice(final long index)
    {
        return tradePrices[(int)(index % tradeIds.length)];
    }

    long tradeQuantity(final long index)
    {
        return tradeQuantities[(int)(index % tradeIds.length)];
    }

    int tradeSide(final long index)
    {
        return tradeSides[(int)(index % tradeIds.length)];
    }

    long tradeSeq(final long index)
    {
        return tradeSeqs[(int)(index % tradeIds.length)];
    }

    long tradeTimeUs(final long index)
    {
        return tradeTimesUs[(int)(index % tradeIds.length)];
    }
}
