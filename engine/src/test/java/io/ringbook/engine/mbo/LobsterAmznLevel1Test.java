package io.ringbook.engine.mbo;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LOBSTER's AMZN level-1 full day (57,515 events, header line added, times rounded to 10 us): best bid and ask
 * after every event against the order-book file, under the windowing rules of {@link LobsterReferenceReplay}.
 * At level 1 the reference window is "at or better than the previous best": an event there is always in the
 * file, so the replay must get the new best right, except where the best level emptied and the next one, never
 * messaged, surfaced; that row is not compared on that side and the surfaced level is taken from it.
 */
class LobsterAmznLevel1Test
{
    @Test
    void bestBidAndAskMatchTheReferenceWhereVerifiable() throws Exception
    {
        final LobsterReferenceReplay.Result result = LobsterReferenceReplay.run(
            SharedData.file(SharedData.AMZN_MESSAGES), SharedData.file(SharedData.AMZN_ORDERBOOK));
        System.out.println("AMZN level 1: " + result);

        assertEquals(57_515, result.events);
        assertEquals(0, result.windowMismatches, () -> String.join("\n", result.mismatches));
        assertEquals(0, result.provenMismatches, () -> String.join("\n", result.mismatches));

        // 115,030 side-rows in all; the rest are rows where the best level emptied.
        assertTrue(result.windowLevelsCompared >= 100_000, () -> "only " + result.windowLevelsCompared);
        assertTrue(result.windowRowsCompared >= 57_000, () -> "only " + result.windowRowsCompared);
        // The replay alone can prove the best only while it stays at or better than any best it has seen.
        assertTrue(result.provenLevelsCompared >= 1_300, () -> "only " + result.provenLevelsCompared);
    }
}
