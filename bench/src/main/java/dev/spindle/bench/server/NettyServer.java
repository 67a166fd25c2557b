package dev.spindle.bench.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2 with the epoll, io_uring or NIO transport: one boss loop, N worker loops.
 * Every transport gets the same options and handlers; only the IoHandler and the
 * server channel class differ.
 */
final class NettyServer implements Server {
    /** Netty's transports. */
    enum Transport {
        EPOLL, IO_URING, NIO
    }

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;

    NettyServer(Transport transport, Mode mode, int threads, InetSocketAddress address, int backlog) throws InterruptedException {
        String why = unavailable(transport);
        if (why != null) throw new IllegalStateException(why);
        IoHandlerFactory io = switch (transport) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        Class<? extends ServerChannel> channelType = switch (transport) {
            case EPOLL -> EpollServerSocketChannel.class;
            case IO_URING -> IoUringServerSocketChannel.class;
            case NIO -> NioServerSocketChannel.class;
        };
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

    /** Null when the transport's native part loads on this machine, else why it does not. */
    static String unavailable(Transport transport) {
        String os = System.getProperty("os.name", "");
        try {
            return switch (transport) {
                case NIO -> null;
                case EPOLL -> !os.startsWith("Linux") ? "Netty's epoll transport needs Linux (this is " + os + ")"
                        : Epoll.isAvailable() ? null
                        : "Netty's epoll transport is unavailable: Epoll.unavailabilityCause() = " + NettyTuning.causes(Epoll.unavailabilityCause());
                case IO_URING -> !os.startsWith("Linux") ? "Netty's io_uring transport needs Linux (this is " + os + ")"
                        : IoUring.isAvailable() ? null
                        : "Netty's io_uring transport is unavailable: IoUring.unavailabilityCause() = " + NettyTuning.causes(IoUring.unavailabilityCause());
            };
        } catch (LinkageError e) {
            return "Netty's " + transport.name().toLowerCase(Locale.ROOT) + " transport did not load: " + e;
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
}
