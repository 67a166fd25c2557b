package dev.spindle.bench.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;

/** Netty 4.2 with the epoll or NIO transport: one boss loop, N worker loops. */
final class NettyServer implements Server {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    NettyServer(boolean epoll, Mode mode, int threads, InetSocketAddress address, int backlog) throws InterruptedException {
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        boss = new MultiThreadIoEventLoopGroup(1, io);
        workers = new MultiThreadIoEventLoopGroup(threads, io);
        NettyEchoHandler echo = new NettyEchoHandler();
        NettyHttpHandler http = new NettyHttpHandler();
        channel = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, backlog)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (mode == Mode.HTTP) ch.pipeline().addLast(new HttpServerCodec(), http);
                        else ch.pipeline().addLast(echo);
                    }
                })
                .bind(address).sync().channel();
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
}
