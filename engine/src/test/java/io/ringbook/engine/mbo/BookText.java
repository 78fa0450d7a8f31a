package io.ringbook.engine.mbo;

import java.math.BigDecimal;

/**
 * A book's levels as short text for assertions: {@code B[5000.25x9/2 5000x8/1] A[5000.5x3/1]}, that is price
 * (decimal, trailing zeros dropped) x total size / order count, best first.
 */
final class BookText
{
    private BookText()
    {
    }

    static String describe(final MarketByOrderBook book, final int priceScale)
    {
        final StringBuilder text = new StringBuilder();
        for (final Side side : new Side[]{ Side.BID, Side.ASK })
        {
            text.append(side == Side.BID ? "B[" : " A[");
            for (int level = 0; level < book.levelCount(side); level++)
            {
                if (level > 0)
                {
                    text.append(' ');
                }
                text.append(BigDecimal.valueOf(book.levelPrice(side, level), priceScale).stripTrailingZeros()
                    .toPlainString())
                    .append('x').append(book.levelSize(side, level))
                    .append('/').append(book.levelOrderCount(side, level));
            }
            text.append(']');
        }
        return text.toString();
    }
}
