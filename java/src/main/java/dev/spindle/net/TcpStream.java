package dev.spindle.net;

import dev.spindle.internal.channel.Addresses;
import dev.spindle.internal.channel.ListenerIo;
import dev.spindle.internal.channel.NativeStream;
import dev.spindle.internal.channel.NioStream;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.channel.SocketState;
import dev.spindle.internal.channel.StreamIo;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.NativeLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A blocking TCP connection for platform and virtual threads.
 *
 * <p>Each call tries its syscall first and waits only after EAGAIN, parked
 * until the socket's poller reports readiness. A successful read or write is
 * one syscall, allocates nothing, and takes only this stream's read or write
 * lock (one reader and one writer can run at once). Heap buffers are read and
 * written in place, without a copy.
 *
 * <p>{@link #close()} from any thread wakes blocked readers and writers with
 * {@code AsynchronousCloseException}; interrupting a blocked thread closes the
 * stream and throws {@code ClosedByInterruptException}.
 */
public final class TcpStream extends CoreChannel
        implements ByteChannel, ScatteringByteChannel, GatheringByteChannel, NetworkChannel {
    /** {@link NativeStream}, or {@link NioStream} when the native library cannot load. */
    private final StreamIo io;
    private volatile long readTimeoutNanos, writeTimeoutNanos;
    private InputStream in;
    private OutputStream out;

    private TcpStream(int fd) throws IOException {
        this.io = new NativeStream(fd, Addresses.FAMILY, guard, false);
    }

    TcpStream(ListenerIo.Accepted accepted) throws IOException {
        this.io = accepted.open(guard);
    }

    private TcpStream(SocketChannel jdk) {
        this.io = new NioStream(this, jdk);
    }

    /** An unconnected stream; set options, optionally {@link #bind}, then {@link #connect}. */
    public static TcpStream open() throws IOException {
        return NativeLoader.failure() == null
                ? new TcpStream(SocketFd.newSocket(Addresses.FAMILY))
                : new TcpStream(SocketChannel.open());
    }

    /** A stream connected to {@code remote}. */
    public static TcpStream open(SocketAddress remote) throws IOException {
        TcpStream s = open();
        try {
            return s.connect(remote);
        } catch (Throwable t) {
            s.close();
            throw t;
        }
    }

    /**
     * Connects, blocking until the handshake completes. On failure the stream is
     * closed, and ECONNREFUSED surfaces as {@link java.net.ConnectException}.
     */
    public TcpStream connect(SocketAddress remote) throws IOException {
        return connect(remote, Duration.ZERO);
    }

    /**
     * Connects, waiting at most {@code timeout} (zero: no limit) for the handshake. On timeout
     * the stream is closed and {@link java.net.SocketTimeoutException} is thrown.
     */
    public TcpStream connect(SocketAddress remote, Duration timeout) throws IOException {
        long timeoutNanos = Timeouts.toNanos(timeout, "timeout");
        io.connect(Addresses.check(remote), timeoutNanos);
        return this;
    }

    /** Binds the local end before {@link #connect}; null picks any address and port. */
    @Override
    public TcpStream bind(SocketAddress local) throws IOException {
        io.bind(local == null ? new InetSocketAddress(0) : Addresses.check(local));
        return this;
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

    private static void checkWritable(ByteBuffer dst) {
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
    public TcpStream setReadTimeout(Duration timeout) throws IOException {
        readTimeoutNanos = Timeouts.toNanos(timeout, "read timeout");
        io.setReadTimeout(readTimeoutNanos);
        return this;
    }

    public Duration getReadTimeout() {
        return Duration.ofNanos(readTimeoutNanos);
    }

    /**
     * Sets how long a write may wait for buffer space without making progress before it throws
     * {@link java.net.SocketTimeoutException}; zero (the default) waits forever. Bytes written
     * before the timeout stay written: the buffer's position shows how far it got.
     */
    public TcpStream setWriteTimeout(Duration timeout) {
        long nanos = Timeouts.toNanos(timeout, "write timeout");
        io.setWriteTimeout(nanos);
        writeTimeoutNanos = nanos;
        return this;
    }

    public Duration getWriteTimeout() {
        return Duration.ofNanos(writeTimeoutNanos);
    }

    public boolean isConnected() {
        return io.isConnected();
    }

    /** The local address; null before the stream is bound or connected. */
    public InetSocketAddress localAddress() throws IOException {
        return io.localAddress();
    }

    @Override
    public InetSocketAddress getLocalAddress() throws IOException {
        return io.localAddress();
    }

    /** The peer's address; null before the stream is connected. */
    public InetSocketAddress remoteAddress() throws IOException {
        return io.remoteAddress();
    }

    /** Sets TCP_NODELAY, SO_KEEPALIVE, SO_RCVBUF, SO_SNDBUF, SO_LINGER (seconds; negative is off), SO_REUSEADDR, SO_REUSEPORT or IP_TOS. */
    @Override
    public <T> TcpStream setOption(SocketOption<T> name, T value) throws IOException {
        io.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return io.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return SocketState.STREAM_OPTIONS;
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

    /** The fd number, -1 on the JDK's channels; for tests. */
    int fd() {
        return io.fd();
    }

    @Override
    protected void implCloseChannel() throws IOException {
        io.close();
    }

    @Override
    public String toString() {
        return "TcpStream[fd=" + io.fd() + (isOpen() ? "" : ", closed") + (io.isConnected() ? ", connected" : "") + "]";
    }
}
