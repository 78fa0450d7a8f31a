package io.ringbook.engine;

import io.ringbook.engine.book.FastOrderBook;
import org.junit.jupiter.api.AfterEach;

import java.util.function.Function;

class FastOrderBookTest extends OrderBookContractTest
{
    protected Function<Instrument, OrderBook> bookFactory()
    {
        // Tiny pools so tests also cover growth past the preallocated high-water mark.
        return instrument -> new FastOrderBook(instrument, 2);
    }

    @AfterEach
    protected void checkBooks()
    {
        for (final int id : engine.instrumentIds())
        {
            ((FastOrderBook)engine.book(id)).validateInternalState();
        }
    }
}
