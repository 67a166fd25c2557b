package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Scattering reads and gathering writes of direct buffers for {@link NativeStream}: readv(2) and
 * writev(2) over an iovec array made once per direction, with the same wait rule as single reads.
 * The fd stays non-blocking for good once used so: a vectored call never blocks in the kernel.
 */
final class VectoredIo {
    private final NativeStream stream;
    private final SocketFd socket;
    private final Vectors reads, writes;

    VectoredIo(NativeStream stream) {
        this.stream = stream;
        this.socket = stream.socket;
        this.reads = new Vectors(false);
        this.writes = new Vectors(true);
    }

    long read(ByteBuffer[] dsts, int offset, int length, long timeoutNanos) throws IOException {
        socket.waiting.stayNonBlocking();
        reads.fill(dsts, offset, length);
        long n = socket.waiting.run(socket.readiness.read, reads, timeoutNanos, "read");
        if (n > 0) {
            IoVectors.advance(dsts, offset, length, n);
            return n;
        }
        if (n == 0) return socket.endOfStream();
        if (n == -Errno.EAGAIN) return 0;
        throw stream.readFailure("readv", n);
    }

    long write(ByteBuffer[] srcs, int offset, int length, long timeoutNanos) throws IOException {
        socket.waiting.stayNonBlocking();
        long total = 0;
        // Each run starts the timeout afresh: progress resets it.
        while (writes.fill(srcs, offset, length) > 0) {
            long n = socket.waiting.run(socket.readiness.write, writes, timeoutNanos, "write");
            if (n == -Errno.EAGAIN) return total;
            if (n < 0) throw socket.failure("writev", n);
            IoVectors.advance(srcs, offset, length, n);
            total += n;
        }
        return total;
    }

    /** One direction's iovec array, made on first use, and the readv or writev over it. */
    private final class Vectors implements IoCall {
        private final boolean write;
        private ByteBuffer iovecs; // the direction's lock
        private long address;
        private int count;

        Vectors(boolean write) {
            this.write = write;
        }

        int fill(ByteBuffer[] buffers, int offset, int length) {
            if (iovecs == null) {
                iovecs = IoVectors.allocate();
                address = Native.bufferAddress(iovecs);
            }
            return count = IoVectors.fill(iovecs, buffers, offset, length);
        }

        @Override
        public long attempt(WaitMode mode, int seen) {
            return write ? Native.writev(socket.fd, address, count) : Native.readv(socket.fd, address, count);
        }
    }
}
