package io.ringbook.journal;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;

/**
 * Receives journaled commands in sequence order from {@link JournalReader#forEachCommand(long, long, CommandVisitor)}.
 */
@FunctionalInterface
public interface CommandVisitor
{
    /**
     * @param command   the command, a flyweight-like holder reused between calls: copy it to keep it.
     * @param sessionId the session that sent it, 0 for in-process producers.
     */
    void onCommand(EngineCommand command, long sessionId);

    /**
     * An instrument definition met in the journal before the commands that follow it (each engine run writes its
     * instruments before its first command). Not on a hot path: each is a new object.
     *
     * @param instrument as the engine defined it.
     */
    default void onInstrument(final Instrument instrument)
    {
    }
}
