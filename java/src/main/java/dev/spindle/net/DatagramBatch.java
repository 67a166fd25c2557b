package dev.spindle.net;

import dev.spindle.internal.channel.Addresses;
import dev.spindle.internal.channel.Backend;
import dev.spindle.internal.channel.DatagramSlots;
import dev.spindle.internal.channel.NativeDatagram;
import dev.spindle.internal.sys.NativeConstants;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Up to {@link #capacity()} datagrams in off-heap slots, for {@link UdpSocket#receive(DatagramBatch)}
 * and {@link UdpSocket#send(DatagramBatch)}: one syscall moves them all, and reusing the batch
 * allocates nothing per datagram. Each slot holds up to {@link #maxDatagramSize()} bytes, a length,
 * an address (the source after a receive, the target for a send) and a segment size.
 *
 * <p>The echo pattern: {@code receive(batch)}, edit the slots in place if needed (through
 * {@link #buffer} and {@link #setLength}), then {@code send(batch)} replies to every source. With
 * GRO on, a slot may hold several datagrams coalesced, {@link #segmentSize} bytes each; sending it
 * back splits it again with GSO.
 *
 * <p>Not thread-safe: one thread uses a batch at a time. {@link #close()} ends its use; the memory
 * itself is freed by the garbage collector.
 */
public final class DatagramBatch implements AutoCloseable {
    /** The most slots a batch may have (the kernel's UIO_MAXIOV for sendmmsg/recvmmsg). */
    public static final int MAX_CAPACITY = 1024;
    private final DatagramSlots slots;
    private final ByteBuffer[] views;
    private int count;
    private boolean closed;
    // The target of the last add, encoded, so adding many datagrams for one peer allocates nothing.
    private InetSocketAddress lastTarget;
    private byte[] lastTargetForm;

    private DatagramBatch(int capacity, int maxDatagramSize) {
        this.slots = new DatagramSlots(capacity, maxDatagramSize);
        this.views = new ByteBuffer[capacity];
        for (int i = 0; i < capacity; i++) views[i] = slots.dataView(i);
    }

    /**
     * A batch of {@code capacity} (1..1024) slots of {@code maxDatagramSize} (1..65535) bytes each. A
     * longer datagram is cut to fit ({@link #truncated}); with GRO on, size slots at 65535 to take
     * coalesced receives whole. Throws {@code UnsupportedOperationException} without the native library.
     */
    public static DatagramBatch allocate(int capacity, int maxDatagramSize) {
        if (capacity < 1 || capacity > MAX_CAPACITY)
            throw new IllegalArgumentException("capacity must be within 1.." + MAX_CAPACITY + ", got " + capacity);
        if (maxDatagramSize < 1 || maxDatagramSize > 65535)
            throw new IllegalArgumentException("maxDatagramSize must be within 1..65535, got " + maxDatagramSize);
        Backend.CURRENT.requireNative("DatagramBatch");
        return new DatagramBatch(capacity, maxDatagramSize);
    }

    public int capacity() {
        return slots.capacity;
    }

    public int maxDatagramSize() {
        return slots.stride;
    }

    /** How many slots hold datagrams: filled by a receive, or by {@link #add}. */
    public int count() {
        return count;
    }

    /** Empties the batch for adding. */
    public void clear() {
        ensureOpen();
        count = 0;
    }

    /**
     * A view of slot i's memory, position 0: for a slot in use its limit is the datagram's length;
     * past {@link #count()}, the whole slot. Writes to it change what a send sends. The same object
     * is returned each time.
     */
    public ByteBuffer buffer(int i) {
        Objects.checkIndex(i, slots.capacity);
        ByteBuffer view = views[i].clear();
        return i < count ? view.limit(slots.length(i)) : view;
    }

    /** The length of slot i's datagram (after a receive: the bytes stored). */
    public int length(int i) {
        return slots.length(checkUsed(i));
    }

    /** Sets slot i's length, after editing its {@link #buffer} in place. */
    public void setLength(int i, int length) {
        checkUsed(i);
        Objects.checkIndex(length, slots.stride + 1);
        slots.setLength(i, length);
    }

    /** Whether slot i's received datagram was longer than the slot and was cut. */
    public boolean truncated(int i) {
        return slots.truncated(checkUsed(i));
    }

    /**
     * Slot i's segment size: after a receive with GRO on, the size of the datagrams coalesced into it
     * (0 if it holds one datagram); for a send, the size to split it into with GSO (0: one datagram).
     */
    public int segmentSize(int i) {
        return slots.segment(checkUsed(i));
    }

    /** Has slot i sent with UDP GSO, split into {@code size}-byte datagrams (0: as one datagram). */
    public void setSegmentSize(int i, int size) {
        checkUsed(i);
        if (size < 0 || size > 65535) throw new IllegalArgumentException("segment size must be within 0..65535, got " + size);
        if (size > 0 && !UdpSocket.isGsoSupported()) throw new UnsupportedOperationException(NativeDatagram.NO_GSO);
        slots.setSegment(i, size);
    }

    /** Slot i's address (its source after a receive), or null for the connected peer. Allocates. */
    public InetSocketAddress address(int i) {
        checkUsed(i);
        if (slots.family(i) == NativeConstants.FAMILY_NONE) return null;
        byte[] form = new byte[NativeConstants.ADDR_SIZE];
        slots.address(i, form);
        return Addresses.decode(form);
    }

    /** Sets slot i's target; null sends it to the connected peer. */
    public void setAddress(int i, SocketAddress target) throws IOException {
        checkUsed(i);
        if (target == null) slots.clearAddress(i);
        else slots.setAddress(i, form(Addresses.check(target)));
    }

    /**
     * Appends a datagram: copies {@code src}'s remaining bytes (its position is left as is) into the
     * next slot, addressed to target (null: the connected peer).
     */
    public void add(ByteBuffer src, SocketAddress target) throws IOException {
        ensureOpen();
        int len = src.remaining();
        if (count == slots.capacity) throw new IllegalStateException("the batch is full (" + count + " datagrams)");
        if (len > slots.stride)
            throw new IllegalArgumentException(len + " bytes do not fit a slot of " + slots.stride);
        int i = count;
        if (target == null) slots.clearAddress(i);
        else slots.setAddress(i, form(Addresses.check(target)));
        views[i].clear().put(0, src, src.position(), len);
        slots.setLength(i, len);
        slots.setSegment(i, 0);
        count = i + 1;
    }

    private byte[] form(InetSocketAddress target) throws IOException {
        if (!target.equals(lastTarget)) {
            lastTargetForm = Addresses.encode(target, Addresses.FAMILY);
            lastTarget = target;
        }
        return lastTargetForm;
    }

    private int checkUsed(int i) {
        ensureOpen();
        return Objects.checkIndex(i, count);
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("the batch is closed");
    }

    DatagramSlots slots() {
        ensureOpen();
        return slots;
    }

    /** A receive filled n slots. */
    int received(int n) {
        count = n;
        return n;
    }

    /** Ends the batch's use; its memory goes with the last reference. */
    @Override
    public void close() {
        closed = true;
        count = 0;
    }

    @Override
    public String toString() {
        return "DatagramBatch[" + count + "/" + slots.capacity + " of " + slots.stride + " bytes" + (closed ? ", closed" : "") + "]";
    }
}
