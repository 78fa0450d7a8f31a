package io.ringbook.journal;

import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.StpMode;
import io.ringbook.engine.TimeInForce;

/**
 * Maps the engine's enums to the journal schema's and back. The schema's enum values are the engine enums'
 * ordinals (a test holds them together), so encoding is an array load and decoding an array load of the raw
 * value; a null engine value is the schema's null value, 255. Lookup tables are built once: {@code values()}
 * allocates on every call.
 */
final class JournalEnums
{
    static final short NULL_VALUE = 255;

    private static final CommandType[] COMMAND_TYPES = CommandType.values();
    private static final Side[] SIDES = Side.values();
    private static final OrderType[] ORDER_TYPES = OrderType.values();
    private static final TimeInForce[] TIME_IN_FORCES = TimeInForce.values();
    private static final StpMode[] STP_MODES = StpMode.values();
    private static final RejectReason[] REJECT_REASONS = RejectReason.values();
    private static final CancelReason[] CANCEL_REASONS = CancelReason.values();
    private static final OrderAction[] ORDER_ACTIONS = OrderAction.values();
    private static final LevelAction[] LEVEL_ACTIONS = LevelAction.values();

    private static final io.ringbook.codecs.journal.CommandType[] CODEC_COMMAND_TYPES = {
        io.ringbook.codecs.journal.CommandType.NewOrder,
        io.ringbook.codecs.journal.CommandType.CancelOrder,
        io.ringbook.codecs.journal.CommandType.ReplaceOrder,
        io.ringbook.codecs.journal.CommandType.MassCancel };
    private static final io.ringbook.codecs.journal.Side[] CODEC_SIDES = {
        io.ringbook.codecs.journal.Side.Buy,
        io.ringbook.codecs.journal.Side.Sell };
    private static final io.ringbook.codecs.journal.OrderType[] CODEC_ORDER_TYPES = {
        io.ringbook.codecs.journal.OrderType.Limit,
        io.ringbook.codecs.journal.OrderType.Market };
    private static final io.ringbook.codecs.journal.TimeInForce[] CODEC_TIME_IN_FORCES = {
        io.ringbook.codecs.journal.TimeInForce.Gtc,
        io.ringbook.codecs.journal.TimeInForce.Ioc,
        io.ringbook.codecs.journal.TimeInForce.Fok };
    private static final io.ringbook.codecs.journal.StpMode[] CODEC_STP_MODES = {
        io.ringbook.codecs.journal.StpMode.None,
        io.ringbook.codecs.journal.StpMode.CancelResting,
        io.ringbook.codecs.journal.StpMode.CancelIncoming,
        io.ringbook.codecs.journal.StpMode.CancelBoth };
    private static final io.ringbook.codecs.journal.RejectReason[] CODEC_REJECT_REASONS =
        io.ringbook.codecs.journal.RejectReason.values();
    private static final io.ringbook.codecs.journal.CancelReason[] CODEC_CANCEL_REASONS =
        io.ringbook.codecs.journal.CancelReason.values();
    private static final io.ringbook.codecs.journal.OrderAction[] CODEC_ORDER_ACTIONS =
        io.ringbook.codecs.journal.OrderAction.values();
    private static final io.ringbook.codecs.journal.LevelAction[] CODEC_LEVEL_ACTIONS =
        io.ringbook.codecs.journal.LevelAction.values();

    private JournalEnums()
    {
    }

    static io.ringbook.codecs.journal.CommandType encode(final CommandType value)
    {
        return null == value ? io.ringbook.codecs.journal.CommandType.NULL_VAL : CODEC_COMMAND_TYPES[value.ordinal()];
    }

    static io.ringbook.codecs.journal.Side encode(final Side value)
    {
        return null == value ? io.ringbook.codecs.journal.Side.NULL_VAL : CODEC_SIDES[value.ordinal()];
    }

    static io.ringbook.codecs.journal.OrderType encode(final OrderType value)
    {
        return null == value ? io.ringbook.codecs.journal.OrderType.NULL_VAL : CODEC_ORDER_TYPES[value.ordinal()];
    }

    static io.ringbook.codecs.journal.TimeInForce encode(final TimeInForce value)
    {
        return null == value ?
            io.ringbook.codecs.journal.TimeInForce.NULL_VAL : CODEC_TIME_IN_FORCES[value.ordinal()];
    }

    static io.ringbook.codecs.journal.StpMode encode(final StpMode value)
    {
        return null == value ? io.ringbook.codecs.journal.StpMode.NULL_VAL : CODEC_STP_MODES[value.ordinal()];
    }

    /**
     * The codec's own {@code values()} lists NULL_VAL (and SBE_UNKNOWN) last, so ordinals line up with the engine's.
     */
    static io.ringbook.codecs.journal.RejectReason encode(final RejectReason value)
    {
        return null == value ?
            io.ringbook.codecs.journal.RejectReason.NULL_VAL : CODEC_REJECT_REASONS[value.ordinal()];
    }

    static io.ringbook.codecs.journal.CancelReason encode(final CancelReason value)
    {
        return null == value ?
            io.ringbook.codecs.journal.CancelReason.NULL_VAL : CODEC_CANCEL_REASONS[value.ordinal()];
    }

    static io.ringbook.codecs.journal.OrderAction encode(final OrderAction value)
    {
        return null == value ?
            io.ringbook.codecs.journal.OrderAction.NULL_VAL : CODEC_ORDER_ACTIONS[value.ordinal()];
    }

    static io.ringbook.codecs.journal.LevelAction encode(final LevelAction value)
    {
        return null == value ?
            io.ringbook.codecs.journal.LevelAction.NULL_VAL : CODEC_LEVEL_ACTIONS[value.ordinal()];
    }

    static CommandType commandType(final short raw)
    {
        return raw < COMMAND_TYPES.length ? COMMAND_TYPES[raw] : null;
    }

    static Side side(final short raw)
    {
        return raw < SIDES.length ? SIDES[raw] : null;
    }

    static OrderType orderType(final short raw)
    {
        return raw < ORDER_TYPES.length ? ORDER_TYPES[raw] : null;
    }

    static TimeInForce timeInForce(final short raw)
    {
        return raw < TIME_IN_FORCES.length ? TIME_IN_FORCES[raw] : null;
    }

    static StpMode stpMode(final short raw)
    {
        return raw < STP_MODES.length ? STP_MODES[raw] : null;
    }

    static RejectReason rejectReason(final short raw)
    {
        return raw < REJECT_REASONS.length ? REJECT_REASONS[raw] : null;
    }

    static CancelReason cancelReason(final short raw)
    {
        return raw < CANCEL_REASONS.length ? CANCEL_REASONS[raw] : null;
    }

    static OrderAction orderAction(final short raw)
    {
        return raw < ORDER_ACTIONS.length ? ORDER_ACTIONS[raw] : null;
    }

    static LevelAction levelAction(final short raw)
    {
        return raw < LEVEL_ACTIONS.length ? LEVEL_ACTIONS[raw] : null;
    }
}
