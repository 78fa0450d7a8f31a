package io.ringbook.tools.load;

import io.ringbook.engine.server.EngineConfig;
import io.ringbook.engine.server.EngineNode;
import io.ringbook.engine.telemetry.EngineCounter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short load run against a real engine node in this JVM (its own media driver, UDP on localhost), the load
 * generator with its own embedded driver or the engine's: every request is answered, the engine keeps up with the small offered
 * rate, the histogram holds exactly the measured requests, and nothing is rejected that should not be.
 */
class LoadGeneratorTest
{
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);

    @TempDir
    Path dir;

    private EngineNode node;
    private EngineConfig config;

    @BeforeEach
    void startEngine()
    {
        config = EngineConfig.parse(LoadTestSupport.sampleConfig(dir.resolve("engine"),
            LoadTestSupport.freeUdpPort()), "test");
        node = EngineNode.launch(config);
    }

    @AfterEach
    void stopEngine()
    {
        if (node != null)
        {
            node.close();
        }
    }

    /**
     * @param driver {@code embedded}: the load generator's own media driver; {@code shared}: the engine's;
     *               {@code shared-ipc}: the engine's, with replies over IPC.
     */
    @ParameterizedTest
    @ValueSource(strings = { "embedded", "shared", "shared-ipc" })
    void shortRunIsAnsweredInFullAtTheOfferedRate(final String driver)
    {
        final LoadGenerator.Context ctx = new LoadGenerator.Context()
            .engineConfig(config, "test")
            .clients(2)
            .idleStrategy("backoff");
        if (!driver.equals("embedded"))
        {
            ctx.aeronDir(dir.resolve("engine").resolve("aeron").toString()).ipcReplies(driver.equals("shared-ipc"));
        }
        final LoadGenerator generator = LoadGenerator.launch(ctx);
        try
        {
            assertEquals(2, generator.threads());
            assertEquals(driver.equals("embedded"), generator.embeddedDriver());
            final long[] before = generator.engineCounters();
            final PhaseResult result = generator.runPhase("measure", 2_000, SECOND_NS / 2, 2 * SECOND_NS,
                () -> false, null);
            final long[] after = generator.engineCounters();

            assertEquals(4_000, result.sent(), "2,000/s for 2 s");
            assertEquals(0, result.notSent());
            assertEquals(0, result.unanswered());
            assertEquals(result.sent(), result.acked(), "every request got a reply");
            assertEquals(result.acked(), result.histogram().getTotalCount(),
                "one latency per request acknowledged after the warm-up");
            assertEquals(1_000, result.warmup.sent);
            assertEquals(1_000, result.warmup.replied);
            assertEquals(0, result.unexpectedRejects(), () -> LoadReport.rejects(result.measured));
            assertTrue(result.achievedRate() >= 0.9 * 2_000 && result.achievedRate() <= 1.1 * 2_000,
                () -> "achieved " + result.achievedRate());
            assertTrue(result.measured.fills > 0, "IOC orders trade with resting orders");
            for (int kind = 0; kind < Command.KINDS; kind++)
            {
                assertTrue(result.measured.sentByKind[kind] > 0, Command.KIND_NAMES[kind]);
            }
            // The engine saw every request of both parts and dropped nothing.
            final long requests = result.warmup.sent + result.sent();
            assertEquals(requests, after[EngineCounter.COMMANDS_SEQUENCED.ordinal()] -
                before[EngineCounter.COMMANDS_SEQUENCED.ordinal()]);
            assertEquals(0, after[EngineCounter.EGRESS_DROPPED.ordinal()]);
        }
        finally
        {
            generator.close();
        }
        // Live orders stayed under the cap (read once the load threads have stopped).
        for (final LoadClient client : generator.clients())
        {
            assertTrue(client.orders().size() <= ctx.maxLiveOrders, () -> "live " + client.orders().size());
        }
    }
}
