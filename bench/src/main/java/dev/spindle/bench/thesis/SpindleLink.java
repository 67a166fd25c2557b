package dev.spindle.bench.thesis;

import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import dev.spindle.net.UnixStream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;

/** Spindle stream pairs for the ring: UNIX socketpairs ({@link UnixStream#pair()}) or loopback TCP. */
final class SpindleLink {
    private SpindleLink() {}

    /** A factory of {@link UnixStream#pair()}s, or, with {@code unix} false, of loopback TCP pairs. */
    static Link.Factory factory(boolean unix) throws IOException {
        return unix ? new UnixPairs() : new TcpPairs();
    }

    /** socketpair(AF_UNIX, SOCK_STREAM): as in Blandy's ring. */
    private static final class UnixPairs implements Link.Factory {
        @Override
        public Link.Pair open() throws IOException {
            UnixStream[] pair = UnixStream.pair();
            return new Link.Pair(new ChannelLink(pair[0], pair[0]::shutdownOutput), new ChannelLink(pair[1], pair[1]::shutdownOutput));
        }

        @Override
        public String sockets() {
            return "AF_UNIX socketpair";
        }

        @Override
        public void close() {
            // nothing shared between pairs
        }
    }

    /** Loopback TCP through one listener, TCP_NODELAY on both ends. */
    private static final class TcpPairs implements Link.Factory {
        private final TcpListener listener;
        private final InetSocketAddress address;

        TcpPairs() throws IOException {
            listener = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0), 4096);
            address = listener.localAddress();
        }

        @Override
        public Link.Pair open() throws IOException {
            TcpStream a = TcpStream.open(address);
            TcpStream b = listener.accept();
            return new Link.Pair(of(a), of(b));
        }

        private static ChannelLink of(TcpStream stream) throws IOException {
            stream.setOption(StandardSocketOptions.TCP_NODELAY, true);
            return new ChannelLink(stream, stream::shutdownOutput);
        }

        @Override
        public String sockets() {
            return "TCP loopback";
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
