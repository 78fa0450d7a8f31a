package io.ringbook.engine.pipeline;

import io.ringbook.engine.MatchingEngine;

/**
 * Work the matching thread does between commands, where the engine's state is complete: state snapshots.
 */
@FunctionalInterface
public interface MatcherHook
{
    /**
     * @param engine   the engine, after the command; only read it here, on the matching thread.
     * @param sequence the engine sequence of the command just processed.
     */
    void afterCommand(MatchingEngine engine, long sequence);
}
