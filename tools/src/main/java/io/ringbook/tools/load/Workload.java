package io.ringbook.tools.load;

import java.util.SplittableRandom;

/**
 * A client's order flow, seeded: about 50% new GTC limit orders quoted a few ticks off a per-instrument mid that
 * drifts, 15% IOC orders that cross the mid and trade with what rests there, 20% cancels and 15% replaces of the
 * client's own live orders. Quantities are 1 to 10 lots. When the client already has its cap of live orders, a new
 * GTC order becomes a cancel; when it has no order to cancel or replace, a new order is sent instead. Every
 * price is on tick and inside the band (see {@link InstrumentModel}), every quantity a lot multiple under the maximum.
 */
final class Workload
{
    static final int GTC_PERCENT = 50;
    static final int IOC_PERCENT = 15;
    static final int CANCEL_PERCENT = 20;
    static final int REPLACE_PERCENT = 15;
    /** One command in this many moves an instrument's mid by a tick. */
    private static final int DRIFT_ONE_IN = 4;

    private final InstrumentModel[] instruments;
    private final long[] midTicks;
    private final SplittableRandom random;
    private final int maxLiveOrders;

    Workload(final InstrumentModel[] instruments, final long seed, final int maxLiveOrders)
    {
        this.instruments = instruments.clone();
        this.midTicks = new long[instruments.length];
        for (int i = 0; i < instruments.length; i++)
        {
            midTicks[i] = instruments[i].referenceTicks;
        }
        this.random = new SplittableRandom(seed);
        this.maxLiveOrders = maxLiveOrders;
    }

    int maxLiveOrders()
    {
        return maxLiveOrders;
    }

    long midTicks(final int instrumentIndex)
    {
        return midTicks[instrumentIndex];
    }

    InstrumentModel instrument(final int instrumentIndex)
    {
        return instruments[instrumentIndex];
    }

    /**
     * Choose the next command and fill it in. Reads the orders, never changes them: the client records what it
     * sent once the offer got through.
     */
    void next(final Command command, final OwnOrders orders)
    {
        final int roll = random.nextInt(100);
        int kind = roll < GTC_PERCENT ? Command.NEW_GTC :
            roll < GTC_PERCENT + IOC_PERCENT ? Command.NEW_IOC :
            roll < GTC_PERCENT + IOC_PERCENT + CANCEL_PERCENT ? Command.CANCEL : Command.REPLACE;
        // Orders with a cancel in flight are on their way out and do not count against the cap, so a slow engine
        // (every order with a cancel in flight) does not turn the mix into IOC orders only.
        final boolean full = orders.size() - orders.cancelling() >= maxLiveOrders ||
            orders.size() >= orders.capacity();
        if (kind == Command.NEW_GTC && full)
        {
            kind = Command.CANCEL;
        }
        OwnOrders.Order target = null;
        if (kind == Command.CANCEL || kind == Command.REPLACE)
        {
            target = orders.pickActionable(random);
            if (target == null)
            {
                kind = full ? Command.NEW_IOC : Command.NEW_GTC;
            }
        }
        command.kind = kind;
        if (target != null)
        {
            command.instrumentIndex = target.instrumentIndex;
            command.instrumentId = target.instrumentId;
            command.buy = target.buy;
            command.targetClientOrderId = target.clientOrderId;
            command.targetOrderId = target.orderId;
            command.targetQuantity = target.quantity;
            command.price = target.price;
            command.quantity = target.quantity;
            if (kind == Command.REPLACE)
            {
                final InstrumentModel instrument = instruments[target.instrumentIndex];
                final long mid = drift(target.instrumentIndex);
                command.price = restingPrice(instrument, mid, target.buy);
                // Never below the original quantity, so the new total is always above what has filled.
                final long moreLots = random.nextInt(3);
                final long quantity = target.quantity + moreLots * instrument.lotSize;
                command.quantity = quantity <= instrument.maxQuantity() ? quantity : target.quantity;
            }
            return;
        }
        final int index = random.nextInt(instruments.length);
        final InstrumentModel instrument = instruments[index];
        final long mid = drift(index);
        final boolean buy = random.nextBoolean();
        command.instrumentIndex = index;
        command.instrumentId = instrument.id;
        command.buy = buy;
        command.targetClientOrderId = 0;
        command.targetOrderId = 0;
        command.targetQuantity = 0;
        command.quantity = (1 + random.nextLong(instrument.maxLots)) * instrument.lotSize;
        if (kind == Command.NEW_GTC)
        {
            command.price = restingPrice(instrument, mid, buy);
        }
        else
        {
            final long reach = 1 + random.nextInt(instrument.iocReachTicks);
            command.price = (buy ? mid + reach : mid - reach) * instrument.tickSize;
        }
    }

    private long restingPrice(final InstrumentModel instrument, final long mid, final boolean buy)
    {
        final long offset = 1 + random.nextInt(instrument.maxOffsetTicks);
        return (buy ? mid - offset : mid + offset) * instrument.tickSize;
    }

    /**
     * Move the instrument's mid by a tick now and then, reflecting at the drift bounds.
     *
     * @return the mid in ticks.
     */
    private long drift(final int index)
    {
        final InstrumentModel instrument = instruments[index];
        long mid = midTicks[index];
        if (instrument.maxDriftTicks > 0 && random.nextInt(DRIFT_ONE_IN) == 0)
        {
            mid += random.nextBoolean() ? 1 : -1;
            final long low = instrument.referenceTicks - instrument.maxDriftTicks;
            final long high = instrument.referenceTicks + instrument.maxDriftTicks;
            mid = mid < low ? low + 1 : mid > high ? high - 1 : mid;
            midTicks[index] = mid;
        }
        return mid;
    }
}
