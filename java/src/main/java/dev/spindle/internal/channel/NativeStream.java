package dev.spindle.internal.channel;

import dev.spindle.internal.Settings;
import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Layout;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.util.Set;

/**
 * A TCP connection on the native core: each call tries its syscall, and after EAGAIN waits on the
 * socket's {@link Edge} through {@link SocketFd#await} and tries again. A successful read or write
 * is one syscall, allocates nothing, and takes only the read or the write lock.
 *
 * <p>In non-blocking mode ({@link SocketFd#setWaits}, for selectors) a call that would wait returns 0
 * instead, and a connect is left pending for {@link #finishConnect}.
 */
public final class NativeStream implements StreamIo {
    private static final int COPY_CHUNK = 16 * 1024;
    /** Whether a short read may stand for the read that returns EAGAIN (see readBlocking). */
    private static final boolean SHORT_READ_DRAINS = Settings.SHORT_READ_DRAINS.isTrue();

    public final SocketFd socket;
    private final int fd;
    private final AddressCodec codec;
    /** Whether this family's short reads prove the socket drained (TCP on Linux; never UNIX): see readBlocking. */
    private final boolean shortReadDrains;
    private final Connection connection;
    private volatile boolean inputShutdown, outputShutdown;
    private volatile long readTimeoutNanos, writeTimeoutNanos;
    private SocketAddress remote; // stateLock
    private final VectoredIo vectored;
    private ByteBuffer readOnlyCopy; // lazily made, used under writeLock
    // Read lock: whether the last read came back short, and the read edge's seq before it (see readBlocking).
    private boolean drained;
    private int drainedAtSeq;
    /** Read lock: a read saw ECONNRESET; every later read reports it, as the JDK's sockets do. */
    private boolean reset;

    /**
     * Takes ownership of {@code fd}, a socket of a {@link Layout} family (IPV4, IPV6, or UNIX with plain
     * paths), connected (accepted) or not.
     */
    public NativeStream(int fd, int family, Owner owner, boolean connected) throws IOException {
        this(fd, AddressCodec.of(family), owner, connected);
    }

    public NativeStream(int fd, AddressCodec codec, Owner owner, boolean connected) throws IOException {
        this.socket = new SocketFd(fd, codec.family(), owner);
        this.fd = fd;
        this.codec = codec;
        this.shortReadDrains = SHORT_READ_DRAINS && codec.shortReadDrains();
        this.connection = new Connection(socket, codec, connected);
        this.vectored = new VectoredIo(this);
    }

    @Override
    public int fd() {
        return fd;
    }

    public AddressCodec codec() {
        return codec;
    }

    // ---- connecting ----

    @Override
    public boolean connect(SocketAddress target, long timeoutNanos) throws IOException {
        return connection.connect(target, timeoutNanos);
    }

    /** Completes a pending connect: true once connected; in non-blocking mode, false while pending. */
    public boolean finishConnect() throws IOException {
        return connection.finish();
    }

    public boolean isConnectionPending() {
        return connection.isPending();
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        if (!connection.isUnconnected()) throw new AlreadyConnectedException();
        if (local != null) SocketState.bind(socket, codec, local); // null: left unnamed (UNIX)
    }

    @Override
    public boolean isConnected() {
        return connection.isConnected();
    }

    // ---- reads ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return read(dst, readTimeoutNanos);
    }

    public int read(ByteBuffer dst, long timeoutNanos) throws IOException {
        socket.readLock.lock();
        try {
            if (!readable()) return -1;
            int pos = dst.position(), len = dst.limit() - pos;
            if (len == 0) return 0;
            int n = dst.hasArray()
                    ? readBlocking(null, dst.array(), dst.arrayOffset() + pos, len, timeoutNanos)
                    : readBlocking(dst, null, pos, len, timeoutNanos);
            if (n > 0) dst.position(pos + n);
            return n;
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    @Override
    public int read(byte[] array, int offset, int length) throws IOException {
        return read(array, offset, length, readTimeoutNanos);
    }

    public int read(byte[] array, int offset, int length, long timeoutNanos) throws IOException {
        socket.readLock.lock();
        try {
            if (!readable()) return -1;
            return length == 0 ? 0 : readBlocking(null, array, offset, length, timeoutNanos);
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        boolean allDirect = true;
        long wanted = 0;
        for (int i = offset; i < offset + length; i++) {
            allDirect &= dsts[i].isDirect();
            wanted += dsts[i].remaining();
        }
        socket.readLock.lock();
        try {
            if (!readable()) return -1;
            if (wanted == 0) return 0;
            return allDirect ? vectored.read(dsts, offset, length, readTimeoutNanos) : readEach(dsts, offset, length);
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    boolean readable() throws IOException {
        socket.ensureOpen();
        if (!connection.isConnected()) throw new NotYetConnectedException();
        socket.checkInterrupt();
        if (reset) throw connectionReset();
        return !inputShutdown;
    }

    /**
     * A failed read's exception. The kernel reports a reset once and then end of stream; the reset
     * is remembered (under the read lock) so that no later read takes it for a normal close.
     */
    IOException readFailure(String op, long result) {
        if (result != -Errno.ECONNRESET || !socket.isOpen()) return socket.failure(op, result);
        reset = true;
        return connectionReset();
    }

    /** The JDK's own words, which callers match on. */
    private static SocketException connectionReset() {
        return new SocketException("Connection reset");
    }

    /** Reads at least one byte, waiting if none is ready (0 in non-blocking mode); -1 at end of stream. */
    private int readBlocking(ByteBuffer direct, byte[] array, int offset, int length, long timeout) throws IOException {
        Edge edge = socket.readiness.read;
        long deadline = Timeouts.UNSET;
        if (socket.waits() && socket.blockInKernel(timeout)) {
            int n = 0;
            boolean entered = socket.enterKernel(edge);
            try {
                if (entered) n = readInKernel(direct, array, offset, length);
            } finally {
                socket.exitKernel(edge, n > 0 || n < 0 && socket.isOpen());
            }
            if (n != 0) return n; // 0: the fd went non-blocking meanwhile; wait as usual
        }
        for (;;) {
            int seen = edge.seq();
            if (drained && drainedAtSeq == seen && socket.waits() && !socket.readiness.sawExceptional()) {
                // The last read came back short and no edge has come since the seq it started
                // from: the socket is still empty (poller.h, sp_short_read_drains), so the read
                // that would return EAGAIN is skipped. Data that lands meanwhile moves the seq.
                drained = false;
                deadline = socket.await(edge, seen, deadline, timeout, "read");
                continue;
            }
            int n = readNow(direct, array, offset, length);
            drained = shortReadDrains && n > 0 && n < length;
            drainedAtSeq = seen;
            if (n != 0 || !socket.waits()) return n;
            deadline = socket.await(edge, seen, deadline, timeout, "read");
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
            if (n == 0) return socket.endOfStream();
            if (SocketFd.isAgain(n)) return 0;
            if (n != -Errno.EINTR) throw readFailure("read", n);
        }
    }

    /** Scattering read of heap buffers: one buffer at a time, waiting only for the first byte. */
    private long readEach(ByteBuffer[] dsts, int offset, int length) throws IOException {
        socket.stayNonBlocking(); // the buffers after the first must not block
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            ByteBuffer b = dsts[i];
            int pos = b.position(), rem = b.limit() - pos;
            if (rem == 0) continue;
            ByteBuffer direct = b.hasArray() ? null : b;
            byte[] array = b.hasArray() ? b.array() : null;
            int off = b.hasArray() ? b.arrayOffset() + pos : pos;
            int n = total == 0 ? readBlocking(direct, array, off, rem, readTimeoutNanos) : readNow(direct, array, off, rem);
            if (n < 0) return total == 0 ? -1 : total;
            if (n == 0) break;
            b.position(pos + n);
            total += n;
            if (n < rem) break;
        }
        return total;
    }

    // ---- writes ----

    /** Writes all of {@code src} (in non-blocking mode, what fits now), as {@code SocketChannel} does. */
    @Override
    public int write(ByteBuffer src) throws IOException {
        socket.writeLock.lock();
        try {
            ensureWritable();
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
                if (n == 0) break; // non-blocking mode, no room
                src.position(pos + n);
                total += n;
            }
            return total;
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    @Override
    public void write(byte[] array, int offset, int length) throws IOException {
        socket.writeLock.lock();
        try {
            ensureWritable();
            for (int done = 0; done < length; ) done += writeBlocking(null, array, offset + done, length - done);
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        boolean allDirect = true;
        for (int i = offset; i < offset + length; i++) allDirect &= srcs[i].isDirect();
        if (!allDirect) {
            long total = 0;
            for (int i = offset; i < offset + length; i++) {
                int want = srcs[i].remaining(), n = write(srcs[i]);
                total += n;
                if (n < want) break; // non-blocking mode, no room
            }
            return total;
        }
        socket.writeLock.lock();
        try {
            ensureWritable();
            return vectored.write(srcs, offset, length, writeTimeoutNanos);
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    void ensureWritable() throws IOException {
        socket.ensureOpen();
        if (!connection.isConnected()) throw new NotYetConnectedException();
        socket.checkInterrupt();
        if (outputShutdown) throw new ClosedChannelException();
    }

    /** Writes at least one byte, waiting for buffer space if none is free (0 in non-blocking mode). */
    private int writeBlocking(ByteBuffer direct, byte[] array, int offset, int length) throws IOException {
        Edge edge = socket.readiness.write;
        long timeout = writeTimeoutNanos, deadline = Timeouts.UNSET;
        if (socket.waits() && socket.blockInKernel(timeout)) {
            int n = -Errno.EAGAIN;
            boolean entered = socket.enterKernel(edge);
            try {
                if (entered) n = writeInKernel(direct, array, offset, length);
            } finally {
                socket.exitKernel(edge, n > 0);
            }
            if (n >= 0) return n;
            if (!SocketFd.isAgain(n)) throw socket.failure("write", n); // EAGAIN: the fd went non-blocking meanwhile
        }
        for (;;) {
            int seen = edge.seq();
            int n = writeNow(direct, array, offset, length);
            if (n >= 0) return n;
            if (!SocketFd.isAgain(n)) throw socket.failure("write", n);
            if (!socket.waits()) return 0;
            deadline = socket.await(edge, seen, deadline, timeout, "write");
        }
    }

    /**
     * A write that may block on the blocking fd. A heap array is written without waiting while
     * there is room; the wait for room sends a chunk from this thread's scratch memory.
     */
    private int writeInKernel(ByteBuffer direct, byte[] array, int offset, int length) {
        if (array == null) return writeNow(direct, null, offset, length);
        int n = writeNow(null, array, offset, length);
        if (!SocketFd.isAgain(n)) return n;
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

    // ---- half-close, addresses, options ----

    @Override
    public void shutdownInput() throws IOException {
        shutdown(Layout.SHUT_INPUT);
    }

    @Override
    public void shutdownOutput() throws IOException {
        shutdown(Layout.SHUT_OUTPUT);
    }

    private void shutdown(int how) throws IOException {
        synchronized (socket.stateLock) {
            socket.ensureOpen();
            if (!connection.isConnected()) throw new NotYetConnectedException();
            if (how == Layout.SHUT_INPUT ? inputShutdown : outputShutdown) return;
            int rc = Native.shutdown(fd, how);
            if (rc < 0 && rc != -Errno.ENOTCONN) throw socket.failure("shutdown", rc);
            if (how == Layout.SHUT_INPUT) inputShutdown = true;
            else outputShutdown = true;
        }
    }

    /** Sends one byte of TCP urgent data (java.net's {@code sendUrgentData}), waiting for room as a write does. */
    public void sendUrgent(int data) throws IOException {
        socket.writeLock.lock();
        try {
            ensureWritable();
            Edge edge = socket.readiness.write;
            long deadline = Timeouts.UNSET;
            for (;;) {
                int seen = edge.seq();
                int n = Native.sendUrgent(fd, data);
                if (n >= 0) return;
                if (n == -Errno.EINTR) continue;
                if (!SocketFd.isAgain(n)) throw socket.failure("send urgent data", n);
                deadline = socket.await(edge, seen, deadline, writeTimeoutNanos, "send urgent data");
            }
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    /** Bytes a read would return now without waiting; 0 once the input is shut down. */
    public int available() throws IOException {
        synchronized (socket.stateLock) {
            socket.ensureOpen();
            if (inputShutdown) return 0;
            int n = Native.available(fd);
            if (n < 0) throw socket.failure("ioctl(FIONREAD)", n);
            return n;
        }
    }

    public boolean isInputShutdown() {
        return inputShutdown;
    }

    public boolean isOutputShutdown() {
        return outputShutdown;
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return SocketState.localAddress(socket, codec);
    }

    /** The peer's address, null before the connection is made. */
    @Override
    public SocketAddress remoteAddress() throws IOException {
        socket.ensureOpen();
        if (!connection.isConnected()) return null;
        SocketAddress r = remote;
        if (r == null) remote = r = SocketState.peerAddress(socket, codec);
        return r;
    }

    /** The peer's address if it was read before the channel closed, for a closed Socket adaptor; else null. */
    public SocketAddress lastRemoteAddress() {
        return remote;
    }

    @Override
    public void setOption(SocketOption<?> name, Object value) throws IOException {
        SocketState.setOption(socket, codec.streamOptions(), name, value);
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return SocketState.getOption(socket, codec.streamOptions(), name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return codec.streamOptions();
    }

    long readTimeout() {
        return readTimeoutNanos;
    }

    long writeTimeout() {
        return writeTimeoutNanos;
    }

    @Override
    public long sendFile(FileChannel file, java.nio.file.Path path, long position, long count) throws IOException {
        return ZeroCopy.sendFile(this, file, path, position, count);
    }

    @Override
    public void setReadTimeout(long nanos) {
        readTimeoutNanos = nanos;
    }

    @Override
    public void setWriteTimeout(long nanos) {
        writeTimeoutNanos = nanos;
    }

    @Override
    public void close() {
        socket.close();
    }
}
