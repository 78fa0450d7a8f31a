/**
 * The sequencing pipeline: an LMAX Disruptor ring with one producer (the order-entry agent) that stamps each command
 * with the engine sequence and time, optional gating handlers (the journal) and the matching handler last.
 */
package io.ringbook.engine.pipeline;
