package io.ringbook.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Promise;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * WebSocket load clients on Netty: any number of connections on one event-loop thread, each subscribing once and
 * timing every {@code diff} it gets from its {@code timeUs}, read straight from the frame's bytes. Much lighter than
 * one JDK {@code HttpClient} WebSocket per client, so more of the shared CPU is left to the gateway being measured.
 */
final class NettyWsClients implements AutoCloseable
{
    private static final byte[] DIFF_PREFIX = "{\"type\":\"diff\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TIME_US = "\"timeUs\":".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("ws-clients", true));
    private final List<Channel> channels = new ArrayList<>();
    private final GatewayLoadHarness.Stats stats;
    private final URI uri;

    NettyWsClients(final int port, final GatewayLoadHarness.Stats stats)
    {
        this.uri = URI.create("ws://localhost:" + port + "/ws");
        this.stats = stats;
    }

    /**
     * Connects clients until there are {@code target}, each subscribed with {@code subscribe}; waits, with a
     * deadline, for every handshake.
     */
    void connect(final int target, final String subscribe) throws Exception
    {
        final List<Promise<Channel>> pending = new ArrayList<>();
        while (channels.size() + pending.size() < target)
        {
            final Promise<Channel> subscribed = group.next().newPromise();
            final ChannelFuture connect = new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(new ChannelInitializer<SocketChannel>()
                {
                    protected void initChannel(final SocketChannel channel)
                    {
                        channel.pipeline().addLast(
                            new HttpClientCodec(),
                            new HttpObjectAggregator(8192),
                            new WebSocketClientProtocolHandler(WebSocketClientProtocolConfig.newBuilder()
                                .webSocketUri(uri)
                                .maxFramePayloadLength(1 << 20)
                                .withUTF8Validator(false) // the gateway's own JSON: checking it cost a third of this thread
                                .handshakeTimeoutMillis(30_000)
                                .build()),
                            new WebSocketFrameAggregator(1 << 20),
                            new Client(subscribe, subscribed));
                    }
                })
                .connect(uri.getHost(), uri.getPort());
            connect.addListener(future ->
            {
                if (!future.isSuccess())
                {
                    subscribed.tryFailure(future.cause());
                }
            });
            pending.add(subscribed);
            if (pending.size() == 100)
            {
                awaitAll(pending);
            }
        }
        awaitAll(pending);
    }

    private void awaitAll(final List<Promise<Channel>> pending) throws Exception
    {
        for (final Promise<Channel> promise : pending)
        {
            if (!promise.await(30, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("a WebSocket client did not connect and subscribe in 30 s");
            }
            if (!promise.isSuccess())
            {
                throw new IllegalStateException("a WebSocket client failed", promise.cause());
            }
            channels.add(promise.getNow());
        }
        pending.clear();
    }

    public void close()
    {
        for (final Channel channel : channels)
        {
            channel.close();
        }
        channels.clear();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * @return the time in microseconds after {@code "timeUs":} in a diff, or -1 for any other message.
     */
    static long diffTimeUs(final ByteBuf content)
    {
        final int start = content.readerIndex();
        final int end = content.writerIndex();
        if (end - start < DIFF_PREFIX.length)
        {
            return -1;
        }
        for (int i = 0; i < DIFF_PREFIX.length; i++)
        {
            if (content.getByte(start + i) != DIFF_PREFIX[i])
            {
                return -1;
            }
        }
        outer:
        for (int at = start + DIFF_PREFIX.length; at <= end - TIME_US.length; at++)
        {
            for (int i = 0; i < TIME_US.length; i++)
            {
                if (content.getByte(at + i) != TIME_US[i])
                {
                    continue outer;
                }
            }
            long timeUs = 0;
            for (int i = at + TIME_US.length; i < end; i++)
            {
                final byte b = content.getByte(i);
                if (b < '0' || b > '9')
                {
                    break;
                }
                timeUs = timeUs * 10 + (b - '0');
            }
            return timeUs;
        }
        return -1;
    }

    private final class Client extends SimpleChannelInboundHandler<TextWebSocketFrame>
    {
        private final String subscribe;
        private final Promise<Channel> subscribed;

        Client(final String subscribe, final Promise<Channel> subscribed)
        {
            this.subscribe = subscribe;
            this.subscribed = subscribed;
        }

        public void userEventTriggered(final ChannelHandlerContext ctx, final Object event) throws Exception
        {
            if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_COMPLETE)
            {
                ctx.writeAndFlush(new TextWebSocketFrame(subscribe));
                subscribed.trySuccess(ctx.channel());
            }
            else if (event == WebSocketClientProtocolHandler.ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT)
            {
                subscribed.tryFailure(new IllegalStateException("WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, event);
        }

        protected void channelRead0(final ChannelHandlerContext ctx, final TextWebSocketFrame frame)
        {
            final long nowNs = stats.clock.nanoTime();
            final long timeUs = diffTimeUs(frame.content());
            if (timeUs >= 0)
            {
                stats.record(nowNs, timeUs);
            }
        }

        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            subscribed.tryFailure(cause);
            ctx.close();
        }
    }
}
