package io.ringbook.tools.replay;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;

/**
 * A listener that also wants each journaled command itself, before its events: see {@link CommandEvents}.
 */
public interface JournaledCommandListener extends EngineListener
{
    /**
     * A journaled command, before its journaled events. {@code onCommandStart} follows when it has events.
     *
     * @param command   the command (reused: copy what must outlive the call).
     * @param sessionId the session it came from, as journaled.
     * @param hasEvents false when no event record was journaled for it (a journal cut short after the command).
     */
    void onJournaledCommand(EngineCommand command, long sessionId, boolean hasEvents);
}
