package io.ringbook.gateway;

import io.netty.buffer.ByteBuf;

/**
 * Exact decimal text of the engine's integer values: a mantissa scaled by a power of ten ({@code docs/websocket-api.md},
 * Numbers). Exponent -2 writes 19001 as {@code 190.01} and 19000 as {@code 190.00}: always {@code -exponent} digits
 * after the point, none for exponent 0 or above. Writes ASCII bytes; nothing is allocated.
 */
public final class Decimals
{
    private static final long[] POWERS = new long[19];

    static
    {
        long power = 1;
        for (int i = 0; i < POWERS.length; i++)
        {
            POWERS[i] = power;
            power *= 10;
        }
    }

    private Decimals()
    {
    }

    /**
     * Writes the decimal into {@code out} at {@code offset}.
     *
     * @param out room for at least 40 bytes from offset.
     * @return the number of bytes written.
     */
    public static int write(final byte[] out, final int offset, final long mantissa, final int exponent)
    {
        int at = offset;
        long value = mantissa;
        if (exponent > 0)
        {
            value = mantissa * POWERS[Math.min(exponent, 18)];
        }
        if (value < 0)
        {
            out[at++] = '-';
            value = -value;
        }
        final int decimals = exponent < 0 ? Math.min(-exponent, 18) : 0;
        final long scale = POWERS[decimals];
        at = writeDigits(out, at, value / scale, 1);
        if (decimals > 0)
        {
            out[at++] = '.';
            at = writeDigits(out, at, value % scale, decimals);
        }
        return at - offset;
    }

    /**
     * @return the decimal as a String (for messages that are not on a hot path, and tests).
     */
    public static String toString(final long mantissa, final int exponent)
    {
        final byte[] scratch = new byte[40];
        return new String(scratch, 0, write(scratch, 0, mantissa, exponent), java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * Writes the decimal into a buffer at its writer index.
     */
    public static void write(final ByteBuf out, final byte[] scratch, final long mantissa, final int exponent)
    {
        out.writeBytes(scratch, 0, write(scratch, 0, mantissa, exponent));
    }

    private static int writeDigits(final byte[] out, final int offset, final long value, final int minDigits)
    {
        int digits = 1;
        while (digits < 19 && value >= POWERS[digits])
        {
            digits++;
        }
        digits = Math.max(digits, minDigits);
        long v = value;
        for (int i = offset + digits - 1; i >= offset; i--)
        {
            out[i] = (byte)('0' + (v % 10));
            v /= 10;
        }
        return offset + digits;
    }
}
