/**
 * The order-entry client library for algorithmic traders: connect and log on over Aeron, send orders, cancels and
 * replaces as SBE, and receive execution reports by callback. Back pressure is explicit: every send returns Aeron's
 * result, so the caller sees when a message did not go out.
 */
package io.ringbook.engine.client;
