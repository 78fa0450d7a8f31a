package io.ringbook.engine.telemetry;

import io.ringbook.engine.CommandType;
import io.ringbook.engine.RejectReason;
import org.agrona.concurrent.status.AtomicCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Counting on the hot path allocates nothing: the engine's kinds of update (increments, gauge sets, rejects by reason,
 * heartbeats), measured on this thread after a warm-up that lets the JIT settle.
 */
class TelemetryAllocationTest
{
    private static final int ITERATIONS = 200_000;
    private static final RejectReason[] REASONS = RejectReason.values();

    @TempDir
    Path dir;

    @Test
    void counterUpdatesAllocateNothing()
    {
        try (EngineTelemetry telemetry = EngineTelemetry.launch(
            new EngineTelemetry.Context().dir(dir).printErrorsToStderr(false)))
        {
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            for (int pass = 0; pass < 10; pass++)
            {
                updateAll(telemetry);
            }

            final long overheadStart = threads.getCurrentThreadAllocatedBytes();
            final long overheadEnd = threads.getCurrentThreadAllocatedBytes();
            final long before = threads.getCurrentThreadAllocatedBytes();
            updateAll(telemetry);
            final long after = threads.getCurrentThreadAllocatedBytes();

            assertEquals(0, (after - before) - (overheadEnd - overheadStart), "bytes allocated by counter updates");
            assertEquals(11L * ITERATIONS, telemetry.counter(EngineCounter.ORDERS_RECEIVED).get());
            assertEquals(11L * ITERATIONS, telemetry.counter(EngineCounter.ORDER_REJECTS).get());
        }
    }

    private static void updateAll(final EngineTelemetry telemetry)
    {
        final AtomicCounter lastSequence = telemetry.counter(EngineCounter.LAST_SEQUENCE);
        for (int i = 0; i < ITERATIONS; i++)
        {
            telemetry.counter(EngineCounter.ORDERS_RECEIVED).increment();
            telemetry.counter(EngineCounter.TRADES).incrementRelease();
            telemetry.counter(EngineCounter.RING_OCCUPANCY).setRelease(i & 1023);
            telemetry.counter(EngineCounter.EGRESS_BACK_PRESSURED).getAndAddRelease(2);
            telemetry.rejectCounter(REASONS[i % REASONS.length]).incrementRelease();
            telemetry.onReject(CommandType.NEW_ORDER, REASONS[i % REASONS.length]);
            lastSequence.proposeMaxRelease(i);
            telemetry.updateHeartbeat(i);
        }
    }
}
