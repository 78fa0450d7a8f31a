package io.ringbook.tools;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.driver.ext.DebugReceiveChannelEndpoint;
import io.aeron.driver.ext.LossGenerator;
import io.aeron.driver.ext.RandomLossGenerator;
import io.ringbook.engine.server.EngineConfig;
import io.ringbook.feed.book.FeedBook;
import io.ringbook.feed.client.FeedClient;
import io.ringbook.feed.client.FeedHandler;
import io.ringbook.feed.client.FeedInstrument;
import io.ringbook.feed.client.FeedListener;
import io.ringbook.feed.client.StaleReason;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code ringbook tail}: joins the market-data feed as any subscriber does (the feed client: snapshots, gap
 * detection, recovery) and prints it decoded: book changes and trades as they come, and the books on request.
 */
@Command(
    name = "tail",
    header = "Print the live market-data feed and the books.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Print the live market-data feed, decoded, and the books on request.",
        "",
        "Joins the incremental and snapshot streams named in the engine's config (feed: section), builds every " +
            "book from a snapshot plus the incrementals after it, and prints one line per book change (the top of " +
            "the book after the event) and per trade, and a line when a book goes stale (a gap) or live again. " +
            "Press Enter to print the books. Protocol: docs/market-data.md." },
    footer = {
        "",
        "Exit codes: 0 done; 1 cannot join the feed; 2 usage error.",
        "",
        "Examples:",
        "  ./ringbook tail --config config/engine.yaml",
        "  ./ringbook tail --config config/engine.yaml --symbol AAPL --depth 10",
        "  ./ringbook tail --config config/engine.yaml --quiet --duration 30 --books-at-exit",
        "  ./ringbook tail --config config/engine.yaml --quiet --latency --hgrm feed-latency.hgrm" })
public final class TailCommand implements Callable<Integer>
{
    private static final String NAME = "ringbook tail";
    private final org.agrona.concurrent.EpochNanoClock clock = new org.agrona.concurrent.SystemEpochNanoClock();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
        description = "The engine's configuration: the feed's channels and stream ids.")
    Path config;

    @Option(names = "--symbol", paramLabel = "S", description = "Print only this instrument.")
    String symbol;

    @Option(names = "--depth", paramLabel = "N", defaultValue = "5",
        description = "Levels per side when printing books (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--quiet", description = "Print no line per event: only state changes and books.")
    boolean quiet;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "0",
        description = "Stop after S seconds (default: until Ctrl-C).")
    double durationS;

    @Option(names = "--books-at-exit",
        description = "Print every book (full depth) and its levels hash when stopping.")
    boolean booksAtExit;

    @Option(names = "--latency",
        description = "Measure engine-to-here latency: from the engine sequencing a command to this process " +
            "having applied its event (same machine clock); percentiles every second and at the end.")
    boolean latency;

    @Option(names = "--hgrm", paramLabel = "FILE",
        description = "With --latency: write the whole run's latency distribution (µs) to FILE for plotting.")
    Path hgrm;

    @Option(names = "--aeron-dir", paramLabel = "DIR",
        description = "Use the media driver running in DIR instead of embedding one.")
    String aeronDir;

    @Option(names = "--loss-rate", paramLabel = "R", defaultValue = "0",
        description = "Drop this fraction (0 to 1) of the UDP data frames tail's embedded media driver receives, at " +
            "random (Aeron's loss generator), to watch gaps, retransmits and snapshot recovery at work " +
            "(default: ${DEFAULT-VALUE}; not with --aeron-dir).")
    double lossRate;

    @Option(names = "--loss-seed", paramLabel = "N", defaultValue = "1",
        description = "Seed of --loss-rate's random drops (default: ${DEFAULT-VALUE}).")
    long lossSeed;

    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final EngineConfig engineConfig;
        try
        {
            engineConfig = EngineConfig.load(config);
        }
        catch (final EngineConfig.ConfigException ex)
        {
            err.println(NAME + ": " + ex.getMessage());
            return 2;
        }
        if (depth < 1)
        {
            err.println(NAME + ": --depth must be at least 1");
            return 2;
        }
        if (lossRate < 0 || lossRate > 1 || (lossRate > 0 && aeronDir != null))
        {
            err.println(NAME + ": --loss-rate must be between 0 and 1, and needs the embedded media driver " +
                "(no --aeron-dir)");
            return 2;
        }
        final EngineConfig.Feed feed = engineConfig.feed;
        Path driverDir = null;
        MediaDriver driver = null;
        Aeron aeron = null;
        FeedClient client = null;
        final ShutdownSignals signals = new ShutdownSignals();
        final Printer printer = new Printer(out);
        try
        {
            String directory = aeronDir;
            if (directory == null)
            {
                driverDir = Files.createTempDirectory("ringbook-tail-");
                directory = driverDir.resolve("aeron").toString();
                final MediaDriver.Context driverContext = new MediaDriver.Context();
                if (lossRate > 0)
                {
                    final LossGenerator dataLoss = new RandomLossGenerator(lossRate, lossSeed);
                    final LossGenerator noControlLoss = new RandomLossGenerator(0);
                    driverContext.receiveChannelEndpointSupplier((udpChannel, dispatcher, statusIndicator, context) ->
                        new DebugReceiveChannelEndpoint(
                            udpChannel, dispatcher, statusIndicator, context, dataLoss, noControlLoss));
                    out.println(NAME + ": dropping " + lossRate + " of the data frames received, at random");
                }
                driver = MediaDriver.launch(driverContext
                    .aeronDirectoryName(directory)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(new BackoffIdleStrategy(
                        100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)))
                    .warnIfDirectoryExists(false));
            }
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(directory));
            client = new FeedClient(aeron, new FeedClient.Context()
                .incrementalChannel(feed.incrementalChannel)
                .incrementalStreamId(feed.incrementalStreamId)
                .snapshotChannel(feed.snapshotChannel)
                .snapshotStreamId(feed.snapshotStreamId)
                .listener(printer));
            printer.client = client;
            out.println(NAME + ": joined " + feed.incrementalChannel + " stream " + feed.incrementalStreamId +
                " and snapshots on " + feed.snapshotChannel + " stream " + feed.snapshotStreamId +
                (durationS > 0 ? " for " + durationS + " s" : " (Enter prints the books, Ctrl-C stops)"));
            out.flush();
            final AtomicBoolean printBooks = watchEnter();
            final long deadlineNs = durationS > 0 ?
                System.nanoTime() + (long)(durationS * 1e9) : Long.MAX_VALUE;
            final IdleStrategy idle = new BackoffIdleStrategy(
                10, 10, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(1));
            long nextReportNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            while (!signals.isSignalled() && System.nanoTime() < deadlineNs)
            {
                if (aeron.isClosed())
                {
                    // The Aeron client shuts itself down when this process was stopped longer than its driver timeout
                    err.println(NAME + ": the Aeron client closed (process paused past the driver timeout?); the " +
                        "books are no longer followed");
                    return 1;
                }
                idle.idle(client.poll(256));
                if (printBooks.getAndSet(false))
                {
                    printer.printBooks(depth, false);
                }
                if (latency && System.nanoTime() >= nextReportNs)
                {
                    nextReportNs += TimeUnit.SECONDS.toNanos(1);
                    printer.reportLatency(printer.interval, "last second");
                    printer.interval.reset();
                }
                out.flush();
            }
            if (latency)
            {
                printer.reportLatency(printer.total, "whole run");
                if (hgrm != null)
                {
                    try (java.io.PrintStream file = new java.io.PrintStream(Files.newOutputStream(hgrm), true,
                        StandardCharsets.UTF_8))
                    {
                        printer.total.outputPercentileDistribution(file, 1.0);
                    }
                }
            }
            if (booksAtExit)
            {
                printer.printBooks(Integer.MAX_VALUE, true);
            }
            final FeedHandler h = client.handler();
            out.println(NAME + ": stopped: " + h.incrementalPackets() + " incremental packets, " +
                h.snapshotPackets() + " snapshot packets, " + h.snapshotsApplied() + " snapshots applied, gaps " +
                h.streamSequenceGaps() + " by stream sequence and " + h.rptSeqGaps() + " by rptSeq, " +
                h.malformedPackets() + " malformed, " + h.resets() + " resets, " + h.staleSnapshotsIgnored() +
                " stale snapshots ignored, " + h.imagesLost() + " images lost, " + h.snapshotsTooOld() +
                " snapshots too old to use");
            out.flush();
            return 0;
        }
        catch (final RuntimeException ex)
        {
            err.println(NAME + ": " + ex.getMessage());
            return 1;
        }
        finally
        {
            CloseHelper.quietCloseAll(client, aeron, driver);
            if (driverDir != null)
            {
                IoUtil.delete(driverDir.toFile(), true);
            }
        }
    }

    /**
     * A daemon thread sets the flag on each line read from the terminal; nothing happens without one.
     */
    private static AtomicBoolean watchEnter()
    {
        final AtomicBoolean pressed = new AtomicBoolean();
        if (System.console() != null)
        {
            final Thread reader = new Thread(() ->
            {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)))
                {
                    while (in.readLine() != null)
                    {
                        pressed.set(true);
                    }
                }
                catch (final IOException ignore)
                {
                    // the terminal went away: no more requests
                }
            }, "ringbook-tail-stdin");
            reader.setDaemon(true);
            reader.start();
        }
        return pressed;
    }

    /**
     * Prints what the feed client reports, on the polling thread.
     */
    private final class Printer implements FeedListener
    {
        private final PrintWriter out;
        private final Int2ObjectHashMap<FeedInstrument> instruments = new Int2ObjectHashMap<>();
        private final StringBuilder line = new StringBuilder(256);
        final Histogram total = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        final Histogram interval = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        FeedClient client;

        public void onEndOfEvent(final long engineSequence, final long transactTimeNs, final long sendingTimeNs)
        {
            if (latency)
            {
                final long micros = Math.max(0, (clock.nanoTime() - transactTimeNs) / 1000);
                total.recordValue(Math.min(micros, total.getHighestTrackableValue()));
                interval.recordValue(Math.min(micros, interval.getHighestTrackableValue()));
            }
        }

        void reportLatency(final Histogram histogram, final String what)
        {
            if (histogram.getTotalCount() == 0)
            {
                out.println("latency " + what + ": no events");
                return;
            }
            out.println("latency " + what + " (engine sequenced -> applied here, µs): events " +
                histogram.getTotalCount() + "  p50 " + histogram.getValueAtPercentile(50) + "  p99 " +
                histogram.getValueAtPercentile(99) + "  p99.9 " + histogram.getValueAtPercentile(99.9) + "  max " +
                histogram.getMaxValue());
        }

        Printer(final PrintWriter out)
        {
            this.out = out;
        }

        private boolean shown(final int instrumentId)
        {
            return symbol == null || symbol.equals(symbolOf(instrumentId));
        }

        private String symbolOf(final int instrumentId)
        {
            final FeedInstrument instrument = instruments.get(instrumentId);
            return instrument != null ? instrument.symbol() : "#" + instrumentId;
        }

        public void onInstrument(final FeedInstrument instrument)
        {
            final boolean known = instruments.containsKey(instrument.instrumentId());
            instruments.put(instrument.instrumentId(), instrument);
            if (!known && shown(instrument.instrumentId()))
            {
                out.println("instrument " + instrument.instrumentId() + " " + instrument.symbol() + " tick " +
                    instrument.tickSize() + " lot " + instrument.lotSize() + " price exponent " +
                    instrument.priceExponent());
            }
        }

        public void onBookUpdated(final int instrumentId, final FeedBook book)
        {
            if (quiet || !shown(instrumentId))
            {
                return;
            }
            line.setLength(0);
            line.append("book ").append(symbolOf(instrumentId)).append(' ');
            appendTop(book, FeedBook.BID);
            line.append(" | ");
            appendTop(book, FeedBook.ASK);
            out.println(line);
        }

        private void appendTop(final FeedBook book, final int side)
        {
            if (book.levels(side) == 0)
            {
                line.append(side == FeedBook.BID ? "no bids" : "no asks");
                return;
            }
            line.append(book.quantity(side, 0)).append(" @ ").append(book.price(side, 0))
                .append(" (").append(book.orderCount(side, 0)).append(')');
        }

        public void onTrade(
            final int instrumentId, final long tradeId, final long price, final long quantity,
            final int aggressorSide, final long makerOrderId, final long takerOrderId, final long engineSequence)
        {
            if (!quiet && shown(instrumentId))
            {
                out.println("trade " + symbolOf(instrumentId) + " " + quantity + " @ " + price + " " +
                    (aggressorSide == FeedBook.BID ? "buyer" : "seller") + " aggressor, trade " + tradeId +
                    ", seq " + engineSequence);
            }
        }

        public void onStale(final int instrumentId, final StaleReason reason)
        {
            if (shown(instrumentId))
            {
                out.println("stale " + symbolOf(instrumentId) + ": " + reason + " (recovering from snapshots)");
            }
        }

        public void onLive(final int instrumentId)
        {
            if (shown(instrumentId))
            {
                out.println("live " + symbolOf(instrumentId));
            }
        }

        public void onReset()
        {
            out.println("channel reset: the engine restarted; every book is taken again from snapshots");
        }

        void printBooks(final int levels, final boolean withHash)
        {
            final FeedHandler handler = client.handler();
            for (int i = 0; i < handler.instrumentCount(); i++)
            {
                final int id = handler.instrumentId(i);
                final FeedBook book = client.book(id);
                if (book == null || !shown(id))
                {
                    continue;
                }
                out.println("== " + symbolOf(id) + (client.isLive(id) ? "" : " (stale)") +
                    (withHash ? " levels hash 0x" + Long.toHexString(book.levelsHash()) : ""));
                out.print(book.appendLevels(new StringBuilder(), levels));
            }
        }
    }
}
