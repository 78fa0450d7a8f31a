package io.ringbook.tools;

import io.aeron.Aeron;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.engine.client.OrderEntryListener;
import io.ringbook.engine.mbo.DatabentoMboCsvReader;
import io.ringbook.engine.mbo.DatabentoMboRecord;
import io.ringbook.engine.mbo.Itch50Reader;
import io.ringbook.engine.mbo.ItchMessage;
import io.ringbook.engine.mbo.LobsterMessage;
import io.ringbook.engine.mbo.LobsterMessageReader;
import io.ringbook.engine.mbo.MboInputException;
import io.ringbook.engine.server.EngineConfig;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Real order flow for the demo: market-by-order data (LOBSTER, Databento MBO CSV or ITCH 5.0, read by the project's
 * own readers in {@code io.ringbook.engine.mbo}) played as orders into a running engine at a chosen speed. Each order
 * the data adds is sent as a GTC limit order by a maker session under the data's order id as its client order id;
 * a partial cancel is a replace down to what is left; a delete a cancel; a modify or an ITCH replace a replace or a
 * cancel and a new order; an execution of a resting order an IOC order of that size at its price from a taker
 * session, so the engine's own matching makes the trade. Hidden executions, trades against hidden liquidity, halts
 * and events for orders that rested before the data starts are skipped. Prices become ticks of 0.01.
 */
final class MboFlow implements AutoCloseable
{
    static final int ADD = 1;
    static final int REDUCE = 2;
    static final int DELETE = 3;
    static final int EXECUTE = 4;
    static final int REPLACE = 5;
    static final int SKIP = 0;

    /**
     * One event of the data, normalised: prices in ticks of 0.01; side and price where the data has them.
     */
    static final class Event
    {
        long timeNs;
        int kind;
        long orderId;
        long newOrderId;
        Side side;
        long price;
        long size;
        /** Databento: a fill whose resting order's following cancel must not reduce it again. */
        boolean fillThenCancel;
    }

    /**
     * A market-by-order file read as normalised events.
     */
    interface Source extends AutoCloseable
    {
        boolean next(Event event) throws MboInputException;

        void close() throws IOException;
    }

    private final Source source;
    private final String name;
    private final EngineConfig config;
    private final String aeronDir;
    private final int instrumentId;
    private final double speed;
    private final PrintWriter log;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean running = true;

    MboFlow(final Source source, final String name, final EngineConfig config, final String aeronDir,
        final int instrumentId, final double speed, final PrintWriter log)
    {
        this.source = source;
        this.name = name;
        this.config = config;
        this.aeronDir = aeronDir;
        this.instrumentId = instrumentId;
        this.speed = speed;
        this.log = log;
        thread = new Thread(this::run, "mbo-flow");
        thread.setDaemon(true);
    }

    /**
     * Opens {@code FORMAT:FILE} (lobster, databento or itch) for one symbol (Databento and ITCH files can hold many).
     */
    static Source open(final String format, final Path file, final String symbol) throws IOException
    {
        switch (format.toLowerCase(Locale.ROOT))
        {
            case "lobster":
                return lobster(LobsterMessageReader.open(file));
            case "databento":
                return databento(DatabentoMboCsvReader.open(file), symbol);
            case "itch":
                return itch(Itch50Reader.open(file), symbol);
            default:
                throw new IllegalArgumentException("the flow's format is lobster, databento or itch, not " + format);
        }
    }

    static Source lobster(final LobsterMessageReader reader)
    {
        final LobsterMessage message = new LobsterMessage();
        return new Source()
        {
            public boolean next(final Event event) throws MboInputException
            {
                if (!reader.next(message))
                {
                    return false;
                }
                event.timeNs = message.timeNs();
                event.orderId = message.orderId();
                event.side = message.direction() == 1 ? Side.Buy : Side.Sell;
                event.price = message.price() / 100; // scale 4 to ticks of 0.01
                event.size = message.size();
                event.fillThenCancel = false;
                switch (message.type())
                {
                    case LobsterMessage.SUBMISSION:
                        event.kind = ADD;
                        break;
                    case LobsterMessage.CANCELLATION:
                        event.kind = REDUCE;
                        break;
                    case LobsterMessage.DELETION:
                        event.kind = DELETE;
                        break;
                    case LobsterMessage.EXECUTION_VISIBLE:
                        event.kind = EXECUTE;
                        break;
                    default:
                        event.kind = SKIP;
                }
                return true;
            }

            public void close() throws IOException
            {
                reader.close();
            }
        };
    }

    static Source databento(final DatabentoMboCsvReader reader, final String symbol)
    {
        final DatabentoMboRecord record = new DatabentoMboRecord();
        final byte[] wanted = symbol.getBytes(StandardCharsets.US_ASCII);
        return new Source()
        {
            private long index;

            public boolean next(final Event event) throws MboInputException
            {
                if (!reader.next(record))
                {
                    return false;
                }
                index++;
                event.kind = SKIP;
                if (reader.hasSymbolColumn() && !record.symbolEquals(wanted))
                {
                    return true;
                }
                event.timeNs = time(record.tsEventText(), index);
                event.orderId = record.orderId();
                event.side = record.sideCode() == DatabentoMboRecord.SIDE_BID ? Side.Buy : Side.Sell;
                event.price = record.priceDefined() ? record.price() / 10_000_000L : 0; // scale 9 to ticks of 0.01
                event.size = record.size();
                event.fillThenCancel = false;
                switch (record.action())
                {
                    case DatabentoMboRecord.ADD:
                        event.kind = ADD;
                        break;
                    case DatabentoMboRecord.CANCEL:
                        event.kind = REDUCE;
                        break;
                    case DatabentoMboRecord.MODIFY:
                        event.kind = REPLACE;
                        event.newOrderId = event.orderId;
                        break;
                    case DatabentoMboRecord.FILL:
                        event.kind = EXECUTE;
                        event.fillThenCancel = true;
                        break;
                    default:
                        event.kind = SKIP; // T (the aggressor's side of a fill), R, N
                }
                return true;
            }

            public void close() throws IOException
            {
                reader.close();
            }
        };
    }

    static Source itch(final Itch50Reader reader, final String symbol)
    {
        final ItchMessage message = new ItchMessage();
        final byte[] padded = Arrays.copyOf(symbol.getBytes(StandardCharsets.US_ASCII), ItchMessage.STOCK_LENGTH);
        Arrays.fill(padded, symbol.length(), padded.length, (byte)' ');
        return new Source()
        {
            public boolean next(final Event event) throws MboInputException
            {
                if (!reader.next(message))
                {
                    return false;
                }
                event.kind = SKIP;
                event.timeNs = message.timestampNs();
                event.orderId = message.orderReferenceNumber();
                event.newOrderId = message.newOrderReferenceNumber();
                event.side = message.buySellIndicator() == 'B' ? Side.Buy : Side.Sell;
                event.price = message.price() / 100; // scale 4 to ticks of 0.01
                event.size = message.shares();
                event.fillThenCancel = false;
                switch (message.type())
                {
                    case 'A':
                    case 'F':
                        event.kind = message.stockEquals(padded) ? ADD : SKIP;
                        break;
                    case 'E':
                    case 'C':
                        event.kind = EXECUTE;
                        break;
                    case 'X':
                        event.kind = REDUCE;
                        break;
                    case 'D':
                        event.kind = DELETE;
                        break;
                    case 'U':
                        event.kind = REPLACE;
                        break;
                    default:
                        event.kind = SKIP;
                }
                return true;
            }

            public void close() throws IOException
            {
                reader.close();
            }
        };
    }

    private static long time(final String text, final long index)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            try
            {
                final Instant instant = Instant.parse(text);
                return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
            }
            catch (final RuntimeException ignore)
            {
                return index * 1_000_000L; // no usable time: a millisecond apart
            }
        }
    }

    void start()
    {
        thread.start();
    }

    long sent()
    {
        return sent.get();
    }

    /**
     * The order the flow knows: side, price in ticks, quantity left, and what a Databento fill took before its cancel.
     */
    private static final class Order
    {
        Side side;
        long price;
        long quantity;
        long filledAwaitingCancel;
    }

    private void run()
    {
        final EngineConfig.AccountConfig maker = account("mm2");
        final EngineConfig.AccountConfig taker = account("taker2");
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            OrderEntryClient makerClient = OrderEntryClient.connect(context(aeron, maker));
            OrderEntryClient takerClient = OrderEntryClient.connect(context(aeron, taker));
            Source events = source)
        {
            final Long2ObjectHashMap<Order> orders = new Long2ObjectHashMap<>();
            final Event event = new Event();
            long takerOrderId = System.currentTimeMillis() * 1000;
            long firstNs = Long.MIN_VALUE;
            final long startNs = System.nanoTime();
            while (running && events.next(event))
            {
                if (event.kind == SKIP)
                {
                    skipped.incrementAndGet();
                    continue;
                }
                if (firstNs == Long.MIN_VALUE)
                {
                    firstNs = event.timeNs;
                }
                final long dueNs = startNs + (long)((event.timeNs - firstNs) / speed);
                while (running && System.nanoTime() < dueNs)
                {
                    makerClient.poll();
                    takerClient.poll();
                    LockSupport.parkNanos(Math.min(dueNs - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1)));
                }
                final long id = event.orderId;
                final Order order = orders.get(id);
                switch (event.kind)
                {
                    case ADD:
                    {
                        final Order added = new Order();
                        added.side = event.side;
                        added.price = event.price;
                        added.quantity = event.size;
                        orders.put(id, added);
                        final long price = event.price;
                        final long size = event.size;
                        final Side side = event.side;
                        send(makerClient, () -> makerClient.newOrder(id, instrumentId, side, OrdType.Limit,
                            TimeInForce.GTC, price, size, false, StpMode.None));
                        break;
                    }
                    case REDUCE:
                    {
                        if (order == null)
                        {
                            skipped.incrementAndGet();
                            break;
                        }
                        long reduce = event.size;
                        final long already = Math.min(order.filledAwaitingCancel, reduce);
                        order.filledAwaitingCancel -= already;
                        reduce -= already;
                        if (reduce <= 0)
                        {
                            break; // the engine's own trade took it already
                        }
                        order.quantity -= reduce;
                        if (order.quantity <= 0)
                        {
                            orders.remove(id);
                            send(makerClient, () -> makerClient.cancel(0, id, 0, instrumentId));
                        }
                        else
                        {
                            final long left = order.quantity;
                            final long price = order.price;
                            send(makerClient, () -> makerClient.replace(id, 0, 0, instrumentId, price, left));
                        }
                        break;
                    }
                    case DELETE:
                        if (order == null)
                        {
                            skipped.incrementAndGet();
                            break;
                        }
                        orders.remove(id);
                        send(makerClient, () -> makerClient.cancel(0, id, 0, instrumentId));
                        break;
                    case EXECUTE:
                    {
                        final Side restingSide = order != null ? order.side : event.side;
                        final long price = order != null ? order.price : event.price;
                        if (price <= 0)
                        {
                            skipped.incrementAndGet();
                            break;
                        }
                        final long size = event.size;
                        final long takerId = ++takerOrderId;
                        send(takerClient, () -> takerClient.newOrder(takerId, instrumentId,
                            restingSide == Side.Buy ? Side.Sell : Side.Buy, OrdType.Limit, TimeInForce.IOC, price,
                            size, false, StpMode.None));
                        if (order != null)
                        {
                            order.quantity -= size;
                            if (event.fillThenCancel)
                            {
                                order.filledAwaitingCancel += size;
                            }
                            else if (order.quantity <= 0)
                            {
                                orders.remove(id);
                            }
                        }
                        break;
                    }
                    case REPLACE:
                    {
                        if (order == null)
                        {
                            skipped.incrementAndGet();
                            break;
                        }
                        final long price = event.price;
                        final long size = event.size;
                        if (event.newOrderId == id)
                        {
                            order.price = price;
                            order.quantity = size;
                            send(makerClient, () -> makerClient.replace(id, 0, 0, instrumentId, price, size));
                        }
                        else
                        {
                            orders.remove(id);
                            send(makerClient, () -> makerClient.cancel(0, id, 0, instrumentId));
                            final long newId = event.newOrderId;
                            order.price = price;
                            order.quantity = size;
                            orders.put(newId, order);
                            final Side side = order.side;
                            send(makerClient, () -> makerClient.newOrder(newId, instrumentId, side, OrdType.Limit,
                                TimeInForce.GTC, price, size, false, StpMode.None));
                        }
                        break;
                    }
                    default:
                        skipped.incrementAndGet();
                }
            }
            log.println("ringbook demo: the " + name + " flow " + (running ? "reached its end" : "stopped") + ": " +
                sent.get() + " orders sent, " + skipped.get() + " events skipped");
            log.flush();
            while (running)
            {
                makerClient.poll(); // the maker's orders stay in the book while its session lives
                takerClient.poll();
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            log.println("ringbook demo: the " + name + " flow stopped: " + ex);
            log.flush();
        }
    }

    private void send(final OrderEntryClient client, final java.util.function.LongSupplier sender)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (running)
        {
            if (sender.getAsLong() > 0)
            {
                sent.incrementAndGet();
                return;
            }
            client.poll();
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("the engine took no order for 5 s");
            }
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(50));
        }
    }

    private EngineConfig.AccountConfig account(final String accountName)
    {
        return config.accounts.stream().filter(account -> accountName.equals(account.name)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no account '" + accountName + "' in the engine's config"));
    }

    private OrderEntryClient.Context context(final Aeron aeron, final EngineConfig.AccountConfig account)
    {
        return new OrderEntryClient.Context()
            .aeron(aeron)
            .ingressChannel(config.engine.ingressChannel)
            .ingressStreamId(config.engine.ingressStreamId)
            .accountId(account.id)
            .secret(account.secret)
            .connectTimeoutMs(10_000)
            .listener(new OrderEntryListener() { });
    }

    public void close()
    {
        running = false;
        try
        {
            thread.join(10_000);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
