package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.AbstractSelector;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Netty's NIO transport over UNIX-domain sockets ({@code NioDomainSocketChannel}), on Spindle's
 * provider: Netty's testsuite has no domain-socket tests for NIO, so this runs its echo here, and
 * checks that every channel Netty opened was Spindle's.
 */
class NettyDomainSocketTest {
    @Test
    void nettyNioDomainSocketEchoRunsOnSpindle() throws Exception {
        Nio.assumeNative();
        Recording provider = new Recording(Nio.PROVIDER);
        Path dir = Files.createTempDirectory("spindle-netty-uds");
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("echo.sock"));
        byte[] sent = new byte[256 * 1024];
        new Random(11).nextBytes(sent);
        CompletableFuture<byte[]> echoed = new CompletableFuture<>();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory(provider));
        try {
            Channel server = new ServerBootstrap().group(group)
                    .channelFactory(() -> new NioServerDomainSocketChannel(provider))
                    .childHandler(new ChannelInboundHandlerAdapter() {
                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            ctx.writeAndFlush(msg);
                        }
                    })
                    .bind(address).sync().channel();
            Channel client = new Bootstrap().group(group)
                    .channelFactory(() -> new NioDomainSocketChannel(provider))
                    .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                        private final ByteArrayOutputStream got = new ByteArrayOutputStream();

                        @Override
                        protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                            byte[] part = new byte[msg.readableBytes()];
                            msg.readBytes(part);
                            got.writeBytes(part);
                            if (got.size() >= sent.length) echoed.complete(got.toByteArray());
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            echoed.completeExceptionally(cause);
                        }
                    })
                    .connect(address).sync().channel();
            for (int off = 0; off < sent.length; off += 16 * 1024)
                client.write(Unpooled.wrappedBuffer(sent, off, Math.min(16 * 1024, sent.length - off)));
            client.flush();
            assertArrayEquals(sent, echoed.get(30, TimeUnit.SECONDS), "the echo came back whole and in order");
            assertEquals(address, client.remoteAddress(), "the client's peer is the server's path");
            client.close().sync();
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
            Files.deleteIfExists(address.getPath());
            Files.deleteIfExists(dir);
        }
        assertTrue(provider.opened.size() >= 2, "Netty opened its UNIX channels through the provider: " + provider.opened);
        for (Object ch : provider.opened)
            assertTrue(ch instanceof SpindleSocketChannel || ch instanceof SpindleServerSocketChannel || ch instanceof SpindleSelector,
                    "not Spindle's: " + ch.getClass());
        assertInstanceOf(SpindleServerSocketChannel.class, provider.opened.stream()
                .filter(ServerSocketChannel.class::isInstance).findFirst().orElseThrow());
    }

    /** Spindle's provider, noting what it opens for Netty. */
    private static final class Recording extends SelectorProvider {
        final List<Object> opened = new CopyOnWriteArrayList<>();
        private final SelectorProvider spindle;

        Recording(SelectorProvider spindle) {
            this.spindle = spindle;
        }

        private <T> T note(T channel) {
            opened.add(channel);
            return channel;
        }

        @Override
        public DatagramChannel openDatagramChannel() throws IOException {
            return note(spindle.openDatagramChannel());
        }

        @Override
        public DatagramChannel openDatagramChannel(ProtocolFamily family) throws IOException {
            return note(spindle.openDatagramChannel(family));
        }

        @Override
        public Pipe openPipe() throws IOException {
            return spindle.openPipe();
        }

        @Override
        public AbstractSelector openSelector() throws IOException {
            return note(spindle.openSelector());
        }

        @Override
        public ServerSocketChannel openServerSocketChannel() throws IOException {
            return note(spindle.openServerSocketChannel());
        }

        @Override
        public ServerSocketChannel openServerSocketChannel(ProtocolFamily family) throws IOException {
            assertEquals(StandardProtocolFamily.UNIX, family);
            return note(spindle.openServerSocketChannel(family));
        }

        @Override
        public SocketChannel openSocketChannel() throws IOException {
            return note(spindle.openSocketChannel());
        }

        @Override
        public SocketChannel openSocketChannel(ProtocolFamily family) throws IOException {
            assertEquals(StandardProtocolFamily.UNIX, family);
            return note(spindle.openSocketChannel(family));
        }
    }
}
