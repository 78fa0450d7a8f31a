package io.ringbook.engine.server;

import io.aeron.driver.ThreadingMode;

/**
 * Embedded media driver threading by name: {@code shared} (one thread, for small machines), {@code shared-network}
 * or {@code dedicated} (three threads, for dedicated cores).
 */
public final class DriverThreading
{
    private DriverThreading()
    {
    }

    public static ThreadingMode byName(final String name)
    {
        switch (name)
        {
            case "shared":
                return ThreadingMode.SHARED;
            case "shared-network":
                return ThreadingMode.SHARED_NETWORK;
            case "dedicated":
                return ThreadingMode.DEDICATED;
            default:
                throw new IllegalArgumentException(
                    "unknown driver threading '" + name + "', expected one of: shared, shared-network, dedicated");
        }
    }
}
