package io.ringbook.engine;

import io.ringbook.codecs.PriceScale;

/**
 * Builds an {@link Instrument} from the decimal text people write (tick {@code 0.01}, band {@code 10%}, reference
 * {@code 100.00}), as order scripts and the engine configuration do. The price exponent defaults to the number of
 * decimals of the tick, so {@code tick=0.01} means prices are cents.
 */
public final class InstrumentSpec
{
    private InstrumentSpec()
    {
    }

    /**
     * @param id            instrument id.
     * @param symbol        symbol.
     * @param tick          tick size as a decimal, e.g. {@code 0.05}.
     * @param lot           lot size.
     * @param maxQuantity   largest order quantity.
     * @param band          {@code 10%}, {@code 2.5%}, {@code 250bps}, {@code 0}, {@code none} or null for no band.
     * @param reference     reference price as a decimal, or null for none.
     * @param priceExponent price exponent, or null to take it from the tick.
     * @return the instrument.
     * @throws IllegalArgumentException naming the value that is wrong and why.
     */
    public static Instrument build(
        final int id,
        final String symbol,
        final String tick,
        final long lot,
        final long maxQuantity,
        final String band,
        final String reference,
        final Integer priceExponent)
    {
        if (symbol == null || symbol.isBlank())
        {
            throw new IllegalArgumentException("instrument needs a symbol");
        }
        if (tick == null)
        {
            throw new IllegalArgumentException(symbol + ": tick is required");
        }
        final int exponent = priceExponent != null ? priceExponent : -decimals(tick);
        final long tickMantissa = parse(symbol, "tick", tick, exponent);
        if (tickMantissa <= 0)
        {
            throw new IllegalArgumentException(symbol + ": tick must be positive");
        }
        final long referenceMantissa = reference == null || reference.isBlank() ? 0 :
            parse(symbol, "ref", reference, exponent);
        return new Instrument(
            id, symbol, tickMantissa, lot, exponent, bandBps(symbol, band), maxQuantity, referenceMantissa);
    }

    /**
     * @return the band in basis points: {@code 10%} is 1000, {@code 250bps} is 250, {@code none}/{@code 0}/null 0.
     */
    public static long bandBps(final String symbol, final String band)
    {
        if (band == null || band.equals("0") || band.equalsIgnoreCase("none"))
        {
            return 0;
        }
        if (band.endsWith("%"))
        {
            return parse(symbol, "band", band.substring(0, band.length() - 1), -2);
        }
        if (band.endsWith("bps"))
        {
            return parse(symbol, "band", band.substring(0, band.length() - 3), 0);
        }
        throw new IllegalArgumentException(
            symbol + ": band=" + band + ": expected a percentage (10%), bps (250bps) or none");
    }

    private static long parse(final String symbol, final String key, final String text, final int exponent)
    {
        try
        {
            return PriceScale.parse(text, exponent);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(symbol + ": " + key + "=" + text + ": " + ex.getMessage());
        }
    }

    /**
     * Decimals of a decimal number, ignoring trailing zeros: {@code 0.010} has 2.
     */
    static int decimals(final String text)
    {
        final int dot = text.indexOf('.');
        if (dot < 0)
        {
            return 0;
        }
        int end = text.length();
        while (end > dot + 1 && text.charAt(end - 1) == '0')
        {
            end--;
        }
        return end - dot - 1;
    }
}
