package dev.spindle.internal.channel;

import java.nio.ByteBuffer;

/**
 * Direct memory of one platform thread for the syscalls it may block in. A heap array must not be
 * pinned across a blocking syscall (the GC would wait on the peer), so such a transfer goes
 * through here and is copied, as the JDK's own sockets do. Made once per thread that needs it.
 */
public final class KernelScratch {
    /** The most one blocking transfer of a heap array moves; reads and writes may be partial anyway. */
    public static final int SIZE = 16 * 1024;
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(SIZE));

    private KernelScratch() {}

    public static ByteBuffer get() {
        return SCRATCH.get();
    }
}
