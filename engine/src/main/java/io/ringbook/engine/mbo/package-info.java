/**
 * Market-by-order import: rebuilds price-level books from third-party order-by-order files (LOBSTER message
 * files, Databento MBO CSV, NASDAQ TotalView-ITCH 5.0) so quants can turn vendor data into MBP-N rows, and so
 * the project has real flow with vendor-made books to test against.
 * <p>
 * Self-contained on purpose: it depends on the JDK and Agrona only, not on the matching engine, because an
 * imported book follows the vendor's rules (unknown orders, hidden liquidity, clear-book records), not ours.
 * Readers stream one event at a time into a reused event object and parse numbers straight from bytes, and
 * the book keeps primitive arrays, so a day of data imports without allocating per event.
 */
package io.ringbook.engine.mbo;
