/**
 * Order book implementations behind {@link io.ringbook.engine.OrderBook}: the reference book, written to be obviously
 * right, and the fast book, pooled and allocation-free. One test suite and a differential test hold them equal.
 */
package io.ringbook.engine.book;
