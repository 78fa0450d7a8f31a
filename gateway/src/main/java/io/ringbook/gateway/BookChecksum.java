package io.ringbook.gateway;

import java.util.zip.CRC32;

/**
 * The checksum of every WebSocket book message ({@code docs/websocket-api.md}, Checksum): CRC-32 of
 * {@code bid0price:bid0qty:ask0price:ask0qty:bid1price:...} over the top 10 levels per side (fewer when the view or the
 * book is smaller), prices and quantities written exactly as in the messages. Reused, single threaded; allocates
 * nothing.
 */
public final class BookChecksum
{
    public static final int LEVELS = 10;

    private final CRC32 crc = new CRC32();
    private final byte[] scratch = new byte[48];
    private boolean first;

    /**
     * Starts a checksum.
     */
    public BookChecksum reset()
    {
        crc.reset();
        first = true;
        return this;
    }

    /**
     * Adds one level, in the order the checksum defines (bid i, then ask i, for i = 0..9).
     */
    public void add(final long price, final int priceExponent, final long quantity, final int quantityExponent)
    {
        int at = 0;
        if (!first)
        {
            scratch[at++] = ':';
        }
        first = false;
        at += Decimals.write(scratch, at, price, priceExponent);
        scratch[at++] = ':';
        at += Decimals.write(scratch, at, quantity, quantityExponent);
        crc.update(scratch, 0, at);
    }

    /**
     * @return the checksum, an unsigned 32-bit value.
     */
    public long value()
    {
        return crc.getValue();
    }
}
