package dev.spindle.nio;

import static dev.spindle.nio.Nio.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A selection blocked in one thread, acted on from another: wakeup, close, interrupt, cancel, interest changes. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectorThreadsTest {
    @BeforeEach
    void natives() {
        Nio.assumeNative();
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void wakeupEndsABlockedSelect(boolean virtual) throws Exception {
        try (Selector selector = PROVIDER.openSelector()) {
            Nio.Running<Integer> r = Nio.blocked(virtual, selector::select);
            selector.wakeup();
            assertEquals(0, Nio.resultOf(r.result()));
            Nio.Running<Integer> timed = Nio.blocked(virtual, () -> selector.select(60_000));
            selector.wakeup();
            assertEquals(0, Nio.resultOf(timed.result()));
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void aVeryLongTimeoutStillBlocks(boolean virtual) throws Exception {
        try (Selector selector = PROVIDER.openSelector()) {
            for (long timeout : new long[] {Long.MAX_VALUE - 1, Long.MAX_VALUE / 1_000_000 + 1, Integer.MAX_VALUE + 1L}) {
                Nio.Running<Integer> r = Nio.blocked(virtual, () -> selector.select(timeout));
                Thread.sleep(50);
                assertFalse(r.result().isDone(), "select(" + timeout + ") returned at once");
                selector.wakeup();
                assertEquals(0, Nio.resultOf(r.result()));
            }
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeDuringSelectEndsItAndInvalidatesEverything(boolean virtual) throws Exception {
        SocketChannel[] p = Nio.pair();
        SocketChannel a = p[0], b = p[1];
        Selector selector = PROVIDER.openSelector();
        a.configureBlocking(false);
        SelectionKey key = a.register(selector, SelectionKey.OP_READ);
        int withAll = Nio.openFds();
        Nio.Running<Integer> r = Nio.blocked(virtual, selector::select);
        selector.close();
        assertEquals(0, Nio.resultOf(r.result()));
        assertFalse(selector.isOpen());
        assertFalse(key.isValid());
        assertThrows(ClosedSelectorException.class, selector::select);
        assertThrows(ClosedSelectorException.class, selector::selectNow);
        assertThrows(ClosedSelectorException.class, selector::keys);
        assertThrows(ClosedSelectorException.class, selector::selectedKeys);
        selector.wakeup(); // allowed, and does nothing
        selector.close(); // a second close does nothing
        assertTrue(a.isOpen() && b.isOpen(), "channels outlive their selector");
        assertFalse(a.isRegistered());
        b.write(Nio.ascii("after"));
        a.configureBlocking(true);
        assertEquals("after", Nio.readAscii(a, 5));
        a.close();
        b.close();
        // The selector's epoll fd and eventfd, and both sockets, are gone.
        assertEquals(withAll - 4, Nio.awaitFds(withAll - 4));
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void interruptEndsSelectAndKeepsTheInterruptStatus(boolean virtual) throws Exception {
        try (Selector selector = PROVIDER.openSelector()) {
            Nio.Running<Boolean> r = Nio.blocked(virtual, () -> {
                selector.select();
                return Thread.currentThread().isInterrupted();
            });
            r.thread().interrupt();
            assertTrue(Nio.resultOf(r.result()), "interrupt status kept");
            assertTrue(selector.isOpen(), "an interrupt does not close a selector");
            // Interrupted before it starts: select returns at once, still interrupted.
            Nio.Running<Boolean> early = Nio.run(virtual, () -> {
                Thread.currentThread().interrupt();
                selector.select();
                selector.select(60_000);
                return Thread.currentThread().isInterrupted();
            });
            assertTrue(Nio.resultOf(early.result()));
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void keyCancelledDuringSelectIsDroppedAndTheSelectorStillWorks(boolean virtual) throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.configureBlocking(false);
            SelectionKey key = a.register(selector, SelectionKey.OP_READ);
            Nio.Running<Integer> r = Nio.blocked(virtual, selector::select);
            key.cancel();
            b.write(Nio.ascii("x")); // readable now, but its key is cancelled: not selected
            selector.wakeup();
            assertEquals(0, Nio.resultOf(r.result()));
            assertFalse(selector.keys().contains(key));
            assertFalse(a.isRegistered());
            SelectionKey again = a.register(selector, SelectionKey.OP_READ);
            assertEquals(1, selector.select(10_000));
            assertTrue(again.isReadable());
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void interestChangedFromAnotherThreadTakesEffectAfterWakeup(boolean virtual) throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.configureBlocking(false);
            SelectionKey key = a.register(selector, 0);
            Nio.Running<Integer> r = Nio.blocked(virtual, () -> {
                int n = 0;
                for (int i = 0; i < 10 && n == 0; i++) n = selector.select(); // a wakeup may land first
                return n;
            });
            key.interestOps(SelectionKey.OP_WRITE); // writable at once
            selector.wakeup();
            assertEquals(1, Nio.resultOf(r.result()));
            assertTrue(key.isWritable());
            // And turned off again: a readable socket with OP_READ off is not selected.
            selector.selectedKeys().clear();
            key.interestOps(0);
            b.write(ByteBuffer.wrap(new byte[1]));
            assertEquals(0, selector.select(100));
            assertTrue(selector.selectedKeys().isEmpty());
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void channelRegisteredDuringSelectIsSeenAfterWakeup(boolean virtual) throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel a = p[0]; SocketChannel b = p[1]) {
            Nio.Running<Integer> r = Nio.blocked(virtual, selector::select);
            a.configureBlocking(false);
            SelectionKey key = a.register(selector, SelectionKey.OP_WRITE);
            selector.wakeup();
            Nio.resultOf(r.result()); // 0 or 1: the registration may be applied by that selection or the next
            if (selector.selectedKeys().isEmpty()) assertEquals(1, selector.select(10_000));
            assertTrue(selector.selectedKeys().contains(key));
            assertInstanceOf(SpindleKey.class, key);
        }
    }
}
