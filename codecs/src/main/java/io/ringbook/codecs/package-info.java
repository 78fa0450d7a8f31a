/**
 * ringbook's wire protocol: the SBE schemas (in {@code sbe/} on the classpath) and the hand-written helpers that
 * every module uses around the codecs generated from them.
 * <ul>
 *     <li>{@link io.ringbook.codecs.PriceScale}: exact decimal text to and from integer price mantissas.</li>
 *     <li>{@link io.ringbook.codecs.MessageHeaderValidator} and {@link io.ringbook.codecs.FrameCheckResult}:
 *     header checks that turn bad input into a result code before any decoder touches it.</li>
 * </ul>
 * The generated codecs live in {@code io.ringbook.codecs.orderentry} (schema id 1) and
 * {@code io.ringbook.codecs.marketdata} (schema id 2); they are built from the schemas on every build and never
 * committed.
 */
package io.ringbook.codecs;
