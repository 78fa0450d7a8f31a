/**
 * ringbook feed: market data over Aeron (see {@code docs/market-data.md}). {@code publisher}: the engine-side
 * {@link io.ringbook.feed.publisher.MarketDataPublisher}, which frames the matcher's records into the incremental
 * stream and runs the snapshot loop; {@code client}: {@link io.ringbook.feed.client.FeedClient}, which builds every
 * book from snapshots and incrementals, detects gaps and recovers; {@code book}: the book both keep.
 */
package io.ringbook.feed;
