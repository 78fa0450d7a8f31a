package io.ringbook.engine.mbo;

/**
 * Parses integers and fixed-point decimals straight from ASCII bytes, the hot half of every text reader. Failures
 * are reported through a {@link Status} flag rather than thrown, so readers can word the error with the file, line
 * and column they know about, and valid input never allocates.
 */
final class AsciiNumbers
{
    /** Powers of ten that fit a {@code long}: {@code POWERS_OF_TEN[k] = 10^k}. */
    static final long[] POWERS_OF_TEN = new long[19];

    static
    {
        long p = 1;
        for (int i = 0; i < POWERS_OF_TEN.length; i++)
        {
            POWERS_OF_TEN[i] = p;
            p *= 10;
        }
    }

    private AsciiNumbers()
    {
    }

    /**
     * Result holder for one thread's parsing: set by each parse call, true when the text was not a valid number.
     * A field instead of an exception keeps the hot path free of allocation and try blocks.
     */
    static final class Status
    {
        boolean invalid;
    }

    /**
     * Parses an optionally signed decimal integer.
     */
    static long parseLong(final byte[] b, final int start, final int end, final Status status)
    {
        status.invalid = false;
        int i = start;
        boolean negative = false;
        if (i < end && (b[i] == '-' || b[i] == '+'))
        {
            negative = b[i] == '-';
            i++;
        }
        if (i == end || end - i > 19)
        {
            status.invalid = true;
            return 0;
        }
        long value = 0;
        for (; i < end; i++)
        {
            final int digit = b[i] - '0';
            if (digit < 0 || digit > 9)
            {
                status.invalid = true;
                return 0;
            }
            if (value > (Long.MAX_VALUE - digit) / 10)
            {
                status.invalid = true;
                return 0;
            }
            value = value * 10 + digit;
        }

        return negative ? -value : value;
    }

    /**
     * Parses an unsigned decimal integer of up to 64 bits into a {@code long}'s bit pattern, for ids such as
     * Databento's {@code order_id}, which is a {@code uint64}.
     */
    static long parseUnsignedLong(final byte[] b, final int start, final int end, final Status status)
    {
        status.invalid = false;
        if (start == end || end - start > 20)
        {
            status.invalid = true;
            return 0;
        }
        long value = 0;
        for (int i = start; i < end; i++)
        {
            final int digit = b[i] - '0';
            if (digit < 0 || digit > 9)
            {
                status.invalid = true;
                return 0;
            }
            final long times10 = value * 10;
            if (Long.compareUnsigned(value, 0x1999999999999999L) > 0 ||
                Long.compareUnsigned(times10 + digit, times10) < 0)
            {
                status.invalid = true;
                return 0;
            }
            value = times10 + digit;
        }

        return value;
    }

    /**
     * Parses an optionally signed decimal such as {@code 123.4500} into a mantissa with {@code scale} implied
     * decimal places ({@code 1234500} for scale 4). More places than the scale are accepted only when the extra
     * digits are zeros, so no price is silently rounded.
     */
    static long parseDecimal(final byte[] b, final int start, final int end, final int scale, final Status status)
    {
        status.invalid = false;
        int i = start;
        boolean negative = false;
        if (i < end && (b[i] == '-' || b[i] == '+'))
        {
            negative = b[i] == '-';
            i++;
        }
        long integer = 0;
        int integerDigits = 0;
        for (; i < end && b[i] != '.'; i++)
        {
            final int digit = b[i] - '0';
            if (digit < 0 || digit > 9 || integer > (Long.MAX_VALUE - digit) / 10)
            {
                status.invalid = true;
                return 0;
            }
            integer = integer * 10 + digit;
            integerDigits++;
        }
        long fraction = 0;
        int fractionDigits = 0;
        if (i < end)
        {
            i++;
            for (; i < end; i++)
            {
                final int digit = b[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    status.invalid = true;
                    return 0;
                }
                if (fractionDigits < scale)
                {
                    fraction = fraction * 10 + digit;
                    fractionDigits++;
                }
                else if (digit != 0)
                {
                    status.invalid = true;
                    return 0;
                }
            }
            if (fractionDigits == 0 && integerDigits == 0)
            {
                status.invalid = true;
                return 0;
            }
        }
        else if (integerDigits == 0)
        {
            status.invalid = true;
            return 0;
        }
        final long unit = POWERS_OF_TEN[scale];
        if (integer > (Long.MAX_VALUE - unit) / unit)
        {
            status.invalid = true;
            return 0;
        }
        final long mantissa = integer * unit + fraction * POWERS_OF_TEN[scale - fractionDigits];

        return negative ? -mantissa : mantissa;
    }

    /**
     * First index in {@code [start, end)} that is not a space or tab, for fields padded by hand-edited files.
     */
    static int trimStart(final byte[] b, final int start, final int end)
    {
        int i = start;
        while (i < end && (b[i] == ' ' || b[i] == '\t'))
        {
            i++;
        }
        return i;
    }

    /**
     * One past the last index in {@code [start, end)} that is not a space or tab.
     */
    static int trimEnd(final byte[] b, final int start, final int end)
    {
        int i = end;
        while (i > start && (b[i - 1] == ' ' || b[i - 1] == '\t'))
        {
            i--;
        }
        return i;
    }

    /**
     * The bytes as text for an error message; allocates, so only on the error path.
     */
    static String text(final byte[] b, final int start, final int end)
    {
        final int shown = Math.min(end - start, 60);
        final String text = new String(b, start, shown, java.nio.charset.StandardCharsets.ISO_8859_1);
        return shown < end - start ? text + "..." : text;
    }
}
