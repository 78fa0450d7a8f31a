package io.ringbook.gateway;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;

/**
 * The door from the Netty I/O threads to the {@link GatewayAgent}: sessions and requests go through its queue. A
 * full queue (the agent far behind) answers a request with a {@code BUSY} error at once; a connect or disconnect is
 * retried until it fits, as losing one would leak or strand a session.
 */
public final class Requests
{
    private final GatewayAgent agent;
    private final GatewayCounters counters;

    public Requests(final GatewayAgent agent, final GatewayCounters counters)
    {
        this.agent = agent;
        this.counters = counters;
    }

    public ClientSession newSession(final long id, final Channel channel)
    {
        return new ClientSession(id, channel);
    }

    public void connected(final ClientSession session)
    {
        offerSurely(Inbound.connect(session));
    }

    public void disconnected(final ClientSession session)
    {
        offerSurely(Inbound.disconnect(session));
    }

    public void request(
        final ClientSession session, final String op, final String symbol, final int depth, final long intervalMs,
        final Long id)
    {
        offerOrBusy(session, Inbound.request(session, op, symbol, depth, intervalMs, id));
    }

    public void bad(final ClientSession session, final Long id, final String code, final String message)
    {
        offerOrBusy(session, Inbound.badRequest(session, id, code, message));
    }

    private void offerOrBusy(final ClientSession session, final Inbound event)
    {
        if (!agent.offer(event))
        {
            counters.badRequests.incrementAndGet();
            session.channel.writeAndFlush(new TextWebSocketFrame(
                "{\"type\":\"error\",\"code\":\"BUSY\",\"message\":\"the gateway is busy: try again\"" +
                (event.id != null ? ",\"id\":" + event.id : "") + "}"));
        }
    }

    private void offerSurely(final Inbound event)
    {
        while (!agent.offer(event))
        {
            Thread.yield();
        }
    }
}
