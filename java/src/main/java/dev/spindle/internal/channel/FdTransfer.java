package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.NativeUnix;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Bytes with fds attached (SCM_RIGHTS) on a UNIX {@link NativeStream}. Each call never blocks in
 * the kernel (MSG_DONTWAIT) and touches only direct memory, a heap buffer going through this
 * thread's {@link KernelScratch}; on EAGAIN it waits on the socket's edge like any other call.
 * Not a hot path: fd passing is rare next to plain reads and writes.
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
            if (!dst.hasRemaining()) return 0;
            int n = run(socket, false, new Message(socket.fd, dst, fds, result, 0), timeoutNanos, "recvmsg");
            if (n < 0) return 0; // non-blocking mode, nothing ready
            if (n == 0) return socket.endOfStream();
            if (!dst.isDirect()) dst.put(dst.position(), KernelScratch.get(), 0, n);
            dst.position(dst.position() + n);
            return n;
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
        socket.writeLock.lock();
        try {
            stream.ensureWritable();
            if (!src.isDirect()) KernelScratch.get().put(0, src, src.position(), span(src));
            int n = run(socket, true, new Message(socket.fd, src, fds, null, count), timeoutNanos, "sendmsg");
            if (n < 0) return 0; // non-blocking mode, no room
            src.position(src.position() + n);
            return n + stream.write(src); // the rest as plain bytes, still under the write lock
        } finally {
            socket.unlock(socket.writeLock);
        }
    }

    /** The bytes of {@code b} one call moves: a heap buffer's go through scratch memory. */
    private static int span(ByteBuffer b) {
        return b.isDirect() ? b.remaining() : Math.min(b.remaining(), KernelScratch.SIZE);
    }

    /**
     * Runs {@code message} until it moves bytes, waiting after EAGAIN. Returns the bytes moved, 0
     * at the end of stream, or -1 in non-blocking mode when nothing is ready.
     */
    private static int run(SocketFd socket, boolean send, Message message, long timeoutNanos, String op)
            throws IOException {
        long n = socket.waiting.run(send ? socket.readiness.write : socket.readiness.read, message, timeoutNanos, op);
        if (n >= 0) return (int) n;
        if (n == -Errno.EAGAIN) return -1;
        throw socket.failure(op, n);
    }

    /**
     * One sendmsg ({@code received} null) or recvmsg with fds, on {@code b}'s memory: direct, or
     * this thread's scratch. Made per call: fd passing is rare. It never blocks (MSG_DONTWAIT).
     */
    private record Message(int fd, ByteBuffer b, int[] fds, int[] received, int count) implements IoCall {
        @Override
        public long attempt(WaitMode mode, int seen) {
            ByteBuffer direct = b.isDirect() ? b : KernelScratch.get();
            int at = b.isDirect() ? b.position() : 0, len = span(b);
            return received != null
                    ? NativeUnix.receiveFds(fd, direct, at, len, fds, received)
                    : NativeUnix.sendFds(fd, direct, at, len, fds, count);
        }

        @Override
        public boolean mayBlockInKernel() {
            return false;
        }
    }
}
