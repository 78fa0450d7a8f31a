package io.ringbook.engine.mbo;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes CSV as ASCII bytes into one reused buffer: integers and fixed-point decimals are formatted digit by
 * digit without a {@code String}, so writing a row per event stays free of allocation and the output stream sees
 * large writes only.
 */
public final class AsciiCsvWriter implements Closeable, Flushable
{
    private final OutputStream out;
    private final byte[] buffer;
    private int position;

    /**
     * Writes to a stream through a buffer of the given size.
     *
     * @param out        where the bytes go; closed by {@link #close}.
     * @param bufferSize bytes buffered before a write to {@code out}; at least 64.
     */
    public AsciiCsvWriter(final OutputStream out, final int bufferSize)
    {
        this.out = out;
        this.buffer = new byte[Math.max(64, bufferSize)];
    }

    /**
     * Writes one character that must be ASCII.
     *
     * @param c the character.
     * @return this writer.
     * @throws IOException if flushing fails.
     */
    public AsciiCsvWriter put(final char c) throws IOException
    {
        ensure(1);
        buffer[position++] = (byte)c;
        return this;
    }

    /**
     * Writes a field separator.
     *
     * @return this writer.
     * @throws IOException if flushing fails.
     */
    public AsciiCsvWriter comma() throws IOException
    {
        return put(',');
    }

    /**
     * Ends a row.
     *
     * @return this writer.
     * @throws IOException if flushing fails.
     */
    public AsciiCsvWriter newline() throws IOException
    {
        return put('\n');
    }

    /**
     * Writes text that must be ASCII; allocates nothing but is meant for headers and constants.
     *
     * @param text the text.
     * @return this writer.
     * @throws IOException if flushing fails.
     */
    public AsciiCsvWriter put(final CharSequence text) throws IOException
    {
        for (int i = 0, n = text.length(); i < n; i++)
        {
            put(text.charAt(i));
        }
        return this;
    }

    /**
     * Writes bytes as they are.
     *
     * @param bytes  source.
     * @param offset first byte.
     * @param length number of bytes.
     * @return this writer.
     * @throws IOException if flushing fails.
     */
    public AsciiCsvWriter put(final byte[] bytes, final int offset, final int length) throws IOException
    {
        if (length > buffer.length)
        {
            flush();
            out.write(bytes, offset, length);
            return this;
        }
        ensure(length);
        System.arraycopy(bytes, offset, buffer, position, length);
        position += length;
        return this;
    }

    /**
     * Writes a signed integer in decimal.
     *
     * @param value the integer.
     * @return this writer.
     * @throws IOException if flushing fails.
     */
    public AsciiCsvWriter putLong(final long value) throws IOException
    {
        ensure(20);
        if (value == Long.MIN_VALUE)
        {
            return put("-9223372036854775808");
        }
        long v = value;
        if (v < 0)
        {
            buffer[position++] = '-';
            v = -v;
        }
        position += digits(v, position);
        return this;
    }

    /**
     * Writes an unsigned 64-bit integer kept in a {@code long}'s bits, such as a Databento order id.
     *
     * @param value the integer's bits.
     * @return this writer.
     * @throws IOException if flushing fails.
     */
    public AsciiCsvWriter putUnsignedLong(final long value) throws IOException
    {
        if (value >= 0)
        {
            return putLong(value);
        }
        final long quotient = Long.divideUnsigned(value, 10);
        putLong(quotient);
        return put((char)('0' + (value - quotient * 10)));
    }

    /**
     * Writes a fixed-point number with exactly {@code scale} decimals: mantissa 1234500 at scale 4 is
     * {@code 123.4500}.
     *
     * @param mantissa the number times 10^scale.
     * @param scale    decimal places, 0 to 18.
     * @return this writer.
     * @throws IOException if flushing fails.
     */
    public AsciiCsvWriter putDecimal(final long mantissa, final int scale) throws IOException
    {
        if (scale == 0)
        {
            return putLong(mantissa);
        }
        ensure(41);
        if (mantissa == Long.MIN_VALUE)
        {
            return put(java.math.BigDecimal.valueOf(mantissa, scale).toPlainString());
        }
        long v = mantissa;
        if (v < 0)
        {
            buffer[position++] = '-';
            v = -v;
        }
        final long unit = AsciiNumbers.POWERS_OF_TEN[scale];
        position += digits(v / unit, position);
        buffer[position++] = '.';
        long fraction = v % unit;
        for (int i = position + scale - 1; i >= position; i--)
        {
            buffer[i] = (byte)('0' + fraction % 10);
            fraction /= 10;
        }
        position += scale;
        return this;
    }

    public void flush() throws IOException
    {
        if (position > 0)
        {
            out.write(buffer, 0, position);
            position = 0;
        }
        out.flush();
    }

    public void close() throws IOException
    {
        try
        {
            flush();
        }
        finally
        {
            out.close();
        }
    }

    private void ensure(final int bytes) throws IOException
    {
        if (position + bytes > buffer.length)
        {
            out.write(buffer, 0, position);
            position = 0;
        }
    }

    private int digits(final long nonNegative, final int at)
    {
        int count = 1;
        for (long v = nonNegative / 10; v != 0; v /= 10)
        {
            count++;
        }
        long v = nonNegative;
        for (int i = at + count - 1; i >= at; i--)
        {
            buffer[i] = (byte)('0' + v % 10);
            v /= 10;
        }
        return count;
    }
}
