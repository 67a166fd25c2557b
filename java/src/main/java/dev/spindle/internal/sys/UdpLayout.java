package dev.spindle.internal.sys;

/**
 * UDP sizes and kernel support, read once from the loaded library. Apart from {@link NativeUdp}, whose
 * class initialiser runs while the library registers its methods, before any native can be called.
 */
public final class UdpLayout {
    private UdpLayout() {}

    public static final int SLOT_SIZE = NativeUdp.constant(NativeUdp.C_SLOT_SIZE);
    public static final int SCRATCH_SIZE = NativeUdp.constant(NativeUdp.C_SCRATCH_SIZE);
    /** The errno of a membership call the OS lacks (udp.c answers it where MCAST_* is missing). */
    public static final int EOPNOTSUPP = NativeUdp.constant(NativeUdp.C_EOPNOTSUPP);
    private static final int OFFLOAD = NativeUdp.constant(NativeUdp.C_OFFLOAD);
    /** Whether the kernel takes UDP_SEGMENT (Linux 4.18+) and UDP_GRO (Linux 5.0+), probed once. */
    public static final boolean GSO = OFFLOAD > 0 && (OFFLOAD & 1) != 0, GRO = OFFLOAD > 0 && (OFFLOAD & 2) != 0;
}
