package dev.spindle.internal.channel;

import dev.spindle.internal.Settings;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.NotYetConnectedException;

/**
 * A TCP or UNIX connection on the native core: each call runs its syscall through
 * {@link Waiting#run}, which waits after EAGAIN as the call's {@link WaitMode} says and tries
 * again. A successful read or write is one syscall, allocates nothing, and takes only the read or
 * the write lock.
 *
 * <p>In non-blocking mode ({@link Waiting#setBlocking}, for selectors) a call that would wait returns 0
 * instead, and a connect is left pending for {@link #finishConnect}.
 */
public final class NativeStream extends StreamControl {
    private static final int COPY_CHUNK = 16 * 1024;
    /** Whether a short read may stand for the read that returns EAGAIN (see Transfer.attempt). */
    private static final boolean SHORT_READ_DRAINS = Settings.SHORT_READ_DRAINS.isTrue();

    /** Whether this family's short reads prove the socket drained (TCP on Linux; never UNIX): see Transfer.attempt. */
    private final boolean shortReadDrains;
    private final VectoredIo vectored;
    private ByteBuffer readOnlyCopy; // lazily made, used under writeLock
    private final Transfer reader = new Transfer(false), writer = new Transfer(true);
    /** Read lock: a read saw ECONNRESET; every later read reports it, as the JDK's sockets do. */
    private boolean reset;

    /**
     * Takes ownership of {@code fd}, a socket of a {@link NativeConstants} family (IPV4, IPV6, or UNIX with plain
     * paths), connected (accepted) or not.
     */
    public NativeStream(int fd, int family, Owner owner, boolean connected) throws IOException {
        this(fd, AddressCodec.of(family), owner, connected);
    }

    public NativeStream(int fd, AddressCodec codec, Owner owner, boolean connected) throws IOException {
        super(fd, codec, owner, connected);
        this.shortReadDrains = SHORT_READ_DRAINS && codec.shortReadDrains();
        this.vectored = new VectoredIo(this);
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
        if (!handshake.isConnected()) throw new NotYetConnectedException();
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
        reader.set(direct, array, offset, length);
        return readResult(socket.waiting.run(socket.readiness.read, reader, timeout, "read"));
    }

    /** One read without waiting: bytes read, -1 at end of stream, or 0 if none are ready. */
    private int readNow(ByteBuffer direct, byte[] array, int offset, int length) throws IOException {
        long n;
        do n = reader.once(direct, array, offset, length);
        while (n == -Errno.EINTR);
        return readResult(n);
    }

    private int readResult(long n) throws IOException {
        if (n > 0) return (int) n;
        if (n == 0) return socket.endOfStream();
        if (n == -Errno.EAGAIN) return 0;
        throw readFailure("read", n);
    }

    /** Scattering read of heap buffers: one buffer at a time, waiting only for the first byte. */
    private long readEach(ByteBuffer[] dsts, int offset, int length) throws IOException {
        socket.waiting.stayNonBlocking(); // the buffers after the first must not block
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
        // One writev over direct buffers and heap arrays; a read-only heap buffer, whose array is out
        // of reach, goes alone through write(ByteBuffer), which copies it.
        boolean reachable = true;
        for (int i = offset; i < offset + length; i++) reachable &= srcs[i].isDirect() || srcs[i].hasArray();
        if (!reachable) {
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

    /** Writes at least one byte, waiting for buffer space if none is free (0 in non-blocking mode). */
    private int writeBlocking(ByteBuffer direct, byte[] array, int offset, int length) throws IOException {
        writer.set(direct, array, offset, length);
        long n = socket.waiting.run(socket.readiness.write, writer, writeTimeoutNanos, "write");
        if (n >= 0) return (int) n;
        if (n == -Errno.EAGAIN) return 0;
        throw socket.failure("write", n);
    }

    /**
     * A read or a write syscall of a stream, with its arguments set before each call (under the
     * direction's lock). A heap array is pinned only for a syscall that cannot block
     * (MSG_DONTWAIT); on the blocking fd, the wait itself goes through this thread's scratch memory.
     */
    private final class Transfer implements IoCall {
        private final boolean write;
        private ByteBuffer direct;
        private byte[] array;
        private int offset, length;
        // Reads: whether the last read came back short, and the read edge's seq before it (see attempt).
        private boolean drained;
        private int drainedAtSeq;

        Transfer(boolean write) {
            this.write = write;
        }

        void set(ByteBuffer direct, byte[] array, int offset, int length) {
            this.direct = direct;
            this.array = array;
            this.offset = offset;
            this.length = length;
        }

        @Override
        public long attempt(WaitMode mode, int seen) {
            if (write) return mode == WaitMode.KERNEL_BLOCKING ? writeInKernel() : once(direct, array, offset, length);
            if (mode == WaitMode.KERNEL_BLOCKING) return readInKernel();
            if (drained && drainedAtSeq == seen && mode != WaitMode.NON_BLOCKING && !socket.readiness.sawExceptional()) {
                // The last read came back short and no edge has come since the seq it started
                // from: the socket is still empty (poller.h, sp_short_read_drains), so the read
                // that would return EAGAIN is skipped. Data that lands meanwhile moves the seq.
                drained = false;
                return -Errno.EAGAIN;
            }
            long n = once(direct, array, offset, length);
            drained = shortReadDrains && n > 0 && n < length;
            drainedAtSeq = seen;
            return n;
        }

        /** A read that may block: a large heap array is tried without waiting first. */
        private long readInKernel() {
            if (array == null) return once(direct, null, offset, length);
            if (length > KernelScratch.SIZE) {
                long n = once(null, array, offset, length);
                if (n != -Errno.EAGAIN) return n;
            }
            ByteBuffer scratch = KernelScratch.get();
            long n = once(scratch, null, 0, Math.min(length, KernelScratch.SIZE));
            if (n > 0) scratch.get(0, array, offset, (int) n);
            return n;
        }

        /** A write that may block: a heap array is written without waiting while there is room. */
        private long writeInKernel() {
            if (array == null) return once(direct, null, offset, length);
            long n = once(null, array, offset, length);
            if (n != -Errno.EAGAIN) return n;
            int chunk = Math.min(length, KernelScratch.SIZE);
            ByteBuffer scratch = KernelScratch.get().put(0, array, offset, chunk);
            return once(scratch, null, 0, chunk);
        }

        /** One syscall: bytes moved (0 at a read's end of stream), or a negative errno. */
        long once(ByteBuffer direct, byte[] array, int offset, int length) {
            if (write) return array != null
                    ? Native.writeArray(fd, array, offset, length)
                    : Native.writeBuffer(fd, direct, offset, length);
            return array != null
                    ? Native.readArray(fd, array, offset, length)
                    : Native.readBuffer(fd, direct, offset, length);
        }
    }

    /** Sends one byte of TCP urgent data (java.net's {@code sendUrgentData}), waiting for room as a write does. */
    public void sendUrgent(int data) throws IOException {
        socket.writeLock.lock();
        try {
            ensureWritable();
            long n = socket.waiting.run(socket.readiness.write, new UrgentByte(fd, data), writeTimeoutNanos, "send urgent data");
            if (n == -Errno.EAGAIN) throw new SocketException("Socket buffer full"); // non-blocking mode, as the JDK's adaptor
            if (n < 0) throw socket.failure("send urgent data", n);
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    /** java.net's rare {@code sendUrgentData}: made per call, it never blocks the fd. */
    private record UrgentByte(int fd, int data) implements IoCall {
        @Override
        public long attempt(WaitMode mode, int seen) {
            return Native.sendUrgent(fd, data);
        }

        @Override
        public boolean mayBlockInKernel() {
            return false;
        }
    }

    @Override
    public long sendFile(FileChannel file, java.nio.file.Path path, long position, long count) throws IOException {
        return ZeroCopy.sendFile(this, file, path, position, count);
    }
}
