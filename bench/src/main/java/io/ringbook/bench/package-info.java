/**
 * JMH benchmarks and latency harnesses.
 */
package io.ringbook.bench;
