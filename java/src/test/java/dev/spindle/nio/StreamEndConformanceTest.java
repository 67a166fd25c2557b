package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Reset, end of stream and half-close as the channel, its socket adaptor's streams and
 * {@code available()} report them, on both providers and both thread kinds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class StreamEndConformanceTest {
    private static final String BEFORE = "sent before the reset";

    /** SocketChannel.read: a reset is reported by every read after it, never taken for end of stream. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void everyChannelReadAfterAResetThrows(Conformance.Impl impl, boolean virtual) throws Exception {
        SocketChannel[] p = Conformance.pair(impl);
        try (SocketChannel c = p[0]) {
            Conformance.resetFrom(p[1], "");
            for (int i = 0; i < 3; i++) {
                SocketException e = assertThrows(SocketException.class,
                        () -> Conformance.on(virtual, () -> c.read(Conformance.bytes(64))), "read " + i);
                assertEquals("Connection reset", e.getMessage());
            }
            assertEquals(0, c.socket().getInputStream().available());
        }
    }

    /** Data that arrived before the RST is delivered first; then the reset, on every read. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void dataBeforeAResetIsReadFirst(Conformance.Impl impl, boolean virtual) throws Exception {
        SocketChannel[] p = Conformance.pair(impl);
        try (SocketChannel c = p[0]) {
            Conformance.resetFrom(p[1], BEFORE);
            assertEquals(BEFORE, Conformance.on(virtual, () -> Nio.readAscii(c, BEFORE.length())));
            for (int i = 0; i < 3; i++) {
                assertThrows(SocketException.class,
                        () -> Conformance.on(virtual, () -> c.read(Conformance.bytes(64))), "read " + i);
            }
        }
    }

    /** The socket adaptor's stream: the same, and available() counts the data, then 0, never throwing. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void everyStreamReadAfterAResetThrows(Conformance.Impl impl, boolean virtual) throws Exception {
        for (String before : new String[] {"", BEFORE}) {
            SocketChannel[] p = Conformance.pair(impl);
            try (SocketChannel c = p[0]) {
                Conformance.resetFrom(p[1], before);
                InputStream in = c.socket().getInputStream();
                assertEquals(before.length(), in.available());
                if (!before.isEmpty())
                    assertEquals(before, Conformance.on(virtual, () -> new String(in.readNBytes(before.length()))));
                assertEquals(0, in.available());
                for (int i = 0; i < 3; i++) {
                    SocketException e = assertThrows(SocketException.class,
                            () -> Conformance.on(virtual, () -> in.read(new byte[64])), "read " + i);
                    assertEquals("Connection reset", e.getMessage());
                    assertThrows(SocketException.class, () -> Conformance.on(virtual, in::read), "read() " + i);
                    assertEquals(0, in.available());
                }
            }
        }
    }

    /** A reset seen by one read is reported to a read in the other kind of thread too. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.spindle.nio.Conformance#impls")
    void aResetIsRememberedAcrossThreadKinds(Conformance.Impl impl) throws Exception {
        SocketChannel[] p = Conformance.pair(impl);
        try (SocketChannel c = p[0]) {
            Conformance.resetFrom(p[1], "");
            assertThrows(SocketException.class, () -> Conformance.on(true, () -> c.read(Conformance.bytes(8))));
            assertThrows(SocketException.class, () -> Conformance.on(false, () -> c.read(Conformance.bytes(8))));
            assertThrows(SocketException.class,
                    () -> Conformance.on(false, () -> c.read(new java.nio.ByteBuffer[] {Conformance.bytes(8)})));
        }
    }

    /** The peer's FIN: every read returns -1, through the channel and the stream, and available() is 0. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void endOfStreamIsReportedByEveryRead(Conformance.Impl impl, boolean virtual) throws Exception {
        SocketChannel[] p = Conformance.pair(impl);
        try (SocketChannel c = p[0]; SocketChannel peer = p[1]) {
            peer.write(Nio.ascii("last"));
            peer.shutdownOutput();
            assertEquals("last", Conformance.on(virtual, () -> Nio.readAscii(c, 4)));
            InputStream in = c.socket().getInputStream();
            for (int i = 0; i < 3; i++) {
                assertEquals(-1, (int) Conformance.on(virtual, () -> c.read(Conformance.bytes(8))));
                assertEquals(-1, (int) Conformance.on(virtual, () -> in.read(new byte[8])));
                assertEquals(-1, (int) Conformance.on(virtual, () -> in.read()));
                assertEquals(0, in.available());
            }
            // Half-closed: this side still writes, and the peer still reads it.
            c.write(Nio.ascii("reply"));
            assertEquals("reply", Nio.readAscii(peer, 5));
        }
    }

    /** shutdownInput: reads return -1 at once, available() is 0, the adaptor refuses a new stream. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void shutdownInputEndsEveryRead(Conformance.Impl impl, boolean virtual) throws Exception {
        SocketChannel[] p = Conformance.pair(impl);
        try (SocketChannel c = p[0]; SocketChannel peer = p[1]) {
            InputStream in = c.socket().getInputStream();
            peer.write(Nio.ascii("unread"));
            Thread.sleep(20);
            c.shutdownInput();
            Socket s = c.socket();
            assertEquals(true, s.isInputShutdown());
            assertEquals(-1, Conformance.on(virtual, () -> c.read(Conformance.bytes(8))));
            assertEquals(-1, Conformance.on(virtual, () -> in.read(new byte[8])));
            assertEquals(0, in.available());
            SocketException e = assertThrows(SocketException.class, s::getInputStream);
            assertEquals("Socket input is shutdown", e.getMessage());
            c.shutdownInput(); // again: no effect, no exception
        }
    }

    /** shutdownOutput: the peer reads -1; writes here throw; the adaptor refuses a new output stream. */
    @ParameterizedTest(name = "{0} virtual={1}")
    @MethodSource("dev.spindle.nio.Conformance#implsAndThreads")
    void shutdownOutputEndsThePeersStream(Conformance.Impl impl, boolean virtual) throws Exception {
        SocketChannel[] p = Conformance.pair(impl);
        try (SocketChannel c = p[0]; SocketChannel peer = p[1]) {
            var out = c.socket().getOutputStream();
            c.shutdownOutput();
            assertEquals(-1, Conformance.on(virtual, () -> peer.read(Conformance.bytes(8))));
            assertThrows(ClosedChannelException.class, () -> Conformance.on(virtual, () -> c.write(Nio.ascii("x"))));
            assertThrows(java.io.IOException.class, () -> Conformance.on(virtual, () -> {
                out.write(1);
                return null;
            }));
            SocketException e = assertThrows(SocketException.class, () -> c.socket().getOutputStream());
            assertEquals("Socket output is shutdown", e.getMessage());
            // The other direction still works.
            peer.write(Nio.ascii("still"));
            assertEquals("still", Conformance.on(virtual, () -> Nio.readAscii(c, 5)));
        }
    }
}
