package io.ringbook.engine.workload;

/**
 * How cancels and replaces name the order they act on.
 */
public enum Addressing
{
    /** By the engine's order id with the instrument id: one hash lookup in the book. */
    ORDER_ID,
    /**
     * By the account's client order id (FIX OrigClOrdID) with order id 0: a lookup in the engine's client order id
     * index first.
     */
    CLIENT_ORDER_ID
}
