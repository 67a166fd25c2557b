package dev.spindle.nio;

import dev.spindle.internal.channel.NativeDatagram;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A connected DatagramChannel's scattering reads and gathering writes: one datagram through one
 * buffer of the combined size. A rare path (Netty and the JDK's adaptor use single buffers), so it
 * copies rather than give the core vectored datagram calls.
 */
final class ScatterGather {
    private ScatterGather() {}

    /** Reads one datagram and spreads it over dsts in order: the bytes stored, 0 if none was queued (non-blocking). */
    static long read(NativeDatagram io, ByteBuffer[] dsts, int offset, int length) throws IOException {
        long room = 0;
        for (int i = offset; i < offset + length; i++) room += dsts[i].remaining();
        ByteBuffer one = ByteBuffer.allocate((int) Math.min(room, Integer.MAX_VALUE - 8));
        int n = io.read(one);
        one.flip();
        for (int i = offset; i < offset + length && one.hasRemaining(); i++) {
            int k = Math.min(one.remaining(), dsts[i].remaining());
            dsts[i].put(one.slice(one.position(), k));
            one.position(one.position() + k);
        }
        return n;
    }

    /** Writes the remaining bytes of srcs as one datagram: all of them, or 0 if there was no room (non-blocking). */
    static long write(NativeDatagram io, ByteBuffer[] srcs, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) total += srcs[i].remaining();
        if (total > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("a datagram of " + total + " bytes");
        ByteBuffer one = ByteBuffer.allocate((int) total);
        for (int i = offset; i < offset + length; i++) one.put(srcs[i].duplicate());
        if (io.write(one.flip()) == 0 && total > 0) return 0;
        for (int i = offset; i < offset + length; i++) srcs[i].position(srcs[i].limit());
        return total;
    }
}
