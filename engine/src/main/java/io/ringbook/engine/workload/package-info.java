/**
 * Seeded, deterministic workloads of {@link io.ringbook.engine.EngineCommand}s for benchmarks, load generators and
 * tests: the exchange-core performance-test mix ({@link io.ringbook.engine.workload.ExchangeCoreWorkload}) and a
 * deeper multi-instrument mix ({@link io.ringbook.engine.workload.RealisticMixWorkload}).
 * <p>
 * Generators run a real {@link io.ringbook.engine.MatchingEngine} while they generate, so they know which orders are
 * live, what traded and at what price; every command they emit is valid on a fresh engine (no rejects), and a
 * {@link io.ringbook.engine.workload.Workload} carries the state hash a correct engine reaches after replaying it.
 * Generation allocates freely: it is done once, before measuring.
 */
package io.ringbook.engine.workload;
