package dev.spindle.internal.poll;

import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Native;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One poller's deadlines: a {@link DeadlineHeap} that only the poller thread touches, fed by a
 * lock-free intake stack of nodes embedded in their owners, so arming from any thread allocates
 * nothing and makes no syscall unless it is earlier than the time the timerfd is set for
 * ({@code nextFire}), which wakes the poller to re-arm it. The timerfd is re-armed only when the
 * earliest deadline moves earlier or when it fires.
 */
final class PollerTimers {
    private static final System.Logger LOG = System.getLogger("dev.spindle.poller");
    /** "No deadline" for nextFire and the poller's armed-for time. */
    static final long NONE = Long.MAX_VALUE;

    private final AtomicReference<TimerNode> intake = new AtomicReference<>();
    /** The latest the poller will wake to look at new deadlines; earlier ones must wake it. */
    private volatile long nextFire = NONE;
    private final DeadlineHeap heap = new DeadlineHeap(); // poller thread only
    private final Runnable wakePoller;

    PollerTimers(Runnable wakePoller) {
        this.wakePoller = wakePoller;
    }

    /** Deadlines in the heap, read racily; for tests and monitoring. */
    int pending() {
        return heap.size();
    }

    /** No deadline held or queued. Poller thread only. */
    boolean isIdle() {
        return heap.size() == 0 && intake.get() == null;
    }

    /** Sets n to expire at deadline. Any thread; no lock, no allocation. */
    void arm(TimerNode n, long deadline) {
        n.deadline = deadline;
        n.armed = true;
        push(n);
        long fire = nextFire;
        if (fire == NONE || deadline - fire < 0) wakePoller.run();
    }

    /**
     * Cancels n; the poller drops it from its heap at its next turn. Always queued (a no-op while it
     * still is): deciding by heapIndex, which the poller writes, could leave a cancelled node in
     * the heap until its deadline, holding an otherwise idle poller up for as long. If the timerfd
     * waits for exactly this deadline, the poller is woken to drop it and re-arm for the next one;
     * otherwise its next turn comes by that earlier deadline anyway.
     */
    void disarm(TimerNode n) {
        n.armed = false;
        push(n);
        if (n.deadline == nextFire) wakePoller.run();
    }

    private void push(TimerNode n) {
        if (!n.markQueued()) return; // already queued: the poller will read its latest state
        TimerNode head;
        do {
            head = intake.get();
            n.nextQueued = head;
        } while (!intake.compareAndSet(head, n));
    }

    /**
     * Poller thread: takes in queued nodes, expires what is due, and sets the timerfd for the
     * earliest deadline left. Returns the deadline the timerfd is set for now (NONE if none).
     */
    long run(int pfd, int timer, long armedFor) {
        for (int pass = 1; ; pass++) {
            armedFor = runOnce(pfd, timer, armedFor);
            // A disarm queued during that pass saw nextFire == NONE and did not wake us, so its
            // node would wait in the heap until its deadline: take it in now (nextFire is set, so
            // from here on every change sees it).
            if (intake.get() == null) return armedFor;
            if (pass == 4) { // busy with changes: take the rest at the next turn, which comes at once
                wakePoller.run();
                return armedFor;
            }
        }
    }

    private long runOnce(int pfd, int timer, long armedFor) {
        nextFire = NONE; // from here on, new deadlines wake us, unless the drain below sees them
        takeIntake();
        if (heap.size() > 0) {
            long now = System.nanoTime();
            while (heap.size() > 0 && heap.topKey() - now <= 0) {
                TimerNode n = heap.top();
                heap.remove(n);
                long deadline = n.deadline;
                if (!n.armed) continue;
                if (deadline - now <= 0) n.expire();
                else heap.put(n, deadline); // re-armed later since it was queued
            }
            if (heap.size() > 0) {
                long earliest = heap.topKey();
                if (armedFor == NONE || earliest - armedFor < 0) {
                    int rc = Native.timerArm(pfd, timer, Math.max(1, earliest - now));
                    if (rc < 0) LOG.log(System.Logger.Level.WARNING, Errors.of("arm timer", rc).getMessage());
                    else armedFor = earliest;
                }
            }
        }
        nextFire = armedFor;
        return armedFor;
    }

    /** Moves queued arms and disarms into the heap. */
    private void takeIntake() {
        TimerNode n = intake.getAndSet(null);
        try {
            while (n != null) {
                TimerNode next = n.nextQueued;
                // Unlink before clearing the mark: once cleared, another thread may push n again, and
                // a later write of nextQueued would cut off every node pushed before it.
                n.nextQueued = null;
                n.clearQueued(); // before reading its state: a later change queues it again
                if (n.armed) heap.put(n, n.deadline);
                else heap.remove(n);
                n = next;
            }
        } finally { // a failure part-way (no memory to grow the heap) must not lose the rest: queue them again
            while (n != null) {
                TimerNode next = n.nextQueued;
                n.nextQueued = null;
                n.clearQueued();
                push(n);
                n = next;
            }
        }
    }

    /** Forgets every pending timer when the poller stops for good; channels were woken already. Call under the poller's monitor. */
    void drop() {
        for (TimerNode n = intake.getAndSet(null); n != null; ) {
            TimerNode next = n.nextQueued; // read before the mark is cleared, as in takeIntake
            n.nextQueued = null;
            n.clearQueued();
            n = next;
        }
        heap.clear();
        nextFire = NONE;
    }
}
