package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ScheduleTest {
    @Test
    void runsOnceAfterTheDelayNeverEarly() throws Exception {
        CountDownLatch warm = new CountDownLatch(1); // starts the pollers and loads the classes involved
        Spindle.schedule(Duration.ofMillis(1), warm::countDown);
        assertTrue(warm.await(10, TimeUnit.SECONDS));
        for (long millis : new long[] {1, 20, 200}) {
            CountDownLatch ran = new CountDownLatch(1);
            AtomicLong at = new AtomicLong();
            long start = System.nanoTime();
            ScheduledTask t = Spindle.schedule(Duration.ofMillis(millis), () -> {
                at.set(System.nanoTime());
                ran.countDown();
            });
            assertTrue(ran.await(10, TimeUnit.SECONDS));
            long ms = (at.get() - start) / 1_000_000;
            assertTrue(at.get() - start >= millis * 1_000_000, "ran early: " + ms + " ms < " + millis);
            assertTrue(ms <= millis + 5_000, "never ran: " + ms + " ms for " + millis); // lateness is measured, not tested
            assertTrue(t.isDone());
            assertFalse(t.cancel(), "already ran");
        }
    }

    @Test
    void cancelledTaskNeverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        ScheduledTask t = Spindle.schedule(Duration.ofMillis(50), runs::incrementAndGet);
        assertTrue(t.cancel());
        assertFalse(t.cancel());
        assertTrue(t.isDone());
        Thread.sleep(150);
        assertEquals(0, runs.get());
    }

    @Test
    void aThrowingTaskDoesNotKillThePoller() throws Exception {
        CountDownLatch after = new CountDownLatch(2);
        Spindle.schedule(Duration.ofMillis(1), () -> {
            after.countDown();
            throw new IllegalStateException("boom (expected by the test)");
        });
        Spindle.schedule(Duration.ofMillis(20), after::countDown);
        assertTrue(after.await(10, TimeUnit.SECONDS));
    }

    @Test
    void manyTimersFireInDeadlineOrder() throws Exception {
        int n = 200;
        int[] order = new int[n];
        AtomicInteger next = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        // Scheduled in reverse, so the heap must reorder them; one poller keeps their order observable.
        for (int i = n - 1; i >= 0; i--) {
            int id = i;
            Spindle.schedule(Duration.ofMillis(10 + i), () -> {
                order[next.getAndIncrement()] = id;
                done.countDown();
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        assertEquals(n, next.get());
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> Spindle.schedule(Duration.ofMillis(-1), () -> {}));
        assertThrows(NullPointerException.class, () -> Spindle.schedule(null, () -> {}));
        assertThrows(NullPointerException.class, () -> Spindle.schedule(Duration.ZERO, null));
    }
}
