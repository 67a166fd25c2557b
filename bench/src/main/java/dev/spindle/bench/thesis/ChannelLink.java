package dev.spindle.bench.thesis;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;

/** A JDK SocketChannel end (blocking unless someone registers it with a Selector). */
final class ChannelLink implements Link {
    final SocketChannel channel;
    private final ByteBuffer in = ByteBuffer.allocateDirect(1);
    private final ByteBuffer out = ByteBuffer.allocateDirect(1);

    ChannelLink(SocketChannel channel) {
        this.channel = channel;
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
        channel.shutdownOutput();
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
            return new Pair(new ChannelLink(a), new ChannelLink(b));
        }

        @Override
        public String sockets() {
            return unix ? "AF_UNIX" : "TCP loopback";
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
