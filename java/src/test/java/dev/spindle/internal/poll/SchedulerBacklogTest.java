package dev.spindle.internal.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A poller that has held its carrier for the bound gives it up only if virtual threads may be
 * queued for one. The scheduler's queues can be seen from JDK 24; there, a thread that waits for a
 * carrier is seen, and empty queues are seen as empty.
 */
@Timeout(60)
class SchedulerBacklogTest {
    @Test
    void theQueuesCanBeSeenFromJdk24() {
        boolean bean = Runtime.version().feature() >= 24 && ModuleLayer.boot().findModule("jdk.management").isPresent();
        assertEquals(bean, SchedulerBacklog.visible());
        if (!bean) assertTrue(SchedulerBacklog.maybeQueued(), "without the bean a queued thread must be assumed");
    }

    @Test
    void aThreadWaitingForACarrierIsSeenAndEmptyQueuesAreNot() throws Exception {
        assumeTrue(SchedulerBacklog.visible(), "JDK 24 and later");
        int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch spinning = new CountDownLatch(carriers);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < carriers; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    spinning.countDown();
                    while (!release.get()) Thread.onSpinWait(); // holds its carrier: no park, no yield
                }));
            }
            spinning.await(10, TimeUnit.SECONDS); // should some not start, they are the queued ones
            AtomicBoolean ran = new AtomicBoolean();
            threads.add(Thread.ofVirtual().start(() -> ran.set(true)));
            boolean seen = SchedulerBacklog.maybeQueued();
            assertFalse(ran.get() && spinning.getCount() == 0, "a carrier was free after all");
            assertTrue(seen, "a virtual thread waits for a carrier, every carrier spins");
        } finally {
            release.set(true);
            for (Thread t : threads) t.join();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (SchedulerBacklog.maybeQueued() && System.nanoTime() < deadline) Thread.sleep(10);
        assertFalse(SchedulerBacklog.maybeQueued(), "every virtual thread has run");
    }
}
