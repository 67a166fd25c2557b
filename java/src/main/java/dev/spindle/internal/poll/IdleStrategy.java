package dev.spindle.internal.poll;

/**
 * What a poller's thread does when it has nothing to do: how it waits for the next event. One
 * implementation per policy, chosen once ({@link #of}); an instance belongs to one poller
 * thread. The shape is Agrona's duty cycle: the loop reports the work it did
 * ({@link #handled}), and the strategy decides how to wait ({@link #await}).
 */
interface IdleStrategy {
    /**
     * Waits until events may be ready, at most {@code timeoutMillis} (-1: no limit), and fetches
     * them; returns how many were fetched (0 after a timeout or a wake-up without events) or
     * -errno.
     */
    int await(Waiting poller, int timeoutMillis);

    /** The poller's run is over: whatever the strategy holds is let go. */
    default void stopped() {}

    /** The last events fetched kept the poller's thread (and, on virtual threads, the threads it woke) busy this long. */
    default void handled(long busyNanos) {}

    /**
     * For the master poller, on its thread: when this poller's wait on its carrier is due to end
     * ({@link System#nanoTime}); {@code now} or earlier when it is overdue, Long.MAX_VALUE while
     * the poller holds no carrier.
     */
    default long holdDue(long now) {
        return Long.MAX_VALUE;
    }

    /** What a strategy may do with its poller. */
    interface Waiting {
        /** Fetches what is ready now, without waiting. */
        int poll();

        /** Fetches, blocking this thread in the kernel (on a virtual thread: holding its carrier). */
        int block(int timeoutMillis);

        /** Parks this (virtual) thread until the master poller sees an event for it, or the timeout; then fetches. */
        int park(int timeoutMillis);

        /** Whether polling again soon may find something: threads are parked on this poller's edges and it is not stopping. */
        boolean spinMayPay();

        /** Counts one spin poll (one that found nothing is followed by another or by a park). */
        void spun();
    }

    /** The policy for a poller that runs on a virtual thread ({@code true}) or a platform thread. */
    static IdleStrategy of(boolean onVirtualThread) {
        if (!onVirtualThread) return new KernelWait();
        return switch (Pollers.IDLE_POLICY) {
            case Pollers.IDLE_BUDGET -> new BudgetedSpin(Pollers.SPIN_MAX_MICROS * 1000L);
            case Pollers.IDLE_PARK -> new FixedSpins(0);
            case Pollers.IDLE_CARRIER -> new CarrierWait(Pollers.CARRIER_MILLIS);
            default -> new FixedSpins(Pollers.SPINS);
        };
    }
}
