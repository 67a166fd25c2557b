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
 */
final class CarrierWait implements IdleStrategy {
    private final int maxMillis;

    CarrierWait(int maxMillis) {
        this.maxMillis = maxMillis;
    }

    @Override
    public int await(Waiting poller, int timeoutMillis) {
        if (!poller.spinMayPay()) return poller.park(timeoutMillis);
        int n = poller.block(timeoutMillis < 0 ? maxMillis : Math.min(maxMillis, timeoutMillis));
        return n != 0 ? n : poller.park(timeoutMillis);
    }
}
