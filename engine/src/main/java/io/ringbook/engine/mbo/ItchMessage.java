package io.ringbook.engine.mbo;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A flyweight over one NASDAQ TotalView-ITCH 5.0 message inside {@link Itch50Reader}'s buffer: fields are read
 * in place, big-endian, when asked for, so walking a day of messages copies nothing. Valid until the reader's
 * next call.
 * <p>
 * Offsets count from the message type byte, as in the specification. Every message starts with stock locate,
 * tracking number and a 6-byte timestamp (nanoseconds since midnight); prices are unsigned 4-byte integers with
 * {@value #PRICE_SCALE} implied decimals.
 */
public final class ItchMessage
{
    /** Decimal places implied in ITCH {@code Price (4)} fields. */
    public static final int PRICE_SCALE = 4;

    /** Length of the space-padded stock symbol field. */
    public static final int STOCK_LENGTH = 8;

    private static final VarHandle U16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle U64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buffer;
    private int offset;
    private int length;

    void wrap(final byte[] buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
    }

    /**
     * Message type, such as {@code 'A'} for add order.
     *
     * @return the type byte.
     */
    public byte type()
    {
        return buffer[offset];
    }

    /**
     * Message length without the 2-byte length prefix.
     *
     * @return bytes from the type byte to the end of the message.
     */
    public int length()
    {
        return length;
    }

    /**
     * Locate code of the stock, assigned by the stock directory ({@code R}) message; 0 for market-wide messages.
     *
     * @return the stock locate.
     */
    public int stockLocate()
    {
        return u16(1);
    }

    /**
     * NASDAQ internal tracking number.
     *
     * @return the tracking number.
     */
    public int trackingNumber()
    {
        return u16(3);
    }

    /**
     * Time of the message.
     *
     * @return nanoseconds since midnight.
     */
    public long timestampNs()
    {
        return ((long)u16(5) << 32) | (u32(7));
    }

    /**
     * Order reference number: of the order added, executed, cancelled or deleted ({@code A F E C X D}), the
     * original order of a replace ({@code U}), or of the hidden order of a trade ({@code P}).
     *
     * @return the order reference, or 0 for message types without one.
     */
    public long orderReferenceNumber()
    {
        switch (type())
        {
            case 'A':
            case 'F':
            case 'E':
            case 'C':
            case 'X':
            case 'D':
            case 'U':
            case 'P':
                return u64(11);
            default:
                return 0;
        }
    }

    /**
     * New order reference number of a replace ({@code U}).
     *
     * @return the new reference, or 0 for other types.
     */
    public long newOrderReferenceNumber()
    {
        return type() == 'U' ? u64(19) : 0;
    }

    /**
     * Buy/sell indicator of an add ({@code A F}) or trade ({@code P}).
     *
     * @return {@code 'B'} or {@code 'S'}, or 0 for other types.
     */
    public byte buySellIndicator()
    {
        switch (type())
        {
            case 'A':
            case 'F':
            case 'P':
                return buffer[offset + 19];
            default:
                return 0;
        }
    }

    /**
     * Book side of an add or trade.
     *
     * @return {@link Side#BID} for {@code 'B'}, {@link Side#ASK} for {@code 'S'}, else null.
     */
    public Side side()
    {
        final byte indicator = buySellIndicator();
        return indicator == 'B' ? Side.BID : indicator == 'S' ? Side.ASK : null;
    }

    /**
     * Shares: added ({@code A F}), executed ({@code E C}), cancelled ({@code X}), of the replacement
     * ({@code U}), traded ({@code P}) or crossed ({@code Q}).
     *
     * @return the shares, or 0 for other types.
     */
    public long shares()
    {
        switch (type())
        {
            case 'A':
            case 'F':
            case 'P':
                return u32(20);
            case 'E':
            case 'C':
            case 'X':
                return u32(19);
            case 'U':
                return u32(27);
            case 'Q':
                return u64(11);
            default:
                return 0;
        }
    }

    /**
     * Price with {@value #PRICE_SCALE} implied decimals: the order's ({@code A F U}), the execution price
     * ({@code C}), the trade price ({@code P}) or the cross price ({@code Q}).
     *
     * @return the price, or 0 for other types.
     */
    public long price()
    {
        switch (type())
        {
            case 'A':
            case 'F':
            case 'P':
            case 'C':
                return u32(32);
            case 'U':
                return u32(31);
            case 'Q':
                return u32(27);
            default:
                return 0;
        }
    }

    /**
     * Match number of an execution or trade ({@code E C P Q B}).
     *
     * @return the match number, or 0 for other types.
     */
    public long matchNumber()
    {
        switch (type())
        {
            case 'E':
            case 'C':
                return u64(23);
            case 'P':
                return u64(36);
            case 'Q':
                return u64(31);
            case 'B':
                return u64(11);
            default:
                return 0;
        }
    }

    /**
     * Event code of a system event ({@code S}), such as {@code 'O'} start of messages.
     *
     * @return the code, or 0 for other types.
     */
    public byte eventCode()
    {
        return type() == 'S' ? buffer[offset + 11] : 0;
    }

    /**
     * Trading state of a stock trading action ({@code H}): {@code H} halted, {@code P} paused, {@code Q}
     * quotation only, {@code T} trading.
     *
     * @return the state, or 0 for other types.
     */
    public byte tradingState()
    {
        return type() == 'H' ? buffer[offset + 19] : 0;
    }

    /**
     * Whether the message carries a stock symbol field.
     *
     * @return true for {@code R H Y L K J h A F P Q I N O}.
     */
    public boolean hasStock()
    {
        return stockOffset() > 0;
    }

    /**
     * Compares the message's stock field with a symbol, without allocating.
     *
     * @param padded the symbol as {@value #STOCK_LENGTH} ASCII bytes, space padded.
     * @return true when the message has a stock field equal to it.
     */
    public boolean stockEquals(final byte[] padded)
    {
        final int at = stockOffset();
        if (at <= 0)
        {
            return false;
        }
        for (int i = 0; i < STOCK_LENGTH; i++)
        {
            if (buffer[offset + at + i] != padded[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Copies the stock field.
     *
     * @param destination receives {@value #STOCK_LENGTH} bytes, space padded.
     * @param at          where in the destination.
     * @return false (and nothing copied) when the message has no stock field.
     */
    public boolean copyStock(final byte[] destination, final int at)
    {
        final int stockAt = stockOffset();
        if (stockAt <= 0)
        {
            return false;
        }
        System.arraycopy(buffer, offset + stockAt, destination, at, STOCK_LENGTH);
        return true;
    }

    /**
     * The stock field with its padding removed. Allocates; for tests and messages.
     *
     * @return the symbol, or null when the message has none.
     */
    public String stockText()
    {
        final int at = stockOffset();
        if (at <= 0)
        {
            return null;
        }
        return new String(buffer, offset + at, STOCK_LENGTH, StandardCharsets.US_ASCII).trim();
    }

    /**
     * Whether this type can change an order book: add, execute, cancel, delete, replace.
     *
     * @return true for {@code A F E C X D U}.
     */
    public boolean isBookEvent()
    {
        switch (type())
        {
            case 'A':
            case 'F':
            case 'E':
            case 'C':
            case 'X':
            case 'D':
            case 'U':
                return true;
            default:
                return false;
        }
    }

    /**
     * Applies this message to the book of its stock: adds, executions (with or without price: the resting order
     * is reduced either way), partial cancels, deletes, and replaces, which keep the side of the order replaced.
     * ITCH executions and cancels do not say where the order rests, so for an unknown order nothing can be done.
     *
     * @param book the book of the message's stock locate.
     * @return a {@link MarketByOrderBook} result code; {@link MarketByOrderBook#NO_BOOK_CHANGE} for other types.
     */
    public int applyTo(final MarketByOrderBook book)
    {
        switch (type())
        {
            case 'A':
            case 'F':
                return book.add(u64(11), side(), u32(32), u32(20));
            case 'E':
            case 'C':
                return book.execute(u64(11), u32(19));
            case 'X':
                return book.reduce(u64(11), u32(19));
            case 'D':
                return book.delete(u64(11));
            case 'U':
                return book.replace(u64(11), u64(19), u32(31), u32(27));
            default:
                return MarketByOrderBook.NO_BOOK_CHANGE;
        }
    }

    public String toString()
    {
        return "ItchMessage{type=" + (char)type() + ", locate=" + stockLocate() + ", timestampNs=" + timestampNs() +
            ", length=" + length + '}';
    }

    private int stockOffset()
    {
        switch (type())
        {
            case 'R':
            case 'H':
            case 'Y':
            case 'K':
            case 'J':
            case 'h':
            case 'N':
            case 'O':
                return 11;
            case 'L':
                return 15;
            case 'A':
            case 'F':
            case 'P':
                return 24;
            case 'Q':
                return 19;
            case 'I':
                return 28;
            default:
                return -1;
        }
    }

    private int u16(final int at)
    {
        return ((short)U16.get(buffer, offset + at)) & 0xFFFF;
    }

    private long u32(final int at)
    {
        return ((int)U32.get(buffer, offset + at)) & 0xFFFF_FFFFL;
    }

    private long u64(final int at)
    {
        return (long)U64.get(buffer, offset + at);
    }
}
