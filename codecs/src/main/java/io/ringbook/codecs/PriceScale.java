package io.ringbook.codecs;

/**
 * Exact conversion between decimal text and the integer mantissas that prices and quantities travel as.
 * <p>
 * A value is {@code mantissa * 10^exponent}, the exponent being the instrument's (see the market data
 * {@code InstrumentDefinition.priceExponent}). Conversion is digit by digit on {@code long}s: no {@code double},
 * which cannot hold most decimal fractions, and no {@code BigDecimal}, which allocates. Text that cannot be
 * represented exactly is refused rather than rounded, because a silently rounded price is a different order.
 * <p>
 * Accepted text: an optional {@code +} or {@code -}, one or more ASCII digits, then optionally a {@code .} and one
 * or more digits. Nothing else: no spaces, grouping separators or scientific notation.
 */
public final class PriceScale
{
    /**
     * Smallest exponent supported: 10^18 is the largest power of ten a {@code long} holds.
     */
    public static final int MIN_EXPONENT = -18;

    /**
     * Largest exponent supported.
     */
    public static final int MAX_EXPONENT = 18;

    private static final long[] POWERS_OF_TEN = new long[MAX_EXPONENT + 1];

    static
    {
        long power = 1;
        for (int i = 0; i <= MAX_EXPONENT; i++)
        {
            POWERS_OF_TEN[i] = power;
            power *= 10;
        }
    }

    private PriceScale()
    {
    }

    /**
     * Parses decimal text to a mantissa, refusing anything that is not exactly representable.
     *
     * @param text     decimal text, e.g. {@code "100.25"} or {@code "-0.5"}.
     * @param exponent power of ten of one mantissa unit, in [{@link #MIN_EXPONENT}, {@link #MAX_EXPONENT}].
     * @return the mantissa, so that {@code mantissa * 10^exponent} equals the text's value.
     * @throws NumberFormatException if the text is malformed, has more decimals than the exponent allows, is not
     *                               a multiple of {@code 10^exponent} (positive exponents) or overflows a long.
     */
    public static long parse(final CharSequence text, final int exponent)
    {
        return parse(text, 0, text.length(), exponent);
    }

    /**
     * Parses a range of a larger text (a CSV or JSON line) without copying it out first.
     *
     * @param text     holds the decimal number between {@code start} and {@code end}.
     * @param start    index of the first character of the number.
     * @param end      index after its last character.
     * @param exponent power of ten of one mantissa unit, in [{@link #MIN_EXPONENT}, {@link #MAX_EXPONENT}].
     * @return the mantissa, so that {@code mantissa * 10^exponent} equals the number's value.
     * @throws NumberFormatException as {@link #parse(CharSequence, int)}.
     * @throws IndexOutOfBoundsException if the range is not inside the text.
     */
    public static long parse(final CharSequence text, final int start, final int end, final int exponent)
    {
        checkExponent(exponent);
        if (start < 0 || end > text.length() || start > end)
        {
            throw new IndexOutOfBoundsException(
                "range [" + start + ", " + end + ") is outside text of length " + text.length());
        }

        int i = start;
        boolean negative = false;
        if (i < end && (text.charAt(i) == '-' || text.charAt(i) == '+'))
        {
            negative = text.charAt(i) == '-';
            i++;
        }

        final int integerStart = i;
        while (i < end && isDigit(text.charAt(i)))
        {
            i++;
        }
        final int integerEnd = i;

        int fractionStart = end;
        int fractionEnd = end;
        if (i < end && text.charAt(i) == '.')
        {
            fractionStart = ++i;
            while (i < end && isDigit(text.charAt(i)))
            {
                i++;
            }
            fractionEnd = i;
            if (fractionEnd == fractionStart)
            {
                throw malformed(text, start, end);
            }
        }

        if (integerEnd == integerStart || i != end)
        {
            throw malformed(text, start, end);
        }

        // The mantissa's digits are the integer digits followed by `scale` fraction digits (zero padded);
        // with a positive exponent the last `exponent` integer digits are dropped instead and must be zeros.
        final int scale = Math.max(0, -exponent);
        final int droppedIntegerDigits = Math.max(0, exponent);
        final int keptIntegerEnd = Math.max(integerStart, integerEnd - droppedIntegerDigits);

        for (int j = keptIntegerEnd; j < integerEnd; j++)
        {
            if (text.charAt(j) != '0')
            {
                throw new NumberFormatException(
                    "'" + text.subSequence(start, end) + "' is not a multiple of 10^" + exponent);
            }
        }
        for (int j = fractionStart + scale; j < fractionEnd; j++)
        {
            if (text.charAt(j) != '0')
            {
                throw new NumberFormatException(
                    "'" + text.subSequence(start, end) + "' has " + (fractionEnd - fractionStart) +
                    " decimal places but exponent " + exponent + " allows " + scale);
            }
        }

        // Accumulate negatively, as Long.parseLong does, so Long.MIN_VALUE is reachable.
        long accumulator = 0;
        for (int j = integerStart; j < keptIntegerEnd; j++)
        {
            accumulator = appendDigit(accumulator, text.charAt(j) - '0', text, start, end, exponent);
        }
        for (int j = 0; j < scale; j++)
        {
            final int index = fractionStart + j;
            final int digit = index < fractionEnd ? text.charAt(index) - '0' : 0;
            accumulator = appendDigit(accumulator, digit, text, start, end, exponent);
        }

        if (negative)
        {
            return accumulator;
        }
        if (accumulator == Long.MIN_VALUE)
        {
            throw overflow(text, start, end, exponent);
        }
        return -accumulator;
    }

    /**
     * Formats a mantissa as decimal text with exactly {@code -exponent} decimals, e.g. (10000, -2) as "100.00".
     * Allocates the result; use {@link #appendTo(long, int, StringBuilder)} on a hot path.
     *
     * @param mantissa the scaled integer value.
     * @param exponent power of ten of one mantissa unit, in [{@link #MIN_EXPONENT}, {@link #MAX_EXPONENT}].
     * @return the decimal text; {@link #parse(CharSequence, int)} turns it back into {@code mantissa}.
     */
    public static String format(final long mantissa, final int exponent)
    {
        return appendTo(mantissa, exponent, new StringBuilder(24)).toString();
    }

    /**
     * Appends a mantissa as decimal text without allocating (given a builder with room), for gateways that
     * render prices into reused buffers. Negative exponents give exactly {@code -exponent} decimals
     * ((5, -2) is "0.05"), positive ones trailing zeros ((123, 2) is "12300"), and zero is always "0" before any
     * decimal point, never "-0".
     *
     * @param mantissa the scaled integer value.
     * @param exponent power of ten of one mantissa unit, in [{@link #MIN_EXPONENT}, {@link #MAX_EXPONENT}].
     * @param out      where the text goes.
     * @return {@code out}, for chaining.
     */
    public static StringBuilder appendTo(final long mantissa, final int exponent, final StringBuilder out)
    {
        checkExponent(exponent);
        // Work on the non-positive magnitude so Long.MIN_VALUE needs no special case.
        final long magnitude = mantissa < 0 ? mantissa : -mantissa;
        if (mantissa < 0)
        {
            out.append('-');
        }

        final int scale = Math.max(0, -exponent);
        final int digits = Math.max(digitCount(magnitude), scale + 1);
        for (int position = digits - 1; position >= 0; position--)
        {
            if (position == scale - 1)
            {
                out.append('.');
            }
            out.append((char)('0' - (magnitude / POWERS_OF_TEN[position]) % 10));
        }

        if (exponent > 0 && mantissa != 0)
        {
            for (int i = 0; i < exponent; i++)
            {
                out.append('0');
            }
        }

        return out;
    }

    /**
     * {@code 10^power} for {@code power} in [0, {@link #MAX_EXPONENT}], for callers rescaling between exponents.
     *
     * @param power the exponent.
     * @return ten to that power.
     * @throws IllegalArgumentException if {@code power} is out of range.
     */
    public static long powerOfTen(final int power)
    {
        if (power < 0 || power > MAX_EXPONENT)
        {
            throw new IllegalArgumentException("10^" + power + " is not a long power of ten");
        }
        return POWERS_OF_TEN[power];
    }

    private static int digitCount(final long nonPositive)
    {
        int count = 1;
        while (count <= MAX_EXPONENT && nonPositive <= -POWERS_OF_TEN[count])
        {
            count++;
        }
        return count;
    }

    private static long appendDigit(
        final long accumulator,
        final int digit,
        final CharSequence text,
        final int start,
        final int end,
        final int exponent)
    {
        if (accumulator < Long.MIN_VALUE / 10)
        {
            throw overflow(text, start, end, exponent);
        }
        final long shifted = accumulator * 10;
        if (shifted < Long.MIN_VALUE + digit)
        {
            throw overflow(text, start, end, exponent);
        }
        return shifted - digit;
    }

    private static boolean isDigit(final char c)
    {
        return c >= '0' && c <= '9';
    }

    private static void checkExponent(final int exponent)
    {
        if (exponent < MIN_EXPONENT || exponent > MAX_EXPONENT)
        {
            throw new IllegalArgumentException(
                "exponent " + exponent + " is outside [" + MIN_EXPONENT + ", " + MAX_EXPONENT + "]");
        }
    }

    private static NumberFormatException malformed(final CharSequence text, final int start, final int end)
    {
        return new NumberFormatException(
            "'" + text.subSequence(start, end) + "' is not a decimal number (expected [+-]digits[.digits])");
    }

    private static NumberFormatException overflow(
        final CharSequence text, final int start, final int end, final int exponent)
    {
        return new NumberFormatException(
            "'" + text.subSequence(start, end) + "' overflows a long mantissa at exponent " + exponent);
    }
}
