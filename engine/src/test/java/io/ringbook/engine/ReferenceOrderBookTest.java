package io.ringbook.engine;

import io.ringbook.engine.book.ReferenceOrderBook;

import java.util.function.Function;

class ReferenceOrderBookTest extends OrderBookContractTest
{
    protected Function<Instrument, OrderBook> bookFactory()
    {
        return ReferenceOrderBook::new;
    }
}
