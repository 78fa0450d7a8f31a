package io.ringbook.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Writes the gateway's JSON messages as ASCII straight into a Netty buffer: fixed keys, integers, exact decimals
 * ({@link Decimals}) and escaped strings. Single threaded (the agent's); allocates nothing itself.
 */
final class JsonOut
{
    private final byte[] scratch = new byte[48];
    private ByteBuf out;

    JsonOut wrap(final ByteBuf out)
    {
        this.out = out;
        return this;
    }

    /**
     * Appends JSON text as is (keys, punctuation).
     */
    JsonOut raw(final String ascii)
    {
        ByteBufUtil.writeAscii(out, ascii);
        return this;
    }

    JsonOut raw(final char c)
    {
        out.writeByte(c);
        return this;
    }

    JsonOut number(final long value)
    {
        Decimals.write(out, scratch, value, 0);
        return this;
    }

    /**
     * Appends a decimal as a JSON string: {@code "190.01"}.
     */
    JsonOut decimal(final long mantissa, final int exponent)
    {
        out.writeByte('"');
        Decimals.write(out, scratch, mantissa, exponent);
        out.writeByte('"');
        return this;
    }

    /**
     * Appends a JSON string, escaped.
     */
    JsonOut string(final String value)
    {
        out.writeByte('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.writeByte('\\');
                out.writeByte(c);
            }
            else if (c < 0x20 || c > 0x7e)
            {
                ByteBufUtil.writeAscii(out, String.format("\\u%04x", (int)c));
            }
            else
            {
                out.writeByte(c);
            }
        }
        out.writeByte('"');
        return this;
    }

    /**
     * Appends one level as {@code ["price","quantity"]}.
     */
    JsonOut level(final long price, final int priceExponent, final long quantity, final int quantityExponent)
    {
        out.writeByte('[');
        decimal(price, priceExponent);
        out.writeByte(',');
        decimal(quantity, quantityExponent);
        out.writeByte(']');
        return this;
    }
}
