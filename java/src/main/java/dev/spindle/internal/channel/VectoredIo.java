package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Scattering reads of direct buffers and gathering writes of direct and heap buffers for
 * {@link NativeStream}: readv(2) and writev(2) over an iovec array made once per direction, with the
 * same wait rule as single reads. Heap arrays are pinned for a writev that cannot block. The fd stays
 * non-blocking for good once used so: a vectored call never blocks in the kernel.
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
        try {
            // Each run starts the timeout afresh: progress resets it.
            while (writes.fill(srcs, offset, length) > 0) {
                long n = socket.waiting.run(socket.readiness.write, writes, timeoutNanos, "write");
                if (n == -Errno.EAGAIN) return total;
                if (n < 0) throw socket.failure("writev", n);
                IoVectors.advance(srcs, offset, length, n);
                total += n;
            }
            return total;
        } finally {
            writes.forgetArrays();
        }
    }

    /** One direction's iovec array, made on first use, and the readv or writev over it. */
    private final class Vectors implements IoCall {
        private final boolean write;
        // The direction's lock guards all of these.
        private ByteBuffer iovecs;
        private long address;
        private int count;
        /** Writes: the heap array behind each iovec (null: direct), made when a heap buffer first comes. */
        private byte[][] arrays;
        private boolean pinned;
        /** How many leading entries of arrays may hold a caller's array since the last forgetArrays. */
        private int held;

        Vectors(boolean write) {
            this.write = write;
        }

        int fill(ByteBuffer[] buffers, int offset, int length) {
            if (iovecs == null) {
                iovecs = IoVectors.allocate();
                address = Native.bufferAddress(iovecs);
            }
            pinned = false;
            if (write) {
                for (int i = offset; i < offset + length && !pinned; i++) pinned = !buffers[i].isDirect();
                if (pinned && arrays == null) arrays = new byte[IoVectors.BATCH][];
            }
            count = IoVectors.fill(iovecs, buffers, offset, length, pinned ? arrays : null);
            if (pinned) held = Math.max(held, count);
            return count;
        }

        /**
         * Drops the references to the caller's arrays, so that none outlives the call (the last
         * fill of a write finds nothing left and sets no entry, so count cannot say what to clear).
         */
        void forgetArrays() {
            if (held > 0) Arrays.fill(arrays, 0, held, null);
            held = 0;
        }

        @Override
        public long attempt(WaitMode mode, int seen) {
            if (!write) return Native.readv(socket.fd, address, count);
            return pinned ? Native.writevPinned(socket.fd, address, count, arrays) : Native.writev(socket.fd, address, count);
        }
    }
}
