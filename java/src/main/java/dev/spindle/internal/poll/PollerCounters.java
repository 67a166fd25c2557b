package dev.spindle.internal.poll;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Running totals of one poller, for {@code Spindle.pollerStats()}. Each counter has one writer
 * (the poller's thread; the master poller's for {@link #MASTER_WAKEUPS}), so an increment is a
 * plain read and an opaque write; readers take no lock and may see a turn's worth less.
 */
final class PollerCounters {
    private static final VarHandle AT = MethodHandles.arrayElementVarHandle(long[].class);
    static final int WAITS = 0, EMPTY_WAITS = 1, EVENTS = 2, WAKEUPS = 3, IDLE_PARKS = 4, SPIN_POLLS = 5, TIMER_ARMS = 6;
    /** Written by the master poller's thread: a cache line away from the poller's own counters. */
    static final int MASTER_WAKEUPS = 8;

    private final long[] counts = new long[MASTER_WAKEUPS + 1];

    void add(int counter, long n) {
        AT.setOpaque(counts, counter, counts[counter] + n);
    }

    long get(int counter) {
        return (long) AT.getOpaque(counts, counter);
    }
}
