package dev.spindle.bench.sockets;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * One end of a connected stream socket, used with blocking calls: Spindle's stream, a java.nio
 * SocketChannel or a java.net Socket (see {@link SocketApi}). Each kind keeps its own calls: a read
 * here is one read of the socket under it, with nothing copied or allocated on the way.
 */
public abstract sealed class StreamSocket implements Closeable permits SpindleStream, NioStream, NetStream {
    private final Closeable socket;

    StreamSocket(Closeable socket) {
        this.socket = socket;
    }

    /** One read call: the bytes read, or -1 at end of stream. */
    public abstract int read(ByteBuffer dst) throws IOException;

    /** Writes all of src (one call on Spindle, which writes everything). */
    public abstract void write(ByteBuffer src) throws IOException;

    /** Lets the peer's reader see end of stream. */
    public abstract void shutdownOutput() throws IOException;

    /** An InputStream over this socket, the one its API offers (what a thread-per-connection server reads). */
    public abstract InputStream in() throws IOException;

    /** An OutputStream over this socket, the one its API offers. */
    public abstract OutputStream out() throws IOException;

    /** Sets a read timeout; only Spindle has one on a channel (zero: none). */
    public void setReadTimeout(Duration timeout) throws IOException {
        if (!timeout.isZero()) throw new UnsupportedOperationException("no read timeout on " + getClass().getSimpleName());
    }

    /** Reads exactly dst.remaining() bytes. */
    public final void readFully(ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            if (read(dst) < 0) throw new EOFException();
        }
    }

    @Override
    public final void close() throws IOException {
        socket.close();
    }
}
