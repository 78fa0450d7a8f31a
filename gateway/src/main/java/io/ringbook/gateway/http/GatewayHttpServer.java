package io.ringbook.gateway.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.ringbook.gateway.GatewayConfig;
import io.ringbook.gateway.GatewayCounters;
import io.ringbook.gateway.Requests;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's HTTP port (Netty): the WebSocket JSON API at {@code /ws}, the web page at {@code /},
 * {@code /metrics}. Each connection's outbound buffer has the configured write-buffer water marks, so a client that
 * does not read turns unwritable after a bounded amount of queued data.
 */
public final class GatewayHttpServer implements AutoCloseable
{
    private static final int MAX_FRAME_BYTES = 64 * 1024;

    private final Channel serverChannel;
    private final ChannelGroup webSockets = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    public GatewayHttpServer(
        final GatewayConfig.Gateway config,
        final EventLoopGroup boss,
        final EventLoopGroup workers,
        final Requests requests,
        final GatewayCounters counters) throws InterruptedException
    {
        final AtomicLong ids = new AtomicLong();
        final WebSocketServerProtocolConfig wsConfig = WebSocketServerProtocolConfig.newBuilder()
            .websocketPath("/ws")
            .maxFramePayloadLength(MAX_FRAME_BYTES)
            .handshakeTimeoutMillis(10_000)
            .checkStartsWith(false)
            .build();
        final ServerBootstrap bootstrap = new ServerBootstrap();
        if (config.socketSendBufferBytes > 0)
        {
            bootstrap.childOption(ChannelOption.SO_SNDBUF, config.socketSendBufferBytes);
        }
        serverChannel = bootstrap
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_BACKLOG, 1024)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(config.writeBufferLowWaterMark, config.writeBufferHighWaterMark))
            .childHandler(new ChannelInitializer<SocketChannel>()
            {
                protected void initChannel(final SocketChannel channel)
                {
                    final ChannelPipeline pipeline = channel.pipeline();
                    pipeline.addLast(new HttpServerCodec());
                    pipeline.addLast(new HttpObjectAggregator(MAX_FRAME_BYTES));
                    pipeline.addLast(new WebSocketServerProtocolHandler(wsConfig));
                    pipeline.addLast(new HttpHandler(counters));
                    pipeline.addLast(new WebSocketHandler(requests, counters, ids, config.maxClients, webSockets));
                }
            })
            .bind(config.bindAddress, config.httpPort).sync().channel();
    }

    /**
     * @return the port bound (the configured one, or the one the kernel chose for 0).
     */
    public int port()
    {
        return ((InetSocketAddress)serverChannel.localAddress()).getPort();
    }

    /**
     * Stops accepting, tells every WebSocket client the gateway is going away (close 1001), then closes them.
     */
    public void close()
    {
        serverChannel.close().syncUninterruptibly();
        webSockets.writeAndFlush(new CloseWebSocketFrame(1001, "gateway stopping")).awaitUninterruptibly(2_000);
        webSockets.close().awaitUninterruptibly(2_000);
    }
}
