package io.ringbook.tools.system;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Packet loss on a real link: the test makes a network namespace joined to the root namespace by a veth pair
 * ({@code 10.201.N.1} here, {@code 10.201.N.2} there), runs the engine in the root namespace with its feed on multicast
 * over the veth, and a {@code ringbook tail} inside the namespace. a {@code tc tbf} token bucket (20 Mbit/s, 32 KiB queue) drops what
 * overflows it towards the subscriber (Aeron's NAKs repair those), and for two seconds nearly all of them, on an incremental stream with a 64 KiB term:
 * more than Aeron can repair, so the subscriber must notice the gap and recover from the snapshot stream. It ends with
 * the engine's books. Needs root (ip netns); skipped without it. The namespace and the veth pair are removed after the
 * test, whatever happened.
 */
@Tag("system")
class FeedPacketLossSystemTest
{
    @TempDir
    Path dir;

    private final List<List<String>> teardown = new ArrayList<>();

    @AfterEach
    void removeNetwork()
    {
        for (int i = teardown.size() - 1; i >= 0; i--)
        {
            ip(teardown.get(i));
        }
        teardown.clear();
    }

    @Test
    void subscriberBehindALossyLinkRecoversFromSnapshots() throws Exception
    {
        final long pid = ProcessHandle.current().pid() % 10_000_000;
        final String ns = "rbloss" + pid;
        final String here = "rbl" + pid + "a";
        final String there = "rbl" + pid + "b";
        Assumptions.assumeTrue(ip(List.of("ip", "netns", "add", ns)) == 0,
            "cannot create a network namespace (needs root): packet loss test skipped");
        teardown.add(List.of("ip", "netns", "del", ns));
        final String net = freeSubnet();
        final String hereAddress = net + ".1";
        final String thereAddress = net + ".2";
        run(List.of("ip", "link", "add", here, "type", "veth", "peer", "name", there));
        teardown.add(List.of("ip", "link", "del", here));
        run(List.of("ip", "link", "set", there, "netns", ns));
        run(List.of("ip", "addr", "add", hereAddress + "/24", "dev", here));
        run(List.of("ip", "link", "set", here, "up"));
        run(List.of("ip", "netns", "exec", ns, "ip", "addr", "add", thereAddress + "/24", "dev", there));
        run(List.of("ip", "netns", "exec", ns, "ip", "link", "set", there, "up"));
        run(List.of("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up"));
        // netem (and the gact action) are not in every kernel (not in this project's sandbox): a token bucket with a
        // small queue is, and drops what overflows it, as a congested link does.
        run(tbf("add", here, LINK));

        final int port = SystemTests.freeUdpPort();
        final int incrementalPort = SystemTests.freeUdpPort();
        final int snapshotPort = SystemTests.freeUdpPort();
        final Path engineDir = dir.resolve("engine");
        final Path config = SystemTests.writeConfig(dir.resolve("engine.yaml"), engineDir, port,
            channel(incrementalPort, hereAddress) + "|term-length=64k", channel(snapshotPort, hereAddress));
        FeedChecks.appendJournal(config);
        final Path tailConfig = SystemTests.writeConfig(dir.resolve("tail.yaml"), dir.resolve("unused"), port,
            channel(incrementalPort, thereAddress), channel(snapshotPort, thereAddress));
        final long seed = System.nanoTime();
        System.out.println("FeedPacketLossSystemTest seed " + seed + " namespace " + ns + " net " + net);
        final Random random = new Random(seed);

        try (EngineProcess engine = EngineProcess.start(config);
            MediaDriver clientDriver = SystemTests.launchClientDriver(dir.resolve("client-aeron"));
            Aeron aeron = SystemTests.connectAeron(clientDriver.aeronDirectoryName()))
        {
            engine.awaitStdout("ringbook engine running", SystemTests.PROCESS_TIMEOUT_MS);
            try (EngineProcess tail = EngineProcess.startCliInNamespace(ns,
                List.of("tail", "--config", tailConfig.toString(), "--quiet", "--books-at-exit")))
            {
                tail.awaitStdout("joined", SystemTests.PROCESS_TIMEOUT_MS);
                FeedChecks.trade(aeron, port, random, 2_000);
                FeedChecks.awaitLive(tail, SystemTests.PROCESS_TIMEOUT_MS, "ABC", "XYZ");

                // A burst: nothing reaches the subscriber for a while, far more than the 64 KiB term holds.
                run(tbf("change", here, BLACKOUT));
                try
                {
                    FeedChecks.trade(aeron, port, random, 2_000);
                }
                finally
                {
                    run(tbf("change", here, LINK));
                }
                FeedChecks.trade(aeron, port, random, 3_000);
                FeedChecks.awaitLive(tail, SystemTests.PROCESS_TIMEOUT_MS, "ABC", "XYZ");
                final String netem = output(List.of("tc", "-s", "qdisc", "show", "dev", here));

                final FeedChecks.TailStats stats = FeedChecks.stopAndCheckBooks("FeedPacketLossSystemTest", tail, engine, engineDir);
                System.out.println("FeedPacketLossSystemTest tc: " + netem.replace('\n', ' '));
                assertTrue(stats.anyGaps() > 0, "the burst was noticed: " + stats);
                assertTrue(stats.snapshotsApplied() > 2, "recovered from snapshots after the first two: " + stats);
                assertTrue(netem.contains("dropped") && !netem.contains("dropped 0,"), netem);
            }
        }
    }

    /** A 20 Mbit/s link with a 32 KiB queue: the order flow's bursts overflow it now and then. */
    private static final List<String> LINK = List.of("rate", "20mbit", "burst", "16kb", "limit", "32kb");
    /** Next to nothing gets through. */
    private static final List<String> BLACKOUT = List.of("rate", "8kbit", "burst", "1600", "limit", "1600");

    private static List<String> tbf(final String verb, final String device, final List<String> parameters)
    {
        final List<String> command = new ArrayList<>(List.of("tc", "qdisc", verb, "dev", device, "root", "tbf"));
        command.addAll(parameters);
        return command;
    }

    private static String channel(final int port, final String interfaceAddress)
    {
        return "aeron:udp?endpoint=224.0.1.1:" + port + "|interface=" + interfaceAddress + "|ttl=1";
    }

    /**
     * A 10.201.N prefix no interface of this namespace uses (other tests may make their own).
     */
    private static String freeSubnet() throws IOException, InterruptedException
    {
        final String addresses = output(List.of("ip", "-4", "addr", "show"));
        for (int attempt = 0; attempt < 100; attempt++)
        {
            final String net = "10.201." + ThreadLocalRandom.current().nextInt(1, 255);
            if (!addresses.contains(net + "."))
            {
                return net;
            }
        }
        throw new AssertionError("no free 10.201.N.0/24 subnet: " + addresses);
    }

    private static void run(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0)
        {
            throw new AssertionError(String.join(" ", command) + " failed: " + output);
        }
    }

    private static String output(final List<String> command) throws IOException, InterruptedException
    {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(10, TimeUnit.SECONDS);
        return output;
    }

    /**
     * Run an ip command, quietly.
     *
     * @return its exit status, or -1 if it could not be run.
     */
    private static int ip(final List<String> command)
    {
        try
        {
            final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(10, TimeUnit.SECONDS) ? process.exitValue() : -1;
        }
        catch (final IOException ex)
        {
            return -1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
