package dev.spindle.internal.channel;

import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.NativeUnix;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Bytes with fds attached (SCM_RIGHTS) on a UNIX {@link NativeStream}. Each call never blocks in
 * the kernel (MSG_DONTWAIT) and touches only direct memory, a heap buffer going through this
 * thread's {@link KernelScratch}; on EAGAIN it waits on the socket's edge like any other call.
 */
public final class FdTransfer {
    /** The most fds one message carries. */
    public static final int MAX_FDS = NativeUnix.maxFds();

    private FdTransfer() {}

    /**
     * Reads at least one byte, and the fds that came with them into {@code fds}; {@code result}
     * says how many came, how many were closed for want of room, and whether the kernel cut any
     * (see {@link NativeUnix#receiveFds}). -1 at end of stream; 0 in non-blocking mode.
     */
    public static int read(NativeStream stream, ByteBuffer dst, int[] fds, int[] result, long timeoutNanos)
            throws IOException {
        SocketFd socket = stream.socket;
        result[0] = result[1] = result[2] = 0;
        socket.readLock.lock();
        try {
            if (!stream.readable()) return -1;
            int pos = dst.position(), len = Math.min(dst.remaining(), dst.isDirect() ? Integer.MAX_VALUE : KernelScratch.SIZE);
            if (len == 0) return 0;
            ByteBuffer direct = dst.isDirect() ? dst : KernelScratch.get();
            int at = dst.isDirect() ? pos : 0;
            Edge edge = socket.readiness.read;
            long deadline = Timeouts.UNSET;
            for (;;) {
                int seen = edge.seq();
                int n = NativeUnix.receiveFds(socket.fd, direct, at, len, fds, result);
                if (n > 0) {
                    if (direct != dst) dst.put(pos, direct, 0, n);
                    dst.position(pos + n);
                    return n;
                }
                if (n == 0) return socket.endOfStream();
                if (SocketFd.isAgain(n)) {
                    if (!socket.waits()) return 0;
                    deadline = socket.await(edge, seen, deadline, timeoutNanos, "read");
                } else if (n != -Errno.EINTR) {
                    throw socket.failure("recvmsg", n);
                }
            }
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    /**
     * Writes all of {@code src} (at least one byte), {@code fds[0..count)} going with the first
     * bytes; the caller keeps its fds open until this returns. Returns the bytes written.
     */
    public static int write(NativeStream stream, ByteBuffer src, int[] fds, int count, long timeoutNanos)
            throws IOException {
        SocketFd socket = stream.socket;
        int first;
        socket.writeLock.lock();
        try {
            stream.ensureWritable();
            int pos = src.position(), len = Math.min(src.remaining(), src.isDirect() ? Integer.MAX_VALUE : KernelScratch.SIZE);
            ByteBuffer direct = src.isDirect() ? src : KernelScratch.get().put(0, src, pos, len);
            int at = src.isDirect() ? pos : 0;
            Edge edge = socket.readiness.write;
            long deadline = Timeouts.UNSET;
            for (;;) {
                int seen = edge.seq();
                int n = NativeUnix.sendFds(socket.fd, direct, at, len, fds, count);
                if (n > 0) {
                    first = n;
                    src.position(pos + n);
                    break;
                }
                if (SocketFd.isAgain(n)) {
                    if (!socket.waits()) return 0;
                    deadline = socket.await(edge, seen, deadline, timeoutNanos, "write");
                } else if (n != -Errno.EINTR) {
                    throw socket.failure("sendmsg", n);
                }
            }
            return first + stream.write(src); // the rest as plain bytes, still under the write lock
        } finally {
            socket.unlock(socket.writeLock);
        }
    }
}
