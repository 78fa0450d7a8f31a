package io.ringbook.engine;

import java.util.Objects;

/**
 * A tradable instrument. Prices are integer mantissas scaled by {@code 10^priceExponent} (e.g. exponent -2 means
 * 10000 is 100.00); quantities are integers in the instrument's units.
 */
public final class Instrument
{
    /** Prices above this are rejected as absurd, which also keeps band arithmetic inside a long. */
    public static final long MAX_PRICE = Long.MAX_VALUE / 100_000L;
    /** Basis points in one whole: a band of 1000 bps is 10%. */
    public static final long BPS_PER_UNIT = 10_000L;

    private final int id;
    private final String symbol;
    private final long tickSize;
    private final long lotSize;
    private final int priceExponent;
    private final long bandBps;
    private final long maxOrderQuantity;
    private final long referencePrice;

    /**
     * @param id               unique instrument id, 0 to 2^23 - 1.
     * @param symbol           human name, unique per engine.
     * @param tickSize         smallest price increment, in price mantissa units, positive.
     * @param lotSize          smallest quantity increment, positive.
     * @param priceExponent    decimal exponent of prices, e.g. -2.
     * @param bandBps          how far from the reference price an order may be, in basis points; 0 for no band.
     * @param maxOrderQuantity largest quantity one order may have, positive.
     * @param referencePrice   reference price before the first trade, 0 when there is none.
     */
    public Instrument(
        final int id,
        final String symbol,
        final long tickSize,
        final long lotSize,
        final int priceExponent,
        final long bandBps,
        final long maxOrderQuantity,
        final long referencePrice)
    {
        if (id < 0 || id >= (1 << 23))
        {
            throw new IllegalArgumentException("instrument id out of range 0.." + ((1 << 23) - 1) + ": " + id);
        }
        if (tickSize <= 0 || lotSize <= 0 || maxOrderQuantity <= 0 || bandBps < 0 || referencePrice < 0)
        {
            throw new IllegalArgumentException("tick, lot and max quantity must be positive, band and reference " +
                "price not negative: " + symbol);
        }
        if (bandBps > 100_000)
        {
            throw new IllegalArgumentException("band above 1000% (100000 bps): " + symbol);
        }
        if (referencePrice % tickSize != 0 || referencePrice > MAX_PRICE)
        {
            throw new IllegalArgumentException("reference price is not on a tick or too large: " + symbol);
        }
        this.id = id;
        this.symbol = Objects.requireNonNull(symbol, "symbol");
        this.tickSize = tickSize;
        this.lotSize = lotSize;
        this.priceExponent = priceExponent;
        this.bandBps = bandBps;
        this.maxOrderQuantity = maxOrderQuantity;
        this.referencePrice = referencePrice;
    }

    public int id()
    {
        return id;
    }

    public String symbol()
    {
        return symbol;
    }

    public long tickSize()
    {
        return tickSize;
    }

    public long lotSize()
    {
        return lotSize;
    }

    public int priceExponent()
    {
        return priceExponent;
    }

    public long bandBps()
    {
        return bandBps;
    }

    public long maxOrderQuantity()
    {
        return maxOrderQuantity;
    }

    public long referencePrice()
    {
        return referencePrice;
    }

    public String toString()
    {
        return "Instrument{id=" + id + ", symbol=" + symbol + ", tick=" + tickSize + ", lot=" + lotSize +
            ", exp=" + priceExponent + ", bandBps=" + bandBps + ", maxQty=" + maxOrderQuantity +
            ", ref=" + referencePrice + '}';
    }
}
