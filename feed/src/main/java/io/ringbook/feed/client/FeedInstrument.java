package io.ringbook.feed.client;

import io.ringbook.codecs.marketdata.InstrumentDefinitionDecoder;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An instrument as its latest {@code InstrumentDefinition} describes it: what a caller needs to display prices
 * ({@code mantissa * 10^priceExponent}) and quantities. One per instrument, owned by the {@link FeedHandler} and
 * updated in place when a changed definition arrives.
 */
public final class FeedInstrument
{
    private static final int SYMBOL_LENGTH = InstrumentDefinitionDecoder.symbolLength();

    private final int instrumentId;
    private final byte[] symbolBytes = new byte[SYMBOL_LENGTH];
    private final byte[] scratch = new byte[SYMBOL_LENGTH];
    private String symbol = "";
    private long tickSize;
    private long lotSize;
    private long minPrice;
    private long maxPrice;
    private long maxOrderQty;
    private int priceBandBps;
    private int totalInstruments;
    private int priceExponent;
    private int quantityExponent;
    private int tradingStatus;
    private boolean defined;

    FeedInstrument(final int instrumentId)
    {
        this.instrumentId = instrumentId;
    }

    /**
     * Copies a definition in; allocates only when the symbol changes.
     *
     * @return true if anything changed (or this is the first definition).
     */
    boolean update(final InstrumentDefinitionDecoder definition)
    {
        definition.getSymbol(scratch, 0);
        final long tickSize = definition.tickSize();
        final long lotSize = definition.lotSize();
        final long minPrice = definition.minPrice();
        final long maxPrice = definition.maxPrice();
        final long maxOrderQty = definition.maxOrderQty();
        final int priceBandBps = definition.priceBandBps();
        final int totalInstruments = definition.totalInstruments();
        final int priceExponent = definition.priceExponent();
        final int quantityExponent = definition.quantityExponent();
        final int tradingStatus = definition.tradingStatusRaw();

        final boolean changed = !defined || !Arrays.equals(scratch, symbolBytes) || tickSize != this.tickSize ||
            lotSize != this.lotSize || minPrice != this.minPrice || maxPrice != this.maxPrice ||
            maxOrderQty != this.maxOrderQty || priceBandBps != this.priceBandBps ||
            totalInstruments != this.totalInstruments || priceExponent != this.priceExponent ||
            quantityExponent != this.quantityExponent || tradingStatus != this.tradingStatus;
        if (changed)
        {
            if (!defined || !Arrays.equals(scratch, symbolBytes))
            {
                System.arraycopy(scratch, 0, symbolBytes, 0, SYMBOL_LENGTH);
                int end = 0;
                while (end < SYMBOL_LENGTH && symbolBytes[end] != 0)
                {
                    end++;
                }
                symbol = new String(symbolBytes, 0, end, StandardCharsets.US_ASCII);
            }
            this.tickSize = tickSize;
            this.lotSize = lotSize;
            this.minPrice = minPrice;
            this.maxPrice = maxPrice;
            this.maxOrderQty = maxOrderQty;
            this.priceBandBps = priceBandBps;
            this.totalInstruments = totalInstruments;
            this.priceExponent = priceExponent;
            this.quantityExponent = quantityExponent;
            this.tradingStatus = tradingStatus;
            defined = true;
        }
        return changed;
    }

    public int instrumentId()
    {
        return instrumentId;
    }

    /**
     * @return the ticker, without padding.
     */
    public String symbol()
    {
        return symbol;
    }

    /**
     * @return the price increment, as a mantissa.
     */
    public long tickSize()
    {
        return tickSize;
    }

    public long lotSize()
    {
        return lotSize;
    }

    public long minPrice()
    {
        return minPrice;
    }

    public long maxPrice()
    {
        return maxPrice;
    }

    public long maxOrderQty()
    {
        return maxOrderQty;
    }

    /**
     * @return the price band in basis points, 0 for none.
     */
    public int priceBandBps()
    {
        return priceBandBps;
    }

    /**
     * @return instruments defined on the channel, so a caller knows when it has them all.
     */
    public int totalInstruments()
    {
        return totalInstruments;
    }

    /**
     * @return price = mantissa * 10^priceExponent.
     */
    public int priceExponent()
    {
        return priceExponent;
    }

    public int quantityExponent()
    {
        return quantityExponent;
    }

    /**
     * @return the wire value of {@code TradingStatus}: 0 Open, 1 Halted, 2 Closed.
     */
    public int tradingStatus()
    {
        return tradingStatus;
    }

    public String toString()
    {
        return "FeedInstrument{id=" + instrumentId + ", symbol=" + symbol + ", tickSize=" + tickSize +
            ", lotSize=" + lotSize + ", priceExponent=" + priceExponent + ", quantityExponent=" + quantityExponent +
            ", tradingStatus=" + tradingStatus + '}';
    }
}
