package dev.spindle.javanet;

import static dev.spindle.javanet.JavaNetMode.check;
import static dev.spindle.javanet.JavaNetMode.letItBlock;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.javanet.JavaNetMode.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * java.net's Socket and ServerSocket as users see them: transfers, timeouts, close and interrupt
 * rules, half-close, on both thread kinds. Run by the javanet-jdk and javanet-spindle executions:
 * the same expectations hold for the JDK's impl and for Spindle's.
 */
@Tag("javanet")
class SocketContractTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeAll
    static void install() {
        JavaNetMode.init();
    }

    /** A connected pair: [0] the client, [1] the accepted end; the listener is closed. */
    static Socket[] pair() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            check(server);
            Socket client = new Socket(LOOPBACK, server.getLocalPort());
            Socket accepted = server.accept();
            check(client);
            check(accepted);
            return new Socket[] {client, accepted};
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void echoBothWaysAndAddresses(Kind kind) throws Exception {
        kind.run(() -> {
            Socket[] p = pair();
            try (Socket c = p[0]; Socket s = p[1]) {
                byte[] big = new byte[1 << 20];
                for (int i = 0; i < big.length; i++) big[i] = (byte) (i * 31);
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        c.getOutputStream().write(big);
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                byte[] got = s.getInputStream().readNBytes(big.length);
                writer.join();
                assertArrayEquals(big, got);
                s.getOutputStream().write(new byte[] {1, 2, 3});
                assertArrayEquals(new byte[] {1, 2, 3}, c.getInputStream().readNBytes(3));
                assertEquals(s.getLocalPort(), c.getPort());
                assertEquals(c.getLocalPort(), s.getPort());
                assertEquals(LOOPBACK, c.getInetAddress());
                assertEquals(LOOPBACK, s.getInetAddress());
                assertEquals(new InetSocketAddress(LOOPBACK, c.getLocalPort()), c.getLocalSocketAddress());
                assertTrue(c.isConnected() && c.isBound() && !c.isClosed());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void soTimeoutBoundsAReadAndLeavesTheSocketUsable(Kind kind) throws Exception {
        kind.run(() -> {
            Socket[] p = pair();
            try (Socket c = p[0]; Socket s = p[1]) {
                s.setSoTimeout(150);
                assertEquals(150, s.getSoTimeout());
                long t0 = System.nanoTime();
                assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
                assertTrue(System.nanoTime() - t0 >= 140_000_000L, "timed out early");
                assertFalse(s.isClosed());
                c.getOutputStream().write(7);
                assertEquals(7, s.getInputStream().read());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void acceptTimesOutAndAcceptsAfterwards(Kind kind) throws Exception {
        kind.run(() -> {
            try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
                check(server);
                server.setSoTimeout(150);
                assertThrows(SocketTimeoutException.class, server::accept);
                assertFalse(server.isClosed());
                try (Socket c = new Socket(LOOPBACK, server.getLocalPort()); Socket s = server.accept()) {
                    check(s);
                    assertEquals(c.getLocalPort(), s.getPort());
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectTimesOutOnAFullBacklogAndClosesTheSocket(Kind kind) throws Exception {
        kind.run(() -> {
            // a listener that never accepts, its queue full: the kernel drops further SYNs
            List<Socket> fillers = new ArrayList<>();
            try (ServerSocket server = new ServerSocket(0, 1, LOOPBACK)) {
                InetSocketAddress address = new InetSocketAddress(LOOPBACK, server.getLocalPort());
                for (int i = 0; i < 16; i++) {
                    Socket s = new Socket();
                    check(s);
                    try {
                        s.connect(address, 300);
                        fillers.add(s);
                    } catch (SocketTimeoutException full) {
                        assertFailedConnectClosed(s, address);
                        return;
                    }
                }
                throw new AssertionError("16 connects to a listener with backlog 1 all completed");
            } finally {
                for (Socket s : fillers) s.close();
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectRefusedIsConnectExceptionAndClosesTheSocket(Kind kind) throws Exception {
        kind.run(() -> {
            int port;
            try (ServerSocket gone = new ServerSocket(0, 50, LOOPBACK)) {
                port = gone.getLocalPort();
            }
            Socket s = new Socket();
            check(s);
            assertThrows(ConnectException.class, () -> s.connect(new InetSocketAddress(LOOPBACK, port)));
            assertFailedConnectClosed(s, new InetSocketAddress(LOOPBACK, port));
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeWakesABlockedReadWithSocketException(Kind kind) throws Exception {
        Socket[] p = pair();
        try (Socket c = p[0]; Socket s = p[1]) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread reader = kind.start(() -> s.getInputStream().read(), failure);
            letItBlock();
            s.close();
            reader.join(5000);
            assertFalse(reader.isAlive(), "close did not wake the reader");
            assertInstanceOf(SocketException.class, failure.get());
            assertThrows(SocketException.class, () -> s.getInputStream());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeWakesABlockedAccept(Kind kind) throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        check(server);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread acceptor = kind.start(server::accept, failure);
        letItBlock();
        server.close();
        acceptor.join(5000);
        assertFalse(acceptor.isAlive(), "close did not wake the acceptor");
        assertInstanceOf(SocketException.class, failure.get());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void interruptClosesOnAVirtualThreadOnly(Kind kind) throws Exception {
        Socket[] p = pair();
        try (Socket c = p[0]; Socket s = p[1]) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
            int[] got = {-2};
            Thread reader = kind.start(() -> {
                try {
                    got[0] = s.getInputStream().read();
                } finally {
                    stillInterrupted.set(Thread.currentThread().isInterrupted());
                }
            }, failure);
            letItBlock();
            reader.interrupt();
            if (kind == Kind.VIRTUAL) {
                reader.join(5000);
                assertFalse(reader.isAlive(), "the interrupt did not wake the virtual thread");
                assertInstanceOf(SocketException.class, failure.get());
                assertEquals("Closed by interrupt", failure.get().getMessage());
                assertTrue(s.isClosed(), "the interrupt closes the socket");
            } else {
                reader.join(300);
                assertTrue(reader.isAlive(), "a platform thread's read is not interrupted");
                c.getOutputStream().write(42);
                reader.join(5000);
                assertNull(failure.get());
                assertEquals(42, got[0]);
                assertFalse(s.isClosed());
            }
            assertTrue(stillInterrupted.get(), "the interrupt status stays set");
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void readWithInterruptAlreadySet(Kind kind) throws Exception {
        kind.run(() -> {
            Socket[] p = pair();
            try (Socket c = p[0]; Socket s = p[1]) {
                c.getOutputStream().write(5);
                waitForBytes(s, 1);
                Thread.currentThread().interrupt();
                assertEquals(5, s.getInputStream().read(), "data that is there is read despite the interrupt");
                if (kind == Kind.VIRTUAL) {
                    assertThrows(SocketException.class, () -> s.getInputStream().read());
                    assertTrue(s.isClosed());
                } else {
                    s.setSoTimeout(100); // a platform thread waits as usual
                    assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
                    assertFalse(s.isClosed());
                }
                assertTrue(Thread.interrupted());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void interruptedVirtualAcceptClosesTheServerSocket(Kind kind) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
            check(server);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread acceptor = kind.start(server::accept, failure);
            letItBlock();
            acceptor.interrupt();
            acceptor.join(kind == Kind.VIRTUAL ? 5000 : 300);
            if (kind == Kind.VIRTUAL) {
                assertInstanceOf(SocketException.class, failure.get());
                assertTrue(server.isClosed());
            } else {
                assertTrue(acceptor.isAlive(), "a platform thread's accept is not interrupted");
                new Socket(LOOPBACK, server.getLocalPort()).close();
                acceptor.join(5000);
                assertFalse(acceptor.isAlive());
                assertNull(failure.get());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void halfCloseEitherWay(Kind kind) throws Exception {
        kind.run(() -> {
            Socket[] p = pair();
            try (Socket c = p[0]; Socket s = p[1]) {
                c.getOutputStream().write(new byte[] {1, 2});
                c.shutdownOutput();
                assertTrue(c.isOutputShutdown());
                assertThrows(SocketException.class, c::getOutputStream);
                InputStream in = s.getInputStream();
                assertArrayEquals(new byte[] {1, 2}, in.readAllBytes(), "the peer reads to end of stream");
                s.getOutputStream().write(9); // the other direction still works
                assertEquals(9, c.getInputStream().read());
                s.shutdownInput();
                assertTrue(s.isInputShutdown());
                assertEquals(-1, in.read());
                assertEquals(0, in.available());
                assertThrows(SocketException.class, s::getInputStream);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void availableCountsWhatIsQueued(Kind kind) throws Exception {
        kind.run(() -> {
            Socket[] p = pair();
            try (Socket c = p[0]; Socket s = p[1]) {
                assertEquals(0, s.getInputStream().available());
                c.getOutputStream().write(new byte[5]);
                waitForBytes(s, 5);
                assertEquals(5, s.getInputStream().available());
                s.getInputStream().readNBytes(2);
                assertEquals(3, s.getInputStream().available());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void peerCloseIsEndOfStream(Kind kind) throws Exception {
        kind.run(() -> {
            Socket[] p = pair();
            try (Socket s = p[1]) {
                p[0].getOutputStream().write(3);
                p[0].close();
                assertEquals(3, s.getInputStream().read());
                assertEquals(-1, s.getInputStream().read());
                assertEquals(-1, s.getInputStream().read());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closedSocketRefusesStreamsAndOptions(Kind kind) throws Exception {
        kind.run(() -> {
            Socket[] p = pair();
            p[1].close();
            Socket c = p[0];
            InputStream in = c.getInputStream();
            c.close();
            assertTrue(c.isClosed());
            assertThrows(SocketException.class, c::getInputStream);
            assertThrows(SocketException.class, c::getOutputStream);
            assertThrows(SocketException.class, in::read);
            assertThrows(SocketException.class, () -> c.setSoTimeout(1));
            assertThrows(SocketException.class, c::getTcpNoDelay);
            c.close(); // twice is fine
        });
    }

    /**
     * A failed connect closes the socket's impl: it cannot connect again. JDK 25's Socket also marks
     * itself closed; JDK 21's does not (isClosed() stays false), with either impl.
     */
    static void assertFailedConnectClosed(Socket s, InetSocketAddress address) {
        if (Runtime.version().feature() >= 25) assertTrue(s.isClosed(), "a failed connect closes the socket");
        assertThrows(SocketException.class, () -> s.connect(address, 100));
    }

    static void waitForBytes(Socket s, int n) throws Exception {
        long end = System.nanoTime() + 5_000_000_000L;
        while (s.getInputStream().available() < n) {
            if (System.nanoTime() - end > 0) throw new AssertionError("bytes did not arrive");
            Thread.sleep(5);
        }
    }
}
