package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ringbook.engine.client.OrderEntryClient;
import io.ringbook.engine.telemetry.EngineCounter;
import io.ringbook.engine.telemetry.TelemetryReader;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the system tests share: the engine configuration they run, free ports, a quiet media driver for clients,
 * and sending with a deadline.
 */
final class SystemTests
{
    /** ABC: cents, lot 1, max 1000, band 10% around 100.00. */
    static final int ABC = 1;
    /** XYZ: half units (mantissa 5 = 0.5), lot 10, max 10000, band 5% around 50.0. */
    static final int XYZ = 2;
    static final long ALICE = 1;
    static final long BOB = 2;
    static final long CAROL = 3;
    static final String ALICE_SECRET = "alice-secret";
    static final String BOB_SECRET = "bob-secret";
    static final String CAROL_SECRET = "carol-secret";
    static final long TIMEOUT_MS = 10_000;
    static final long PROCESS_TIMEOUT_MS = 30_000;

    private SystemTests()
    {
    }

    static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A multicast channel on the loopback interface, as the feed's default is, on the given port.
     */
    static String multicastChannel(final int port)
    {
        return "aeron:udp?endpoint=224.0.1.1:" + port + "|interface=localhost|ttl=0";
    }

    static String ingressChannel(final int port)
    {
        return "aeron:udp?endpoint=localhost:" + port;
    }

    /**
     * Write the engine configuration the system tests use: its own dir, a free ingress port, small sizes, a small
     * warm-up, the market-data feed on multicast over loopback on free ports, two instruments, and alice (cancels on
     * disconnect), bob and carol (keep their orders).
     */
    static Path writeConfig(final Path file, final Path engineDir, final int port)
    {
        return writeConfig(file, engineDir, port, multicastChannel(freeUdpPort()), multicastChannel(freeUdpPort()));
    }

    /**
     * {@link #writeConfig(Path, Path, int)} with the feed's channels given.
     */
    static Path writeConfig(
        final Path file, final Path engineDir, final int port, final String incrementalChannel,
        final String snapshotChannel)
    {
        final String yaml = String.join("\n",
            "engine:",
            "  dir: " + engineDir,
            "  ingressChannel: " + ingressChannel(port),
            "  ringSize: 1024",
            "  logonTimeoutMs: 2000",
            "  maxBadFrames: 4",
            "  clientOrderIdCapacity: 1024",
            "  ordersPerInstrument: 1024",
            "feed:",
            "  incrementalChannel: " + incrementalChannel,
            "  snapshotChannel: " + snapshotChannel,
            "  transferRingBytes: 1048576",
            "instruments:",
            "  - { id: 1, symbol: ABC, tick: '0.01', lot: 1, maxQty: 1000, band: 10%, ref: '100.00' }",
            "  - { id: 2, symbol: XYZ, tick: '0.5', lot: 10, maxQty: 10000, band: 5%, ref: '50.0' }",
            "accounts:",
            "  - { id: 1, name: alice, secret: " + ALICE_SECRET + ", cancelOnDisconnect: true }",
            "  - { id: 2, name: bob, secret: " + BOB_SECRET + ", cancelOnDisconnect: false }",
            "  - { id: 3, name: carol, secret: " + CAROL_SECRET + ", cancelOnDisconnect: false }",
            "");
        try
        {
            Files.writeString(file, yaml);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return file;
    }

    /**
     * A media driver for the test's clients, in its own directory, sharing one thread that backs off when idle.
     */
    static MediaDriver launchClientDriver(final Path dir)
    {
        return MediaDriver.launch(new MediaDriver.Context()
            .aeronDirectoryName(dir.toString())
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(new BackoffIdleStrategy(
                10, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1))));
    }

    /**
     * An Aeron client for the test's order-entry clients. Its own error handler: Aeron's default one exits the JVM
     * when the media driver goes away (as the engine's does when the engine stops), which would end the whole test
     * run instead of failing one test.
     */
    static Aeron connectAeron(final String aeronDir)
    {
        return Aeron.connect(new Aeron.Context()
            .aeronDirectoryName(aeronDir)
            .errorHandler(ex -> System.err.println("system test Aeron client (" + aeronDir + "): " + ex)));
    }

    static OrderEntryClient.Context clientContext(
        final Aeron aeron, final int port, final long account, final String secret, final ReplyRecorder listener,
        final int heartbeatMs)
    {
        return new OrderEntryClient.Context()
            .aeron(aeron)
            .ingressChannel(ingressChannel(port))
            .accountId(account)
            .secret(secret)
            .heartbeatIntervalMs(heartbeatMs)
            .connectTimeoutMs(TIMEOUT_MS)
            .listener(listener);
    }

    /**
     * @return the reject-by-reason counters that are not 0, by reason name.
     */
    static Map<String, Long> rejectsByReason(final TelemetryReader stat)
    {
        final Map<String, Long> rejects = new TreeMap<>();
        stat.forEachCounter((id, typeId, label, value) ->
        {
            if (typeId == EngineCounter.REJECT_REASON_TYPE_ID && value != 0)
            {
                rejects.put(label.substring(EngineCounter.REJECT_REASON_LABEL_PREFIX.length()), value);
            }
        });
        return rejects;
    }

    /**
     * The engine counted errors (which mean bugs): fail, showing its distinct error log.
     */
    static void assertNoErrors(final TelemetryReader stat)
    {
        final StringBuilder errors = new StringBuilder();
        stat.readErrors((count, first, last, text) -> errors.append(count).append(" x ").append(text).append('\n'));
        assertEquals(0, stat.counterValue(EngineCounter.ERRORS), errors::toString);
        assertEquals("", errors.toString());
    }

    /**
     * Send until Aeron takes it (a transient BACK_PRESSURED or ADMIN_ACTION is retried), polling meanwhile.
     */
    static void send(final String what, final LongSupplier send, final Runnable poll)
    {
        final long[] result = {0};
        Await.until(() -> what + " to be sent, last result " + result[0], TIMEOUT_MS, poll, () ->
        {
            result[0] = send.getAsLong();
            if (result[0] == io.aeron.Publication.CLOSED || result[0] == io.aeron.Publication.MAX_POSITION_EXCEEDED)
            {
                fail(what + ": publication unusable: " + result[0]);
            }
            return result[0] > 0;
        });
    }
}
