package io.ringbook.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.util.AttributeKey;
import io.ringbook.gateway.ClientSession;
import io.ringbook.gateway.GatewayCounters;
import io.ringbook.gateway.Requests;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The WebSocket side of a connection, on its I/O thread: a session when the handshake completes, each text frame
 * parsed (Jackson) into a request for the gateway agent, the session's end when the connection closes. A frame that
 * is not a JSON object gets an error from the agent; nothing a client sends can close another's subscriptions.
 */
final class WebSocketHandler extends SimpleChannelInboundHandler<WebSocketFrame>
{
    private static final AttributeKey<ClientSession> SESSION = AttributeKey.valueOf("ringbook.session");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Requests requests;
    private final GatewayCounters counters;
    private final AtomicLong ids;
    private final int maxClients;
    private final io.netty.channel.group.ChannelGroup webSockets;

    WebSocketHandler(final Requests requests, final GatewayCounters counters, final AtomicLong ids, final int maxClients,
        final io.netty.channel.group.ChannelGroup webSockets)
    {
        this.webSockets = webSockets;
        this.requests = requests;
        this.counters = counters;
        this.ids = ids;
        this.maxClients = maxClients;
    }

    public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
    {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete)
        {
            if (counters.clients.get() >= maxClients)
            {
                counters.rejectedConnections.incrementAndGet();
                ctx.writeAndFlush(new CloseWebSocketFrame(1013, "gateway full: " + maxClients + " clients"))
                    .addListener(io.netty.channel.ChannelFutureListener.CLOSE);
                return;
            }
            final ClientSession session = requests.newSession(ids.incrementAndGet(), ctx.channel());
            ctx.channel().attr(SESSION).set(session);
            webSockets.add(ctx.channel());
            requests.connected(session);
        }
        else
        {
            super.userEventTriggered(ctx, event);
        }
    }

    protected void channelRead0(final ChannelHandlerContext ctx, final WebSocketFrame frame)
    {
        final ClientSession session = ctx.channel().attr(SESSION).get();
        if (session == null)
        {
            return;
        }
        if (!(frame instanceof TextWebSocketFrame))
        {
            requests.bad(session, null, "BAD_JSON", "send text frames holding JSON objects");
            return;
        }
        final String text = ((TextWebSocketFrame)frame).text();
        final JsonNode node;
        try
        {
            node = MAPPER.readTree(text);
        }
        catch (final JsonProcessingException ex)
        {
            requests.bad(session, null, "BAD_JSON", "not JSON: " + ex.getOriginalMessage());
            return;
        }
        if (node == null || !node.isObject())
        {
            requests.bad(session, null, "BAD_JSON", "send a JSON object, e.g. {\"op\":\"subscribe\",\"symbol\":\"AAPL\"}");
            return;
        }
        final JsonNode idNode = node.get("id");
        final Long id = idNode != null && idNode.canConvertToLong() && idNode.isIntegralNumber() ? idNode.longValue() :
            null;
        final JsonNode op = node.get("op");
        if (op == null || !op.isTextual())
        {
            requests.bad(session, id, "BAD_REQUEST", "missing \"op\" (subscribe, unsubscribe or ping)");
            return;
        }
        final JsonNode symbol = node.get("symbol");
        if (symbol != null && !symbol.isTextual())
        {
            requests.bad(session, id, "BAD_REQUEST", "\"symbol\" must be a string");
            return;
        }
        final JsonNode depth = node.get("depth");
        if (depth != null && !(depth.isIntegralNumber() && depth.canConvertToInt()))
        {
            requests.bad(session, id, "BAD_DEPTH", "\"depth\" must be an integer");
            return;
        }
        final JsonNode interval = node.get("interval");
        if (interval != null && !(interval.isIntegralNumber() && interval.canConvertToLong()))
        {
            requests.bad(session, id, "BAD_INTERVAL", "\"interval\" must be an integer number of milliseconds");
            return;
        }
        if (("subscribe".equals(op.textValue()) || "unsubscribe".equals(op.textValue())) && symbol == null)
        {
            requests.bad(session, id, "BAD_REQUEST", "missing \"symbol\"");
            return;
        }
        requests.request(session, op.textValue(), symbol == null ? null : symbol.textValue(),
            depth == null ? 0 : depth.intValue(), interval == null ? -1 : interval.longValue(), id);
    }

    public void channelInactive(final ChannelHandlerContext ctx) throws Exception
    {
        final ClientSession session = ctx.channel().attr(SESSION).getAndSet(null);
        if (session != null)
        {
            requests.disconnected(session);
        }
        super.channelInactive(ctx);
    }

    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        // An abrupt disconnect (connection reset) or a protocol violation: this connection ends, no other.
        ctx.close();
    }
}
