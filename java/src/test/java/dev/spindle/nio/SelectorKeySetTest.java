package dev.spindle.nio;

import static dev.spindle.nio.Nio.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The selection methods and key sets as Selector's javadoc describes them, level-triggered. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectorKeySetTest {
    @BeforeEach
    void natives() {
        Nio.assumeNative();
    }

    @Test
    void keySetsAreViewsWithTheSpecifiedMutability() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.configureBlocking(false);
            SelectionKey key = a.register(selector, SelectionKey.OP_WRITE, "attached");
            assertSame("attached", key.attachment());
            assertEquals(1, selector.keys().size());
            assertThrows(UnsupportedOperationException.class, () -> selector.keys().remove(key));
            assertThrows(UnsupportedOperationException.class, () -> selector.keys().clear());
            assertEquals(1, selector.select(10_000));
            assertTrue(selector.selectedKeys().contains(key));
            assertThrows(UnsupportedOperationException.class, () -> selector.selectedKeys().add(key));
            assertTrue(selector.selectedKeys().remove(key));
            assertTrue(selector.selectedKeys().isEmpty());
            assertSame(selector.selectedKeys(), selector.selectedKeys());
            assertThrows(IllegalBlockingModeException.class, () -> a.configureBlocking(true));
            assertSame(key, a.keyFor(selector));
        }
    }

    @Test
    void unreadDataKeepsTheKeySelectedOnEverySelect() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.configureBlocking(false);
            SelectionKey key = a.register(selector, SelectionKey.OP_READ);
            assertEquals(0, selector.selectNow());
            b.write(Nio.ascii("x"));
            for (int i = 0; i < 5; i++) {
                assertEquals(1, selector.select(10_000), "select " + i);
                assertEquals(SelectionKey.OP_READ, key.readyOps());
                selector.selectedKeys().clear();
            }
            assertEquals(1, a.read(ByteBuffer.allocate(8)));
            assertEquals(0, selector.selectNow(), "drained: no longer selected");
            assertTrue(selector.selectedKeys().isEmpty());
        }
    }

    @Test
    void aKeyAlreadySelectedGetsNewOperationsOredIn() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.configureBlocking(false);
            SelectionKey key = a.register(selector, SelectionKey.OP_WRITE);
            assertEquals(1, selector.select(10_000));
            assertEquals(SelectionKey.OP_WRITE, key.readyOps());
            // Still selected, and still only writable: the key's set is unchanged, so it does not count.
            assertEquals(0, selector.selectNow());
            key.interestOps(SelectionKey.OP_READ);
            b.write(Nio.ascii("x"));
            assertEquals(1, selector.select(10_000));
            assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, key.readyOps(), "OR-ed, not replaced");
            assertEquals(1, selector.selectedKeys().size());
            // Out of the selected set, the next selection sets the ready set afresh.
            selector.selectedKeys().clear();
            assertEquals(1, selector.select(10_000));
            assertEquals(SelectionKey.OP_READ, key.readyOps());
        }
    }

    @Test
    void selectWithActionBypassesTheSelectedSet() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.configureBlocking(false);
            SelectionKey key = a.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            List<Integer> seen = new ArrayList<>();
            assertEquals(1, selector.select(k -> seen.add(k.readyOps())));
            assertEquals(List.of(SelectionKey.OP_WRITE), seen);
            assertTrue(selector.selectedKeys().isEmpty());
            b.write(Nio.ascii("x"));
            seen.clear();
            assertEquals(1, selector.select(k -> seen.add(k.readyOps()), 10_000));
            assertEquals(List.of(SelectionKey.OP_READ | SelectionKey.OP_WRITE), seen);
            seen.clear();
            assertEquals(1, selector.selectNow(k -> seen.add(k.readyOps())));
            assertEquals(List.of(SelectionKey.OP_READ | SelectionKey.OP_WRITE), seen, "set, not OR-ed: a fresh set each time");
            assertTrue(selector.selectedKeys().isEmpty());
            assertTrue(key.isValid());
        }
    }

    @Test
    void anActionCannotSelectAgain() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.configureBlocking(false);
            SelectionKey key = a.register(selector, SelectionKey.OP_WRITE);
            assertThrows(IllegalStateException.class, () -> selector.select(k -> {
                try {
                    selector.selectNow();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
            assertEquals(1, selector.selectNow(), "the selector still works");
            assertTrue(selector.selectedKeys().contains(key));
        }
    }

    @Test
    void selectWithTimeoutReturnsZeroWhenNothingIsReady() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.configureBlocking(false);
            a.register(selector, SelectionKey.OP_READ);
            long start = System.nanoTime();
            assertEquals(0, selector.select(50));
            assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(40), "returned before its timeout");
            assertEquals(0, selector.selectNow());
            assertEquals(0, selector.select(k -> {}, 20));
            assertThrows(IllegalArgumentException.class, () -> selector.select(-1));
        }
    }

    @Test
    void wakeupBeforeSelectMakesTheNextSelectReturnAtOnce() throws Exception {
        try (Selector selector = PROVIDER.openSelector()) {
            selector.wakeup();
            selector.wakeup(); // several wakeups: still one early return
            assertEquals(0, selector.select()); // would block forever otherwise (the @Timeout catches that)
            assertEquals(0, selector.select(50), "the wakeup was used up");
            selector.wakeup();
            assertEquals(0, selector.selectNow(), "selectNow clears a pending wakeup");
            assertEquals(0, selector.select(50));
            selector.wakeup();
            assertEquals(0, selector.select(k -> {}));
        }
    }

    @Test
    void cancelledKeyLeavesTheKeySetsAtTheNextSelection() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.configureBlocking(false);
            SelectionKey key = a.register(selector, SelectionKey.OP_WRITE);
            assertEquals(1, selector.select(10_000));
            key.cancel();
            assertFalse(key.isValid());
            assertTrue(selector.keys().contains(key), "until the next selection");
            assertEquals(0, selector.selectNow());
            assertFalse(selector.keys().contains(key));
            assertFalse(selector.selectedKeys().contains(key));
            assertFalse(a.isRegistered());
            a.configureBlocking(true); // deregistered: blocking mode is allowed again
            assertTrue(a.isOpen());
        }
    }
}
