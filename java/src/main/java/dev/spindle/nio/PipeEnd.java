package dev.spindle.nio;

import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The I/O of one end of a {@link SpindlePipe}: read(2) or write(2) on a non-blocking fd, and after
 * EAGAIN a park on the fd's {@link Edge}. Heap arrays are pinned around the syscall, which cannot
 * block since the fd never leaves non-blocking mode.
 */
final class PipeEnd {
    private static final int COPY_CHUNK = 16 * 1024;

    final SocketFd socket;
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
            Edge edge = socket.readiness.read;
            long deadline = Timeouts.UNSET;
            for (;;) {
                int seen = edge.seq();
                int n = transfer(dst, false);
                if (n != 0 || !socket.waits()) return n;
                deadline = socket.await(edge, seen, deadline, 0, "read");
            }
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    /** One read without waiting, for the buffers after the first of a scattering read. */
    int readNow(ByteBuffer dst) throws IOException {
        socket.readLock.lock();
        try {
            socket.ensureOpen();
            return transfer(dst, false);
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
            Edge edge = socket.readiness.write;
            int total = 0;
            long deadline = Timeouts.UNSET;
            while (src.hasRemaining()) {
                int seen = edge.seq();
                int n = transfer(src, true);
                if (n > 0) {
                    total += n;
                    deadline = Timeouts.UNSET;
                } else if (!socket.waits()) {
                    break;
                } else {
                    deadline = socket.await(edge, seen, deadline, 0, "write");
                }
            }
            return total;
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    /** One syscall, retried on EINTR: bytes moved, 0 on EAGAIN, -1 at end of stream (reads). */
    private int transfer(ByteBuffer b, boolean write) throws IOException {
        int pos = b.position(), len = b.limit() - pos, n;
        do {
            if (b.hasArray()) {
                int off = b.arrayOffset() + pos;
                n = write ? Native.fdWriteArray(socket.fd, b.array(), off, len) : Native.fdReadArray(socket.fd, b.array(), off, len);
            } else if (b.isDirect()) {
                n = write ? Native.fdWriteBuffer(socket.fd, b, pos, len) : Native.fdReadBuffer(socket.fd, b, pos, len);
            } else { // a read-only heap buffer (writes only: reads reject it)
                if (readOnlyCopy == null) readOnlyCopy = ByteBuffer.allocateDirect(COPY_CHUNK);
                int chunk = Math.min(len, COPY_CHUNK);
                readOnlyCopy.clear().put(0, b, pos, chunk);
                n = Native.fdWriteBuffer(socket.fd, readOnlyCopy, 0, chunk);
            }
        } while (n == -Errno.EINTR);
        if (n > 0) {
            b.position(pos + n);
            return n;
        }
        if (n == 0) return write ? 0 : socket.endOfStream();
        if (SocketFd.isAgain(n)) return 0;
        throw socket.failure(write ? "write" : "read", n);
    }
}
