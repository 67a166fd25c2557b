package dev.spindle.internal.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The master poller warns through OffThreadLog so that it never waits for a logger's locks: a
 * warning must be queued and the call return while the logger is stuck, and every warning (or
 * the count of those that did not fit) must reach the logger once it moves again.
 */
@Timeout(20)
class OffThreadLogTest {
    private static final String THREAD = "off-thread-log-test";

    @Test
    void warningsReturnAtOnceWhileTheLoggerIsStuckAndAllArriveAfter() throws Exception {
        StuckLogger logger = new StuckLogger();
        OffThreadLog log = stuckInFirst(logger);
        for (int i = 0; i < 3; i++) log.warn("queued " + i); // the logger is stuck in "first": these must not wait for it
        logger.release.countDown();
        assertEquals(List.of("first", "queued 0", "queued 1", "queued 2"), logger.take(4));
        assertNoDrainThreadLeft();
    }

    @Test
    void warningsBeyondTheLimitAreCountedNotLost() throws Exception {
        StuckLogger logger = new StuckLogger();
        OffThreadLog log = stuckInFirst(logger);
        for (int i = 0; i < OffThreadLog.MAX_PENDING + 10; i++) log.warn("w" + i);
        logger.release.countDown();
        List<String> got = logger.take(1 + OffThreadLog.MAX_PENDING + 1);
        assertEquals("first", got.get(0));
        for (int i = 0; i < OffThreadLog.MAX_PENDING; i++) assertEquals("w" + i, got.get(1 + i));
        assertEquals("10 warnings dropped: more than " + OffThreadLog.MAX_PENDING + " waited at once", got.get(got.size() - 1));
        log.warn("after");
        assertEquals(List.of("after"), logger.take(1), "the log took no more after it had been full");
        assertNoDrainThreadLeft();
    }

    /** A log whose first warning, "first", is stuck in {@code logger}. */
    private static OffThreadLog stuckInFirst(StuckLogger logger) throws InterruptedException {
        OffThreadLog log = new OffThreadLog(logger, THREAD);
        log.warn("first");
        assertTrue(logger.entered.await(10, TimeUnit.SECONDS), "the first warning never reached the logger");
        return log;
    }

    private static void assertNoDrainThreadLeft() throws InterruptedException {
        for (int i = 0; i < 500 && drainThreadAlive(); i++) Thread.sleep(10);
        assertFalse(drainThreadAlive(), "the drain thread did not end once the queue was empty");
    }

    private static boolean drainThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals(THREAD));
    }

    /** A logger whose first record blocks until released, as a handler stuck on its lock would. */
    private static final class StuckLogger implements System.Logger {
        final CountDownLatch entered = new CountDownLatch(1), release = new CountDownLatch(1);
        private final LinkedBlockingQueue<String> records = new LinkedBlockingQueue<>();

        List<String> take(int n) throws InterruptedException {
            List<String> got = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String r = records.poll(10, TimeUnit.SECONDS);
                if (r == null) throw new AssertionError("only " + got + " reached the logger, of " + n);
                got.add(r);
            }
            Thread.sleep(50);
            assertEquals(List.of(), new ArrayList<>(records), "more records than expected");
            return got;
        }

        @Override
        public String getName() {
            return "stuck";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            record(msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            record(format);
        }

        private void record(String msg) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            records.add(msg);
        }
    }
}
