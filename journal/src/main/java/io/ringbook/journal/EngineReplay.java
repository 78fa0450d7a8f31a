package io.ringbook.journal;

import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;

/**
 * Replays journaled commands into an engine, defining each instrument the engine lacks when its definition comes
 * by (ahead of the commands that use it), and counts the commands processed.
 */
class EngineReplay implements CommandVisitor
{
    final MatchingEngine engine;
    long replayed;

    EngineReplay(final MatchingEngine engine)
    {
        this.engine = engine;
    }

    public void onCommand(final EngineCommand command, final long sessionId)
    {
        engine.process(command);
        replayed++;
    }

    public void onInstrument(final Instrument instrument)
    {
        if (null == engine.book(instrument.id()))
        {
            engine.addInstrument(instrument);
        }
    }
}
