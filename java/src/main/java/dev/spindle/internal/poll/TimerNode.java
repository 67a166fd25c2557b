package dev.spindle.internal.poll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A deadline that a poller tracks for some thread, embedded in its owner so
 * arming allocates nothing. Any thread may {@link Poller#arm arm} or
 * {@link Poller#disarm disarm} it: that writes the fields below and queues the
 * node (once) for the poller thread, which alone owns the heap position.
 */
abstract class TimerNode {
    private static final VarHandle QUEUED;

    static {
        try {
            QUEUED = MethodHandles.lookup().findVarHandle(TimerNode.class, "queued", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** When to expire, in System.nanoTime() terms; meaningful while {@code armed}. */
    volatile long deadline;
    volatile boolean armed;

    // Owned by the poller thread.
    int heapIndex = -1;
    long heapKey;

    // The poller's intake stack; a node is on it at most once.
    private volatile boolean queued;
    TimerNode nextQueued;

    /** Claims the right to push this node on the intake stack. */
    final boolean markQueued() {
        return !queued && QUEUED.compareAndSet(this, false, true);
    }

    final void clearQueued() {
        queued = false;
    }

    /** Runs on the poller thread when the deadline has passed; must be short and must not throw. */
    abstract void expire();
}
