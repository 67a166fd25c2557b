package dev.spindle.nio;

import static dev.spindle.nio.Nio.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SocketChannel.connect and finishConnect: the non-blocking handshake with a selector, failures, state errors. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConnectTest {
    @BeforeEach
    void natives() {
        Nio.assumeNative();
    }

    @Test
    void nonBlockingConnectIsSelectedForConnectAndFinishes() throws Exception {
        try (ServerSocketChannel server = Nio.server(); Selector selector = PROVIDER.openSelector();
                SocketChannel ch = PROVIDER.openSocketChannel()) {
            ch.configureBlocking(false);
            assertFalse(ch.isConnectionPending());
            boolean immediate = ch.connect(server.getLocalAddress());
            if (immediate) { // loopback may connect at once: then nothing is pending
                assertTrue(ch.isConnected());
                assertFalse(ch.isConnectionPending());
                assertTrue(ch.finishConnect());
                return;
            }
            assertTrue(ch.isConnectionPending());
            assertFalse(ch.isConnected());
            assertThrows(ConnectionPendingException.class, () -> ch.connect(server.getLocalAddress()));
            SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
            assertEquals(1, selector.select(10_000));
            assertTrue(selector.selectedKeys().contains(key));
            assertEquals(SelectionKey.OP_CONNECT, key.readyOps());
            assertTrue(ch.finishConnect());
            assertTrue(ch.isConnected());
            assertFalse(ch.isConnectionPending());
            assertTrue(ch.finishConnect(), "finishConnect on a connected channel is true");
            assertEquals(server.getLocalAddress(), ch.getRemoteAddress());
            // Connected: OP_CONNECT is no longer reported, though the socket stays writable.
            selector.selectedKeys().clear();
            assertEquals(0, selector.selectNow());
            try (SocketChannel accepted = server.accept()) {
                assertEquals(ch.getLocalAddress(), accepted.getRemoteAddress());
            }
        }
    }

    @Test
    void connectToClosedPortFailsWithConnectExceptionAndClosesTheChannel() throws Exception {
        SocketAddress closed;
        try (ServerSocketChannel s = Nio.server()) {
            closed = s.getLocalAddress();
        }
        try (Selector selector = PROVIDER.openSelector(); SocketChannel ch = PROVIDER.openSocketChannel()) {
            ch.configureBlocking(false);
            boolean pending;
            try {
                pending = !ch.connect(closed);
            } catch (ConnectException refusedAtOnce) { // loopback may refuse at once
                assertFalse(ch.isOpen());
                return;
            }
            assertTrue(pending, "connected to a closed port");
            SelectionKey key = ch.register(selector, SelectionKey.OP_CONNECT);
            assertEquals(1, selector.select(10_000));
            assertTrue(key.isConnectable());
            assertThrows(ConnectException.class, ch::finishConnect);
            assertFalse(ch.isOpen());
            assertFalse(ch.isConnectionPending());
            assertThrows(ClosedChannelException.class, ch::finishConnect);
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void blockingConnectToClosedPortThrowsConnectException(boolean virtual) throws Exception {
        SocketAddress closed;
        try (ServerSocketChannel s = Nio.server()) {
            closed = s.getLocalAddress();
        }
        SocketChannel ch = PROVIDER.openSocketChannel();
        Throwable t = Nio.failureOf(Nio.run(virtual, () -> ch.connect(closed)).result());
        assertTrue(t instanceof ConnectException, String.valueOf(t));
        assertFalse(ch.isOpen());
    }

    @Test
    void stateErrors() throws Exception {
        try (ServerSocketChannel server = Nio.server(); SocketChannel ch = PROVIDER.openSocketChannel()) {
            assertThrows(NoConnectionPendingException.class, ch::finishConnect);
            assertTrue(ch.connect(server.getLocalAddress()));
            assertThrows(AlreadyConnectedException.class, () -> ch.connect(server.getLocalAddress()));
            assertTrue(ch.finishConnect());
            assertTrue(ch.isOpen(), "state errors leave the channel open");
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void blockingConnectOnEitherThreadKind(boolean virtual) throws Exception {
        try (ServerSocketChannel server = Nio.server(); SocketChannel ch = PROVIDER.openSocketChannel()) {
            assertTrue(Nio.resultOf(Nio.run(virtual, () -> ch.connect(server.getLocalAddress())).result()));
            assertTrue(ch.isConnected());
            assertFalse(ch.isConnectionPending());
            try (SocketChannel accepted = server.accept()) {
                ch.write(Nio.ascii("hi"));
                assertEquals("hi", Nio.readAscii(accepted, 2));
            }
        }
    }

    @Test
    void connectToTheWildcardAddressMeansThisHost() throws Exception {
        try (ServerSocketChannel server = Nio.server(); SocketChannel ch = PROVIDER.openSocketChannel()) {
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            assertTrue(ch.connect(new InetSocketAddress(port)));
            assertTrue(ch.isConnected());
        }
    }
}
