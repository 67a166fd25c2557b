package dev.spindle.bench.thesis;

import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;

/** Spindle TcpStream pairs for the ring (Spindle speaks TCP only, so pairs are loopback TCP). */
final class SpindleLink {
    private SpindleLink() {}

    static ChannelLink of(TcpStream stream) throws IOException {
        stream.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return new ChannelLink(stream, stream::shutdownOutput);
    }

    static final class Factory implements Link.Factory {
        private final TcpListener listener;
        private final InetSocketAddress address;

        Factory() throws IOException {
            listener = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0), 4096);
            address = listener.localAddress();
        }

        @Override
        public Link.Pair open() throws IOException {
            TcpStream a = TcpStream.open(address);
            TcpStream b = listener.accept();
            return new Link.Pair(of(a), of(b));
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
