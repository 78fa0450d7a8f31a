package io.ringbook.engine.pipeline;

import io.ringbook.engine.MatchingEngine;

/**
 * Work the matching thread does between commands, where the engine's state is complete: state snapshots, and
 * flushing what was batched (journaled events) at the end of each ring batch.
 */
@FunctionalInterface
public interface MatcherHook
{
    /**
     * @param engine   the engine, after the command; only read it here, on the matching thread.
     * @param sequence the engine sequence of the command just processed.
     */
    void afterCommand(MatchingEngine engine, long sequence);

    /**
     * After the last command of a batch the matcher took from the ring (after its {@link #afterCommand}).
     */
    default void endOfBatch()
    {
    }
}
