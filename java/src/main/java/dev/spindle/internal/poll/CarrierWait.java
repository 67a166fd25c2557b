package dev.spindle.internal.poll;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * The event loop's way ({@code dev.spindle.poller.idle=carrier}): while threads are parked on
 * the poller, its virtual thread waits in epoll_wait (or kevent) on its carrier, so the kernel
 * wakes the very thread that then runs the woken code: one switch per wake-up, as Netty's loop
 * pays, instead of the master's and then the carrier's. With no waiter, or after a wait of
 * {@code maxMillis} with no event, it parks as {@code park} does and the master poller watches
 * its fd, so an idle poller holds no carrier and costs nothing.
 *
 * <p>The wait has no timeout of its own: the master poller ends one that has lasted
 * {@code maxMillis} ({@link MasterPoller}). A timeout shorter than the kernel's tick costs two
 * reprogrammings of the CPU's timer per wait (an exit each, in a VM), which was a third of the
 * CPU per request at light load; the master's one tick per {@code maxMillis} replaces them.
 *
 * <p>The price of holding: while the carrier is held in the kernel the scheduler cannot run
 * other virtual threads on it. So before each hold the poller yields until the scheduler says
 * nothing is queued (JDK 24 and later) or a yield comes back as fast as one that ran nothing else:
 * what the threads it woke made runnable on this carrier (a handler handing work to another
 * virtual thread, and that one waking it back) runs first.
 * What another thread makes runnable (a lock released by a platform thread, a sleep that ends)
 * runs on another carrier when one is free, and otherwise waits until the poller gives its
 * carrier up: when a wait lasts {@code maxMillis}, and after {@code maxMillis} of holding in
 * all, when it parks for a moment if the scheduler may have queued threads (events that keep
 * coming would otherwise keep it holding, and a yield does not stop the scheduler from picking
 * the poller again first). That bound is {@code dev.spindle.poller.carrierMillis}; what it costs
 * both ways is in bench/results/carrier-bound-2026-12-07.
 */
final class CarrierWait implements IdleStrategy {
    /** Yields before one hold at most: a longer chain of hand-offs waits for the next event or the bound. */
    private static final int MAX_YIELDS = 8;
    /** How often the fastest yield is forgotten, so that a slower spell of the machine is learnt anew. */
    private static final int RELEARN_EVERY = 1 << 16;

    private static final long NOT_HOLDING = Long.MIN_VALUE, NOT_WAITING = Long.MIN_VALUE;
    /** How long the poller gives its carrier up once per bound of holding: what waits for it runs meanwhile. */
    private static final long PAUSE_NANOS = 20_000;

    /**
     * How many pollers may hold carriers at once: all of them while there are no more pollers than
     * the scheduler has carriers; otherwise one carrier fewer than it has, so that a poller the
     * master wakes finds a carrier. (Two pollers on one carrier: the one holding it kept the other,
     * and the events it had, off it until the bound, so round trips between their sockets took
     * up to 8.9 ms (0.6 ms or more in 5 of 6 rounds) instead of 30-49 µs:
     * bench/results/efficiency-2026-12-07d.)
     */
    static final int MAX_HOLDERS = Pollers.count() > Pollers.CARRIERS ? Pollers.CARRIERS - 1 : Pollers.CARRIERS;
    /** Pollers holding their carriers now, of all pollers. */
    private static final AtomicInteger HOLDERS = new AtomicInteger();

    private final long maxNanos;
    /** When this poller began holding its carrier without parking in between; read by the master. */
    private volatile long holdingSince = NOT_HOLDING;
    /** When its current wait in the kernel began; read by the master, which ends it after {@link #maxNanos}. */
    private volatile long waitingSince = NOT_WAITING;
    /** The last wait lasted the bound: the next one parks, freeing the carrier. */
    private boolean waitedTheBound;
    /** The fastest yield seen: one that ran nothing else (about 0.2 µs here; one that ran a hand-off, 0.3-0.5). */
    private long fastestYieldNanos = Long.MAX_VALUE;
    private int yieldsSinceRelearn;

    CarrierWait(int maxMillis) {
        this.maxNanos = maxMillis * 1_000_000L;
    }

    @Override
    public int await(Waiting poller, int timeoutMillis) {
        if (!poller.spinMayPay() || waitedTheBound) return parked(poller, timeoutMillis);
        long now = System.nanoTime();
        if (holdingSince == NOT_HOLDING) {
            if (!mayHold()) return parked(poller, timeoutMillis);
            holdingSince = now;
            MasterPoller.holdStarted(); // its ticks end over-long waits
        } else if (now - holdingSince >= maxNanos) {
            if (SchedulerBacklog.maybeQueued()) return paused(poller); // held for the bound: free the carrier once
            holdingSince = now; // nobody waits for a carrier: hold on
        }
        runWhatIsRunnable();
        long start = System.nanoTime(); // the yields may have run other threads for a while
        waitingSince = start;
        int n = poller.block(timeoutMillis);
        waitingSince = NOT_WAITING;
        if (n == 0) return parked(poller, timeoutMillis);
        waitedTheBound = System.nanoTime() - start >= maxNanos; // the master ended it, or I/O came only after the bound
        return n;
    }

    @Override
    public void stopped() {
        stopHolding();
    }

    @Override
    public long holdDue(long now) {
        if (holdingSince == NOT_HOLDING) return Long.MAX_VALUE;
        long since = waitingSince;
        return since == NOT_WAITING ? now + maxNanos : since + maxNanos;
    }

    /**
     * After holding its carrier for the bound, through events that kept ending each wait, the poller
     * gives the carrier up for {@link #PAUSE_NANOS}: a yield is not enough, as the scheduler may
     * pick the poller again before a task another thread submitted, and a park that the master ends
     * at once (events are pending) races it the same way.
     */
    private int paused(Waiting poller) {
        stopHolding();
        LockSupport.parkNanos(this, PAUSE_NANOS);
        return poller.poll();
    }

    /** Parks until the master sees events, which frees the carrier. */
    private int parked(Waiting poller, int timeoutMillis) {
        stopHolding();
        waitedTheBound = false;
        return poller.park(timeoutMillis);
    }

    /** Counts this poller among the holders, if fewer than {@link #MAX_HOLDERS} hold. */
    private static boolean mayHold() {
        for (int h = HOLDERS.get(); h < MAX_HOLDERS; h = HOLDERS.get()) {
            if (HOLDERS.compareAndSet(h, h + 1)) return true;
        }
        return false;
    }

    private void stopHolding() {
        if (holdingSince == NOT_HOLDING) return;
        holdingSince = NOT_HOLDING;
        HOLDERS.decrementAndGet();
    }

    /**
     * Yields until the scheduler says no virtual thread is queued (JDK 24 and later), or a yield
     * comes back within 1.5 times the fastest one: nothing else was left to run. Asking costs less
     * than the yield that would find nothing, which also allocates the scheduler's task wrapper.
     */
    private void runWhatIsRunnable() {
        for (int i = 0; i < MAX_YIELDS; i++) {
            if (!SchedulerBacklog.maybeQueued()) return;
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
