/**
 * Engine state snapshots on disk: {@link io.ringbook.journal.snapshot.SnapshotStore} keeps the frames
 * {@link io.ringbook.engine.snapshot.EngineSnapshot} writes as one file per snapshot, named by the last sequence each
 * contains, written so that a crash never leaves a half-written file under a snapshot's name, and finds the newest one
 * that is intact when the engine recovers.
 */
package io.ringbook.journal.snapshot;
