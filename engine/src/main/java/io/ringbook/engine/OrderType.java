package io.ringbook.engine;

/**
 * Limit orders carry a price; market orders trade up to the instrument's price band and never rest.
 */
public enum OrderType
{
    LIMIT,
    MARKET
}
