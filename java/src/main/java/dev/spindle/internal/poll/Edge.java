package dev.spindle.internal.poll;

import java.util.concurrent.locks.LockSupport;

/**
 * Readiness of one direction (read or write) of one socket.
 *
 * <p>The poller bumps {@code seq} on every edge. A caller reads {@link #seq()}
 * before its syscall and, after EAGAIN, {@link #await}s with that value: an
 * edge that lands between the syscall and the park changes {@code seq} (or
 * finds the waiter published and unparks it), so it is never lost. The
 * publication of {@code waiter} and the re-check of {@code seq} are both
 * volatile, so at least one side sees the other.
 */
public final class Edge extends TimerNode {
    private final Poller poller;
    private volatile int seq;
    private volatile Thread waiter;
    private volatile boolean closed;

    Edge(Poller poller) {
        this.poller = poller;
    }

    /** The edge count; read it before the syscall whose EAGAIN leads to {@link #await}. */
    public int seq() {
        return seq;
    }

    /** Called by the poller thread only, so the increment does not race. Returns whether it woke a waiter. */
    boolean fire() {
        seq = seq + 1;
        Thread t = waiter;
        if (t == null) return false;
        LockSupport.unpark(t);
        return true;
    }

    /** Wakes the waiter for good: the channel is closing. */
    void close() {
        closed = true;
        Thread t = waiter;
        if (t != null) LockSupport.unpark(t);
    }

    /** Marks the caller as waiting without parking, for a wait it does in the kernel instead. */
    public void enterKernelWait() {
        waiter = Thread.currentThread();
    }

    public void exitKernelWait() {
        waiter = null;
    }

    boolean hasWaiter() {
        return waiter != null;
    }

    /**
     * Parks until an edge newer than {@code seen}, a close, an interrupt, or a
     * spurious wakeup; callers retry their syscall either way.
     */
    public void await(int seen) {
        waiter = Thread.currentThread();
        if (seq == seen && !closed) {
            poller.waiterArrives();
            try {
                LockSupport.park(this);
            } finally {
                poller.waiterLeaves();
            }
        }
        waiter = null;
    }

    /**
     * As {@link #await(int)}, but also woken by the poller's timer at
     * {@code deadline} (System.nanoTime() terms). Arming costs no syscall
     * unless this deadline is earlier than every other on the poller.
     */
    public void awaitUntil(int seen, long deadline) {
        waiter = Thread.currentThread();
        if (seq == seen && !closed) {
            poller.timers.arm(this, deadline);
            poller.waiterArrives();
            try {
                LockSupport.park(this);
            } finally {
                poller.waiterLeaves();
                poller.timers.disarm(this);
            }
        }
        waiter = null;
    }

    /** The timer's wakeup: the same unpark an edge gives; the waiter checks the clock. */
    @Override
    void expire() {
        Thread t = waiter;
        if (t != null) LockSupport.unpark(t);
    }
}
