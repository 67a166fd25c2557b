package dev.spindle.internal.poll;

import java.util.concurrent.locks.LockSupport;

/**
 * The event loop's way ({@code dev.spindle.poller.idle=carrier}): while threads are parked on
 * the poller, its virtual thread waits in epoll_wait (or kevent) on its carrier for at most
 * {@code maxMillis}, so the kernel wakes the very thread that then runs the woken code: one
 * switch per wake-up, as Netty's loop pays, instead of the master's and then the carrier's.
 * With no waiter, or after {@code maxMillis} with no event, it parks as {@code park} does and
 * the master poller watches its fd, so an idle poller holds no carrier and costs nothing.
 *
 * <p>The price: while the carrier is held in the kernel the scheduler cannot run other
 * virtual threads on it. So before each hold the poller yields until a yield comes back as fast
 * as one that ran nothing else: what the threads it woke made runnable on this carrier (a
 * handler handing work to another virtual thread, and that one waking it back) runs first.
 * What another thread makes runnable (a lock released by a platform thread, a sleep that ends)
 * runs on another carrier when one is free, and otherwise waits until the poller gives its carrier
 * up: when a wait passes {@code maxMillis} without an event, and, since events that keep coming
 * would otherwise keep it holding (a yield does not stop the scheduler from picking the poller
 * again first), after {@code maxMillis} of holding in all, when it parks for a moment. That bound
 * is {@code dev.spindle.poller.carrierMillis}; what it costs both ways is in
 * bench/results/carrier-bound-2026-12-07.
 */
final class CarrierWait implements IdleStrategy {
    /** Yields before one hold at most: a longer chain of hand-offs waits for the next event or the bound. */
    private static final int MAX_YIELDS = 8;
    /** How often the fastest yield is forgotten, so that a slower spell of the machine is learnt anew. */
    private static final int RELEARN_EVERY = 1 << 16;

    private static final long NOT_HOLDING = Long.MIN_VALUE;
    /** How long the poller gives its carrier up once per bound of holding: what waits for it runs meanwhile. */
    private static final long PAUSE_NANOS = 20_000;

    private final int maxMillis;
    private final long maxNanos;
    /** When this poller last began holding its carrier without parking in between. */
    private long holdingSince = NOT_HOLDING;
    /** The fastest yield seen: one that ran nothing else (about 0.2 µs here; one that ran a hand-off, 0.3-0.5). */
    private long fastestYieldNanos = Long.MAX_VALUE;
    private int yieldsSinceRelearn;

    CarrierWait(int maxMillis) {
        this.maxMillis = maxMillis;
        this.maxNanos = maxMillis * 1_000_000L;
    }

    @Override
    public int await(Waiting poller, int timeoutMillis) {
        if (!poller.spinMayPay()) return parked(poller, timeoutMillis);
        long now = System.nanoTime();
        if (holdingSince == NOT_HOLDING) holdingSince = now;
        else if (now - holdingSince >= maxNanos) return paused(poller); // held for the bound: free the carrier once
        runWhatIsRunnable();
        int n = poller.block(timeoutMillis < 0 ? maxMillis : Math.min(maxMillis, timeoutMillis));
        return n != 0 ? n : parked(poller, timeoutMillis);
    }

    /**
     * After holding its carrier for the bound, through events that kept ending each wait, the poller
     * gives the carrier up for {@link #PAUSE_NANOS}: a yield is not enough, as the scheduler may
     * pick the poller again before a task another thread submitted, and a park that the master ends
     * at once (events are pending) races it the same way.
     */
    private int paused(Waiting poller) {
        holdingSince = NOT_HOLDING;
        LockSupport.parkNanos(this, PAUSE_NANOS);
        return poller.poll();
    }

    /** Parks until the master sees events, which frees the carrier. */
    private int parked(Waiting poller, int timeoutMillis) {
        holdingSince = NOT_HOLDING;
        return poller.park(timeoutMillis);
    }

    /** Yields until a yield comes back within 1.5 times the fastest one: nothing else was left to run. */
    private void runWhatIsRunnable() {
        for (int i = 0; i < MAX_YIELDS; i++) {
            long start = System.nanoTime();
            Thread.yield();
            long took = System.nanoTime() - start;
            if (++yieldsSinceRelearn == RELEARN_EVERY) {
                yieldsSinceRelearn = 0;
                fastestYieldNanos = Long.MAX_VALUE;
            }
            if (took < fastestYieldNanos) fastestYieldNanos = took;
            if (2 * took <= 3 * fastestYieldNanos) return;
        }
    }
}
