package dev.spindle.net;

import dev.spindle.Spindle;
import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Layout;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.ScatteringByteChannel;
import java.nio.channels.SocketChannel;
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
public final class TcpStream extends BlockingSocket
        implements ByteChannel, ScatteringByteChannel, GatheringByteChannel {
    private static final Set<SocketOption<?>> OPTIONS = Set.of(StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT);
    private static final int COPY_CHUNK = 16 * 1024;

    private volatile boolean connected, inputShutdown, outputShutdown;
    private volatile long readTimeoutNanos, writeTimeoutNanos;
    private InetSocketAddress remote; // guarded by stateLock
    // Lazily made scratch memory, each used under one lock only.
    private ByteBuffer readIovecs; // readLock
    private ByteBuffer writeIovecs, readOnlyCopy; // writeLock
    private InputStream in;
    private OutputStream out;

    /** Set in fallback mode (no native library): every call goes to the JDK's SocketChannel. */
    private final NioStream nio;

    private TcpStream(int fd, boolean connected) throws IOException {
        super(fd);
        this.connected = connected;
        this.nio = null;
    }

    private TcpStream(SocketChannel channel) {
        super(channel);
        this.connected = channel.isConnected();
        this.nio = new NioStream(this, channel);
    }

    static TcpStream fallback(SocketChannel channel) {
        return new TcpStream(channel);
    }

    /** An unconnected stream; set options, optionally {@link #bind}, then {@link #connect}. */
    public static TcpStream open() throws IOException {
        return NATIVE ? new TcpStream(newSocket(), false) : new TcpStream(SocketChannel.open());
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

    static TcpStream accepted(int fd) throws IOException {
        return new TcpStream(fd, true);
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
        InetSocketAddress target = Addresses.check(remote);
        if (nio != null) {
            nio.connect(target, timeoutNanos);
            connected = true;
            return this;
        }
        byte[] address = Addresses.encode(target);
        readLock.lock();
        writeLock.lock();
        try {
            ensureOpen();
            if (connected) throw new AlreadyConnectedException();
            boolean done = false;
            try {
                connectBlocking(address, target, timeoutNanos);
                done = true;
            } finally {
                if (!done) close();
            }
            connected = true;
        } finally {
            unlock(writeLock);
            unlock(readLock);
        }
        return this;
    }

    private void connectBlocking(byte[] address, InetSocketAddress target, long timeoutNanos) throws IOException {
        Edge edge = readiness.write;
        int seen = edge.seq();
        int rc = Native.connect(fd, address);
        long deadline = Timeouts.UNSET;
        while (rc == -Errno.EINPROGRESS || rc == -Errno.EALREADY || rc == -Errno.EINTR) {
            deadline = await(edge, seen, deadline, timeoutNanos, "connect to " + target);
            seen = edge.seq();
            int error = Native.socketError(fd);
            rc = error != 0 ? -error : Native.connect(fd, address);
        }
        if (rc < 0 && rc != -Errno.EISCONN) throw Errors.of("connect", rc, target);
    }

    /** Binds the local end before {@link #connect}; null picks any address and port. */
    @Override
    public TcpStream bind(SocketAddress local) throws IOException {
        if (nio != null) {
            nio.channel.bind(local == null ? null : Addresses.check(local));
            return this;
        }
        byte[] address = Addresses.encode(local == null ? new InetSocketAddress(0) : Addresses.check(local));
        synchronized (stateLock) {
            ensureOpen();
            if (connected) throw new AlreadyConnectedException();
            int rc = Native.bind(fd, address);
            if (rc < 0) throw Errors.of("bind", rc, local);
        }
        return this;
    }

    // ---- reads ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        checkWritable(dst);
        if (nio != null) return nio.read(dst);
        readLock.lock();
        try {
            if (!readable()) return -1;
            int pos = dst.position(), len = dst.limit() - pos;
            if (len == 0) return 0;
            int n = dst.hasArray()
                    ? readBlocking(null, dst.array(), dst.arrayOffset() + pos, len)
                    : readBlocking(dst, null, pos, len);
            if (n > 0) dst.position(pos + n);
            return n;
        } finally {
            unlock(readLock);
        }
    }

    /** Reads into part of an array: the allocation-free path of {@link #inputStream()}. */
    int read(byte[] array, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, array.length);
        if (nio != null) return nio.read(array, offset, length);
        readLock.lock();
        try {
            if (!readable()) return -1;
            return length == 0 ? 0 : readBlocking(null, array, offset, length);
        } finally {
            unlock(readLock);
        }
    }

    /** Reads one byte into {@code one[0]} under the read lock; -1 at end of stream. */
    int readByte(byte[] one) throws IOException {
        if (nio != null) return nio.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        readLock.lock();
        try {
            if (!readable()) return -1;
            int n = readBlocking(null, one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        } finally {
            unlock(readLock);
        }
    }

    @Override
    public long read(ByteBuffer[] dsts) throws IOException {
        return read(dsts, 0, dsts.length);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        boolean allDirect = true;
        long wanted = 0;
        for (int i = offset; i < offset + length; i++) {
            checkWritable(dsts[i]);
            allDirect &= dsts[i].isDirect();
            wanted += dsts[i].remaining();
        }
        if (nio != null) return nio.read(dsts, offset, length);
        readLock.lock();
        try {
            if (!readable()) return -1;
            if (wanted == 0) return 0;
            return allDirect ? readv(dsts, offset, length) : readEach(dsts, offset, length);
        } finally {
            unlock(readLock);
        }
    }

    private boolean readable() throws IOException {
        ensureOpen();
        if (!connected) throw new NotYetConnectedException();
        return !inputShutdown;
    }

    private static void checkWritable(ByteBuffer dst) {
        if (dst.isReadOnly()) throw new IllegalArgumentException("cannot read into a read-only buffer");
    }

    /** Reads at least one byte, waiting if none is ready; -1 at end of stream. */
    private int readBlocking(ByteBuffer direct, byte[] array, int offset, int length) throws IOException {
        Edge edge = readiness.read;
        long timeout = readTimeoutNanos, deadline = Timeouts.UNSET;
        if (blockInKernel(timeout)) {
            int n = 0;
            boolean entered = enterKernel(edge);
            try {
                if (entered) n = readInKernel(direct, array, offset, length);
            } finally {
                exitKernel(edge, n > 0 || n < 0 && isOpen());
            }
            if (n != 0) return n; // 0: the fd went non-blocking meanwhile; wait as usual
        }
        for (;;) {
            int seen = edge.seq();
            int n = readNow(direct, array, offset, length);
            if (n != 0) return n;
            deadline = await(edge, seen, deadline, timeout, "read");
        }
    }

    /**
     * A read that may block on the blocking fd. A heap array is not pinned across it: a large one is
     * tried without waiting first, then the wait reads into this thread's scratch memory.
     */
    private int readInKernel(ByteBuffer direct, byte[] array, int offset, int length) throws IOException {
        if (array == null) return readNow(direct, null, offset, length);
        if (length > KernelScratch.SIZE) {
            int n = readNow(null, array, offset, length);
            if (n != 0) return n;
        }
        ByteBuffer scratch = KernelScratch.get();
        int n = readNow(scratch, null, 0, Math.min(length, KernelScratch.SIZE));
        if (n > 0) scratch.get(0, array, offset, n);
        return n;
    }

    /** One read syscall: bytes read, -1 at end of stream, or 0 if none are ready. */
    private int readNow(ByteBuffer direct, byte[] array, int offset, int length) throws IOException {
        for (;;) {
            int n = array != null
                    ? Native.readArray(fd, array, offset, length)
                    : Native.readBuffer(fd, direct, offset, length);
            if (n > 0) return n;
            if (n == 0) return endOfStream();
            if (isAgain(n)) return 0;
            if (n != -Errno.EINTR) throw failure("read", n);
        }
    }

    /** -1, unless the end of stream is close's own shutdown showing through. */
    private int endOfStream() throws AsynchronousCloseException {
        if (!isOpen()) throw new AsynchronousCloseException();
        return -1;
    }

    /** Scattering read of heap buffers: one buffer at a time, waiting only for the first byte. */
    private long readEach(ByteBuffer[] dsts, int offset, int length) throws IOException {
        stayNonBlocking(); // the buffers after the first must not block
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = dsts[i];
            int pos = b.position(), rem = b.limit() - pos;
            if (rem == 0) continue;
            ByteBuffer direct = b.hasArray() ? null : b;
            byte[] array = b.hasArray() ? b.array() : null;
            int off = b.hasArray() ? b.arrayOffset() + pos : pos;
            int n = total == 0 ? readBlocking(direct, array, off, rem) : readNow(direct, array, off, rem);
            if (n < 0) return total == 0 ? -1 : total;
            if (n == 0) break;
            b.position(pos + n);
            total += n;
            if (n < rem) break;
        }
        return total;
    }

    private long readv(ByteBuffer[] dsts, int offset, int length) throws IOException {
        stayNonBlocking();
        if (readIovecs == null) readIovecs = IoVectors.allocate();
        int count = IoVectors.fill(readIovecs, dsts, offset, length);
        long iov = Native.bufferAddress(readIovecs);
        Edge edge = readiness.read;
        long timeout = readTimeoutNanos, deadline = Timeouts.UNSET;
        for (;;) {
            int seen = edge.seq();
            long n = Native.readv(fd, iov, count);
            if (n > 0) {
                IoVectors.advance(dsts, offset, length, n);
                return n;
            }
            if (n == 0) return endOfStream();
            if (isAgain(n)) deadline = await(edge, seen, deadline, timeout, "read");
            else if (n != -Errno.EINTR) throw failure("readv", n);
        }
    }

    // ---- writes ----

    /** Writes all of {@code src}, waiting for buffer space as needed, as a blocking {@code SocketChannel} does. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src, "src");
        if (nio != null) return nio.write(src);
        writeLock.lock();
        try {
            ensureWritable();
            return writeFully(src);
        } finally {
            unlock(writeLock);
        }
    }

    /** Writes all of part of an array: the allocation-free path of {@link #outputStream()}. */
    void write(byte[] array, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, array.length);
        if (nio != null) {
            nio.write(ByteBuffer.wrap(array, offset, length));
            return;
        }
        writeLock.lock();
        try {
            ensureWritable();
            for (int done = 0; done < length; ) done += writeBlocking(null, array, offset + done, length - done);
        } finally {
            unlock(writeLock);
        }
    }

    /** Writes {@code b} through {@code one} under the write lock. */
    void writeByte(byte[] one, int b) throws IOException {
        if (nio != null) {
            write(new byte[] {(byte) b}, 0, 1);
            return;
        }
        writeLock.lock();
        try {
            ensureWritable();
            one[0] = (byte) b;
            while (writeBlocking(null, one, 0, 1) == 0) {}
        } finally {
            unlock(writeLock);
        }
    }

    @Override
    public long write(ByteBuffer[] srcs) throws IOException {
        return write(srcs, 0, srcs.length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        boolean allDirect = true;
        for (int i = offset; i < offset + length; i++) allDirect &= srcs[i].isDirect();
        if (nio != null) return nio.write(srcs, offset, length);
        writeLock.lock();
        try {
            ensureWritable();
            if (!allDirect) {
                long total = 0;
                for (int i = offset; i < offset + length; i++) total += writeFully(srcs[i]);
                return total;
            }
            return writev(srcs, offset, length);
        } finally {
            unlock(writeLock);
        }
    }

    private void ensureWritable() throws IOException {
        ensureOpen();
        if (!connected) throw new NotYetConnectedException();
        if (outputShutdown) throw new ClosedChannelException();
    }

    private int writeFully(ByteBuffer src) throws IOException {
        int total = 0;
        while (src.hasRemaining()) {
            int pos = src.position(), len = src.limit() - pos, n;
            if (src.hasArray()) {
                n = writeBlocking(null, src.array(), src.arrayOffset() + pos, len);
            } else if (src.isDirect()) {
                n = writeBlocking(src, null, pos, len);
            } else { // a read-only heap buffer exposes no array: copy through scratch memory
                if (readOnlyCopy == null) readOnlyCopy = ByteBuffer.allocateDirect(COPY_CHUNK);
                int chunk = Math.min(len, COPY_CHUNK);
                readOnlyCopy.clear().put(0, src, pos, chunk);
                n = writeBlocking(readOnlyCopy, null, 0, chunk);
            }
            src.position(pos + n);
            total += n;
        }
        return total;
    }

    /** Writes at least one byte, waiting for buffer space if none is free. */
    private int writeBlocking(ByteBuffer direct, byte[] array, int offset, int length) throws IOException {
        Edge edge = readiness.write;
        long timeout = writeTimeoutNanos, deadline = Timeouts.UNSET;
        if (blockInKernel(timeout)) {
            int n = -Errno.EAGAIN;
            boolean entered = enterKernel(edge);
            try {
                if (entered) n = writeInKernel(direct, array, offset, length);
            } finally {
                exitKernel(edge, n > 0);
            }
            if (n >= 0) return n;
            if (!isAgain(n)) throw failure("write", n); // EAGAIN: the fd went non-blocking meanwhile
        }
        for (;;) {
            int seen = edge.seq();
            int n = writeNow(direct, array, offset, length);
            if (n >= 0) return n;
            if (isAgain(n)) deadline = await(edge, seen, deadline, timeout, "write");
            else throw failure("write", n);
        }
    }

    /**
     * A write that may block on the blocking fd. A heap array is written without waiting while
     * there is room; the wait for room sends a chunk from this thread's scratch memory.
     */
    private int writeInKernel(ByteBuffer direct, byte[] array, int offset, int length) {
        if (array == null) return writeNow(direct, null, offset, length);
        int n = writeNow(null, array, offset, length);
        if (!isAgain(n)) return n;
        int chunk = Math.min(length, KernelScratch.SIZE);
        ByteBuffer scratch = KernelScratch.get().put(0, array, offset, chunk);
        return writeNow(scratch, null, 0, chunk);
    }

    /** One write syscall, retried on EINTR: bytes written, or a negative errno. */
    private int writeNow(ByteBuffer direct, byte[] array, int offset, int length) {
        int n;
        do {
            n = array != null
                    ? Native.writeArray(fd, array, offset, length)
                    : Native.writeBuffer(fd, direct, offset, length);
        } while (n == -Errno.EINTR);
        return n;
    }

    private long writev(ByteBuffer[] srcs, int offset, int length) throws IOException {
        stayNonBlocking();
        if (writeIovecs == null) writeIovecs = IoVectors.allocate();
        long iov = Native.bufferAddress(writeIovecs);
        Edge edge = readiness.write;
        long total = 0, timeout = writeTimeoutNanos, deadline = Timeouts.UNSET;
        for (;;) {
            int count = IoVectors.fill(writeIovecs, srcs, offset, length);
            if (count == 0) return total;
            int seen = edge.seq();
            long n = Native.writev(fd, iov, count);
            if (n >= 0) {
                IoVectors.advance(srcs, offset, length, n);
                total += n;
                deadline = Timeouts.UNSET; // progress: the timeout counts from the next wait
            } else if (isAgain(n)) {
                deadline = await(edge, seen, deadline, timeout, "write");
            } else if (n != -Errno.EINTR) {
                throw failure("writev", n);
            }
        }
    }

    // ---- half-close, addresses, options, adapters ----

    /** Half-closes the input: blocked and later reads return -1. */
    public void shutdownInput() throws IOException {
        shutdown(0);
    }

    /** Half-closes the output: the peer reads end of stream; later writes throw ClosedChannelException. */
    public void shutdownOutput() throws IOException {
        shutdown(1);
    }

    private void shutdown(int how) throws IOException {
        if (nio != null) {
            if (how == 0) nio.channel.shutdownInput();
            else nio.channel.shutdownOutput();
            return;
        }
        synchronized (stateLock) {
            ensureOpen();
            if (!connected) throw new NotYetConnectedException();
            if (how == 0 ? inputShutdown : outputShutdown) return;
            int rc = Native.shutdown(fd, how);
            if (rc < 0 && rc != -Errno.ENOTCONN) throw failure("shutdown", rc);
            if (how == 0) inputShutdown = true;
            else outputShutdown = true;
        }
    }

    /**
     * Sets how long a read may wait for data before it throws {@link java.net.SocketTimeoutException};
     * zero (the default) waits forever. The stream stays usable after a timeout, as with
     * {@code Socket.setSoTimeout}. Setting it costs nothing per read: the clock is read only when a
     * read has to wait.
     */
    public TcpStream setReadTimeout(Duration timeout) throws IOException {
        readTimeoutNanos = Timeouts.toNanos(timeout, "read timeout");
        if (nio != null) nio.setReadTimeout(readTimeoutNanos);
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
        if (nio != null && nanos != 0)
            throw new UnsupportedOperationException("write timeouts need the native transport; " + Spindle.unavailabilityCause());
        writeTimeoutNanos = nanos;
        return this;
    }

    public Duration getWriteTimeout() {
        return Duration.ofNanos(writeTimeoutNanos);
    }

    public boolean isConnected() {
        return nio != null ? nio.channel.isConnected() : connected;
    }

    /** The local address; null before the stream is bound or connected. */
    public InetSocketAddress localAddress() throws IOException {
        return localAddressOrNull();
    }

    /** The peer's address; null before the stream is connected. */
    public InetSocketAddress remoteAddress() throws IOException {
        if (nio != null) return (InetSocketAddress) nio.channel.getRemoteAddress();
        synchronized (stateLock) {
            ensureOpen();
            if (!connected) return null;
            if (remote == null) {
                byte[] address = new byte[Layout.ADDR_SIZE];
                int rc = Native.peerAddress(fd, address);
                if (rc < 0) throw failure("getpeername", rc);
                remote = Addresses.decode(address);
            }
            return remote;
        }
    }

    /** Sets TCP_NODELAY, SO_KEEPALIVE, SO_RCVBUF, SO_SNDBUF, SO_LINGER (seconds; negative is off), SO_REUSEADDR or SO_REUSEPORT. */
    @Override
    public <T> TcpStream setOption(SocketOption<T> name, T value) throws IOException {
        setOptionValue(name, value);
        return this;
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return OPTIONS;
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
        return "TcpStream[fd=" + fd + (isOpen() ? "" : ", closed") + (connected ? ", connected" : "") + "]";
    }
}
