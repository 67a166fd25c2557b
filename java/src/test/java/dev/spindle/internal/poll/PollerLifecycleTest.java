package dev.spindle.internal.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A poller's stop/restart boundary, and what it does when its own loop throws. */
@Timeout(120)
class PollerLifecycleTest {
    @BeforeEach
    void natives() {
        assumeTrue(Spindle.isAvailable(), "needs the native poller");
    }

    /** Counts its expiries; a node may be armed again once it has fired. */
    private static final class CountingNode extends TimerNode {
        final AtomicInteger fired = new AtomicInteger();
        final AtomicInteger total;

        CountingNode(AtomicInteger total) {
            this.total = total;
        }

        AtomicInteger twice;

        @Override
        void expire() {
            armed = false;
            if (fired.incrementAndGet() > 1 && twice != null) twice.incrementAndGet();
            total.incrementAndGet();
        }
    }

    /** A channel that only records its close, as the poller's owner of a raw fd. */
    private static final class Owner implements Channel {
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public boolean isOpen() {
            return !closed.get();
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    /**
     * Rounds that each start as the poller stops (it stops after 1 ms idle): three threads wait
     * for that moment, then arm timers and register a socket at once. Every timer must fire, once.
     */
    @Test
    void timersAndRegistrationsAtThePollersStopAllWork() throws Exception {
        Poller p = new Poller(90, 1);
        int rounds = 1500, threads = 3;
        AtomicInteger fired = new AtomicInteger();
        AtomicInteger twice = new AtomicInteger();
        List<Exception> failures = new CopyOnWriteArrayList<>();
        AtomicInteger sawStop = new AtomicInteger();
        CyclicBarrier go = new CyclicBarrier(threads + 1), done = new CyclicBarrier(threads + 1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean registers = t == 0;
            workers.add(Thread.ofPlatform().daemon().start(() -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                try {
                    for (int r = 0; r < rounds; r++) {
                        go.await();
                        // Strike as the poller stops: the moment isRunning() turns false is the moment
                        // its thread left the monitor on its way out.
                        for (long until = System.nanoTime() + 3_000_000; System.nanoTime() < until; Thread.onSpinWait()) {
                            if (!p.isRunning()) {
                                sawStop.incrementAndGet();
                                break;
                            }
                        }
                        CountingNode n = new CountingNode(fired);
                        n.twice = twice;
                        p.schedule(n, System.nanoTime() + rnd.nextLong(0, 500_000));
                        if (registers) {
                            int fd = Native.socket(NativeConstants.FAMILY_IPV4, NativeConstants.STREAM);
                            p.register(fd, new Owner()).deregister();
                            Native.close(fd);
                        }
                        done.await();
                    }
                } catch (Exception e) {
                    failures.add(e);
                    go.reset();
                    done.reset();
                }
            }));
        }
        for (int r = 0; r < rounds && failures.isEmpty(); r++) {
            go.await(10, TimeUnit.SECONDS);
            done.await(10, TimeUnit.SECONDS);
            int want = (r + 1) * threads;
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (fired.get() < want && System.nanoTime() < until) Thread.sleep(1);
            assertEquals(want, fired.get(), "a timer was lost in round " + r);
        }
        for (Thread w : workers) w.join(10_000);
        System.out.printf("poller stop/restart: %d rounds, %d timers fired, %d twice, %d strikes at a stop%n",
                rounds, fired.get(), twice.get(), sawStop.get());
        assertEquals(List.of(), failures);
        assertEquals(0, twice.get(), "timers fired twice");
        assertTrue(sawStop.get() > rounds / 4, "the stop/restart boundary was rarely reached: " + sawStop.get());
    }

    @Test
    void aLoopThatThrowsIsRetriedAndTheNextTimersStillFire() throws Exception {
        Poller p = new Poller(91, 1000);
        AtomicInteger thrown = new AtomicInteger();
        TimerNode bomb = new TimerNode() {
            @Override
            void expire() {
                armed = false;
                thrown.incrementAndGet();
                throw new IllegalStateException("a bug in an expiry (thrown by the test)");
            }
        };
        p.schedule(bomb, System.nanoTime());
        CountingNode after = new CountingNode(new AtomicInteger());
        p.schedule(after, System.nanoTime() + 20_000_000);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (after.fired.get() == 0 && System.nanoTime() < until) Thread.sleep(5);
        assertEquals(1, thrown.get());
        assertEquals(1, after.fired.get(), "the poller died with the exception");
        assertTrue(p.isRunning());
    }

    @Test
    void aPollerThatCannotGoOnFailsItsSocketsAndTheNextRunWorks() throws Exception {
        Poller p = new Poller(92, 1000);
        int fd = Native.socket(NativeConstants.FAMILY_IPV4, NativeConstants.STREAM);
        assertTrue(fd >= 0);
        Owner owner = new Owner();
        Registration r = p.register(fd, owner);
        CountDownLatch woke = new CountDownLatch(1);
        Thread waiter = Thread.ofVirtual().start(() -> {
            while (r.failure() == null) r.read.await(r.read.seq()); // after the first edges, only the failure can wake it
            woke.countDown();
        });
        // An expiry that throws every time it runs, re-arming itself first: every iteration fails.
        TimerNode broken = new TimerNode() {
            @Override
            void expire() {
                p.timers.arm(this, System.nanoTime());
                throw new OutOfMemoryError("simulated by the test");
            }
        };
        p.schedule(broken, System.nanoTime());
        assertTrue(woke.await(30, TimeUnit.SECONDS), "the waiter hangs on a dead poller");
        waiter.join();
        IOException failure = r.failure();
        assertNotNull(failure, "the socket was not failed");
        assertTrue(failure.getMessage().contains("spindle-poller-92 stopped after " + Poller.MAX_FAILURES),
                failure.getMessage());
        assertTrue(failure.getCause() instanceof OutOfMemoryError, String.valueOf(failure.getCause()));
        r.deregister(); // as the channel's release does; a no-op now
        Native.close(fd);

        // The next user gets a fresh run, without the broken timer.
        CountingNode next = new CountingNode(new AtomicInteger());
        p.schedule(next, System.nanoTime() + 1_000_000);
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (next.fired.get() == 0 && System.nanoTime() < until) Thread.sleep(5);
        assertEquals(1, next.fired.get(), "no fresh run after the failure");
        assertEquals(0, p.pendingTimers(), "the broken timer came back");
    }
}
