package dev.spindle.bench.udp;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Netty 4.2's {@code EpollDatagramChannel} or {@code NioDatagramChannel} on one event loop (one
 * socket needs no more). With {@code batched}, epoll reads with recvmmsg: Netty does so when
 * {@code EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE} is set and the receive buffer it allocates
 * holds several datagrams of that size, here {@link UdpEcho#BATCH}. Either way Netty writes the
 * echoes of one read batch with sendmmsg when more than one is queued at the flush.
 */
final class NettyUdpServer implements UdpServer {
    enum Transport {
        EPOLL, NIO
    }

    private final EventLoopGroup group;
    private final Channel channel;

    NettyUdpServer(Transport transport, boolean batched, InetSocketAddress address) throws InterruptedException {
        group = new MultiThreadIoEventLoopGroup(1, transport == Transport.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Bootstrap b = new Bootstrap()
                .group(group)
                .channel(transport == Transport.EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class)
                .option(ChannelOption.SO_RCVBUF, UdpEcho.SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, UdpEcho.SOCKET_BUFFER)
                .handler(new NettyDatagramEchoHandler());
        if (batched) {
            b.option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UdpEcho.MAX_DATAGRAM)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UdpEcho.MAX_DATAGRAM * UdpEcho.BATCH));
        }
        channel = b.bind(address).sync().channel();
    }

    @Override
    public String describe() {
        return "rcvbuf=" + channel.config().getOption(ChannelOption.SO_RCVBUF)
                + " sndbuf=" + channel.config().getOption(ChannelOption.SO_SNDBUF)
                + " channel=" + channel.getClass().getSimpleName()
                + (channel.config().getOptions().containsKey(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE)
                        ? " max_datagram_payload=" + channel.config().getOption(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE) : "");
    }

    @Override
    public void close() throws InterruptedException {
        channel.close().sync();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
    }
}
