package io.ringbook.tools;

import io.aeron.Aeron;
import io.ringbook.codecs.orderentry.OrdType;
import io.ringbook.codecs.orderentry.Side;
import io.ringbook.codecs.orderentry.StpMode;
import io.ringbook.codecs.orderentry.TimeInForce;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.engine.client.OrderEntryListener;
import io.ringbook.engine.server.EngineConfig;
import org.agrona.collections.Long2LongHashMap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Real order flow for the demo: a LOBSTER message file (the AMZN day in {@code ../shared/data}, or a user's) played as
 * orders into a running engine, at a chosen speed. Each new limit order (type 1) is sent as a GTC limit order by a
 * maker session with the LOBSTER order id as its client order id; a partial cancel (2) is a replace down to the
 * order's new quantity; a delete (3) is a cancel; an execution of a visible order (4) is an IOC order of the executed
 * size at that price from a taker session, so the engine's own matching produces the trade. Hidden executions (5),
 * cross trades (6) and halts (7) change no visible book and are skipped, as are cancels of orders that rested before
 * the file starts. Prices are LOBSTER's dollars x 10,000, sent in the instrument's ticks of 0.01.
 */
final class LobsterFlow implements AutoCloseable
{
    private final Path messages;
    private final EngineConfig config;
    private final String aeronDir;
    private final int instrumentId;
    private final double speed;
    private final PrintWriter log;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean finished;

    LobsterFlow(
        final Path messages, final EngineConfig config, final String aeronDir, final int instrumentId,
        final double speed, final PrintWriter log)
    {
        this.messages = messages;
        this.config = config;
        this.aeronDir = aeronDir;
        this.instrumentId = instrumentId;
        this.speed = speed;
        this.log = log;
        thread = new Thread(this::run, "lobster-flow");
        thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    long sent()
    {
        return sent.get();
    }

    boolean finished()
    {
        return finished;
    }

    private void run()
    {
        final EngineConfig.AccountConfig maker = account("mm2");
        final EngineConfig.AccountConfig taker = account("taker2");
        try (Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir));
            OrderEntryClient makerClient = OrderEntryClient.connect(context(aeron, maker));
            OrderEntryClient takerClient = OrderEntryClient.connect(context(aeron, taker));
            BufferedReader reader = Files.newBufferedReader(messages, StandardCharsets.US_ASCII))
        {
            final Long2LongHashMap quantities = new Long2LongHashMap(-1);
            long takerOrderId = System.currentTimeMillis() * 1000;
            double firstTime = -1;
            final long startNs = System.nanoTime();
            String line;
            while (running && (line = reader.readLine()) != null)
            {
                final String[] fields = line.split(",");
                if (fields.length < 6 || !Character.isDigit(fields[0].charAt(0)))
                {
                    continue; // a header line
                }
                final double time = Double.parseDouble(fields[0]);
                final int type = Integer.parseInt(fields[1].trim());
                final long orderId = Long.parseLong(fields[2].trim());
                final long size = Long.parseLong(fields[3].trim());
                final long price = Long.parseLong(fields[4].trim()) / 100; // dollars x 10,000 to cents
                final Side side = "1".equals(fields[5].trim()) ? Side.Buy : Side.Sell;
                if (firstTime < 0)
                {
                    firstTime = time;
                }
                final long dueNs = startNs + (long)((time - firstTime) / speed * 1e9);
                while (running && System.nanoTime() < dueNs)
                {
                    makerClient.poll();
                    takerClient.poll();
                    LockSupport.parkNanos(Math.min(dueNs - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(1)));
                }
                final long quantity = quantities.get(orderId);
                switch (type)
                {
                    case 1:
                        send(makerClient, () -> makerClient.newOrder(orderId, instrumentId, side, OrdType.Limit,
                            TimeInForce.GTC, price, size, false, StpMode.None));
                        quantities.put(orderId, size);
                        break;
                    case 2:
                        if (quantity > size)
                        {
                            send(makerClient, () -> makerClient.replace(orderId, 0, 0, instrumentId, price,
                                quantity - size));
                            quantities.put(orderId, quantity - size);
                        }
                        else
                        {
                            skipped.incrementAndGet();
                        }
                        break;
                    case 3:
                        if (quantity >= 0)
                        {
                            send(makerClient, () -> makerClient.cancel(0, orderId, 0, instrumentId));
                            quantities.remove(orderId);
                        }
                        else
                        {
                            skipped.incrementAndGet();
                        }
                        break;
                    case 4:
                    {
                        final long id = ++takerOrderId;
                        send(takerClient, () -> takerClient.newOrder(id, instrumentId,
                            side == Side.Buy ? Side.Sell : Side.Buy, OrdType.Limit, TimeInForce.IOC, price, size,
                            false, StpMode.None));
                        break;
                    }
                    default:
                        skipped.incrementAndGet();
                }
            }
            finished = true;
            log.println("ringbook demo: the LOBSTER flow " + (running ? "reached the end of " : "stopped in ") +
                messages.getFileName() + ": " + sent.get() + " orders sent, " + skipped.get() + " events skipped");
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
            finished = true;
            log.println("ringbook demo: the LOBSTER flow stopped: " + ex);
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

    private EngineConfig.AccountConfig account(final String name)
    {
        return config.accounts.stream().filter(account -> name.equals(account.name)).findFirst()
            .orElseThrow(() -> new IllegalStateException("no account '" + name + "' in the engine's config"));
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
