package io.ringbook.engine.workload;

import io.ringbook.engine.EngineCommand;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Helpers shared by the workload tests.
 */
final class WorkloadAssertions
{
    private WorkloadAssertions()
    {
    }

    static void assertSameCommands(final EngineCommand[] expected, final EngineCommand[] actual)
    {
        assertEquals(expected.length, actual.length, "command count");
        for (int i = 0; i < expected.length; i++)
        {
            // toString names every field of a command.
            assertEquals(expected[i].toString(), actual[i].toString(), "command " + i);
        }
    }

    static long fingerprint(final EngineCommand[] commands)
    {
        long h = 17;
        for (final EngineCommand command : commands)
        {
            h = h * 31 + command.toString().hashCode();
        }
        return h;
    }
}
