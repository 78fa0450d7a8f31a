package io.ringbook.engine.server.fuzz;

import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.Side;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TimeInForce;
import io.ringbook.engine.client.OrderEntryClient;
import org.agrona.collections.LongArrayList;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded stream of valid order-entry commands for one account on one instrument (new orders of every type, cancels
 * and replaces by client order id and by order id, and a few the engine rejects), sent through an
 * {@link OrderEntryClient} and recorded as the {@link EngineCommand}s the order-entry agent makes of them, so a fresh
 * engine can replay exactly what was sent. The stream depends only on the seed, never on replies, so a seed names
 * the same commands on every run.
 */
public final class CleanOrderFlow
{
    /** Prices stay in this range, well inside the instrument's band, so the band never decides. */
    private static final int PRICE_LOW = 9_950;
    private static final int PRICE_RANGE = 101;

    private final Random random;
    private final long accountId;
    private final int instrumentId;
    private final LongArrayList clientOrderIds = new LongArrayList();
    private final List<EngineCommand> sent = new ArrayList<>();
    private final EngineCommand next = new EngineCommand();
    private boolean pending;
    private long nextClientOrderId = 1;
    private long nextRequestId = 1_000_000_000L;
    private long newOrders;

    public CleanOrderFlow(final Random random, final long accountId, final int instrumentId)
    {
        this.random = random;
        this.accountId = accountId;
        this.instrumentId = instrumentId;
    }

    /**
     * @return every command sent so far, in order.
     */
    public List<EngineCommand> sent()
    {
        return sent;
    }

    /**
     * Send the next command of the stream (generated once, retried until Aeron takes it).
     *
     * @return Aeron's result: positive when sent.
     */
    public long sendNext(final OrderEntryClient client)
    {
        if (!pending)
        {
            generate(next);
            pending = true;
        }
        final long result = send(client, next);
        if (result > 0)
        {
            sent.add(new EngineCommand().copyFrom(next));
            pending = false;
        }
        return result;
    }

    /**
     * Send a command that is not part of the stream (a probe), recording it like the others when it goes.
     *
     * @return Aeron's result: positive when sent.
     */
    public long sendExtra(final OrderEntryClient client, final EngineCommand command)
    {
        if (pending)
        {
            throw new IllegalStateException("a stream command is still pending");
        }
        command.accountId = accountId;
        final long result = send(client, command);
        if (result > 0)
        {
            sent.add(new EngineCommand().copyFrom(command));
        }
        return result;
    }

    private static long send(final OrderEntryClient client, final EngineCommand c)
    {
        switch (c.type)
        {
            case NEW_ORDER:
                return client.newOrder(c.clientOrderId, c.instrumentId,
                    c.side == Side.BUY ? io.ringbook.codecs.orderentry.Side.Buy :
                    io.ringbook.codecs.orderentry.Side.Sell,
                    c.orderType == OrderType.MARKET ? OrdType.Market : OrdType.Limit,
                    wireTimeInForce(c.timeInForce), c.price, c.quantity, c.postOnly, wireStpMode(c.stpMode));
            case CANCEL_ORDER:
                return client.cancel(c.requestId, c.clientOrderId, c.orderId, c.instrumentId);
            case REPLACE_ORDER:
                return client.replace(c.clientOrderId, c.orderId, c.newClientOrderId, c.instrumentId, c.price,
                    c.quantity);
            default:
                throw new IllegalArgumentException("not a client command: " + c);
        }
    }

    private static io.ringbook.codecs.orderentry.TimeInForce wireTimeInForce(final TimeInForce tif)
    {
        return switch (tif)
        {
            case GTC -> io.ringbook.codecs.orderentry.TimeInForce.GTC;
            case IOC -> io.ringbook.codecs.orderentry.TimeInForce.IOC;
            case FOK -> io.ringbook.codecs.orderentry.TimeInForce.FOK;
        };
    }

    private static io.ringbook.codecs.orderentry.StpMode wireStpMode(final StpMode stp)
    {
        return switch (stp)
        {
            case NONE -> io.ringbook.codecs.orderentry.StpMode.None;
            case CANCEL_RESTING -> io.ringbook.codecs.orderentry.StpMode.CancelResting;
            case CANCEL_INCOMING -> io.ringbook.codecs.orderentry.StpMode.CancelIncoming;
            case CANCEL_BOTH -> io.ringbook.codecs.orderentry.StpMode.CancelBoth;
        };
    }

    private long price()
    {
        return PRICE_LOW + random.nextInt(PRICE_RANGE);
    }

    private long knownClientOrderId()
    {
        return clientOrderIds.getLong(random.nextInt(clientOrderIds.size()));
    }

    private long freshClientOrderId()
    {
        final long id = nextClientOrderId++;
        clientOrderIds.addLong(id);
        return id;
    }

    private void generate(final EngineCommand c)
    {
        final int roll = random.nextInt(100);
        if (roll < 55 || clientOrderIds.isEmpty())
        {
            newOrder(c);
        }
        else if (roll < 75)
        {
            final boolean byOrderId = random.nextInt(10) < 3;
            c.cancel(instrumentId, accountId, byOrderId ? 0 : knownClientOrderId(),
                byOrderId ? 1 + random.nextInt((int)Math.max(1, newOrders)) : 0);
            c.requestId = nextRequestId++;
        }
        else if (roll < 95)
        {
            final boolean byOrderId = random.nextInt(10) < 2;
            c.replace(instrumentId, accountId, byOrderId ? 0 : knownClientOrderId(),
                byOrderId ? 1 + random.nextInt((int)Math.max(1, newOrders)) : 0,
                random.nextBoolean() ? freshClientOrderId() : 0, price(), 1 + random.nextInt(60));
        }
        else
        {
            // Commands the engine must reject, without a state change: outside the band, no quantity, a duplicate.
            newOrder(c);
            switch (random.nextInt(3))
            {
                case 0 -> c.price = 20_000;
                case 1 -> c.quantity = 0;
                default -> c.clientOrderId = knownClientOrderId();
            }
        }
    }

    private void newOrder(final EngineCommand c)
    {
        final boolean market = random.nextInt(100) < 8;
        final TimeInForce tif;
        final int tifRoll = random.nextInt(100);
        if (market)
        {
            tif = tifRoll < 80 ? TimeInForce.IOC : tifRoll < 95 ? TimeInForce.FOK : TimeInForce.GTC;
        }
        else
        {
            tif = tifRoll < 70 ? TimeInForce.GTC : tifRoll < 90 ? TimeInForce.IOC : TimeInForce.FOK;
        }
        c.newOrder(instrumentId, accountId, random.nextInt(100) < 3 && !clientOrderIds.isEmpty() ?
            knownClientOrderId() : freshClientOrderId(), random.nextBoolean() ? Side.BUY : Side.SELL,
            market ? OrderType.MARKET : OrderType.LIMIT, tif, market ? 0 : price(), 1 + random.nextInt(50));
        c.postOnly(random.nextInt(10) == 0);
        c.stp(random.nextInt(5) == 0 ? StpMode.values()[1 + random.nextInt(3)] : StpMode.NONE);
        newOrders++;
    }
}
