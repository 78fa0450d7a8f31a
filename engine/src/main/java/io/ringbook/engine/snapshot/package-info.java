/**
 * Engine state snapshots: the whole state of a {@link io.ringbook.engine.MatchingEngine} (instruments, resting orders
 * in priority order, trade counters, client order ids in use, the next order id) in a versioned, checksummed binary
 * frame, so recovery can start from a snapshot and replay only the journal after it. Where the frames are kept on
 * disk is the journal module's business ({@code io.ringbook.journal.snapshot}).
 */
package io.ringbook.engine.snapshot;
