package dev.spindle.internal.poll;

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
 * handler handing work to another virtual thread, and that one waking it back) runs first, and
 * tasks waiting in the scheduler's shared queue get their turn, since a yield with an empty local
 * queue goes to the back of it. What becomes runnable while the carrier is held (a lock released
 * by a platform thread, a sleep that ends) runs on another carrier when one is free, and
 * otherwise waits until the next event or {@code maxMillis}, whichever comes first. That bound is
 * {@code dev.spindle.poller.carrierMillis}; what it costs both ways is in
 * bench/results/carrier-bound-2026-12-07.
 */
final class CarrierWait implements IdleStrategy {
    /** Yields before one hold at most: a longer chain of hand-offs waits for the next event or the bound. */
    private static final int MAX_YIELDS = 8;
    /** How often the fastest yield is forgotten, so that a slower spell of the machine is learnt anew. */
    private static final int RELEARN_EVERY = 1 << 16;

    private final int maxMillis;
    /** The fastest yield seen: one that ran nothing else (about 0.2 µs here; one that ran a hand-off, 0.3-0.5). */
    private long fastestYieldNanos = Long.MAX_VALUE;
    private int yieldsSinceRelearn;

    CarrierWait(int maxMillis) {
        this.maxMillis = maxMillis;
    }

    @Override
    public int await(Waiting poller, int timeoutMillis) {
        if (!poller.spinMayPay()) return poller.park(timeoutMillis);
        runWhatIsRunnable();
        int n = poller.block(timeoutMillis < 0 ? maxMillis : Math.min(maxMillis, timeoutMillis));
        return n != 0 ? n : poller.park(timeoutMillis);
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
