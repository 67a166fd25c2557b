package dev.spindle.net;

import java.lang.management.ManagementFactory;

/** Measures what a piece of work allocates on the calling thread, after warming it up. */
final class Allocations {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocations() {}

    /** Runs {@code round} warmup times (JIT, lazily created state), then the bytes allocated by {@code rounds} more. */
    static long ofRounds(ThrowingRunnable round, int warmup, int rounds) throws Exception {
        for (int i = 0; i < warmup; i++) round.run();
        long tid = Thread.currentThread().threadId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < rounds; i++) round.run();
        return THREADS.getThreadAllocatedBytes(tid) - before;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
