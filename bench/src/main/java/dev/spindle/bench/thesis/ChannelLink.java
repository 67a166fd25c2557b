package dev.spindle.bench.thesis;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One end of a socket pair over any blocking {@link ByteChannel}: the JDK's SocketChannel or
 * Spindle's TcpStream and UnixStream, so every transport runs the same read and write code.
 */
final class ChannelLink implements Link {
    /** The half-close, which ByteChannel does not declare. */
    interface ShutdownOutput {
        void run() throws IOException;
    }

    final ByteChannel channel;
    private final ShutdownOutput shutdownOutput;
    private final ByteBuffer in = ByteBuffer.allocateDirect(1);
    private final ByteBuffer out = ByteBuffer.allocateDirect(1);

    ChannelLink(ByteChannel channel, ShutdownOutput shutdownOutput) {
        this.channel = channel;
        this.shutdownOutput = shutdownOutput;
    }

    static ChannelLink of(SocketChannel c) {
        return new ChannelLink(c, c::shutdownOutput);
    }

    /** The JDK channel under a link made by {@link Factory}; for the event loop's Selector. */
    SocketChannel socketChannel() {
        return (SocketChannel) channel;
    }

    @Override
    public int read() throws IOException {
        in.clear();
        int n;
        do {
            n = channel.read(in);
        } while (n == 0);
        return n < 0 ? -1 : in.get(0) & 0xff;
    }

    @Override
    public void write(int b) throws IOException {
        out.clear();
        out.put(0, (byte) b);
        while (out.hasRemaining()) {
            if (channel.write(out) < 0) throw new EOFException();
        }
    }

    @Override
    public void shutdownOutput() throws IOException {
        shutdownOutput.run();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** AF_UNIX pairs (SocketChannel with UnixDomainSocketAddress) or loopback TCP. */
    static final class Factory implements Link.Factory {
        private final boolean unix;
        private final ServerSocketChannel listener;
        private final Path dir;

        Factory(boolean unix) throws IOException {
            this.unix = unix;
            if (unix) {
                dir = Files.createTempDirectory("spindle-thesis");
                listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(dir.resolve("s")), 4096);
            } else {
                dir = null;
                listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 4096);
            }
        }

        @Override
        public Pair open() throws IOException {
            SocketChannel a = SocketChannel.open(listener.getLocalAddress());
            SocketChannel b = listener.accept();
            if (!unix) {
                a.setOption(StandardSocketOptions.TCP_NODELAY, true);
                b.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            return new Pair(ChannelLink.of(a), ChannelLink.of(b));
        }

        @Override
        public String sockets() {
            return unix ? "AF_UNIX via a listener" : "TCP loopback"; // the JDK has no socketpair
        }

        @Override
        public void close() throws IOException {
            listener.close();
            if (dir != null) {
                Files.deleteIfExists(dir.resolve("s"));
                Files.deleteIfExists(dir);
            }
        }
    }
}
