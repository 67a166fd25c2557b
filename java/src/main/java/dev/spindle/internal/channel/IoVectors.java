package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Layout;
import dev.spindle.internal.sys.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** iovec arrays for readv/writev over direct buffers, built in scratch memory each stream keeps. */
public final class IoVectors {
    /** iovecs passed to one readv/writev; more buffers are handled in further calls. */
    public static final int BATCH = Math.min(64, Layout.IOV_MAX);

    private IoVectors() {}

    public static ByteBuffer allocate() {
        return ByteBuffer.allocateDirect(BATCH * Layout.IOV_SIZE).order(ByteOrder.nativeOrder());
    }

    /** Writes an iovec (base, length) per non-empty buffer, up to BATCH; returns the count. */
    public static int fill(ByteBuffer iovecs, ByteBuffer[] bufs, int offset, int length) {
        int count = 0;
        for (int i = offset; i < offset + length && count < BATCH; i++) {
            ByteBuffer b = bufs[i];
            int rem = b.remaining();
            if (rem == 0) continue;
            int at = count * Layout.IOV_SIZE;
            iovecs.putLong(at, Native.bufferAddress(b) + b.position());
            iovecs.putLong(at + 8, rem);
            count++;
        }
        return count;
    }

    public static void advance(ByteBuffer[] bufs, int offset, int length, long n) {
        for (int i = offset; i < offset + length && n > 0; i++) {
            ByteBuffer b = bufs[i];
            int step = (int) Math.min(b.remaining(), n);
            b.position(b.position() + step);
            n -= step;
        }
    }
}
