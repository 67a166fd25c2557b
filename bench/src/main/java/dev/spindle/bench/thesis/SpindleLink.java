package dev.spindle.bench.thesis;

import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;

/** A Spindle TcpStream end (Spindle speaks TCP only, so pairs are loopback TCP). */
final class SpindleLink implements Link {
    private final TcpStream stream;
    private final ByteBuffer in = ByteBuffer.allocateDirect(1);
    private final ByteBuffer out = ByteBuffer.allocateDirect(1);

    SpindleLink(TcpStream stream) throws IOException {
        this.stream = stream;
        stream.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    @Override
    public int read() throws IOException {
        in.clear();
        int n;
        do {
            n = stream.read(in);
        } while (n == 0);
        return n < 0 ? -1 : in.get(0) & 0xff;
    }

    @Override
    public void write(int b) throws IOException {
        out.clear();
        out.put(0, (byte) b);
        if (stream.write(out) < 0) throw new EOFException();
    }

    @Override
    public void shutdownOutput() throws IOException {
        stream.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }

    static final class Factory implements Link.Factory {
        private final TcpListener listener;
        private final InetSocketAddress address;

        Factory() throws IOException {
            listener = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0), 4096);
            address = listener.localAddress();
        }

        @Override
        public Pair open() throws IOException {
            TcpStream a = TcpStream.open(address);
            TcpStream b = listener.accept();
            return new Pair(new SpindleLink(a), new SpindleLink(b));
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
