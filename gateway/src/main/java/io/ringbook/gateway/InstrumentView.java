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
    /** Those of {@link #subscriptions} with interval 0, served on every change (the others wait for their pass). */
    final List<Subscription> immediate = new ArrayList<>();

    // Messages encoded once for every client that needs the same bytes: the book messages of the current update id
    // (a snapshot or a diff depends only on the depth and the update id the client was last sent), and each trade.
    private static final int MAX_CACHED = 64;
    private final int[] cachedDepth = new int[MAX_CACHED];
    private final long[] cachedFrom = new long[MAX_CACHED];
    private final byte[][] cachedBytes = new byte[MAX_CACHED][];
    private final int[] cachedLength = new int[MAX_CACHED];
    private int cached;
    private long cachedUpdateId = -1;
    private final byte[][] tradeJson;
    private final int[] tradeJsonLength;
    long tradesEncoded;

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
        tradeJson = new byte[tradesKept][];
        tradeJsonLength = new int[tradesKept];
    }

    /**
     * @param from the update id the client was last sent, or -1 for a snapshot.
     * @return the index of the cached message for this depth at the current update id, or -1.
     */
    int cachedMessage(final int depth, final long from)
    {
        if (cachedUpdateId != updateId)
        {
            cached = 0;
            cachedUpdateId = updateId;
            return -1;
        }
        for (int i = 0; i < cached; i++)
        {
            if (cachedDepth[i] == depth && cachedFrom[i] == from)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Keeps a copy of a message just encoded for the current update id (length 0: nothing to send).
     */
    void cache(final int depth, final long from, final io.netty.buffer.ByteBuf payload)
    {
        if (cachedUpdateId != updateId)
        {
            cached = 0;
            cachedUpdateId = updateId;
        }
        if (cached == MAX_CACHED)
        {
            return;
        }
        final int length = payload.readableBytes();
        if (cachedBytes[cached] == null || cachedBytes[cached].length < length)
        {
            cachedBytes[cached] = new byte[Math.max(256, length * 2)];
        }
        payload.getBytes(payload.readerIndex(), cachedBytes[cached], 0, length);
        cachedLength[cached] = length;
        cachedDepth[cached] = depth;
        cachedFrom[cached] = from;
        cached++;
    }

    byte[] cachedBytes(final int index)
    {
        return cachedBytes[index];
    }

    int cachedLength(final int index)
    {
        return cachedLength[index];
    }

    /**
     * Keeps the encoded message of trade {@code index}.
     */
    void tradeJson(final long index, final io.netty.buffer.ByteBuf payload)
    {
        final int at = (int)(index % tradeIds.length);
        final int length = payload.readableBytes();
        if (tradeJson[at] == null || tradeJson[at].length < length)
        {
            tradeJson[at] = new byte[Math.max(256, length * 2)];
        }
        payload.getBytes(payload.readerIndex(), tradeJson[at], 0, length);
        tradeJsonLength[at] = length;
    }

    byte[] tradeJsonBytes(final long index)
    {
        return tradeJson[(int)(index % tradeIds.length)];
    }

    int tradeJsonLength(final long index)
    {
        return tradeJsonLength[(int)(index % tradeIds.length)];
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
