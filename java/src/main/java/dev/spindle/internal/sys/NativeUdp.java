package dev.spindle.internal.sys;

import java.nio.ByteBuffer;

/**
 * The JNI bindings of libspindle's UDP calls (native/src/udp.h, jni_udp.c). As in {@link Native}, each
 * method is one syscall and returns its result or a negative errno.
 *
 * <p>Datagrams are described by slots ({@link UdpLayout#SLOT_SIZE} bytes each, in direct memory): slot i's
 * data is at {@code data + i * stride}; {@code scratch} is {@link UdpLayout#SCRATCH_SIZE} bytes per slot the
 * kernel call builds its headers in. Single-datagram calls take one slot and their data separately.
 */
public final class NativeUdp {
    static {
        NativeLoader.load();
    }

    private NativeUdp() {}

    /** Ids understood by {@link #constant} (jni_udp.c); {@link UdpLayout} reads them. */
    static final int C_SLOT_SIZE = 0, C_SCRATCH_SIZE = 1, C_OFFLOAD = 2, C_EOPNOTSUPP = 3;

    /** Offsets in a slot (udp.h's struct sp_udp_slot). */
    public static final int SLOT_LENGTH = 0, SLOT_SEGMENT = 4, SLOT_FLAGS = 8, SLOT_DROPS = 12, SLOT_ADDRESS = 16;
    /** A slot's flag: the datagram did not fit and was cut. */
    public static final int TRUNCATED = 1;
    /** A transfer flag: never block, even on a blocking fd. */
    public static final int NOWAIT = 1;
    /** Membership operations (udp.h's enum sp_udp_membership). */
    public static final int MCAST_JOIN = 1, MCAST_LEAVE = 2, MCAST_JOIN_SOURCE = 3, MCAST_LEAVE_SOURCE = 4,
            MCAST_BLOCK = 5, MCAST_UNBLOCK = 6;
    static native int constant(int id);

    /** Receives up to count datagrams into slots; waits (blocking fd, no NOWAIT) for the first only. */
    public static native int recv(int fd, long slots, long scratch, long data, int stride, int count, int flags);

    /** Sends slots [0, count); returns how many were sent. */
    public static native int send(int fd, long slots, long scratch, long data, int stride, int count, int flags);

    /** One datagram into direct memory; the slot gets its length, flags and source. */
    public static native int recvBuffer(int fd, long slot, long scratch, ByteBuffer direct, int position, int length,
            int flags);

    /** One datagram of the slot's length from direct memory, to the slot's address. */
    public static native int sendBuffer(int fd, long slot, long scratch, ByteBuffer direct, int position, int flags);

    /** As recvBuffer, into a pinned array; never blocks. */
    public static native int recvArray(int fd, long slot, long scratch, byte[] array, int offset, int length);

    /** As sendBuffer, from a pinned array; never blocks. */
    public static native int sendArray(int fd, long slot, long scratch, byte[] array, int offset);

    public static native int disconnect(int fd);

    /** group and source are addresses in the byte form (source null for join and leave). */
    public static native int membership(int fd, int op, byte[] group, int ifindex, byte[] source);
}
