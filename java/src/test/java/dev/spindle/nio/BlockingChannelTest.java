package dev.spindle.nio;

import static dev.spindle.nio.Nio.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Blocking SocketChannel, ServerSocketChannel and adaptor calls, interrupted, closed, or timed out. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlockingChannelTest {
    @BeforeEach
    void natives() {
        Nio.assumeNative();
    }

    /** Writes until the send path is full and the call blocks. */
    private static Callable<Object> writeForever(SocketChannel ch) {
        return () -> {
            ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 16);
            for (;;) ch.write(chunk.clear());
        };
    }

    private static void assertInterruptCloses(boolean virtual, Channel ch, Callable<?> op) throws Exception {
        Nio.Running<?> r = Nio.blocked(virtual, () -> {
            try {
                return op.call();
            } finally {
                if (!Thread.currentThread().isInterrupted()) throw new AssertionError("interrupt status lost");
            }
        });
        r.thread().interrupt();
        assertInstanceOf(ClosedByInterruptException.class, Nio.failureOf(r.result()));
        assertFalse(ch.isOpen());
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void interruptedReadWriteAcceptThrowClosedByInterruptAndClose(boolean virtual) throws Exception {
        SocketChannel[] p = Nio.pair();
        try (SocketChannel b = p[1]) {
            assertInterruptCloses(virtual, p[0], () -> p[0].read(ByteBuffer.allocate(16)));
        }
        SocketChannel[] q = Nio.pair();
        try (SocketChannel b = q[1]) {
            assertInterruptCloses(virtual, q[0], writeForever(q[0]));
        }
        ServerSocketChannel server = Nio.server();
        assertInterruptCloses(virtual, server, server::accept);
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeFromAnotherThreadThrowsAsynchronousClose(boolean virtual) throws Exception {
        SocketChannel[] p = Nio.pair();
        try (SocketChannel b = p[1]) {
            SocketChannel a = p[0];
            Nio.Running<?> reader = Nio.blocked(virtual, () -> a.read(ByteBuffer.allocate(16)));
            a.close();
            assertInstanceOf(AsynchronousCloseException.class, Nio.failureOf(reader.result()));
        }
        SocketChannel[] q = Nio.pair();
        try (SocketChannel b = q[1]) {
            Nio.Running<?> writer = Nio.blocked(virtual, writeForever(q[0]));
            q[0].close();
            // A write blocked in the kernel may complete its chunk as close strikes; the next finds it closed.
            assertInstanceOf(ClosedChannelException.class, Nio.failureOf(writer.result()));
        }
        ServerSocketChannel server = Nio.server();
        Nio.Running<?> acceptor = Nio.blocked(virtual, server::accept);
        server.close();
        assertInstanceOf(AsynchronousCloseException.class, Nio.failureOf(acceptor.result()));
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void adaptorStreamReadTimesOutAndStaysUsable(boolean virtual) throws Exception {
        SocketChannel[] p = Nio.pair();
        try (SocketChannel a = p[0]; SocketChannel b = p[1]) {
            Socket socket = a.socket();
            socket.setSoTimeout(100);
            assertEquals(100, socket.getSoTimeout());
            InputStream in = socket.getInputStream();
            Throwable t = Nio.failureOf(Nio.run(virtual, () -> in.read(new byte[8])).result());
            assertInstanceOf(SocketTimeoutException.class, t);
            assertTrue(a.isOpen(), "a timeout leaves the socket open");
            b.write(Nio.ascii("late"));
            byte[] got = new byte[4];
            int n = Nio.resultOf(Nio.run(virtual, () -> in.readNBytes(got, 0, 4)).result());
            assertEquals(4, n);
            assertEquals("late", new String(got, java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(Nio.ascii("back").array());
            assertEquals("back", Nio.readAscii(b, 4));
            b.shutdownOutput();
            assertEquals(-1, in.read());
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void serverSocketAdaptorAcceptHonoursSoTimeout(boolean virtual) throws Exception {
        try (ServerSocketChannel server = Nio.server()) {
            ServerSocket ss = server.socket();
            ss.setSoTimeout(100);
            assertEquals(100, ss.getSoTimeout());
            assertInstanceOf(SocketTimeoutException.class, Nio.failureOf(Nio.run(virtual, ss::accept).result()));
            assertTrue(server.isOpen());
            try (SocketChannel c = PROVIDER.openSocketChannel()) {
                c.connect(server.getLocalAddress());
                try (Socket s = Nio.resultOf(Nio.run(virtual, ss::accept).result())) {
                    assertTrue(s.isConnected());
                    assertEquals(c.getLocalAddress(), s.getRemoteSocketAddress());
                    assertTrue(s.getChannel() instanceof SocketChannel);
                }
            }
            ss.close();
            assertFalse(server.isOpen());
            // The JDK's adaptor lets the channel's exception through (ClosedAndInterruptedConformanceTest).
            assertThrows(java.nio.channels.ClosedChannelException.class, ss::accept);
        }
    }
}
