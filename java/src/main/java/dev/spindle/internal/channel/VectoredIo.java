package dev.spindle.internal.channel;

import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Scattering reads and gathering writes of direct buffers for {@link NativeStream}: readv(2) and
 * writev(2) over an iovec array made once per direction, with the same wait rule as single reads.
 */
final class VectoredIo {
    private final NativeStream stream;
    private final SocketFd socket;
    private final int fd;
    private ByteBuffer readIovecs; // readLock
    private ByteBuffer writeIovecs; // writeLock

    VectoredIo(NativeStream stream) {
        this.stream = stream;
        this.socket = stream.socket;
        this.fd = socket.fd;
    }

    long read(ByteBuffer[] dsts, int offset, int length, long timeoutNanos) throws IOException {
        socket.stayNonBlocking();
        if (readIovecs == null) readIovecs = IoVectors.allocate();
        int count = IoVectors.fill(readIovecs, dsts, offset, length);
        long iov = Native.bufferAddress(readIovecs);
        Edge edge = socket.readiness.read;
        long deadline = Timeouts.UNSET;
        for (;;) {
            int seen = edge.seq();
            long n = Native.readv(fd, iov, count);
            if (n > 0) {
                IoVectors.advance(dsts, offset, length, n);
                return n;
            }
            if (n == 0) return socket.endOfStream();
            if (SocketFd.isAgain(n)) {
                if (!socket.waits()) return 0;
                deadline = socket.await(edge, seen, deadline, timeoutNanos, "read");
            } else if (n != -Errno.EINTR) {
                throw stream.readFailure("readv", n);
            }
        }
    }

    long write(ByteBuffer[] srcs, int offset, int length, long timeoutNanos) throws IOException {
        socket.stayNonBlocking();
        if (writeIovecs == null) writeIovecs = IoVectors.allocate();
        long iov = Native.bufferAddress(writeIovecs);
        Edge edge = socket.readiness.write;
        long total = 0, deadline = Timeouts.UNSET;
        for (;;) {
            int count = IoVectors.fill(writeIovecs, srcs, offset, length);
            if (count == 0) return total;
            int seen = edge.seq();
            long n = Native.writev(fd, iov, count);
            if (n >= 0) {
                IoVectors.advance(srcs, offset, length, n);
                total += n;
                deadline = Timeouts.UNSET; // progress: the timeout counts from the next wait
            } else if (SocketFd.isAgain(n)) {
                if (!socket.waits()) return total;
                deadline = socket.await(edge, seen, deadline, timeoutNanos, "write");
            } else if (n != -Errno.EINTR) {
                throw socket.failure("writev", n);
            }
        }
    }
}
