package io.ringbook.gateway.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.ringbook.gateway.GatewayCounters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * Plain HTTP on the gateway's port (what is not the WebSocket upgrade at {@code /ws}): the web page's files from the
 * classpath ({@code io/ringbook/gateway/web/}), {@code /metrics} in the Prometheus text format, {@code /health}.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest>
{
    private static final String WEB = "/io/ringbook/gateway/web/";
    private static final Map<String, Resource> RESOURCES = new HashMap<>();

    static
    {
        load("/", "index.html", "text/html; charset=utf-8");
        load("/index.html", "index.html", "text/html; charset=utf-8");
        load("/app.js", "app.js", "text/javascript; charset=utf-8");
        load("/style.css", "style.css", "text/css; charset=utf-8");
    }

    private final GatewayCounters counters;

    HttpHandler(final GatewayCounters counters)
    {
        this.counters = counters;
    }

    private static void load(final String path, final String file, final String contentType)
    {
        try (InputStream in = HttpHandler.class.getResourceAsStream(WEB + file))
        {
            if (in != null)
            {
                RESOURCES.put(path, new Resource(in.readAllBytes(), contentType));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request)
    {
        if (!request.decoderResult().isSuccess())
        {
            respond(ctx, request, HttpResponseStatus.BAD_REQUEST, "bad request\n", "text/plain; charset=utf-8");
            return;
        }
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD)
        {
            respond(ctx, request, HttpResponseStatus.METHOD_NOT_ALLOWED, "GET only\n", "text/plain; charset=utf-8");
            return;
        }
        final String path = new QueryStringDecoder(request.uri()).path();
        switch (path)
        {
            case "/metrics":
                respond(ctx, request, HttpResponseStatus.OK, counters.prometheus(),
                    "text/plain; version=0.0.4; charset=utf-8");
                return;
            case "/health":
                respond(ctx, request, HttpResponseStatus.OK, "ok\n", "text/plain; charset=utf-8");
                return;
            default:
                break;
        }
        final Resource resource = RESOURCES.get(path);
        if (resource == null)
        {
            respond(ctx, request, HttpResponseStatus.NOT_FOUND, path.equals("/") ?
                "the web page is not in this build\n" : "not found: " + path + "\n", "text/plain; charset=utf-8");
            return;
        }
        final FullHttpResponse response = new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(resource.bytes));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, resource.contentType);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
        write(ctx, request, response);
    }

    private static void respond(
        final ChannelHandlerContext ctx, final FullHttpRequest request, final HttpResponseStatus status,
        final String body, final String contentType)
    {
        final FullHttpResponse response = new DefaultFullHttpResponse(
            HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        write(ctx, request, response);
    }

    private static void write(final ChannelHandlerContext ctx, final FullHttpRequest request,
        final FullHttpResponse response)
    {
        HttpUtil.setContentLength(response, response.content().readableBytes());
        final boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (keepAlive)
        {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        }
        else
        {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        ctx.close();
    }

    private record Resource(byte[] bytes, String contentType)
    {
    }
}
