/**
 * The load generator behind {@code ringbook load}: open-loop order flow at a fixed offered rate from several
 * order-entry sessions, latency from each command's intended send time (corrected for coordinated omission) into
 * HdrHistogram, and a search for the highest sustainable rate.
 * <p>
 * {@link io.ringbook.tools.load.LoadGenerator} owns the media driver, the Aeron client and the sessions, and runs
 * phases; each {@link io.ringbook.tools.load.LoadAgent} drives one or more {@link io.ringbook.tools.load.LoadClient}s on
 * its own thread; a client's {@link io.ringbook.tools.load.Workload} picks the next command,
 * {@link io.ringbook.tools.load.OwnOrders} tracks its live orders from the execution reports, and its
 * {@link io.ringbook.tools.load.LatencyRecorder} matches replies to requests and records latencies.
 */
package io.ringbook.tools.load;
