/**
 * Feed client: builds correct books from the market-data feed and recovers from every gap.
 * <p>
 * {@link io.ringbook.feed.client.FeedHandler} is the transport-free core (packets in, books and callbacks out) that
 * implements the recovery algorithm of {@code docs/market-data.md}; {@link io.ringbook.feed.client.FeedClient}
 * feeds it from the two Aeron subscriptions; {@link io.ringbook.feed.client.FeedListener} is what callers implement.
 */
package io.ringbook.feed.client;
