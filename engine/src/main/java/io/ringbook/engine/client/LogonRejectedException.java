package io.ringbook.engine.client;

import io.ringbook.codecs.orderentry.LogonRejectReason;

/**
 * The engine refused the logon.
 */
public final class LogonRejectedException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final transient LogonRejectReason reason;

    public LogonRejectedException(final LogonRejectReason reason)
    {
        super("logon rejected: " + reason);
        this.reason = reason;
    }

    public LogonRejectReason reason()
    {
        return reason;
    }
}
