package io.ringbook.tools.load;

import io.ringbook.engine.Instrument;

/**
 * What the load generator needs to know of an instrument to send only valid orders: tick, lot, maximum quantity,
 * and how far from the reference price it may quote so that every price stays inside the engine's price band.
 * Prices are worked in ticks and multiplied by the tick size (the price mantissa per tick) when sent.
 */
final class InstrumentModel
{
    /** Mid used when the instrument has no reference price, in ticks. */
    static final long DEFAULT_MID_TICKS = 10_000;
    private static final int MAX_OFFSET_TICKS = 5;
    private static final int MAX_IOC_REACH_TICKS = 3;
    private static final int MAX_DRIFT_TICKS = 20;
    private static final int MAX_LOTS = 10;

    final int id;
    final String symbol;
    final long tickSize;
    final long lotSize;
    final long maxLots;
    final long referenceTicks;
    /** Resting orders are quoted 1..maxOffsetTicks away from the mid. */
    final int maxOffsetTicks;
    /** IOC orders cross the mid by 1..iocReachTicks. */
    final int iocReachTicks;
    /** The mid wanders at most this far from the reference price. */
    final int maxDriftTicks;

    InstrumentModel(final int id, final String symbol, final long tickSize, final long lotSize,
        final long maxOrderQuantity, final long referencePrice, final long bandBps)
    {
        this.id = id;
        this.symbol = symbol;
        this.tickSize = tickSize;
        this.lotSize = lotSize;
        this.maxLots = Math.max(1, Math.min(MAX_LOTS, maxOrderQuantity / lotSize));
        this.referenceTicks = referencePrice > 0 ? referencePrice / tickSize : DEFAULT_MID_TICKS;
        // Trades happen at resting prices, so the engine's band reference (the last trade) stays within
        // drift + offset of the reference; any new price is then at most twice that from it. Keep that under
        // 90% of the band.
        final long bandTicks = bandBps == 0 ? Long.MAX_VALUE / 4 : referenceTicks * bandBps / Instrument.BPS_PER_UNIT;
        final long reach = Math.min(bandTicks * 9 / 20, referenceTicks - 1);
        this.maxOffsetTicks = (int)Math.max(1, Math.min(MAX_OFFSET_TICKS, reach / 4));
        this.iocReachTicks = Math.min(MAX_IOC_REACH_TICKS, maxOffsetTicks);
        this.maxDriftTicks = (int)Math.max(0, Math.min(MAX_DRIFT_TICKS, reach - maxOffsetTicks));
    }

    static InstrumentModel of(final Instrument instrument)
    {
        return new InstrumentModel(instrument.id(), instrument.symbol(), instrument.tickSize(), instrument.lotSize(),
            instrument.maxOrderQuantity(), instrument.referencePrice(), instrument.bandBps());
    }

    /**
     * @return the largest quantity, in lots, that fits the instrument's maximum order quantity.
     */
    long maxQuantity()
    {
        return maxLots * lotSize;
    }

    public String toString()
    {
        return symbol + "(id " + id + ", tick " + tickSize + ", lot " + lotSize + ", mid " + referenceTicks +
            "±" + maxDriftTicks + " ticks)";
    }
}
