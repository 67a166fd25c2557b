package dev.spindle.internal.poll;

import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An off-heap array of kernel events (epoll_event or kevent, as {@link NativeConstants} describes them)
 * that a wait fills in place; each event is read with a plain memory read, with no JNI call and
 * no allocation per event. One thread owns a buffer.
 */
public final class EventBuffer {
    private final int maxCapacity;
    private ByteBuffer events;
    private long address;
    private int capacity;

    public EventBuffer(int capacity, int maxCapacity) {
        this.maxCapacity = maxCapacity;
        this.capacity = capacity;
        this.events = allocate(capacity);
        this.address = Native.bufferAddress(events);
    }

    /** Waits on the poller fd {@code pfd} for at most {@code timeoutMillis} (0: don't wait); the event count or -errno. */
    public int waitOn(int pfd, int timeoutMillis) {
        return Native.pollerWait(pfd, address, capacity, timeoutMillis);
    }

    /** The token of event i. */
    public long token(int i) {
        return events.getLong(i * NativeConstants.EVENT_SIZE + NativeConstants.EVENT_TOKEN_OFFSET);
    }

    /** The readiness bits of event i. */
    public int bits(int i) {
        return events.getInt(i * NativeConstants.EVENT_SIZE + NativeConstants.EVENT_BITS_OFFSET);
    }

    /** After a wait that filled the buffer more may be waiting: fetch twice as many next time, up to the maximum. */
    public void grewFull(int n) {
        if (n < capacity || capacity >= maxCapacity) return;
        try {
            ByteBuffer bigger = allocate(capacity * 2);
            events = bigger;
            address = Native.bufferAddress(bigger);
            capacity *= 2;
        } catch (OutOfMemoryError e) {
            // keep the smaller batch: the poller must outlive a full heap
        }
    }

    private static ByteBuffer allocate(int capacity) {
        return ByteBuffer.allocateDirect(capacity * NativeConstants.EVENT_SIZE).order(ByteOrder.nativeOrder());
    }
}
