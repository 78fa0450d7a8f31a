package io.ringbook.engine.mbo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LOBSTER's AAPL level-10 sample (first 999 events of 2012-06-21): the replayed top 10 levels after every event
 * against LOBSTER's own order-book row for that event. See {@link LobsterReferenceReplay} for the two windowing
 * rules; both must show zero mismatches, and both must actually have compared a lot, so the test cannot pass by
 * comparing nothing.
 */
class LobsterAaplLevel10Test
{
    @Test
    void replayMatchesEveryReferenceRowInsideTheVerifiableWindow() throws Exception
    {
        final LobsterReferenceReplay.Result result = LobsterReferenceReplay.run(
            SharedData.file(SharedData.AAPL_MESSAGES), SharedData.file(SharedData.AAPL_ORDERBOOK));
        System.out.println("AAPL level 10: " + result);

        assertEquals(999, result.events);
        assertEquals(0, result.windowMismatches, () -> String.join("\n", result.mismatches));
        assertEquals(0, result.provenMismatches, () -> String.join("\n", result.mismatches));

        // Reference window: every row has levels to compare on both sides; nearly all 10 levels per side are
        // inside the previous row's range (19,980 at most: 999 rows x 2 sides x 10 levels).
        assertEquals(999, result.windowRowsCompared);
        assertTrue(result.windowLevelsCompared >= 19_000, () -> "only " + result.windowLevelsCompared);
        // Surfaced levels are few: the check is of the replay, not of the reference copied back.
        assertTrue(result.windowLevelsTakenFromReference < 50, () -> "took " +
            result.windowLevelsTakenFromReference);

        // Proven region: the replay alone, never corrected; the bid side's region empties as the price falls.
        assertEquals(999, result.provenRowsCompared);
        assertTrue(result.provenLevelsCompared >= 6_000, () -> "only " + result.provenLevelsCompared);

        assertTrue(result.unknownOrderReductions > 0, "the sample has cancels of orders resting before 09:30");
    }
}
