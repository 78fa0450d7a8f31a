package io.ringbook.journal;

import io.ringbook.engine.EngineCommand;

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
}
