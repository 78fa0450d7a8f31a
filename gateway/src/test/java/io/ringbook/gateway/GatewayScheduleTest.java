package io.ringbook.gateway;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the gateway serves a subscription: the interval's grid shifted by the client's phase.
 */
class GatewayScheduleTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void dueTimesKeepTheIntervalAndTheClientsPhase()
    {
        final long interval = 100 * MS;
        for (long clientId = 0; clientId < 300; clientId++)
        {
            long now = 12_345_678_901L + clientId * 7_919;
            final long first = GatewayAgent.nextDue(now, interval, clientId);
            assertTrue(first > now && first - now <= interval, "within one interval: " + (first - now));
            assertEquals((clientId % 100) * MS, Math.floorMod(first, interval), "on the client's phase");
            now = first + 3 * MS; // served a little late
            assertEquals(first + interval, GatewayAgent.nextDue(now, interval, clientId), "late does not drift");
        }
    }

    @Test
    void clientsSpreadOverTheIntervalAndShareSlices()
    {
        final long now = 1_000_000_000_000L;
        final Set<Long> slots = new HashSet<>();
        for (long clientId = 0; clientId < 5_000; clientId++)
        {
            slots.add(GatewayAgent.nextDue(now, 100 * MS, clientId));
        }
        assertEquals(100, slots.size(), "5,000 clients at 100 ms: 100 slices of 1 ms, 50 clients each");
        assertEquals(GatewayAgent.nextDue(now, 100 * MS, 7), GatewayAgent.nextDue(now, 100 * MS, 107),
            "clients of one slice are served together (their messages encoded once)");
        assertEquals(now, GatewayAgent.nextDue(now, 0, 7), "interval 0: at once");
        final long due = GatewayAgent.nextDue(now, 15 * MS, 22);
        assertEquals(7 * MS, Math.floorMod(due, 15 * MS), "an interval that is not a multiple of 10 ms");
    }
}
