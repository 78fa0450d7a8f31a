/**
 * ringbook feed: Market-data publisher and feed client library over Aeron. Not built yet; see the issues.
 */
package io.ringbook.feed;
