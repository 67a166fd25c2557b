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
 * virtual threads on it. Wake-ups that come from I/O are what end the wait; others (a lock
 * released, a sleep ended, a task submitted by a platform thread) run on another carrier when one
 * is free, and otherwise wait until the next event or {@code maxMillis}, whichever comes first.
 * That bound is {@code dev.spindle.poller.carrierMillis}.
 *
 * <p>Under steady load the wait rarely times out, and the carrier would only ever run this poller
 * and the threads it wakes: a worker of the scheduler runs its own queue to the end before it
 * looks at tasks submitted from outside. So once per {@code maxMillis} the poller yields with its
 * carrier's queue empty, which sends it to the back of the shared queue, so those tasks get their
 * turn.
 */
final class CarrierWait implements IdleStrategy {
    private final int maxMillis;
    private final long maxNanos;
    private long lastTurnGiven = System.nanoTime();

    CarrierWait(int maxMillis) {
        this.maxMillis = maxMillis;
        this.maxNanos = maxMillis * 1_000_000L;
    }

    @Override
    public int await(Waiting poller, int timeoutMillis) {
        if (!poller.spinMayPay()) return poller.park(timeoutMillis);
        long now = System.nanoTime();
        if (now - lastTurnGiven >= maxNanos) {
            lastTurnGiven = now;
            Thread.yield(); // the threads woken last have run, so this goes to the shared queue
            int n = poller.poll();
            if (n != 0) return n;
        }
        int n = poller.block(timeoutMillis < 0 ? maxMillis : Math.min(maxMillis, timeoutMillis));
        return n != 0 ? n : poller.park(timeoutMillis);
    }
}
