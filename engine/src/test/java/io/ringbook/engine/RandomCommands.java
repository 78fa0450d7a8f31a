package io.ringbook.engine;

import java.util.Random;

/**
 * A seeded stream of random commands for differential and allocation tests: every order type and time in force,
 * post-only, all self-trade prevention modes, cancels and replaces by client order id and by order id (some aimed at
 * other accounts' or dead orders), duplicate client order ids and invalid values now and then, few accounts so
 * self-trades happen, and prices clustered around a drifting touch.
 */
final class RandomCommands
{
    static final Instrument[] INSTRUMENTS = {
        TestInstruments.ABC,
        TestInstruments.BND,
        new Instrument(3, "LOT", 2, 10, -4, 2_000, 5_000, 0),
    };
    private static final int ACCOUNTS = 12;
    private static final int REMEMBERED = 512;

    private final Random random;
    private final long[] mid = { 1_000, 10_000, 2_000 };
    private final long[] rememberedAccount = new long[REMEMBERED];
    private final long[] rememberedClid = new long[REMEMBERED];
    private final long[] rememberedOrderId = new long[REMEMBERED];
    private final int[] rememberedInstrument = new int[REMEMBERED];
    private int remembered;
    private final long[] nextClid = new long[ACCOUNTS + 1];

    RandomCommands(final long seed)
    {
        random = new Random(seed);
    }

    /**
     * Tell the generator about an accepted order so later cancels and replaces can address it.
     */
    void remember(final int instrumentId, final long accountId, final long clientOrderId, final long orderId)
    {
        final int slot = remembered < REMEMBERED ? remembered++ : random.nextInt(REMEMBERED);
        rememberedAccount[slot] = accountId;
        rememberedClid[slot] = clientOrderId;
        rememberedOrderId[slot] = orderId;
        rememberedInstrument[slot] = instrumentId;
    }

    private int instrumentIndex()
    {
        final int r = random.nextInt(10);
        return r < 6 ? 0 : r < 8 ? 1 : 2;
    }

    private long price(final int index, final Side side)
    {
        final Instrument instrument = INSTRUMENTS[index];
        final long tick = instrument.tickSize();
        if (random.nextInt(200) == 0)
        {
            mid[index] += (random.nextInt(3) - 1) * tick * 3;
            if (mid[index] < 50 * tick)
            {
                mid[index] = 50 * tick;
            }
        }
        // Mostly near the touch, sometimes through it, now and then far away.
        final int spread = random.nextInt(100) < 90 ? 6 : 40;
        long offset = (long)(random.nextInt(spread) - spread / 4) * tick;
        if (side == Side.BUY)
        {
            offset = -offset;
        }
        long price = mid[index] + offset;
        if (random.nextInt(500) == 0)
        {
            price += 1; // off tick for instruments with tick > 1
        }
        return price;
    }

    private long quantity(final int index)
    {
        final Instrument instrument = INSTRUMENTS[index];
        if (random.nextInt(1000) == 0)
        {
            return random.nextBoolean() ? 0 : instrument.maxOrderQuantity() + instrument.lotSize();
        }
        final long lots = 1 + random.nextInt(6) * random.nextInt(6);
        return lots * instrument.lotSize() + (random.nextInt(800) == 0 ? 1 : 0);
    }

    private static final StpMode[] STP_MODES = StpMode.values();

    private static StpMode stp(final int r)
    {
        return STP_MODES[r];
    }

    void next(final EngineCommand command)
    {
        final int kind = random.nextInt(100);
        if (random.nextInt(1000) == 0)
        {
            command.massCancel(1 + random.nextInt(ACCOUNTS));
            return;
        }
        if (kind < 50 || remembered == 0)
        {
            final int index = instrumentIndex();
            final Instrument instrument = INSTRUMENTS[index];
            final long account = 1 + random.nextInt(ACCOUNTS);
            final long clid = random.nextInt(300) == 0 && nextClid[(int)account] > 0 ?
                nextClid[(int)account] : ++nextClid[(int)account];
            final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            final int typeRoll = random.nextInt(100);
            final OrderType type = typeRoll < 5 ? OrderType.MARKET : OrderType.LIMIT;
            final int tifRoll = random.nextInt(100);
            TimeInForce tif = tifRoll < 75 ? TimeInForce.GTC : tifRoll < 93 ? TimeInForce.IOC : TimeInForce.FOK;
            if (type == OrderType.MARKET && tif == TimeInForce.GTC && random.nextInt(10) != 0)
            {
                tif = TimeInForce.IOC;
            }
            command.newOrder(instrument.id(), account, clid, side, type, tif, price(index, side), quantity(index));
            command.stp(random.nextInt(3) == 0 ? stp(random.nextInt(4)) : StpMode.NONE);
            command.postOnly(random.nextInt(12) == 0);
            if (random.nextInt(2000) == 0)
            {
                command.instrumentId = 99;
            }
            return;
        }
        final int slot = random.nextInt(remembered);
        long account = rememberedAccount[slot];
        final boolean byOrderId = random.nextBoolean();
        if (random.nextInt(50) == 0)
        {
            account = 1 + random.nextInt(ACCOUNTS); // often someone else's order
        }
        final int instrumentId = rememberedInstrument[slot];
        final long clid = byOrderId ? 0 : rememberedClid[slot];
        final long orderId = byOrderId ? rememberedOrderId[slot] : 0;
        if (kind < 65)
        {
            command.cancel(instrumentId, account, clid, orderId);
            return;
        }
        int index = 0;
        while (INSTRUMENTS[index].id() != instrumentId)
        {
            index++;
        }
        final long newClid = random.nextInt(3) == 0 ? 0 : random.nextInt(200) == 0 ?
            Math.max(1, nextClid[(int)account]) : ++nextClid[(int)account];
        final Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
        // Price from the touch model (may be the same as before or cross); quantity often a reduce.
        command.replace(instrumentId, account, clid, orderId, newClid, price(index, side), quantity(index));
    }
}
