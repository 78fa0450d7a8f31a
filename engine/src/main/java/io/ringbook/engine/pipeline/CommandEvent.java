package io.ringbook.engine.pipeline;

import io.ringbook.engine.EngineCommand;

/**
 * A preallocated ring slot. Producers fill it in place through {@link CommandTranslator}s, so sequencing allocates
 * nothing.
 */
public final class CommandEvent extends EngineCommand
{
    /** Session that sent the command (for routing execution reports), 0 for in-process producers. */
    public long sessionId;

    /**
     * Set by the journal handler when the command could not be journaled: the matcher then rejects it
     * ({@code JOURNAL_UNAVAILABLE}) without applying it.
     */
    public boolean journalFailed;
}
