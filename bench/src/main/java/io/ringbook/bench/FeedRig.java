package io.ringbook.bench;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.NoOpEngineListener;
import io.ringbook.engine.marketdata.MarketDataRecorder;
import io.ringbook.engine.server.DriverThreading;
import io.ringbook.engine.server.IdleStrategies;
import io.ringbook.engine.workload.Workload;
import io.ringbook.feed.client.FeedClient;
import io.ringbook.feed.client.FeedListener;
import io.ringbook.feed.publisher.MarketDataPublisher;
import io.ringbook.feed.publisher.PublisherCounters;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The publish side of the market-data feed as the engine process wires it ({@code EngineNode}, {@code PublisherFeed}),
 * in one JVM for the feed benchmarks: an embedded media driver, a matching engine loaded with a workload, its
 * {@link MarketDataRecorder} writing into a {@link OneToOneRingBuffer} transfer ring, and a
 * {@link MarketDataPublisher} reading that ring. The caller decides which thread runs the publisher's duty cycle.
 * <p>
 * The workload's benchmark commands are played in a loop: at the end, the engine is reset to the fill phase without
 * the recorder, then a reset and every book are written to the ring, as at an engine start, so the feed sees a new run
 * ({@code ChannelReset}) and clients recover from snapshots. Each command is stamped with a sequence and a timestamp
 * ({@code transactTimeNs} on the feed) by {@link #process}.
 */
final class FeedRig implements AutoCloseable
{
    static final int INCREMENTAL_STREAM_ID = 1200;
    static final int SNAPSHOT_STREAM_ID = 1201;
    static final int TRANSFER_RING_BYTES = 16 * 1024 * 1024;

    final Workload workload;
    final String incrementalChannel;
    final String snapshotChannel;
    final Path aeronDir;
    final MediaDriver driver;
    final Aeron aeron;
    final MatchingEngine engine;
    final RingBuffer transferRing;
    final AtomicCounter eventsLost;
    final MarketDataRecorder recorder;
    final PublisherCounters counters = PublisherCounters.standalone();
    final MarketDataPublisher publisher;
    private final EngineCommand[] commands;
    private final NoOpEngineListener noOp = new NoOpEngineListener();
    private int cursor;
    private long sequence;
    private org.agrona.ExpandableArrayBuffer tape;
    private int tapeLength;
    private int tapePosition;
    private long runs;
    private long sequencedBeforeRestarts;
    /** False when the publisher runs on a thread of its own: then only that thread may call its duty cycle. */
    boolean publisherOnCaller = true;

    /**
     * @param workload        commands to play (their sequence and timestamp are overwritten).
     * @param transport       {@code ipc}, or {@code udp} (unicast on localhost, free ports).
     * @param driverThreading a {@link DriverThreading} name: {@code shared}, {@code shared-network}, {@code dedicated}.
     * @param driverIdle      an {@link IdleStrategies} name for the driver's threads.
     * @param epochClock      the publisher's clock for {@code sendingTimeNs}.
     */
    FeedRig(
        final Workload workload, final String transport, final String driverThreading, final String driverIdle,
        final EpochNanoClock epochClock)
    {
        this.workload = workload;
        this.commands = workload.benchmarkCommands();
        incrementalChannel = channel(transport);
        snapshotChannel = channel(transport);
        try
        {
            final Path shm = Path.of("/dev/shm");
            aeronDir = Files.isDirectory(shm) ?
                Files.createTempDirectory(shm, "ringbook-feed-bench-") : Files.createTempDirectory("ringbook-feed-bench-");
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        driver = MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(aeronDir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(DriverThreading.byName(driverThreading))
            .sharedIdleStrategy(IdleStrategies.byName(driverIdle))
            .conductorIdleStrategy(IdleStrategies.byName(driverIdle))
            .senderIdleStrategy(IdleStrategies.byName(driverIdle))
            .receiverIdleStrategy(IdleStrategies.byName(driverIdle))
            // 3 x 8 MiB per IPC publication instead of 3 x 64 MiB: still a 4 MiB window, about 30,000 packets.
            .ipcTermBufferLength(8 * 1024 * 1024));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));

        engine = workload.newEngine(WorkloadBench.bookFactory("fast", workload), noOp);
        workload.replayFill(engine);
        transferRing = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(TRANSFER_RING_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
        final CountersManager countersManager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(CountersManager.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(CountersManager.COUNTER_LENGTH)));
        eventsLost = countersManager.newCounter("feed transfer ring full");
        recorder = new MarketDataRecorder(transferRing, engine, eventsLost);
        engine.listener(recorder);
        publisher = new MarketDataPublisher(new MarketDataPublisher.Context()
            .incrementalChannel(incrementalChannel)
            .incrementalStreamId(INCREMENTAL_STREAM_ID)
            .snapshotChannel(snapshotChannel)
            .snapshotStreamId(SNAPSHOT_STREAM_ID)
            .epochClock(epochClock),
            aeron, transferRing, counters);
    }

    private static String channel(final String transport)
    {
        switch (transport)
        {
            case "ipc":
                return "aeron:ipc";
            case "udp":
                return "aeron:udp?endpoint=localhost:" + freeUdpPort();
            default:
                throw new IllegalArgumentException("transport is ipc or udp: " + transport);
        }
    }

    private static int freeUdpPort()
    {
        // Other processes share this machine: take a port the kernel says is free rather than a fixed one.
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress()))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return a client of this rig's streams (its subscriptions connect asynchronously).
     */
    FeedClient newClient(final FeedListener listener)
    {
        return new FeedClient(aeron, new FeedClient.Context()
            .incrementalChannel(incrementalChannel)
            .incrementalStreamId(INCREMENTAL_STREAM_ID)
            .snapshotChannel(snapshotChannel)
            .snapshotStreamId(SNAPSHOT_STREAM_ID)
            .listener(listener));
    }

    /**
     * Starts a feed run, as the engine does after recovery: a reset, then every book whole.
     */
    void writeStart()
    {
        if (!recorder.writeReset(sequence) || !recorder.writeBooks(sequence))
        {
            throw new IllegalStateException("transfer ring full at start");
        }
    }

    /**
     * Matches the next workload command, stamped with the next sequence and {@code timestampNs}; the recorder writes
     * its market data into the transfer ring.
     */
    void process(final long timestampNs)
    {
        if (cursor == commands.length)
        {
            restart();
        }
        final EngineCommand command = commands[cursor++];
        command.sequence = ++sequence;
        command.timestampNs = timestampNs;
        engine.process(command);
    }

    private void restart()
    {
        if (engine.stateHash() != workload.stateHashAfterBenchmark())
        {
            throw new IllegalStateException("the engine diverged from the generator's: " + workload);
        }
        if (publisherOnCaller)
        {
            drain();
        }
        else
        {
            while (transferRing.size() > 0)
            {
                Thread.yield();
            }
        }
        sequencedBeforeRestarts += publisher.incrementalSequence();
        engine.listener(noOp);
        engine.reset();
        workload.replayFill(engine);
        engine.listener(recorder);
        writeStart();
        cursor = 0;
        runs++;
    }

    /**
     * Plays the whole workload once into a tape of transfer-ring records (a reset, every book, then one event record
     * per book-changing command, as the recorder wrote them), for {@link #replay}: the publisher can then be measured
     * alone, without the matcher's and the recorder's cost on the same thread. Leaves the engine at the end of the
     * workload and the transfer ring empty; the publisher has seen nothing.
     */
    void recordTape()
    {
        final org.agrona.ExpandableArrayBuffer tape = new org.agrona.ExpandableArrayBuffer(64 * 1024 * 1024);
        final int[] length = { 0 };
        final org.agrona.concurrent.MessageHandler copier = (msgTypeId, buffer, index, recordLength) ->
        {
            tape.putInt(length[0], msgTypeId);
            tape.putInt(length[0] + Integer.BYTES, recordLength);
            tape.putBytes(length[0] + 2 * Integer.BYTES, buffer, index, recordLength);
            length[0] += 2 * Integer.BYTES + recordLength;
        };
        writeStart();
        transferRing.read(copier, Integer.MAX_VALUE);
        int tapeCommands = 0;
        while (tapeCommands < commands.length)
        {
            final int end = Math.min(commands.length, tapeCommands + 10_000);
            while (tapeCommands < end)
            {
                process(sequence + 1);
                tapeCommands++;
            }
            transferRing.read(copier, Integer.MAX_VALUE);
        }
        this.tape = tape;
        tapeLength = length[0];
        tapePosition = 0;
    }

    /**
     * Writes the next {@code records} records of the tape ({@link #recordTape}) into the transfer ring, from its start
     * again after its end (a reset: a new run for the feed).
     *
     * @return records written: fewer when the ring is full, or at the end of the tape until the publisher has read
     *         the ring empty.
     */
    int replay(final int records)
    {
        final org.agrona.ExpandableArrayBuffer tape = this.tape;
        int written = 0;
        while (written < records)
        {
            if (tapePosition == tapeLength)
            {
                if (transferRing.size() > 0)
                {
                    break; // the publisher must finish this run before its stream sequence starts again
                }
                sequencedBeforeRestarts += publisher.incrementalSequence();
                tapePosition = 0;
                runs++;
            }
            final int type = tape.getInt(tapePosition);
            final int length = tape.getInt(tapePosition + Integer.BYTES);
            if (!transferRing.write(type, tape, tapePosition + 2 * Integer.BYTES, length))
            {
                break;
            }
            tapePosition += 2 * Integer.BYTES + length;
            written++;
        }
        return written;
    }

    /**
     * Runs the publisher until the transfer ring is empty.
     *
     * @return the publisher's work count.
     */
    int drain()
    {
        int work = 0;
        do
        {
            work += publisher.doWork();
        }
        while (transferRing.size() > 0);
        return work;
    }

    /**
     * @return incremental packets the publisher sequenced (published, dropped or not connected) since the start,
     * across the restarts that set its stream sequence back to 1.
     */
    long incrementalPackets()
    {
        return sequencedBeforeRestarts + publisher.incrementalSequence();
    }

    long sequence()
    {
        return sequence;
    }

    /**
     * @return times the workload was played to its end and restarted.
     */
    long restarts()
    {
        return runs;
    }

    public void close()
    {
        if (publisherOnCaller)
        {
            CloseHelper.quietClose(publisher::onClose);
        }
        CloseHelper.quietCloseAll(aeron, driver);
        IoUtil.delete(aeronDir.toFile(), true);
    }
}
