package dev.spindle.nio;

import dev.spindle.internal.channel.IoCall;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.channel.WaitMode;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The I/O of one end of a {@link SpindlePipe}: read(2) or write(2) on a non-blocking fd through
 * {@link dev.spindle.internal.channel.Waiting#run}, which parks after EAGAIN for every thread kind.
 * Heap arrays are pinned around the syscall, which cannot block since the fd never leaves
 * non-blocking mode.
 */
final class PipeEnd {
    private static final int COPY_CHUNK = 16 * 1024;

    final SocketFd socket;
    private final Transfer reads = new Transfer(false), writes = new Transfer(true);
    private ByteBuffer readOnlyCopy; // writeLock

    PipeEnd(SocketFd socket) {
        this.socket = socket;
    }

    /** Reads at least one byte, waiting if none is ready (0 in non-blocking mode); -1 once the sink is closed. */
    int read(ByteBuffer dst) throws IOException {
        socket.readLock.lock();
        try {
            socket.ensureOpen();
            socket.checkInterrupt();
            if (!dst.hasRemaining()) return 0;
            reads.buffer = dst;
            return result(dst, socket.waiting.run(socket.readiness.read, reads, 0, "read"), false);
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    /** One read without waiting, for the buffers after the first of a scattering read. */
    int readNow(ByteBuffer dst) throws IOException {
        socket.readLock.lock();
        try {
            socket.ensureOpen();
            long n;
            do n = reads.once(dst);
            while (n == -Errno.EINTR);
            return result(dst, n, false);
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    /** Writes all of {@code src} (in non-blocking mode, what fits now). */
    int write(ByteBuffer src) throws IOException {
        socket.writeLock.lock();
        try {
            socket.ensureOpen();
            socket.checkInterrupt();
            writes.buffer = src;
            int total = 0;
            while (src.hasRemaining()) {
                int n = result(src, socket.waiting.run(socket.readiness.write, writes, 0, "write"), true);
                if (n == 0) break; // non-blocking mode, no room
                total += n;
            }
            return total;
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    /** A syscall's result for the caller: bytes moved (the buffer advanced), 0 on EAGAIN, -1 at a read's end of stream. */
    private int result(ByteBuffer b, long n, boolean write) throws IOException {
        if (n > 0) {
            b.position(b.position() + (int) n);
            return (int) n;
        }
        if (n == 0) return write ? 0 : socket.endOfStream();
        if (n == -Errno.EAGAIN) return 0;
        throw socket.failure(write ? "write" : "read", n);
    }

    /** One read(2) or write(2) on {@code buffer}, set before each call under the direction's lock. */
    private final class Transfer implements IoCall {
        private final boolean write;
        ByteBuffer buffer;

        Transfer(boolean write) {
            this.write = write;
        }

        @Override
        public long attempt(WaitMode mode, int seen) {
            return once(buffer);
        }

        long once(ByteBuffer b) {
            int pos = b.position(), len = b.limit() - pos;
            if (b.hasArray()) {
                int off = b.arrayOffset() + pos;
                return write ? Native.fdWriteArray(socket.fd, b.array(), off, len) : Native.fdReadArray(socket.fd, b.array(), off, len);
            }
            if (b.isDirect())
                return write ? Native.fdWriteBuffer(socket.fd, b, pos, len) : Native.fdReadBuffer(socket.fd, b, pos, len);
            // a read-only heap buffer (writes only: reads reject it)
            if (readOnlyCopy == null) readOnlyCopy = ByteBuffer.allocateDirect(COPY_CHUNK);
            int chunk = Math.min(len, COPY_CHUNK);
            readOnlyCopy.clear().put(0, b, pos, chunk);
            return Native.fdWriteBuffer(socket.fd, readOnlyCopy, 0, chunk);
        }
    }
}
