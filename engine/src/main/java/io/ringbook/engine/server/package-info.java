/**
 * The engine process: configuration, the embedded media driver, the order-entry agent with its sessions, and the
 * execution-report publisher that answers each session over Aeron.
 */
package io.ringbook.engine.server;
