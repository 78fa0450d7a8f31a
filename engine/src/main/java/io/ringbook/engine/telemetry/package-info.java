/**
 * Observability from outside the process: the engine's counters and its distinct error log live in one
 * memory-mapped file, {@code <dir>/ringbook-stat.dat}, that {@code ringbook stat} reads live, in the manner of
 * Aeron's CnC file with {@code AeronStat} and {@code ErrorStat}.
 * <p>
 * {@link io.ringbook.engine.telemetry.EngineTelemetry} is the writer, owned by the engine process;
 * {@link io.ringbook.engine.telemetry.TelemetryReader} is the reader, for any other process;
 * {@link io.ringbook.engine.telemetry.StatFileDescriptor} is the layout they share;
 * {@link io.ringbook.engine.telemetry.EngineCounter} names the engine's counter types. The layout is described in
 * {@code docs/stat.md}.
 */
package io.ringbook.engine.telemetry;
