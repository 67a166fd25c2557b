package dev.spindle.net;

import dev.spindle.internal.channel.Backend;
import dev.spindle.internal.channel.NativeStream;
import dev.spindle.internal.channel.ZeroCopy;
import dev.spindle.internal.sys.Native;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hot loop of a proxy: moves bytes from one stream to another through the kernel, never into Java
 * memory. Between two Spindle streams ({@link TcpStream}, {@link UnixStream}) on Linux, each
 * {@link #transfer} splices (splice(2)) what the source has into this splicer's pipe and from there to the
 * destination; between other channels, or on other OSes, it copies through a buffer of its own. One
 * splicer serves one direction of one proxied connection at a time: calls from several threads take turns.
 *
 * <pre>{@code
 * try (Splicer up = Splicer.open()) {
 *     up.transferAll(client, backend); // until the client's end of stream
 * }
 * }</pre>
 */
public final class Splicer implements Closeable {
    /** A pipe's capacity on Linux unless raised: what one splice in moves at most. */
    private static final int PIPE_CHUNK = 64 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final int pipeRead, pipeWrite; // -1: no pipe, copy
    private ByteBuffer copyBuffer; // under lock, made on first copy
    private volatile boolean closed;
    private boolean released; // under lock

    private Splicer(int pipeRead, int pipeWrite) {
        this.pipeRead = pipeRead;
        this.pipeWrite = pipeWrite;
    }

    /** A splicer with its pipe (none where the native library is missing: it copies). */
    public static Splicer open() throws IOException {
        long p = Backend.CURRENT.splicePipe();
        return p < 0 ? new Splicer(-1, -1) : new Splicer((int) (p >>> 32), (int) p);
    }

    /**
     * Moves at most {@code max} bytes: waits for at least one from {@code from} (under its read timeout),
     * and writes all that came to {@code to} (under its write timeout). Returns the bytes moved, or -1 at
     * {@code from}'s end of stream. A failure part way leaves bytes in the pipe, so it closes this splicer.
     */
    public long transfer(ReadableByteChannel from, WritableByteChannel to, long max) throws IOException {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (max <= 0) throw new IllegalArgumentException("max must be positive: " + max);
        boolean inPipe = false;
        lock.lock();
        try {
            if (closed) throw new ClosedChannelException();
            NativeStream in = nativeOf(from), out = nativeOf(to);
            if (in != null && out != null && pipeRead >= 0) {
                long n = ZeroCopy.spliceIn(in, pipeWrite, Math.min(max, PIPE_CHUNK));
                if (n != ZeroCopy.UNSUPPORTED) {
                    inPipe = n > 0;
                    if (inPipe && ZeroCopy.spliceOut(out, pipeRead, n) == ZeroCopy.UNSUPPORTED)
                        throw new IOException("splice into " + to + " is refused after splicing from " + from);
                    inPipe = false;
                    return n;
                }
            }
            return copy(from, to, max);
        } catch (IOException | RuntimeException e) {
            if (inPipe) closed = true; // bytes are stuck in the pipe: nobody may read them as another transfer's
            throw e;
        } finally {
            if (closed) release();
            lock.unlock();
        }
    }

    /** Transfers until {@code from}'s end of stream: the bytes moved. */
    public long transferAll(ReadableByteChannel from, WritableByteChannel to) throws IOException {
        long total = 0;
        for (long n; (n = transfer(from, to, Long.MAX_VALUE)) >= 0; ) total += n;
        return total;
    }

    private long copy(ReadableByteChannel from, WritableByteChannel to, long max) throws IOException {
        if (copyBuffer == null) copyBuffer = ByteBuffer.allocateDirect(PIPE_CHUNK);
        ByteBuffer b = copyBuffer.clear().limit((int) Math.min(max, PIPE_CHUNK));
        int n = from.read(b); // 0 only from a channel in non-blocking mode
        if (n < 0) return -1;
        b.flip();
        while (b.hasRemaining()) to.write(b);
        return n;
    }

    private static NativeStream nativeOf(Object channel) {
        return channel instanceof StreamChannel<?, ?> s && s.io instanceof NativeStream n ? n : null;
    }

    /** Closes the pipe, now or, if a transfer is under way, when it ends. */
    @Override
    public void close() {
        closed = true;
        if (lock.tryLock()) {
            try {
                release();
            } finally {
                lock.unlock();
            }
        }
    }

    private void release() {
        if (released || pipeRead < 0) return;
        released = true;
        Native.close(pipeRead);
        Native.close(pipeWrite);
    }
}
