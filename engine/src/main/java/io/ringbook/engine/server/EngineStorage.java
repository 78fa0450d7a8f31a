package io.ringbook.engine.server;

import io.ringbook.engine.EngineListener;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.pipeline.CommandJournal;
import io.ringbook.engine.pipeline.MatcherHook;
import io.ringbook.engine.telemetry.EngineTelemetry;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Durable storage plugged into the engine process: the journal of commands and events, and state snapshots. The
 * journal module implements it (the engine never depends on the journal); {@link EngineNode} drives it: recovery
 * before the ring starts, the command journal as the ring's first gating handler, the event journal beside the
 * report publisher, the matcher hook after each command.
 */
public interface EngineStorage extends AutoCloseable
{
    /**
     * Bring a new, empty engine to the last state the storage holds: the newest valid snapshot, then every journaled
     * command after it. The storage defines the instruments (the journal's definitions win, as its commands were
     * matched against them), adds configured instruments it does not know, and journals the definitions.
     *
     * @param engine     the engine to restore; its listener is the storage's to set while it replays (the node sets
     *                   the engine's output afterwards).
     * @param configured the instruments of the configuration.
     * @param log        one-line messages for the operator (what was loaded, anything skipped and why).
     * @return the sequence of the last command applied, 0 when the storage was empty.
     */
    long recover(MatchingEngine engine, List<Instrument> configured, Consumer<String> log);

    /**
     * Called after {@link #recover} and before the ring starts: make the first commands after a start as fast as the
     * rest (e.g. warm the JIT up on scratch data). Must not change the engine or the stored state. Default: nothing.
     *
     * @param output wraps an event journal into the listener chain the engine runs with (the same classes, so the JIT
     *               compiles the paths it will take), writing to that journal instead of the storage's own.
     * @param log    one-line messages for the operator.
     */
    default void warmUp(UnaryOperator<EngineListener> output, Consumer<String> log)
    {
    }

    /**
     * @return where each command is journaled before it is matched.
     */
    CommandJournal commandJournal();

    /**
     * @return the listener that journals the events of each applied command (on the matching thread), or null.
     */
    EngineListener eventJournal();

    /**
     * @return work for the matching thread between commands (snapshots), or null.
     */
    MatcherHook matcherHook();

    /**
     * Flush and release everything; called after the ring has drained.
     */
    void close();

    /**
     * Opens the storage once the engine holds its directory lock and has its counters and error log.
     */
    @FunctionalInterface
    interface Factory
    {
        /**
         * @param telemetry the engine's counters and error handler.
         * @return the open storage.
         */
        EngineStorage open(EngineTelemetry telemetry);
    }
}
