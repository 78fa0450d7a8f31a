package io.ringbook.gateway;

/**
 * What the Netty I/O threads hand the gateway agent: a client connected or left, or sent a request (parsed on the
 * I/O thread; the agent checks it against the instruments and the client's subscriptions).
 */
final class Inbound
{
    enum Kind
    {
        CONNECT, DISCONNECT, REQUEST
    }

    final Kind kind;
    final ClientSession session;
    final String op;
    final String symbol;
    final int depth;
    final long intervalMs;
    final Long id;
    /** Set when the request could not be parsed: the error code and message to answer with. */
    final String errorCode;
    final String errorMessage;

    private Inbound(
        final Kind kind,
        final ClientSession session,
        final String op,
        final String symbol,
        final int depth,
        final long intervalMs,
        final Long id,
        final String errorCode,
        final String errorMessage)
    {
        this.kind = kind;
        this.session = session;
        this.op = op;
        this.symbol = symbol;
        this.depth = depth;
        this.intervalMs = intervalMs;
        this.id = id;
        this.errorCode = errorCode;
        this.errorMessage = errorMessage;
    }

    static Inbound connect(final ClientSession session)
    {
        return new Inbound(Kind.CONNECT, session, null, null, 0, 0, null, null, null);
    }

    static Inbound disconnect(final ClientSession session)
    {
        return new Inbound(Kind.DISCONNECT, session, null, null, 0, 0, null, null, null);
    }

    static Inbound request(
        final ClientSession session, final String op, final String symbol, final int depth, final long intervalMs,
        final Long id)
    {
        return new Inbound(Kind.REQUEST, session, op, symbol, depth, intervalMs, id, null, null);
    }

    static Inbound badRequest(final ClientSession session, final Long id, final String code, final String message)
    {
        return new Inbound(Kind.REQUEST, session, null, null, 0, 0, id, code, message);
    }
}
