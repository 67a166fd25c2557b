package dev.spindle.internal.poll;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Warnings from a thread that must never wait for a lock a virtual thread may hold: the master
 * poller. A logger's handlers take locks (a handler's monitor, its stream's lock), and a virtual
 * thread that holds one while unmounted may need the very carrier the master is there to free.
 * So the caller only queues the message; a short-lived platform thread hands it to the logger.
 * At most {@link #MAX_PENDING} wait at a time; what does not fit is counted, and the count logged.
 */
final class OffThreadLog {
    static final int MAX_PENDING = 64;

    private final System.Logger logger;
    private final String threadName;
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingCount = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean draining = new AtomicBoolean();

    OffThreadLog(System.Logger logger, String threadName) {
        this.logger = logger;
        this.threadName = threadName;
    }

    /** Queues a warning and returns at once; takes no lock and never blocks. */
    void warn(String message) {
        if (pendingCount.incrementAndGet() > MAX_PENDING) {
            pendingCount.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        pending.offer(message);
        if (!draining.compareAndSet(false, true)) return; // the running drain will see it
        try {
            Thread t = new Thread(this::drain, threadName);
            t.setDaemon(true);
            t.start();
        } catch (Throwable e) { // no thread now (memory, a thread limit): the next warning tries again
            draining.set(false);
        }
    }

    private void drain() {
        try {
            do {
                for (String m; (m = pending.poll()) != null; ) {
                    pendingCount.decrementAndGet();
                    log(m);
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) log(lost + " warnings dropped: more than " + MAX_PENDING + " waited at once");
                draining.set(false);
            } while (!pending.isEmpty() && draining.compareAndSet(false, true)); // one queued after the last poll
        } catch (Throwable e) { // the next warning starts a drain again
            draining.set(false);
            throw e;
        }
    }

    private void log(String message) {
        try {
            logger.log(System.Logger.Level.WARNING, message);
        } catch (RuntimeException e) { // a broken logger must not keep the rest from it
        }
    }
}
