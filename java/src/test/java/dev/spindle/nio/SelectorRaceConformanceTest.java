package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ClosedSelectorException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * register, cancel, close, wakeup and select, each racing the others, on both providers. Each loop
 * is bounded in rounds; none asserts a timing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SelectorRaceConformanceTest {
    private static final int RACE_ROUNDS = 100_000;

    /** A thread that runs {@code body} until stopped, keeping the first throwable. */
    private static final class Looper implements AutoCloseable {
        final AtomicBoolean stop = new AtomicBoolean();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread;

        Looper(ThrowingRunnable body) {
            thread = Thread.ofPlatform().daemon().start(() -> {
                try {
                    while (!stop.get()) body.run();
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
        }

        @Override
        public void close() throws Exception {
            stop.set(true);
            thread.join(TimeUnit.SECONDS.toMillis(30));
            if (failure.get() != null) throw new AssertionError("the racing thread failed", failure.get());
        }
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * One thread registers while another cancels every key it sees in keys(): register never throws
     * CancelledKeyException for that (JDK-8287580); it may return a key already cancelled.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void registerNeverFailsForAConcurrentCancel(Conformance.Impl impl) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe pipe = impl.provider().openPipe();
            pipe.source().configureBlocking(false);
            int cancelledUnderUs = 0;
            try (Looper canceller = new Looper(() -> {
                for (SelectionKey k : selector.keys()) k.cancel();
            })) {
                for (int i = 0; i < RACE_ROUNDS; i++) {
                    // The last round's key must be gone first: a channel whose cancelled key the
                    // selector still holds cannot register again (CancelledKeyException, by the spec).
                    while (pipe.source().keyFor(selector) != null) selector.selectNow();
                    SelectionKey k = pipe.source().register(selector, SelectionKey.OP_READ, i);
                    assertSame(selector, k.selector());
                    assertEquals(i, k.attachment());
                    if (!k.isValid()) cancelledUnderUs++;
                    k.cancel();
                    selector.selectNow(); // drops the cancelled key: the next register is a new registration
                }
            }
            selector.selectNow();
            assertFalse(pipe.source().isRegistered());
            assertTrue(selector.keys().isEmpty());
            System.out.println(impl + ": " + cancelledUnderUs + " of " + RACE_ROUNDS + " keys came back cancelled");
            pipe.source().close();
            pipe.sink().close();
        }
    }

    /** register racing close: either a key or ClosedSelectorException, and the channel is left unregistered. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void registerRacingCloseRegistersOrThrowsClosedSelector(Conformance.Impl impl) throws Exception {
        Pipe pipe = impl.provider().openPipe();
        pipe.source().configureBlocking(false);
        AtomicInteger registered = new AtomicInteger(), refused = new AtomicInteger();
        for (int round = 0; round < 2_000; round++) {
            Selector selector = impl.provider().openSelector();
            CountDownLatch go = new CountDownLatch(1);
            Thread closer = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    selector.close();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            go.countDown();
            try {
                SelectionKey k = pipe.source().register(selector, SelectionKey.OP_READ);
                registered.incrementAndGet();
                closer.join();
                assertFalse(k.isValid(), "a key of a closed selector");
            } catch (ClosedSelectorException e) {
                refused.incrementAndGet();
            }
            closer.join();
            assertFalse(pipe.source().isRegistered(), "a closed selector kept the channel registered");
        }
        System.out.println(impl + ": " + registered + " registered, " + refused + " refused");
        // With every selector closed the channel closes and releases its fd as usual.
        pipe.source().close();
        pipe.sink().close();
        assertFalse(pipe.source().isOpen());
    }

    /** wakeup racing close never throws; after close every selection throws ClosedSelectorException. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void wakeupRacingCloseNeverThrows(Conformance.Impl impl) throws Exception {
        for (int round = 0; round < 2_000; round++) {
            Selector selector = impl.provider().openSelector();
            try (Looper waker = new Looper(selector::wakeup)) {
                selector.close();
            }
            assertSame(selector, selector.wakeup());
        }
    }

    /**
     * A selecting thread, a thread changing interest and cancelling, and one registering: an action
     * sees only valid ready sets, nothing fails for the others' doing, and once the churn stops the
     * selector selects exactly the channels that are ready.
     */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void selectRacingRegisterCancelAndInterestChanges(Conformance.Impl impl, boolean virtual) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            List<Pipe> pipes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Pipe p = impl.provider().openPipe();
                p.source().configureBlocking(false);
                p.sink().write(Nio.ascii("ready"));
                pipes.add(p);
            }
            AtomicInteger selections = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            Nio.Running<Integer> selecting = Nio.run(virtual, () -> {
                while (!stop.get()) {
                    selector.select(k -> {
                        try {
                            assertEquals(SelectionKey.OP_READ, k.readyOps());
                        } catch (java.nio.channels.CancelledKeyException e) {
                            // cancelled by the churn since the selection looked at it
                        }
                    }, 5);
                    selections.incrementAndGet();
                }
                return selections.get();
            });
            try (Looper churn = new Looper(() -> {
                for (SelectionKey k : selector.keys()) {
                    try {
                        if ((k.attachment() instanceof Integer i) && i % 2 == 0) k.cancel();
                        else k.interestOps(k.interestOps() ^ SelectionKey.OP_READ);
                    } catch (java.nio.channels.CancelledKeyException e) {
                        // cancelled by this thread's earlier pass; the spec's own answer
                    }
                }
                selector.wakeup();
            })) {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                for (int round = 0; selections.get() < 300 && System.nanoTime() < until; round++) {
                    Pipe p = pipes.get(round % pipes.size());
                    try {
                        if (p.source().keyFor(selector) == null) p.source().register(selector, SelectionKey.OP_READ, round);
                    } catch (java.nio.channels.CancelledKeyException e) {
                        // cancelled since keyFor and not yet dropped: the spec's own answer
                    }
                }
            }
            stop.set(true);
            selector.wakeup();
            Nio.resultOf(selecting.result());
            // Quiet now: every pipe registered for reading, and all of them ready.
            selector.selectNow(); // drops the cancelled keys
            selector.selectedKeys().clear();
            for (Pipe p : pipes) {
                SelectionKey k = p.source().keyFor(selector);
                if (k == null) p.source().register(selector, SelectionKey.OP_READ);
                else k.interestOps(SelectionKey.OP_READ);
            }
            assertEquals(pipes.size(), selector.selectNow());
            for (Pipe p : pipes) {
                p.source().close();
                p.sink().close();
            }
            selector.selectNow();
            for (Pipe p : pipes) assertNull(p.source().keyFor(selector));
        }
    }
}
