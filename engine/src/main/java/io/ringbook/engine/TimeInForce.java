package io.ringbook.engine;

/**
 * How long an order may live: GTC rests until filled or cancelled, IOC expires what it cannot fill at once,
 * FOK fills completely at once or is rejected without trading.
 */
public enum TimeInForce
{
    GTC,
    IOC,
    FOK
}
