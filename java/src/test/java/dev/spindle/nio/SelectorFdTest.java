package dev.spindle.nio;

import static dev.spindle.nio.Nio.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who holds a registered channel's fd, and selectors with many keys. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SelectorFdTest {
    @BeforeEach
    void natives() {
        Nio.assumeNative();
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts fds in /proc");
    }

    @Test
    void closedRegisteredChannelKeepsItsFdUntilTheSelectorDeregistersIt() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (Selector selector = PROVIDER.openSelector(); SocketChannel b = p[1]) {
            SocketChannel a = p[0];
            a.configureBlocking(false);
            SelectionKey key = a.register(selector, SelectionKey.OP_READ);
            selector.selectNow(); // now in the selector's epoll set
            int before = Nio.openFds();
            a.close();
            assertFalse(a.isOpen());
            assertFalse(key.isValid());
            assertEquals(before, Nio.openFds(), "released while the selector still holds the number");
            selector.selectNow();
            assertEquals(before - 1, Nio.openFds(), "not released after deregistration");
            assertFalse(a.isRegistered());
            assertFalse(selector.keys().contains(key));
            // The peer sees the close only now, when the fd is really closed.
            assertEquals(-1, b.read(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void manyOpenRegisterCloseCyclesLeakNoFd() throws Exception {
        try (Selector selector = PROVIDER.openSelector(); ServerSocketChannel server = Nio.server()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            cycles(selector, server, 50); // warm up: lazily opened fds count in the baseline
            int before = Nio.openFds();
            cycles(selector, server, 2000);
            assertEquals(before, Nio.awaitFds(before));
        }
    }

    /** Each cycle: connect, accept, register both ends, select, close both ends, select. */
    private static void cycles(Selector selector, ServerSocketChannel server, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            SocketChannel c = PROVIDER.openSocketChannel();
            c.configureBlocking(false);
            c.register(selector, SelectionKey.OP_CONNECT);
            if (c.connect(server.getLocalAddress())) c.keyFor(selector).interestOps(SelectionKey.OP_READ);
            SocketChannel s = null;
            for (int tries = 0; tries < 1000 && (s == null || !c.isConnected()); tries++) {
                selector.select(1000);
                selector.selectedKeys().clear();
                if (s == null) s = server.accept();
                if (c.isConnectionPending()) c.finishConnect();
            }
            assertTrue(s != null && c.isConnected(), "cycle " + i);
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            selector.selectNow();
            if (i % 2 == 0) { // both orders: close before and after the selection that drops the key
                c.close();
                s.close();
                selector.selectNow();
            } else {
                s.keyFor(selector).cancel();
                selector.selectNow();
                s.close();
                c.close();
                selector.selectNow();
            }
            selector.selectedKeys().clear();
        }
    }

    @Test
    void tenThousandKeysOnOneSelectorAreAllReported() throws Exception {
        int pipes = 5000; // 10,000 fds, each end registered: fits under a 20,000 fd limit with the JVM's own
        assumeTrue(Nio.openFileLimit() > Nio.openFds() + 2 * pipes + 500, "needs about 11,000 fds (ulimit -n)");
        int base = Nio.openFds();
        List<Pipe> all = new ArrayList<>(pipes);
        try (Selector selector = PROVIDER.openSelector()) {
            try {
                for (int i = 0; i < pipes; i++) {
                    Pipe p = PROVIDER.openPipe();
                    all.add(p);
                    p.source().configureBlocking(false).register(selector, SelectionKey.OP_READ, i);
                    p.sink().configureBlocking(false).register(selector, SelectionKey.OP_WRITE, -1 - i);
                }
                assertEquals(2 * pipes, selector.keys().size());
                // Every sink is writable; no source is readable yet.
                Set<Object> writable = selectUntil(selector, pipes);
                assertEquals(pipes, writable.size());
                for (Object o : writable) assertTrue((Integer) o < 0, "a source selected before any write");
                // Stop watching the sinks; make every third source readable.
                for (Pipe p : all) p.sink().keyFor(selector).interestOps(0);
                selector.selectedKeys().clear();
                Set<Integer> expected = new HashSet<>();
                for (int i = 0; i < pipes; i += 3) {
                    all.get(i).sink().write(ByteBuffer.wrap(new byte[] {1}));
                    expected.add(i);
                }
                Set<Object> readable = selectUntil(selector, expected.size());
                assertEquals(expected, readable);
                for (SelectionKey k : selector.selectedKeys()) assertEquals(SelectionKey.OP_READ, k.readyOps());
            } finally {
                for (Pipe p : all) {
                    p.source().close();
                    p.sink().close();
                }
            }
        }
        assertEquals(base, Nio.awaitFds(base), "every pipe fd and the selector's are released");
    }

    /** Selects (bounded) until {@code n} keys are in the selected set; the attachments of the selected keys. */
    private static Set<Object> selectUntil(Selector selector, int n) throws IOException {
        for (int i = 0; i < 200 && selector.selectedKeys().size() < n; i++) selector.select(1000);
        Set<Object> out = new HashSet<>();
        for (SelectionKey k : selector.selectedKeys()) out.add(k.attachment());
        assertEquals(n, out.size());
        return out;
    }
}
