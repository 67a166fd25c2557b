package dev.spindle.bench.jmh;

import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/** One end of a connected loopback TCP pair, through Spindle or the JDK's SocketChannel (blocking). */
abstract class Endpoint implements Closeable {
    /** One read call. */
    abstract int read(ByteBuffer dst) throws IOException;

    /** Writes all of src. */
    abstract void write(ByteBuffer src) throws IOException;

    abstract void shutdownOutput() throws IOException;

    /** Sets a read timeout; only Spindle has one on a channel (zero: none). */
    void setReadTimeout(long millis) throws IOException {
        if (millis != 0) throw new UnsupportedOperationException("no read timeout on " + getClass().getSimpleName());
    }

    /** Reads exactly dst.remaining() bytes. */
    final void readFully(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            if (read(dst) < 0) throw new EOFException();
        }
    }

    /** A connected pair {client, server}; impl is "spindle" or "jdk". */
    static Endpoint[] pair(String impl) throws IOException {
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
        Endpoint[] p = new Endpoint[2];
        switch (impl) {
            case "spindle" -> {
                try (TcpListener l = TcpListener.open().bind(any)) {
                    p[0] = new SpindleEnd(TcpStream.open(l.localAddress()));
                    p[1] = new SpindleEnd(l.accept());
                }
            }
            case "jdk" -> {
                try (ServerSocketChannel l = ServerSocketChannel.open().bind(any)) {
                    p[0] = new JdkEnd(SocketChannel.open(l.getLocalAddress()));
                    p[1] = new JdkEnd(l.accept());
                }
            }
            default -> throw new IllegalArgumentException("impl must be spindle or jdk: " + impl);
        }
        return p;
    }

    static final class SpindleEnd extends Endpoint {
        private final TcpStream s;

        SpindleEnd(TcpStream s) throws IOException {
            this.s = s;
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }

        @Override
        int read(ByteBuffer dst) throws IOException {
            return s.read(dst);
        }

        @Override
        void write(ByteBuffer src) throws IOException {
            s.write(src); // Spindle's blocking write writes everything
        }

        @Override
        void shutdownOutput() throws IOException {
            s.shutdownOutput();
        }

        @Override
        void setReadTimeout(long millis) throws IOException {
            s.setReadTimeout(java.time.Duration.ofMillis(millis));
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    static final class JdkEnd extends Endpoint {
        private final SocketChannel s;

        JdkEnd(SocketChannel s) throws IOException {
            this.s = s;
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }

        @Override
        int read(ByteBuffer dst) throws IOException {
            return s.read(dst);
        }

        @Override
        void write(ByteBuffer src) throws IOException {
            while (src.hasRemaining()) s.write(src);
        }

        @Override
        void shutdownOutput() throws IOException {
            s.shutdownOutput();
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }
}
