package io.ringbook.engine.telemetry;

/**
 * The engine's counter types. Each has a type id and a label that are stable: they are what a reader in another
 * process, a dashboard or a script keys on, so never renumber or rename one, and add new ones with new ids.
 * <p>
 * Type ids, one range per owner so modules can add counters without changing the file format:
 * <ul>
 *     <li>1 to 99: these engine counters;</li>
 *     <li>{@value #REJECT_REASON_TYPE_ID}: rejects by {@link io.ringbook.engine.RejectReason}, one counter per
 *     reason, labelled {@code rejects: <REASON>}, with the reason's ordinal as a 4-byte key;</li>
 *     <li>200 to 299 journal, 300 to 399 feed, 400 to 499 gateway, 1000 and up anything else: allocated with
 *     {@link EngineTelemetry#newCounter(int, String)}.</li>
 * </ul>
 * A gauge holds a current level ({@code set}); every other counter only ever increases.
 */
public enum EngineCounter
{
    /** New orders that came in from clients, before validation. */
    ORDERS_RECEIVED(1, "orders received"),
    /** Cancel requests that came in. */
    CANCELS_RECEIVED(2, "cancels received"),
    /** Cancel/replace requests that came in. */
    REPLACES_RECEIVED(3, "replaces received"),
    /** New orders that passed validation and got an order id. */
    ORDERS_ACCEPTED(4, "orders accepted"),
    /** Trades (one per maker fill). */
    TRADES(5, "trades"),
    /** New orders rejected, any reason. */
    ORDER_REJECTS(6, "order rejects"),
    /** Cancels and replaces rejected, any reason (FIX's order cancel reject). */
    CANCEL_REJECTS(7, "cancel rejects"),
    /** Client sessions logged on now. */
    SESSIONS_ACTIVE(8, "sessions active", true),
    /** Successful logons. */
    LOGONS(9, "logons"),
    /** Logons refused (bad credentials, duplicate session, ...). */
    LOGON_REJECTS(10, "logon rejects"),
    /** Orderly logouts. */
    LOGOUTS(11, "logouts"),
    /** Sessions ended because the client's heartbeats stopped. */
    SESSION_TIMEOUTS(12, "session timeouts"),
    /** Messages refused at session level (not logged on, wrong sequence, ...). */
    SESSION_REJECTS(13, "session rejects"),
    /** Frames that failed header or schema validation. */
    MALFORMED_FRAMES(14, "malformed frames"),
    /** Connections closed for sending too many malformed frames. */
    GARBAGE_DISCONNECTS(15, "garbage disconnects"),
    /** Messages refused by a session's rate limit. */
    RATE_LIMITED(16, "rate limited"),
    /** Ring slots published but not yet consumed by every handler. */
    RING_OCCUPANCY(17, "ring occupancy", true),
    /** Times a publication found the ring full (back pressure from the matcher or the journal). */
    RING_FULL(18, "ring full"),
    /** Egress offers that were back pressured and retried. */
    EGRESS_BACK_PRESSURED(19, "egress back pressured"),
    /** Egress messages dropped after the retries ran out, or because the session was gone. */
    EGRESS_DROPPED(20, "egress dropped"),
    /** Clients disconnected for consuming too slowly. */
    SLOW_CONSUMER_DISCONNECTS(21, "slow consumer disconnects"),
    /** Messages read from the order-entry ingress, of every kind. */
    INGRESS_MESSAGES(22, "ingress messages"),
    /** Errors passed to the error handler (each one counted, distinct ones logged). */
    ERRORS(23, "errors"),
    /** Commands published to the ring with an engine sequence. */
    COMMANDS_SEQUENCED(24, "commands sequenced"),
    /** The engine sequence of the last command the matcher processed. */
    LAST_SEQUENCE(25, "last sequence", true),
    /** Orders, cancels and replaces refused at the door because the journal failed (the engine takes no orders). */
    JOURNAL_REJECTS(26, "journal unavailable rejects"),
    /** Commands the journal could not write (after the first, nothing more is journaled or matched). */
    JOURNAL_FAILURES(27, "journal failures"),
    /** State snapshots written. */
    SNAPSHOTS(28, "snapshots"),
    /** Engine sequence of the newest snapshot written. */
    SNAPSHOT_SEQUENCE(29, "snapshot sequence", true),
    /** Market-data events that found the feed's transfer ring full (the books are then sent whole again). */
    FEED_EVENTS_LOST(30, "feed events lost");

    /**
     * Type id of the per-{@link io.ringbook.engine.RejectReason} counters.
     */
    public static final int REJECT_REASON_TYPE_ID = 100;

    /**
     * Label prefix of the per-{@link io.ringbook.engine.RejectReason} counters; the reason's name follows.
     */
    public static final String REJECT_REASON_LABEL_PREFIX = "rejects: ";

    /**
     * Type ids below this are reserved for the engine's own counters, {@link #REJECT_REASON_TYPE_ID} included.
     */
    public static final int FIRST_MODULE_TYPE_ID = 200;

    private static final EngineCounter[] VALUES = values();

    private final int typeId;
    private final String label;
    private final boolean gauge;

    EngineCounter(final int typeId, final String label)
    {
        this(typeId, label, false);
    }

    EngineCounter(final int typeId, final String label, final boolean gauge)
    {
        this.typeId = typeId;
        this.label = label;
        this.gauge = gauge;
    }

    /**
     * @return the stable type id stored with the counter in the file.
     */
    public int typeId()
    {
        return typeId;
    }

    /**
     * @return the stable label stored with the counter in the file.
     */
    public String label()
    {
        return label;
    }

    /**
     * @return true when the counter holds a current level rather than a running total.
     */
    public boolean isGauge()
    {
        return gauge;
    }

    /**
     * Lookup by the id a reader sees in the file.
     *
     * @param typeId a counter's type id.
     * @return the engine counter with this type id, or null when it is not one of them.
     */
    public static EngineCounter fromTypeId(final int typeId)
    {
        for (final EngineCounter counter : VALUES)
        {
            if (counter.typeId == typeId)
            {
                return counter;
            }
        }
        return null;
    }
}
