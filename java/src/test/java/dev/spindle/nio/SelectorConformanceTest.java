package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The Selector and SelectionKey javadoc, clause by clause, on both providers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectorConformanceTest {

    /** A pipe whose source has data to read, registered for OP_READ. */
    private static Pipe readablePipe(Conformance.Impl impl, Selector selector) throws Exception {
        Pipe pipe = impl.provider().openPipe();
        pipe.source().configureBlocking(false);
        pipe.source().register(selector, SelectionKey.OP_READ);
        pipe.sink().write(Nio.ascii("x"));
        return pipe;
    }

    private static void close(Pipe pipe) throws Exception {
        pipe.source().close();
        pipe.sink().close();
    }

    // ---- locking: "synchronize on the selector itself, then on the selected-key set" ----

    /** select(Consumer)'s action runs holding the selector's monitor and then the selected-key set's. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void theActionRunsHoldingTheSelectorAndItsSelectedKeySet(Conformance.Impl impl, boolean virtual) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe pipe = readablePipe(impl, selector);
            List<Boolean> held = new ArrayList<>();
            int n = Conformance.on(virtual, () -> selector.select(k -> {
                held.add(Thread.holdsLock(selector));
                held.add(Thread.holdsLock(selector.selectedKeys()));
            }));
            assertEquals(1, n);
            assertEquals(List.of(true, true), held);
            n = Conformance.on(virtual, () -> selector.selectNow(k -> held.add(Thread.holdsLock(selector))));
            assertEquals(1, n);
            assertEquals(List.of(true, true, true), held);
            close(pipe);
        }
    }

    /** Code that holds the selector's monitor, or its selected-key set's, keeps a selection out until it lets go. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void holdingTheMonitorsExcludesASelection(Conformance.Impl impl, boolean virtual) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe pipe = readablePipe(impl, selector);
            for (Object lock : new Object[] {selector, selector.selectedKeys()}) {
                Nio.Running<Integer> r;
                synchronized (lock) {
                    r = Nio.run(virtual, selector::selectNow);
                    Thread.sleep(100);
                    assertFalse(r.result().isDone(), "selectNow ran while another thread held " + lock);
                }
                Nio.resultOf(r.result());
                selector.selectedKeys().clear();
            }
            close(pipe);
        }
    }

    /** An action that closes the selector ends the operation with ClosedSelectorException. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void anActionThatClosesTheSelectorEndsTheSelection(Conformance.Impl impl, boolean virtual) throws Exception {
        Selector selector = impl.provider().openSelector();
        Pipe first = readablePipe(impl, selector), second = readablePipe(impl, selector);
        List<SelectionKey> seen = new ArrayList<>();
        assertThrows(ClosedSelectorException.class, () -> Conformance.on(virtual, () -> selector.select(k -> {
            seen.add(k);
            try {
                selector.close();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })));
        assertEquals(1, seen.size(), "the action ran after the selector closed");
        assertFalse(selector.isOpen());
        assertFalse(seen.get(0).isValid());
        assertNull(first.source().keyFor(selector));
        close(first);
        close(second);
    }

    /** A selection from inside an action is refused, and the outer selection goes on. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void aSelectionInsideAnActionIsRefused(Conformance.Impl impl, boolean virtual) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe pipe = readablePipe(impl, selector);
            List<Class<?>> thrown = new ArrayList<>();
            int n = Conformance.on(virtual, () -> selector.selectNow(k -> {
                try {
                    selector.selectNow();
                } catch (Exception e) {
                    thrown.add(e.getClass());
                }
            }));
            assertEquals(1, n);
            assertEquals(List.of(IllegalStateException.class), thrown);
            assertEquals(1, selector.selectNow(k -> {})); // still usable
            close(pipe);
        }
    }

    /** An action's exception ends the selection and reaches the caller; the selector stays usable. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void anActionsExceptionReachesTheCaller(Conformance.Impl impl) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe pipe = readablePipe(impl, selector);
            assertThrows(ArithmeticException.class, () -> selector.selectNow(k -> {
                throw new ArithmeticException("from the action");
            }));
            assertEquals(1, selector.selectNow(k -> {}));
            close(pipe);
        }
    }

    /** select(Consumer) leaves the selected-key set alone, and counts the keys it acted on. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void selectWithAnActionLeavesTheSelectedKeySetAlone(Conformance.Impl impl) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe a = readablePipe(impl, selector), b = readablePipe(impl, selector);
            List<SelectionKey> acted = new ArrayList<>();
            assertEquals(2, selector.selectNow(acted::add));
            assertEquals(2, acted.size());
            assertTrue(selector.selectedKeys().isEmpty());
            for (SelectionKey k : acted) assertEquals(SelectionKey.OP_READ, k.readyOps());
            close(a);
            close(b);
        }
    }

    // ---- key sets ----

    /** keys() cannot be changed directly; selectedKeys() allows removal only. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void keySetsRefuseWhatTheSpecForbids(Conformance.Impl impl) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe pipe = readablePipe(impl, selector);
            SelectionKey key = pipe.source().keyFor(selector);
            assertThrows(UnsupportedOperationException.class, () -> selector.keys().remove(key));
            assertThrows(UnsupportedOperationException.class, () -> selector.keys().clear());
            assertEquals(1, selector.select());
            assertTrue(selector.selectedKeys().contains(key));
            assertThrows(UnsupportedOperationException.class, () -> selector.selectedKeys().add(key));
            assertThrows(UnsupportedOperationException.class, () -> selector.selectedKeys().addAll(List.of(key)));
            assertTrue(selector.selectedKeys().remove(key));
            close(pipe);
        }
    }

    /** Level-triggered: a key still ready is selected again once removed; left in the set it is not counted again. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void aReadyKeyIsSelectedAgainUntilItsDataIsRead(Conformance.Impl impl) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe pipe = readablePipe(impl, selector);
            assertEquals(1, selector.selectNow());
            assertEquals(0, selector.selectNow(), "a key already selected, with the same ready set, is not counted");
            assertEquals(1, selector.selectedKeys().size());
            selector.selectedKeys().clear();
            assertEquals(1, selector.selectNow());
            selector.selectedKeys().clear();
            pipe.source().read(Conformance.bytes(8));
            assertEquals(0, selector.selectNow());
            assertTrue(selector.selectedKeys().isEmpty());
            close(pipe);
        }
    }

    /** A cancelled key is invalid at once, leaves keys() at the next selection, and then the channel may register again. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void aCancelledKeyLeavesAtTheNextSelection(Conformance.Impl impl) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe pipe = readablePipe(impl, selector);
            SelectionKey key = pipe.source().keyFor(selector);
            key.cancel();
            assertFalse(key.isValid());
            assertThrows(CancelledKeyException.class, key::interestOps);
            assertThrows(CancelledKeyException.class, () -> key.interestOps(0));
            assertThrows(CancelledKeyException.class, key::readyOps);
            assertThrows(CancelledKeyException.class, () -> key.interestOpsOr(SelectionKey.OP_READ));
            assertTrue(selector.keys().contains(key));
            assertThrows(CancelledKeyException.class, () -> pipe.source().register(selector, SelectionKey.OP_READ));
            assertEquals(0, selector.selectNow());
            assertFalse(selector.keys().contains(key));
            assertFalse(pipe.source().isRegistered());
            SelectionKey again = pipe.source().register(selector, SelectionKey.OP_READ);
            assertTrue(again.isValid());
            assertEquals(1, selector.selectNow());
            key.cancel(); // again: no effect
            close(pipe);
        }
    }

    /** Closing a channel cancels its keys; the selector drops them at its next selection. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void closingAChannelCancelsItsKeys(Conformance.Impl impl) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe pipe = readablePipe(impl, selector);
            SelectionKey key = pipe.source().keyFor(selector);
            pipe.source().close();
            assertFalse(key.isValid());
            assertEquals(0, selector.selectNow());
            assertFalse(selector.keys().contains(key));
            pipe.sink().close();
        }
    }

    /** Registration rules: blocking channels, invalid ops, attachments, re-registration. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void registrationFollowsTheChannelsRules(Conformance.Impl impl) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            Pipe pipe = impl.provider().openPipe();
            assertThrows(IllegalBlockingModeException.class, () -> pipe.source().register(selector, SelectionKey.OP_READ));
            pipe.source().configureBlocking(false);
            assertThrows(IllegalArgumentException.class, () -> pipe.source().register(selector, SelectionKey.OP_WRITE));
            Object first = new Object(), second = new Object();
            SelectionKey k = pipe.source().register(selector, SelectionKey.OP_READ, first);
            assertSame(first, k.attachment());
            assertSame(k, pipe.source().register(selector, 0, second));
            assertSame(second, k.attachment());
            assertEquals(0, k.interestOps());
            assertThrows(IllegalArgumentException.class, () -> k.interestOps(SelectionKey.OP_WRITE));
            assertThrows(IllegalBlockingModeException.class, () -> pipe.source().configureBlocking(true));
            assertSame(selector, k.selector());
            assertSame(pipe.source(), k.channel());
            close(pipe);
        }
    }

    // ---- close, wakeup, timeouts, interrupts ----

    /** After close: selections and key sets throw; wakeup and close do nothing; keys are cancelled. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void aClosedSelectorRefusesSelectionsAndKeySets(Conformance.Impl impl) throws Exception {
        Selector selector = impl.provider().openSelector();
        Pipe pipe = readablePipe(impl, selector);
        SelectionKey key = pipe.source().keyFor(selector);
        selector.close();
        assertFalse(key.isValid());
        assertFalse(pipe.source().isRegistered());
        assertThrows(ClosedSelectorException.class, selector::select);
        assertThrows(ClosedSelectorException.class, () -> selector.select(10));
        assertThrows(ClosedSelectorException.class, selector::selectNow);
        assertThrows(ClosedSelectorException.class, () -> selector.select(k -> {}));
        assertThrows(ClosedSelectorException.class, () -> selector.selectNow(k -> {}));
        assertThrows(ClosedSelectorException.class, selector::keys);
        assertThrows(ClosedSelectorException.class, selector::selectedKeys);
        assertThrows(ClosedSelectorException.class, () -> pipe.source().register(selector, SelectionKey.OP_READ));
        assertSame(selector, selector.wakeup());
        selector.close();
        close(pipe);
    }

    /** A wakeup before a selection makes the next one return at once; only that one. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void aWakeupBeforeASelectionEndsTheNextOne(Conformance.Impl impl, boolean virtual) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            selector.wakeup();
            selector.wakeup();
            assertEquals(0, (int) Conformance.on(virtual, () -> selector.select()));
            long start = System.nanoTime();
            assertEquals(0, (int) Conformance.on(virtual, () -> selector.select(200)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150), "the second select did not wait");
            selector.wakeup();
            assertEquals(0, selector.selectNow()); // selectNow clears it too
            start = System.nanoTime();
            assertEquals(0, (int) Conformance.on(virtual, () -> selector.select(200)));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(150), "selectNow left the wakeup set");
        }
    }

    /** A thread interrupted before or during a selection returns at once, its interrupt status kept. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void anInterruptEndsASelectionAndStaysSet(Conformance.Impl impl, boolean virtual) throws Exception {
        try (Selector selector = impl.provider().openSelector()) {
            assertEquals(true, Conformance.on(virtual, () -> {
                Thread.currentThread().interrupt();
                selector.select();
                return Thread.interrupted();
            }));
            CountDownLatch started = new CountDownLatch(1);
            Nio.Running<Boolean> r = Nio.run(virtual, () -> {
                started.countDown();
                selector.select();
                return Thread.currentThread().isInterrupted();
            });
            started.await();
            Thread.sleep(100);
            r.thread().interrupt();
            assertEquals(true, Nio.resultOf(r.result()));
            assertTrue(selector.isOpen(), "an interrupt does not close a selector");
        }
    }

    /** Closing a selector from another thread ends a selection blocked in it. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void closeEndsABlockedSelection(Conformance.Impl impl, boolean virtual) throws Exception {
        Selector selector = impl.provider().openSelector();
        AtomicBoolean returned = new AtomicBoolean();
        Nio.Running<Integer> r = Nio.run(virtual, () -> {
            int n = selector.select();
            returned.set(true);
            return n;
        });
        Thread.sleep(100);
        selector.close();
        try {
            assertEquals(Integer.valueOf(0), Nio.resultOf(r.result()));
        } catch (java.util.concurrent.ExecutionException e) {
            assertTrue(e.getCause() instanceof ClosedSelectorException, String.valueOf(e.getCause()));
        }
        assertFalse(selector.isOpen());
    }
}
