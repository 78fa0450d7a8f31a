package io.ringbook.tools.load;

import io.ringbook.engine.server.EngineConfig;
import io.ringbook.engine.server.EngineNode;
import io.ringbook.tools.RingbookCli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ringbook load} end to end in this JVM: a run against an engine node, and the one-line failures with their
 * exit codes (bad arguments, too few load accounts, no engine, a refused logon).
 */
class LoadCommandTest
{
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private EngineNode node;

    @AfterEach
    void stopEngine()
    {
        if (node != null)
        {
            node.close();
        }
    }

    private int run(final String... args)
    {
        final CommandLine cli = RingbookCli.newCommandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private List<String> errLines()
    {
        return err.toString().lines().collect(Collectors.toList());
    }

    private Path configFile(final String text)
    {
        return LoadTestSupport.write(dir.resolve("engine.yaml"), text);
    }

    private Path startEngine()
    {
        final String text = LoadTestSupport.sampleConfig(dir.resolve("engine"), LoadTestSupport.freeUdpPort());
        node = EngineNode.launch(EngineConfig.parse(text, "test"));
        return configFile(text);
    }



    @Test
    void runsAgainstAnEngineAndReportsThroughputLatencyAndTheHistogram() throws IOException
    {
        final Path config = startEngine();
        final Path hgrm = dir.resolve("out/latency.hgrm");
        final int exit = run("load", "--config", config.toString(), "--rate", "2k", "--duration", "1",
            "--warmup", "0.5", "--clients", "2", "--hgrm", hgrm.toString(), "--seed", "7");
        final String output = out.toString();
        assertEquals(0, exit, () -> output + err);
        assertEquals("", err.toString());
        assertTrue(output.contains("offered rate     2,000 orders/s (2 clients, 1 s after 0.5 s warm-up)"), output);
        assertTrue(output.contains("acked            2,000 (unanswered 0, not sent 0)"), output);
        assertTrue(output.contains("rejects          0 unexpected"), output);
        assertTrue(output.matches("(?s).*latency µs +p50 [0-9.,]+ +p90 [0-9.,]+ +p99 [0-9.,]+ +p99\\.9 [0-9.,]+ +" +
            "p99\\.99 [0-9.,]+ +max [0-9.,]+ \\(2,000 samples.*"), output);
        assertTrue(output.contains("engine counters  ring full +0, egress back pressured +0, egress dropped +0"),
            output);
        final String histogram = Files.readString(hgrm);
        assertTrue(histogram.contains("Value     Percentile TotalCount 1/(1-Percentile)"), histogram);
        assertTrue(histogram.contains("Total count    =         2000]"), histogram);
    }

    @Test
    void noEngineIsOneLineAndExitOne()
    {
        final Path config = configFile(LoadTestSupport.sampleConfig(dir.resolve("engine"),
            LoadTestSupport.freeUdpPort()));
        final int exit = run("load", "--config", config.toString(), "--rate", "1000", "--duration", "1",
            "--connect-timeout-ms", "500");
        assertEquals(1, exit, err::toString);
        assertEquals(1, errLines().size(), err::toString);
        assertTrue(errLines().get(0).startsWith("ringbook load: cannot reach the engine at aeron:udp?endpoint=" +
            "localhost:"), err::toString);
        assertTrue(errLines().get(0).contains("is it running?"), err::toString);
    }

    @Test
    void refusedLogonIsOneLineAndExitOne() throws IOException
    {
        final Path config = startEngine();
        final Path other = LoadTestSupport.write(dir.resolve("other.yaml"), Files.readString(config)
            .replace("name: load1, secret: load-secret", "name: load1, secret: guessed"));
        final int exit = run("load", "--config", other.toString(), "--rate", "1000", "--duration", "1");
        assertEquals(1, exit, err::toString);
        assertEquals(List.of("ringbook load: logon of load1 (account 101) rejected: INVALID_CREDENTIALS " +
            "(does the engine run with the same config?)"), errLines());
    }

    @Test
    void anEngineThatStopsMidRunIsOneLineAndExitOne() throws Exception
    {
        final Path config = startEngine();
        final ExecutorService executor = Executors.newSingleThreadExecutor();
        try
        {
            final Future<Integer> exit = executor.submit(() -> run("load", "--config", config.toString(), "--rate",
                "1000", "--duration", "30", "--warmup", "0"));
            LoadTestSupport.await("a progress line", 15_000, () -> out.toString().contains(" measure "));
            node.close();
            node = null;
            assertEquals(1, exit.get(30, TimeUnit.SECONDS), err::toString);
            assertEquals(1, errLines().size(), err::toString);
            assertTrue(errLines().get(0).startsWith("ringbook load: engine session lost: load"), err::toString);
        }
        finally
        {
            executor.shutdownNow();
        }
    }

    @Test
    void moreClientsThanLoadAccountsIsOneLineAndExitTwo()
    {
        final Path config = configFile(LoadTestSupport.sampleConfig(dir.resolve("engine"),
            LoadTestSupport.freeUdpPort()));
        final int exit = run("load", "--config", config.toString(), "--clients", "9");
        assertEquals(2, exit, err::toString);
        assertEquals(List.of("ringbook load: --clients 9 needs accounts load1..load9 in " + config +
            ", which has only load1..load8"), errLines());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "--rate 0", "--rate fast", "--rate -5", "--duration 0", "--warmup -1", "--clients 0", "--idle spin",
        "--bogus 1", "--threads -1", "--ipc-replies", "--max-live 0" })
    void badArgumentsAreOneLineAndExitTwo(final String arguments)
    {
        final Path config = configFile(LoadTestSupport.sampleConfig(dir.resolve("engine"),
            LoadTestSupport.freeUdpPort()));
        final String[] extra = arguments.split(" ");
        final String[] args = new String[3 + extra.length];
        args[0] = "load";
        args[1] = "--config";
        args[2] = config.toString();
        System.arraycopy(extra, 0, args, 3, extra.length);
        assertEquals(2, run(args), err::toString);
        assertEquals(1, errLines().size(), err::toString);
        assertTrue(errLines().get(0).startsWith("ringbook"), err::toString);
    }

    @Test
    void missingConfigIsOneLineAndExitTwo()
    {
        assertEquals(2, run("load", "--config", dir.resolve("nope.yaml").toString()));
        assertEquals(List.of("ringbook load: config file not found: " + dir.resolve("nope.yaml")), errLines());
    }
}
