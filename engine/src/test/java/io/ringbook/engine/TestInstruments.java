package io.ringbook.engine;

/**
 * Instruments shared by the engine tests.
 */
public final class TestInstruments
{
    /** No band, tick 1, lot 1. */
    public static final Instrument ABC = new Instrument(1, "ABC", 1, 1, -2, 0, 1_000_000, 0);
    /** 10% band around 10000 (100.00), tick 5, lot 10, max 1000. */
    public static final Instrument BND = new Instrument(2, "BND", 5, 10, -2, 1_000, 1_000, 10_000);

    private TestInstruments()
    {
    }
}
