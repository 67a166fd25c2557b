package dev.spindle.bench.jmh;

import dev.spindle.bench.harness.Registry;
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
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

    /** Connects a pair {client, server} through a listener on {@code any}. */
    private interface Pairing {
        Endpoint[] connect(InetSocketAddress any) throws IOException;
    }

    private static final Registry<Pairing> PAIRINGS = new Registry<Pairing>("impl")
            .add("spindle", Endpoint::spindlePair)
            .add("jdk", Endpoint::jdkPair);

    /** A connected pair {client, server}; impl is "spindle" or "jdk". */
    static Endpoint[] pair(String impl) throws IOException {
        return PAIRINGS.get(impl).connect(new InetSocketAddress("127.0.0.1", 0));
    }

    private static Endpoint[] spindlePair(InetSocketAddress any) throws IOException {
        try (TcpListener l = TcpListener.open().bind(any)) {
            Endpoint client = of(TcpStream.open(l.localAddress()));
            return new Endpoint[] {client, of(l.accept())};
        }
    }

    private static Endpoint[] jdkPair(InetSocketAddress any) throws IOException {
        try (ServerSocketChannel l = ServerSocketChannel.open().bind(any)) {
            Endpoint client = of(SocketChannel.open(l.getLocalAddress()));
            return new Endpoint[] {client, of(l.accept())};
        }
    }

    /** The half-close and the read timeout, which ByteChannel does not declare. */
    interface IoAction<T> {
        void apply(T value) throws IOException;
    }

    /** An end over any blocking ByteChannel: Spindle's TcpStream or the JDK's SocketChannel. */
    static final class ChannelEnd extends Endpoint {
        private final ByteChannel channel;
        private final IoAction<Void> shutdownOutput;
        private final IoAction<Long> readTimeout; // null: the channel has none

        ChannelEnd(ByteChannel channel, IoAction<Void> shutdownOutput, IoAction<Long> readTimeout) {
            this.channel = channel;
            this.shutdownOutput = shutdownOutput;
            this.readTimeout = readTimeout;
        }

        @Override
        int read(ByteBuffer dst) throws IOException {
            return channel.read(dst);
        }

        @Override
        void write(ByteBuffer src) throws IOException {
            while (src.hasRemaining()) channel.write(src); // one call on Spindle, which writes everything
        }

        @Override
        void shutdownOutput() throws IOException {
            shutdownOutput.apply(null);
        }

        @Override
        void setReadTimeout(long millis) throws IOException {
            if (readTimeout == null) super.setReadTimeout(millis);
            else readTimeout.apply(millis);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    static Endpoint of(TcpStream s) throws IOException {
        s.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return new ChannelEnd(s, v -> s.shutdownOutput(), ms -> s.setReadTimeout(java.time.Duration.ofMillis(ms)));
    }

    static Endpoint of(SocketChannel s) throws IOException {
        s.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return new ChannelEnd(s, v -> s.shutdownOutput(), null);
    }
}
