/**
 * The deterministic matching engine: instruments, commands, the output events, and the Disruptor pipeline.
 */
package io.ringbook.engine;
