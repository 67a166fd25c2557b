package dev.spindle.net;

import dev.spindle.internal.channel.ListenerIo;
import dev.spindle.internal.channel.StreamIo;
import dev.spindle.internal.poll.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link TcpStream} and {@link UnixStream} share beyond {@link SpindleChannel}: the blocking
 * reads and writes, half-close, timeouts, the peer's address and java.io adapters over one {@link StreamIo}. {@code S} is the stream's own
 * type, for the setters that return it; {@code A} its address type.
 */
abstract sealed class StreamChannel<S extends StreamChannel<S, A>, A extends SocketAddress> extends SpindleChannel<S, A>
        implements ByteChannel, ScatteringByteChannel, GatheringByteChannel permits TcpStream, UnixStream {
    final StreamIo io;
    private volatile long readTimeoutNanos, writeTimeoutNanos;
    private InputStream in;
    private OutputStream out;

    /** {@code opener} makes the I/O for this channel's owner (see {@link ListenerIo.Accepted}). */
    StreamChannel(ListenerIo.Accepted opener) throws IOException {
        this.io = opener.open(owner);
    }

    @Override
    final StreamIo io() {
        return io;
    }

    // ---- reads and writes ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkWritable(dst);
        return io.read(dst);
    }

    /** Reads into part of an array: the allocation-free path of {@link #inputStream()}. */
    int read(byte[] array, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, array.length);
        return io.read(array, offset, length);
    }

    /** Reads one byte into {@code one[0]}; -1 at end of stream. */
    int readByte(byte[] one) throws IOException {
        return io.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        for (int i = offset; i < offset + length; i++) checkWritable(dsts[i]);
        return io.read(dsts, offset, length);
    }

    static void checkWritable(ByteBuffer dst) {
        if (dst.isReadOnly()) throw new IllegalArgumentException("cannot read into a read-only buffer");
    }

    /** Writes all of {@code src}, waiting for buffer space as needed, as a blocking {@code SocketChannel} does. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        return io.write(Objects.requireNonNull(src, "src"));
    }

    /** Writes all of part of an array: the allocation-free path of {@link #outputStream()}. */
    void write(byte[] array, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, array.length);
        io.write(array, offset, length);
    }

    /** Writes {@code b} through {@code one}. */
    void writeByte(byte[] one, int b) throws IOException {
        one[0] = (byte) b;
        io.write(one, 0, 1);
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        for (int i = offset; i < offset + length; i++) Objects.requireNonNull(srcs[i], "srcs");
        return io.write(srcs, offset, length);
    }

    // ---- zero copy ----

    /**
     * Sends {@code count} bytes of the file at {@code file} from {@code position}, all of them unless the
     * file ends first, as a write does (waiting for room under the write timeout; close and interrupt as
     * for write). The bytes go from the page cache to the socket without passing through Java: sendfile(2)
     * on Linux and macOS; where the OS refuses (a file system without it, macOS and UNIX sockets), they are
     * copied. Returns the bytes sent.
     */
    public long sendFile(Path file, long position, long count) throws IOException {
        checkRegion(position, count);
        return io.sendFile(null, Objects.requireNonNull(file, "file"), position, count);
    }

    /**
     * As {@link #sendFile(Path, long, long)}, from an open {@code FileChannel}, whose position is left
     * alone. Zero copy needs its fd, which the JDK shows only to code it opens {@code java.base} to
     * ({@code --add-opens java.base/sun.nio.ch=dev.spindle --add-opens java.base/java.io=dev.spindle}, or
     * {@code ALL-UNNAMED} on the class path); otherwise the bytes are copied through a direct buffer. Keep
     * the channel open until this returns.
     */
    public long sendFile(FileChannel file, long position, long count) throws IOException {
        checkRegion(position, count);
        return io.sendFile(Objects.requireNonNull(file, "file"), null, position, count);
    }

    private static void checkRegion(long position, long count) {
        if (position < 0 || count < 0)
            throw new IllegalArgumentException("position and count must not be negative: " + position + ", " + count);
    }

    // ---- half-close, timeouts, addresses, options, adapters ----

    /** Half-closes the input: blocked and later reads return -1. */
    public void shutdownInput() throws IOException {
        io.shutdownInput();
    }

    /** Half-closes the output: the peer reads end of stream; later writes throw ClosedChannelException. */
    public void shutdownOutput() throws IOException {
        io.shutdownOutput();
    }

    /**
     * Sets how long a read may wait for data before it throws {@link java.net.SocketTimeoutException};
     * zero (the default) waits forever. The stream stays usable after a timeout, as with
     * {@code Socket.setSoTimeout}. Setting it costs nothing per read: the clock is read only when a
     * read has to wait.
     */
    public S setReadTimeout(Duration timeout) throws IOException {
        readTimeoutNanos = Timeouts.toNanos(timeout, "read timeout");
        io.setReadTimeout(readTimeoutNanos);
        return self();
    }

    public Duration getReadTimeout() {
        return Duration.ofNanos(readTimeoutNanos);
    }

    long readTimeoutNanos() {
        return readTimeoutNanos;
    }

    /**
     * Sets how long a write may wait for buffer space without making progress before it throws
     * {@link java.net.SocketTimeoutException}; zero (the default) waits forever. Bytes written
     * before the timeout stay written: the buffer's position shows how far it got.
     */
    public S setWriteTimeout(Duration timeout) {
        long nanos = Timeouts.toNanos(timeout, "write timeout");
        io.setWriteTimeout(nanos);
        writeTimeoutNanos = nanos;
        return self();
    }

    public Duration getWriteTimeout() {
        return Duration.ofNanos(writeTimeoutNanos);
    }

    long writeTimeoutNanos() {
        return writeTimeoutNanos;
    }

    public boolean isConnected() {
        return io.isConnected();
    }

    /** The peer's address; null before the stream is connected. */
    @SuppressWarnings("unchecked")
    public A remoteAddress() throws IOException {
        return (A) io.remoteAddress();
    }

    /** An InputStream over this stream; closing it closes the stream. It allocates nothing per read. */
    public synchronized InputStream inputStream() {
        if (in == null) in = new StreamAdapters.In(this);
        return in;
    }

    /** An OutputStream over this stream; each write is written fully; closing it closes the stream. */
    public synchronized OutputStream outputStream() {
        if (out == null) out = new StreamAdapters.Out(this);
        return out;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[fd=" + io.fd() + (isOpen() ? "" : ", closed")
                + (io.isConnected() ? ", connected" : "") + "]";
    }
}
