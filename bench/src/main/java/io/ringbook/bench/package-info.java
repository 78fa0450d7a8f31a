/**
 * JMH benchmarks of the matching engine over seeded workloads from {@code io.ringbook.engine.workload}:
 * {@link io.ringbook.bench.OrderBookBenchmark} (exchange-core's mix, one instrument) and
 * {@link io.ringbook.bench.RealisticMixBenchmark} (deep books over several instruments). Run them with
 * {@code bench/run}, which passes the JVM flags from {@code jvm-flags.properties}; see {@code bench/README.md}.
 */
package io.ringbook.bench;
