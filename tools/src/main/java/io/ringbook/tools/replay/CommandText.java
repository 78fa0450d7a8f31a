package io.ringbook.tools.replay;

import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.Instrument;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TimeInForce;
import io.ringbook.tools.script.EventPrinter;

import java.time.Instant;
import java.util.function.IntFunction;

/**
 * A journaled command as one line: {@code > seq=N time=ISO session=S} then the command in order-script syntax
 * (docs/order-scripts.md), accounts as numbers, prices as decimals at the instrument's exponent.
 */
public final class CommandText
{
    private CommandText()
    {
    }

    public static String format(
        final EngineCommand command, final long sessionId, final IntFunction<Instrument> instruments)
    {
        final StringBuilder b = new StringBuilder(128);
        b.append("> seq=").append(command.sequence).append(" time=").append(time(command.timestampNs))
            .append(" session=").append(sessionId).append(' ');
        final Instrument instrument = instruments.apply(command.instrumentId);
        final String sym = instrument == null ? "#" + command.instrumentId : instrument.symbol();
        final CommandType type = command.type;
        if (type == null)
        {
            return b.append("unknown").toString();
        }
        switch (type)
        {
            case NEW_ORDER:
                b.append("new acct=").append(command.accountId).append(" clid=").append(command.clientOrderId)
                    .append(" sym=").append(sym).append(" side=").append(EventPrinter.lower(command.side))
                    .append(" px=").append(command.orderType == OrderType.MARKET ? "market" :
                        price(command.price, instrument))
                    .append(" qty=").append(command.quantity);
                if (command.timeInForce != TimeInForce.GTC)
                {
                    b.append(" tif=").append(EventPrinter.lower(command.timeInForce));
                }
                if (command.stpMode != null && command.stpMode != StpMode.NONE)
                {
                    b.append(" stp=").append(stp(command.stpMode));
                }
                if (command.postOnly)
                {
                    b.append(" postonly");
                }
                break;
            case CANCEL_ORDER:
                b.append("cancel acct=").append(command.accountId);
                address(b, command, sym);
                if (command.requestId != 0)
                {
                    b.append(" req=").append(command.requestId);
                }
                break;
            case REPLACE_ORDER:
                b.append("replace acct=").append(command.accountId);
                address(b, command, sym);
                if (command.newClientOrderId != 0)
                {
                    b.append(" newclid=").append(command.newClientOrderId);
                }
                b.append(" px=").append(price(command.price, instrument)).append(" qty=").append(command.quantity);
                break;
            case MASS_CANCEL:
                b.append("masscancel acct=").append(command.accountId);
                break;
            default:
                b.append(EventPrinter.lower(type));
        }
        return b.toString();
    }

    /**
     * @return nanoseconds since the epoch as an ISO-8601 instant, e.g. {@code 2024-05-01T12:00:00.000000123Z}.
     */
    public static String time(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L))
            .toString();
    }

    private static void address(final StringBuilder b, final EngineCommand command, final String sym)
    {
        if (command.orderId != 0)
        {
            b.append(" id=").append(command.orderId).append(" sym=").append(sym);
        }
        else
        {
            b.append(" clid=").append(command.clientOrderId);
        }
    }

    private static String price(final long price, final Instrument instrument)
    {
        return instrument == null ? Long.toString(price) : EventPrinter.format(price, instrument.priceExponent());
    }

    private static String stp(final StpMode mode)
    {
        switch (mode)
        {
            case CANCEL_RESTING:
                return "resting";
            case CANCEL_INCOMING:
                return "incoming";
            case CANCEL_BOTH:
                return "both";
            default:
                return "none";
        }
    }
}
