package dev.spindle.internal.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import dev.spindle.internal.sys.Native;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The intake of arms and disarms loses nothing while the poller thread drains it: threads arm
 * and disarm their nodes as fast as they can, as timed reads do, while another thread plays the
 * poller. Afterwards no cancelled deadline is left in the heap, and every node still arms: a node
 * whose queued mark outlived its place on the intake would never reach the heap again, and its
 * timed read would never time out.
 */
@Timeout(60)
class PollerTimersTest {
    private static final long FAR = 3_600_000_000_000L; // an hour: no deadline fires during the churn

    private static final class CountingNode extends TimerNode {
        final AtomicInteger expired = new AtomicInteger();

        @Override
        void expire() {
            expired.incrementAndGet();
        }
    }

    @Test
    void concurrentArmsAndDisarmsLoseNoNode() throws Exception {
        assumeTrue(Spindle.isAvailable(), "needs a native timer");
        int pfd = Native.pollerCreate();
        assertTrue(pfd >= 0, "pollerCreate: " + pfd);
        int timer = Native.timerOpen(pfd, -2L);
        assertTrue(timer >= 0, "timerOpen: " + timer);
        try {
            PollerTimers timers = new PollerTimers(() -> {}); // the poller below never sleeps
            int threads = 4, nodesPerThread = 8;
            List<CountingNode> nodes = new ArrayList<>();
            for (int i = 0; i < threads * nodesPerThread; i++) nodes.add(new CountingNode());
            AtomicBoolean stop = new AtomicBoolean();
            Thread poller = Thread.ofPlatform().start(() -> {
                long armedFor = PollerTimers.NONE;
                while (!stop.get()) armedFor = timers.run(pfd, timer, armedFor);
            });
            List<Thread> churners = new ArrayList<>();
            long until = System.nanoTime() + 1_500_000_000L;
            for (int t = 0; t < threads; t++) {
                List<CountingNode> mine = nodes.subList(t * nodesPerThread, (t + 1) * nodesPerThread);
                churners.add(Thread.ofPlatform().start(() -> {
                    for (int round = 0; round < 2_000_000 && System.nanoTime() < until; round++) {
                        for (CountingNode n : mine) timers.arm(n, System.nanoTime() + FAR);
                        for (CountingNode n : mine) timers.disarm(n);
                    }
                }));
            }
            for (Thread c : churners) c.join();
            stop.set(true);
            poller.join();
            timers.run(pfd, timer, PollerTimers.NONE);
            assertEquals(0, timers.pending(), "every cancelled deadline left the heap");
            assertTrue(timers.isIdle(), "nothing is left on the intake");

            long due = System.nanoTime();
            for (CountingNode n : nodes) timers.arm(n, due);
            timers.run(pfd, timer, PollerTimers.NONE);
            int lost = 0;
            for (CountingNode n : nodes) if (n.expired.get() != 1) lost++;
            assertEquals(0, lost, "nodes whose arm never reached the heap");
            assertEquals(0, timers.pending());
        } finally {
            Native.pollerClose(pfd, -1, timer);
        }
    }
}
