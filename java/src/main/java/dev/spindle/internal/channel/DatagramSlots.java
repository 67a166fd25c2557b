package dev.spindle.internal.channel;

import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import dev.spindle.internal.sys.NativeUdp;
import dev.spindle.internal.sys.UdpLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The direct memory of datagram transfers (udp.h): {@code capacity} slots (length, segment size,
 * flags, drop counter, address), the kernel's scratch for as many, and {@code stride} bytes of
 * data per slot. Allocated once and reused, so a transfer allocates nothing; the GC frees it.
 * Not thread-safe: a batch belongs to one caller at a time, the single-datagram slots to one lock.
 */
public final class DatagramSlots {
    private static final int ALIGN = 16;

    public final int capacity;
    public final int stride;
    /** Native addresses of the three areas, for {@link NativeUdp}. */
    final long slotsAddress, scratchAddress, dataAddress;
    private final ByteBuffer slots;
    private final ByteBuffer data;

    public DatagramSlots(int capacity, int stride) {
        this.capacity = capacity;
        this.stride = stride;
        int slotBytes = capacity * UdpLayout.SLOT_SIZE, scratchBytes = capacity * UdpLayout.SCRATCH_SIZE;
        int scratchStart = align(slotBytes), dataStart = align(scratchStart + scratchBytes);
        ByteBuffer memory = ByteBuffer.allocateDirect(Math.addExact(dataStart, Math.multiplyExact(capacity, stride)) + ALIGN);
        int skew = (int) (-Native.bufferAddress(memory) & (ALIGN - 1)); // the kernel's headers want alignment
        this.slots = memory.slice(skew, slotBytes).order(ByteOrder.nativeOrder());
        this.data = memory.slice(skew + dataStart, capacity * stride);
        long base = Native.bufferAddress(memory) + skew;
        this.slotsAddress = base;
        this.scratchAddress = base + scratchStart;
        this.dataAddress = base + dataStart;
    }

    private static int align(int n) {
        return (n + ALIGN - 1) & -ALIGN;
    }

    /** The address of slot i, for a call that starts there. */
    long slot(int i) {
        return slotsAddress + (long) i * UdpLayout.SLOT_SIZE;
    }

    long data(int i) {
        return dataAddress + (long) i * stride;
    }

    /** A view of slot i's data (the whole stride); callers keep it. */
    public ByteBuffer dataView(int i) {
        return data.slice(i * stride, stride);
    }

    public int length(int i) {
        return slots.getInt(i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_LENGTH);
    }

    public void setLength(int i, int length) {
        slots.putInt(i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_LENGTH, length);
    }

    public int segment(int i) {
        return slots.getInt(i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_SEGMENT);
    }

    public void setSegment(int i, int size) {
        slots.putInt(i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_SEGMENT, size);
    }

    public boolean truncated(int i) {
        return (slots.getInt(i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_FLAGS) & NativeUdp.TRUNCATED) != 0;
    }

    /** The socket's drop counter as the kernel attached it to slot i's datagram (unsigned), 0 if it did not. */
    public long drops(int i) {
        return Integer.toUnsignedLong(slots.getInt(i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_DROPS));
    }

    /** Copies slot i's address (the byte form of net.h) into out. */
    public void address(int i, byte[] out) {
        slots.get(i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_ADDRESS, out, 0, NativeConstants.ADDR_SIZE);
    }

    /** The family byte of slot i's address: a {@link NativeConstants} family, NONE for the connected peer. */
    public int family(int i) {
        return slots.get(i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_ADDRESS);
    }

    public void setAddress(int i, byte[] in) {
        slots.put(i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_ADDRESS, in, 0, NativeConstants.ADDR_SIZE);
    }

    /** Copies slot {@code from}'s address to slot {@code to}. */
    public void copyAddress(int from, int to) {
        slots.put(to * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_ADDRESS, slots,
                from * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_ADDRESS, NativeConstants.ADDR_SIZE);
    }

    /** Clears slot i's address: its datagram goes to the connected peer. */
    public void clearAddress(int i) {
        slots.put(i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_ADDRESS, (byte) 0);
    }

    /**
     * Rewrites the IPv4-mapped IPv6 addresses of slots [from, to) as IPv4, for an IPv4 socket (a
     * batch encodes its targets for the host's dual-stack sockets).
     */
    void toIpv4(int from, int to) {
        for (int i = from; i < to; i++) {
            int a = i * UdpLayout.SLOT_SIZE + NativeUdp.SLOT_ADDRESS;
            if (slots.get(a) != NativeConstants.FAMILY_IPV6 || slots.getLong(a + 8) != 0 || slots.getShort(a + 16) != 0
                    || slots.getShort(a + 18) != (short) 0xffff) continue;
            slots.put(a, (byte) NativeConstants.FAMILY_IPV4);
            slots.putInt(a + 4, 0);
            slots.putInt(a + 8, slots.getInt(a + 20));
        }
    }
}
