package io.ringbook.engine.mbo;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Number parsing from bytes and formatting into bytes, including the edges of {@code long}.
 */
class AsciiNumbersTest
{
    private final AsciiNumbers.Status status = new AsciiNumbers.Status();

    private long parseLong(final String text)
    {
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return AsciiNumbers.parseLong(b, 0, b.length, status);
    }

    private long parseDecimal(final String text, final int scale)
    {
        final byte[] b = text.getBytes(StandardCharsets.US_ASCII);
        return AsciiNumbers.parseDecimal(b, 0, b.length, scale, status);
    }

    @Test
    void parsesIntegers()
    {
        assertEquals(0, parseLong("0"));
        assertEquals(-9_999_999_999L, parseLong("-9999999999"));
        assertEquals(Long.MAX_VALUE, parseLong("9223372036854775807"));
        assertFalse(status.invalid);
        for (final String bad : new String[]{ "", "-", "1.0", "9223372036854775808", "12a", " 1" })
        {
            parseLong(bad);
            assertTrue(status.invalid, bad);
        }
        final byte[] max = "18446744073709551615".getBytes(StandardCharsets.US_ASCII);
        assertEquals(-1L, AsciiNumbers.parseUnsignedLong(max, 0, max.length, status));
        assertFalse(status.invalid);
        final byte[] over = "18446744073709551616".getBytes(StandardCharsets.US_ASCII);
        AsciiNumbers.parseUnsignedLong(over, 0, over.length, status);
        assertTrue(status.invalid);
    }

    @Test
    void parsesDecimalsWithoutRounding()
    {
        assertEquals(5_411_750_000_000L, parseDecimal("5411.75", 9));
        assertEquals(5_411_750_000_000L, parseDecimal("5411.750000000", 9));
        assertEquals(5_411_750_000_000L, parseDecimal("5411.7500000000000", 9), "extra zeros are fine");
        assertEquals(-250_000_000L, parseDecimal("-.25", 9));
        assertEquals(34_200_004_241_176L, parseDecimal("34200.004241176", 9));
        assertEquals(7, parseDecimal("7", 0));
        assertEquals(10, parseDecimal("1.", 1));
        assertFalse(status.invalid);
        for (final String bad : new String[]{ "", ".", "-", "1.0000000001", "1.2.3", "1e5", "99999999999.0" })
        {
            parseDecimal(bad, 9);
            assertTrue(status.invalid, bad);
        }
    }

    @Test
    void formatsIntegersAndDecimals() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (AsciiCsvWriter writer = new AsciiCsvWriter(bytes, 64))
        {
            writer.putLong(0).comma().putLong(-42).comma().putLong(Long.MIN_VALUE).comma()
                .putDecimal(585_330_0, 4).comma().putDecimal(-5, 4).comma().putDecimal(9_999_999_999L, 4).comma()
                .putDecimal(5_000_250_000_000L, 9).comma().putDecimal(Long.MIN_VALUE, 2).comma()
                .putUnsignedLong(-1L).comma().putDecimal(12, 0).newline();
        }
        assertEquals("0,-42,-9223372036854775808,585.3300,-0.0005,999999.9999,5000.250000000," +
            "-92233720368547758.08,18446744073709551615,12\n", bytes.toString(StandardCharsets.US_ASCII));
    }
}
