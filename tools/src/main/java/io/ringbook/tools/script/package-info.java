/**
 * Order scripts: a text front door to the engine. One command per line in, every engine event as one line out; the
 * format is documented in {@code docs/order-scripts.md}.
 */
package io.ringbook.tools.script;
