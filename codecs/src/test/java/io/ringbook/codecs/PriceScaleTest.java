package io.ringbook.codecs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decimal text to mantissa and back is exact, refuses what it cannot represent, and agrees with BigDecimal.
 */
class PriceScaleTest
{
    @ParameterizedTest(name = "\"{0}\" at 10^{1} = {2}, formatted \"{3}\"")
    @CsvSource(delimiter = '|', value = {
        "100.00                 | -2  | 10000                | 100.00",
        "100                    | -2  | 10000                | 100.00",
        "100.5                  | -2  | 10050                | 100.50",
        "0.05                   | -2  | 5                    | 0.05",
        "-0.05                  | -2  | -5                   | -0.05",
        "-100.25                | -2  | -10025               | -100.25",
        "+7.1                   | -1  | 71                   | 7.1",
        "0                      | -2  | 0                    | 0.00",
        "-0                     | -2  | 0                    | 0.00",
        "-0.00                  | -4  | 0                    | 0.0000",
        "000123.4500            | -2  | 12345                | 123.45",
        "123                    | 0   | 123                  | 123",
        "-123                   | 0   | -123                 | -123",
        "123.000                | 0   | 123                  | 123",
        "0                      | 0   | 0                    | 0",
        "12300                  | 2   | 123                  | 12300",
        "-4500                  | 2   | -45                  | -4500",
        "0                      | 2   | 0                    | 0",
        "12300.00               | 2   | 123                  | 12300",
        "1000000000000000000    | 18  | 1                    | 1000000000000000000",
        "0.000000000000000001   | -18 | 1                    | 0.000000000000000001",
        "9.223372036854775807   | -18 | 9223372036854775807  | 9.223372036854775807",
        "-9.223372036854775808  | -18 | -9223372036854775808 | -9.223372036854775808",
        "92233720368547758.07   | -2  | 9223372036854775807  | 92233720368547758.07",
        "9223372036854775807    | 0   | 9223372036854775807  | 9223372036854775807",
        "-9223372036854775808   | 0   | -9223372036854775808 | -9223372036854775808",
        "65000.12345678         | -8  | 6500012345678        | 65000.12345678",
    })
    void parsesAndFormatsExactly(final String text, final int exponent, final long mantissa, final String formatted)
    {
        assertEquals(mantissa, PriceScale.parse(text, exponent));
        assertEquals(formatted, PriceScale.format(mantissa, exponent));
        assertEquals(mantissa, PriceScale.parse(formatted, exponent));
    }

    @ParameterizedTest
    @CsvSource({ "1.234, -2", "0.001, -2", "1.5, 0", "1.05, -1", "-0.0000001, -6", "12300.5, 2" })
    void refusesMoreDecimalsThanTheExponentAllows(final String text, final int exponent)
    {
        final NumberFormatException e =
            assertThrows(NumberFormatException.class, () -> PriceScale.parse(text, exponent));
        assertTrue(e.getMessage().contains("decimal places but exponent " + exponent + " allows"), e.getMessage());
        assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({ "12345, 2", "50, 2", "1, 1", "-10, 2" })
    void refusesValuesThatAreNotMultiplesOfAPositivePowerOfTen(final String text, final int exponent)
    {
        final NumberFormatException e =
            assertThrows(NumberFormatException.class, () -> PriceScale.parse(text, exponent));
        assertEquals("'" + text + "' is not a multiple of 10^" + exponent, e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "9223372036854775808, 0",
        "-9223372036854775809, 0",
        "92233720368547758.08, -2",
        "-92233720368547758.09, -2",
        "100000000000000000000, 0",
        "10, -18",
        "99999999999999999999999999999999, 0",
        "922337203685477580800, 2",
    })
    void refusesOverflow(final String text, final int exponent)
    {
        final NumberFormatException e =
            assertThrows(NumberFormatException.class, () -> PriceScale.parse(text, exponent));
        assertEquals("'" + text + "' overflows a long mantissa at exponent " + exponent, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "-", "+", ".", "1.", ".5", "-.5", "1e5", "1E-2", "1,000", " 1", "1 ", "--1", "+-1", "1.2.3", "abc", "0x10",
        "١٢", "NaN", "Infinity", "1_000" })
    void refusesMalformedText(final String text)
    {
        final NumberFormatException e = assertThrows(NumberFormatException.class, () -> PriceScale.parse(text, -2));
        assertEquals("'" + text + "' is not a decimal number (expected [+-]digits[.digits])", e.getMessage());
    }

    @Test
    void refusesExponentsOutsideTheLongRange()
    {
        assertThrows(IllegalArgumentException.class, () -> PriceScale.parse("1", 19));
        assertThrows(IllegalArgumentException.class, () -> PriceScale.parse("1", -19));
        assertThrows(IllegalArgumentException.class, () -> PriceScale.format(1, 19));
        final IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> PriceScale.format(1, -19));
        assertEquals("exponent -19 is outside [-18, 18]", e.getMessage());
    }

    @Test
    void parsesARangeOfALargerText()
    {
        final String line = "px=101.25;qty=3";
        assertEquals(10_125L, PriceScale.parse(line, 3, 9, -2));
        assertEquals(300L, PriceScale.parse(line, 14, 15, -2));
        assertThrows(IndexOutOfBoundsException.class, () -> PriceScale.parse(line, 10, 99, -2));
        assertThrows(IndexOutOfBoundsException.class, () -> PriceScale.parse(line, 5, 4, -2));
        final NumberFormatException e =
            assertThrows(NumberFormatException.class, () -> PriceScale.parse(line, 0, 9, -2));
        assertEquals("'px=101.25' is not a decimal number (expected [+-]digits[.digits])", e.getMessage());
    }

    @Test
    void appendsToAnExistingBuilder()
    {
        final StringBuilder out = new StringBuilder("bid=");
        PriceScale.appendTo(-1L, -3, out).append(" ask=");
        PriceScale.appendTo(Long.MIN_VALUE, 0, out);
        assertEquals("bid=-0.001 ask=-9223372036854775808", out.toString());
    }

    @Test
    void powersOfTen()
    {
        assertEquals(1L, PriceScale.powerOfTen(0));
        assertEquals(1_000_000_000_000_000_000L, PriceScale.powerOfTen(18));
        assertThrows(IllegalArgumentException.class, () -> PriceScale.powerOfTen(19));
        assertThrows(IllegalArgumentException.class, () -> PriceScale.powerOfTen(-1));
    }

    @Test
    void formatAgreesWithBigDecimalAndRoundTrips()
    {
        final Random random = new Random(20_251_123L);
        final long[] edges = { 0, 1, -1, 9, 10, -10, 99, 100, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1 };
        for (int i = 0; i < 50_000; i++)
        {
            final long mantissa = i < edges.length ? edges[i] : randomMantissa(random);
            final int exponent = random.nextInt(PriceScale.MAX_EXPONENT - PriceScale.MIN_EXPONENT + 1) +
                PriceScale.MIN_EXPONENT;
            final String text = PriceScale.format(mantissa, exponent);

            if (mantissa != 0 || exponent <= 0)
            {
                final BigDecimal expected = BigDecimal.valueOf(mantissa, -exponent);
                final String expectedText = exponent <= 0 ?
                    expected.setScale(-exponent).toPlainString() : expected.toPlainString();
                assertEquals(expectedText, text, mantissa + " at 10^" + exponent);
            }
            assertEquals(mantissa, PriceScale.parse(text, exponent), text + " at 10^" + exponent);
        }
    }

    @Test
    void parseAgreesWithBigDecimalOnRandomText()
    {
        final Random random = new Random(7L);
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50_000; i++)
        {
            text.setLength(0);
            if (random.nextBoolean())
            {
                text.append('-');
            }
            final int integerDigits = 1 + random.nextInt(21);
            for (int d = 0; d < integerDigits; d++)
            {
                text.append((char)('0' + (random.nextInt(3) == 0 ? 0 : random.nextInt(10))));
            }
            if (random.nextBoolean())
            {
                text.append('.');
                final int fractionDigits = 1 + random.nextInt(20);
                for (int d = 0; d < fractionDigits; d++)
                {
                    text.append((char)('0' + (random.nextInt(3) == 0 ? 0 : random.nextInt(10))));
                }
            }
            final int exponent = random.nextInt(PriceScale.MAX_EXPONENT - PriceScale.MIN_EXPONENT + 1) +
                PriceScale.MIN_EXPONENT;

            final BigDecimal scaled = new BigDecimal(text.toString()).scaleByPowerOfTen(-exponent);
            long expected = 0;
            boolean representable;
            try
            {
                expected = scaled.longValueExact();
                representable = true;
            }
            catch (final ArithmeticException e)
            {
                representable = false;
            }

            if (representable)
            {
                assertEquals(expected, PriceScale.parse(text, exponent), text + " at 10^" + exponent);
            }
            else
            {
                final int exp = exponent;
                assertThrows(NumberFormatException.class, () -> PriceScale.parse(text, exp),
                    text + " at 10^" + exponent);
            }
        }
    }

    @Test
    void parseAndAppendDoNotAllocate()
    {
        final StringBuilder out = new StringBuilder(64);
        final long allocated = AllocationProbe.steadyStateBytes(() ->
        {
            long sink = 0;
            for (int i = 0; i < 200_000; i++)
            {
                out.setLength(0);
                PriceScale.appendTo(i * 1_000_003L, -8, out);
                sink += PriceScale.parse("-65000.12345678", -8) + out.length();
            }
            return sink;
        });
        assertEquals(0L, allocated, "bytes allocated by 200k parse + appendTo");
    }

    private static long randomMantissa(final Random random)
    {
        // Spread over magnitudes, not just huge values: pick a digit count, then digits.
        final int digits = 1 + random.nextInt(19);
        final long bound = digits >= 19 ? Long.MAX_VALUE : PriceScale.powerOfTen(digits);
        final long magnitude = (random.nextLong() & Long.MAX_VALUE) % bound;
        return random.nextBoolean() ? -magnitude : magnitude;
    }
}
