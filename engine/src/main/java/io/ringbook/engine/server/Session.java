package io.ringbook.engine.server;

import io.aeron.Publication;

/**
 * One client connection, keyed by the Aeron session id of the client's ingress publication. Owned by the order-entry
 * agent's thread.
 */
final class Session
{
    enum State
    {
        /** Connected, no logon yet. */
        AWAITING_LOGON,
        /** Logged on; orders are taken. */
        ACTIVE,
        /** Logon refused; the reject is being delivered, then the session goes. */
        REJECTED
    }

    final int imageSessionId;
    final long connectedNs;
    State state = State.AWAITING_LOGON;
    long sessionId;
    /** The account the Logon named (whether or not it exists), for the reply. */
    long logonAccountId;
    EngineConfig.AccountConfig account;
    int slot = -1;
    Publication egress;
    long heartbeatIntervalNs;
    long lastReceivedNs;
    long lastHeartbeatSentNs;
    long lastEgressPosition;
    int badFrames;
    /** A LogonAccepted or LogonReject still to deliver (the egress may not be connected yet). */
    boolean replyPending;
    io.ringbook.codecs.orderentry.LogonRejectReason rejectReason;
    // Rate limit as a generic cell rate algorithm: the theoretical arrival time of the next allowed message.
    private long nextAllowedNs;
    private long intervalNs;
    private long burstToleranceNs;

    Session(final int imageSessionId, final long nowNs)
    {
        this.imageSessionId = imageSessionId;
        this.connectedNs = nowNs;
        this.lastReceivedNs = nowNs;
    }

    void rateLimit(final int perSecond)
    {
        if (perSecond <= 0)
        {
            intervalNs = 0;
            return;
        }
        intervalNs = Math.max(1, 1_000_000_000L / perSecond);
        final long burst = Math.max(1, perSecond / 10);
        burstToleranceNs = (burst - 1) * intervalNs;
    }

    /**
     * @return true when one more message fits the rate (and is counted), false when it is over the limit.
     */
    boolean tryAcquire(final long nowNs)
    {
        if (intervalNs == 0)
        {
            return true;
        }
        if (nowNs < nextAllowedNs - burstToleranceNs)
        {
            return false;
        }
        nextAllowedNs = Math.max(nextAllowedNs, nowNs) + intervalNs;
        return true;
    }
}
