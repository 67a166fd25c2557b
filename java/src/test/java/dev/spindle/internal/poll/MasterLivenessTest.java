package dev.spindle.internal.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import dev.spindle.internal.sys.Native;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.net.ChildJvm;
import java.nio.channels.Channel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The master poller is what ends a poller's wait on its carrier, so it must never wait for a lock
 * that a thread needing a carrier holds or is handed. It took the poller's monitor to do so: with
 * every carrier held in epoll_wait, a virtual thread handed that monitor could not run, the master
 * waited for it, and nothing ended the holds (LeakTortureTest hung for its 15 minutes in CI; two
 * copies of its workload side by side hung within two minutes here). On one carrier, in a child
 * JVM, a poller holds the carrier while another thread holds the poller's monitor: a virtual thread
 * started then must still run.
 */
@Timeout(300)
class MasterLivenessTest {
    private static final Duration SILENCE = Duration.ofSeconds(60), LIMIT = Duration.ofSeconds(120);

    @Test
    void aHeldPollerMonitorDoesNotKeepTheMasterFromEndingAHold() throws Exception {
        assumeTrue(Spindle.isAvailable(), "the JDK fallback has no pollers"); // the child has this JVM's settings
        assumeTrue(Poller.ON_VIRTUAL_THREADS && Pollers.IDLE_POLICY.equals(Pollers.IDLE_CARRIER),
                "only virtual-thread pollers with the carrier policy hold a carrier");
        try (ChildJvm child = ChildJvm.start(List.of("-Djdk.virtualThreadScheduler.parallelism=1"), Child.class)) {
            ChildJvm.Result r = child.await(SILENCE, LIMIT);
            assertFalse(r.killed(), r.why() + "\n" + r.output());
            assertEquals("true", r.last("HOLDING "), "the poller never held the carrier, so nothing was tested\n" + r.output());
            assertEquals("true", r.last("RAN "), "no virtual thread ran while the poller's monitor was held\n" + r.output());
            assertEquals(0, r.exitCode(), r.output());
        }
    }

    /** A channel that owns nothing, as the poller's owner of a raw fd. */
    private static final class NoOwner implements Channel {
        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }

    public static final class Child {
        public static void main(String[] args) throws Exception {
            Poller p = new Poller(93, 60_000);
            int fd = Native.socket(NativeConstants.FAMILY_IPV4, NativeConstants.STREAM);
            if (fd < 0) throw new IllegalStateException("socket: " + fd);
            Registration reg = p.register(fd, new NoOwner());
            AtomicBoolean stop = new AtomicBoolean();
            // A thread parked on the poller, so the poller waits in epoll_wait on the only carrier.
            Thread waiter = Thread.ofVirtual().start(() -> {
                while (!stop.get()) reg.read.await(reg.read.seq());
            });
            System.out.println("HOLDING " + holds(p));
            CountDownLatch ran = new CountDownLatch(1);
            boolean ranInTime;
            synchronized (p) { // as a thread in register or deregister does
                // A timer an hour off wakes the poller to arm it; with its waiter still parked, it then holds the carrier again.
                p.schedule(new TimerNode() {
                    @Override
                    void expire() {}
                }, System.nanoTime() + TimeUnit.HOURS.toNanos(1));
                Thread.sleep(200); // longer than the bound: the master is due to end that hold
                Thread.ofVirtual().start(ran::countDown);
                ranInTime = ran.await(20, TimeUnit.SECONDS);
            }
            System.out.println("RAN " + ranInTime);
            stop.set(true);
            reg.read.close();
            waiter.join();
            reg.deregister();
            Native.close(fd);
        }

        /**
         * Whether the poller held the carrier for its parked waiter: the master woke (up to 10 s),
         * which with no event to watch it does only to end a hold.
         */
        private static boolean holds(Poller p) throws InterruptedException {
            long before = MasterPoller.wakeups();
            for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); System.nanoTime() < until; Thread.sleep(10)) {
                if (p.stats().parkedWaiters() == 1 && MasterPoller.wakeups() > before) return true;
            }
            return false;
        }
    }
}
