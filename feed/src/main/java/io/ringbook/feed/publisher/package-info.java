/**
 * The market-data publisher: an Agrona agent that reads the engine's transfer ring (records written by the matcher's
 * market-data recorder), frames each engine event as one packet on the incremental Aeron stream, keeps its own copy
 * of every book and runs the snapshot loop and heartbeats. See {@code docs/market-data.md}.
 */
package io.ringbook.feed.publisher;
