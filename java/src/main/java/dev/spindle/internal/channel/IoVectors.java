package dev.spindle.internal.channel;

import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * iovec arrays for readv/writev, built in scratch memory each stream keeps: over direct buffers, and
 * for writes over heap arrays too, whose iovec base is then an offset that the native side turns
 * into an address while it pins the array.
 */
public final class IoVectors {
    /** iovecs passed to one readv/writev; more buffers are handled in further calls. */
    public static final int BATCH = Math.min(64, NativeConstants.IOV_MAX);

    private IoVectors() {}

    public static ByteBuffer allocate() {
        return ByteBuffer.allocateDirect(BATCH * NativeConstants.IOV_SIZE).order(ByteOrder.nativeOrder());
    }

    /** Writes an iovec (base, length) per non-empty direct buffer, up to BATCH; returns the count. */
    public static int fill(ByteBuffer iovecs, ByteBuffer[] bufs, int offset, int length) {
        return fill(iovecs, bufs, offset, length, null);
    }

    /**
     * As {@link #fill(ByteBuffer, ByteBuffer[], int, int)}, where buffers may also have an
     * accessible array: iovec i then holds the offset into {@code arrays[i]} (for
     * {@link Native#writevPinned}), and {@code arrays[i]} is null for a direct buffer.
     */
    public static int fill(ByteBuffer iovecs, ByteBuffer[] bufs, int offset, int length, byte[][] arrays) {
        int count = 0;
        for (int i = offset; i < offset + length && count < BATCH; i++) {
            ByteBuffer b = bufs[i];
            int rem = b.remaining();
            if (rem == 0) continue;
            int at = count * NativeConstants.IOV_SIZE;
            boolean heap = arrays != null && !b.isDirect();
            iovecs.putLong(at, heap ? b.arrayOffset() + b.position() : Native.bufferAddress(b) + b.position());
            iovecs.putLong(at + 8, rem);
            if (arrays != null) arrays[count] = heap ? b.array() : null;
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
