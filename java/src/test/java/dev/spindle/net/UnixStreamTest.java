package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class UnixStreamTest {
    private static final int ROUNDS = 1000;

    @BeforeEach
    void needsNatives() {
        Unix.assumeNative();
    }

    /** Echoes everything it reads until end of stream; returns the byte count. */
    private static Future<Long> echo(boolean virtual, UnixStream s, boolean direct) {
        return Loopback.start(virtual, () -> {
            try (s) {
                ByteBuffer buf = direct ? ByteBuffer.allocateDirect(4096) : ByteBuffer.allocate(4096);
                long total = 0;
                while (s.read(buf) >= 0) {
                    buf.flip();
                    total += s.write(buf);
                    buf.clear();
                }
                return total;
            }
        });
    }

    /** Sends ROUNDS messages and checks each echo; then half-closes and expects the end. */
    private static long pingPong(UnixStream c, boolean direct) throws Exception {
        long sent = 0;
        for (int i = 0; i < ROUNDS; i++) {
            String msg = "ping " + i;
            c.write(Loopback.bytes(msg));
            ByteBuffer got = Loopback.readExactly(c, msg.length(), direct);
            assertEquals(msg, StandardCharsets.US_ASCII.decode(got).toString());
            sent += msg.length();
        }
        c.shutdownOutput();
        assertEquals(-1, c.read(ByteBuffer.allocate(1)));
        return sent;
    }

    @ParameterizedTest(name = "virtual={0} direct={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void echoesOverAPathSocket(boolean virtual, boolean direct) throws Exception {
        UnixDomainSocketAddress path = Unix.freshPath();
        try (UnixListener l = UnixListener.open(path)) {
            assertEquals(path, l.localAddress());
            Future<UnixStream> accepted = Loopback.start(virtual, l::accept);
            Future<Long> client = Loopback.start(virtual, () -> {
                try (UnixStream c = UnixStream.open(path)) {
                    assertEquals(path, c.remoteAddress());
                    assertEquals(UnixDomainSocketAddress.of(""), c.localAddress(), "an unnamed client");
                    return pingPong(c, direct);
                }
            });
            UnixStream server = accepted.get(10, TimeUnit.SECONDS);
            assertEquals(path, server.localAddress());
            assertEquals(UnixDomainSocketAddress.of(""), server.remoteAddress());
            Future<Long> echoed = echo(virtual, server, direct);
            long sent = client.get(30, TimeUnit.SECONDS);
            assertEquals(sent, echoed.get(30, TimeUnit.SECONDS));
        }
    }

    @ParameterizedTest(name = "virtual={0} direct={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void echoesOverAPair(boolean virtual, boolean direct) throws Exception {
        UnixStream[] p = UnixStream.pair();
        assertTrue(p[0].isConnected() && p[1].isConnected());
        assertEquals(UnixDomainSocketAddress.of(""), p[0].localAddress());
        assertEquals(UnixDomainSocketAddress.of(""), p[1].remoteAddress());
        Future<Long> echoed = echo(virtual, p[1], direct);
        Future<Long> client = Loopback.start(virtual, () -> {
            try (UnixStream c = p[0]) {
                return pingPong(c, direct);
            }
        });
        assertEquals(client.get(30, TimeUnit.SECONDS), echoed.get(30, TimeUnit.SECONDS));
    }

    @Test
    void streamAdaptersAndScatterGather() throws Exception {
        UnixStream[] p = UnixStream.pair();
        try (UnixStream a = p[0]; UnixStream b = p[1]) {
            // 200 KB through the java.io adapters: more than the socket buffers hold, so both sides wait.
            byte[] payload = new byte[200_000];
            new java.util.Random(7).nextBytes(payload);
            Future<Void> writer = Loopback.start(true, () -> {
                OutputStream out = a.outputStream();
                out.write(payload[0]);
                out.write(payload, 1, payload.length - 1);
                return null;
            });
            InputStream in = b.inputStream();
            assertEquals(payload[0] & 0xff, in.read());
            byte[] rest = in.readNBytes(payload.length - 1);
            writer.get(30, TimeUnit.SECONDS);
            assertTrue(java.util.Arrays.equals(payload, 1, payload.length, rest, 0, rest.length));
            assertEquals(6, a.write(new ByteBuffer[] {Loopback.bytes("abc"), ByteBuffer.allocateDirect(3).put("def".getBytes()).flip()}));
            ByteBuffer first = ByteBuffer.allocateDirect(2), second = ByteBuffer.allocateDirect(4);
            long got = 0;
            while (got < 6) got += b.read(new ByteBuffer[] {first, second});
            assertEquals("ab", StandardCharsets.US_ASCII.decode(first.flip()).toString());
            assertEquals("cdef", StandardCharsets.US_ASCII.decode(second.flip()).toString());
        }
    }

    @Test
    void halfClosesEachWay() throws Exception {
        UnixStream[] p = UnixStream.pair();
        try (UnixStream a = p[0]; UnixStream b = p[1]) {
            a.shutdownOutput();
            assertEquals(-1, b.read(ByteBuffer.allocate(4)), "b sees a's end");
            assertThrows(ClosedChannelException.class, () -> a.write(Loopback.bytes("no")));
            b.write(Loopback.bytes("back"));
            assertEquals("back", StandardCharsets.US_ASCII.decode(Loopback.readExactly(a, 4, false)).toString());
            b.shutdownOutput();
            assertEquals(-1, a.read(ByteBuffer.allocate(4)));
            // And the input side: a reader of a shut-down input sees the end at once.
            UnixStream[] q = UnixStream.pair();
            try (UnixStream c = q[0]; UnixStream d = q[1]) {
                c.shutdownInput();
                assertEquals(-1, c.read(ByteBuffer.allocate(4)));
                c.write(Loopback.bytes("still"));
                assertEquals("still", StandardCharsets.US_ASCII.decode(Loopback.readExactly(d, 5, true)).toString());
            }
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void readTimesOutAndTheStreamStaysUsable(boolean virtual) throws Exception {
        UnixStream[] p = UnixStream.pair();
        try (UnixStream a = p[0]; UnixStream b = p[1]) {
            a.setReadTimeout(Duration.ofMillis(50));
            assertEquals(Duration.ofMillis(50), a.getReadTimeout());
            Future<Integer> read = Loopback.start(virtual, () -> a.read(ByteBuffer.allocate(8)));
            assertInstanceOf(SocketTimeoutException.class, Loopback.failureOf(read));
            assertTrue(a.isOpen());
            b.write(Loopback.bytes("late"));
            assertEquals("late", StandardCharsets.US_ASCII.decode(Loopback.readExactly(a, 4, false)).toString());
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeWakesABlockedReader(boolean virtual) throws Exception {
        UnixStream[] p = UnixStream.pair();
        try (UnixStream b = p[1]) {
            UnixStream a = p[0];
            Loopback.Running<Integer> reader = Loopback.run(virtual, () -> a.read(ByteBuffer.allocate(8)));
            Loopback.awaitBlocked(reader.thread());
            a.close();
            assertInstanceOf(AsynchronousCloseException.class, Loopback.failureOf(reader.result()));
            assertEquals(-1, b.read(ByteBuffer.allocate(8)), "the peer sees the end");
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void interruptClosesABlockedReader(boolean virtual) throws Exception {
        UnixStream[] p = UnixStream.pair();
        try (UnixStream a = p[0]; UnixStream b = p[1]) {
            Loopback.Running<Integer> reader = Loopback.run(virtual, () -> a.read(ByteBuffer.allocate(8)));
            Loopback.awaitBlocked(reader.thread());
            reader.thread().interrupt();
            assertInstanceOf(ClosedByInterruptException.class, Loopback.failureOf(reader.result()));
            assertFalse(a.isOpen());
        }
    }

    @Test
    void closeRemovesTheSocketFileItCreated() throws Exception {
        UnixDomainSocketAddress path = Unix.freshPath();
        UnixListener l = UnixListener.open(path);
        assertTrue(Files.exists(path.getPath()));
        try (UnixStream c = UnixStream.open(path); UnixStream s = l.accept()) {
            c.close(); // a client's close leaves the file alone
            assertTrue(Files.exists(path.getPath()));
            assertTrue(s.isOpen());
        }
        l.close();
        assertFalse(Files.exists(path.getPath()));
    }

    @Test
    void closeLeavesAFileThatReplacedTheSocket() throws Exception {
        UnixDomainSocketAddress path = Unix.freshPath();
        UnixListener l = UnixListener.open(path);
        Files.delete(path.getPath());
        Files.writeString(path.getPath(), "someone else's");
        l.close();
        assertEquals("someone else's", Files.readString(path.getPath()));
        Files.delete(path.getPath());
    }

    @Test
    void closeLeavesASocketFileSpindleDidNotCreate() throws Exception {
        UnixDomainSocketAddress path = Unix.freshPath();
        try (ServerSocketChannel jdk = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            jdk.bind(path);
            UnixStream c = UnixStream.open(path);
            c.close();
            UnixListener other = UnixListener.open(Unix.freshPath());
            other.close();
            assertTrue(Files.exists(path.getPath()), "the JDK listener's file stays");
        } finally {
            Files.deleteIfExists(path.getPath());
        }
    }

    @Test
    void bindsATemporaryPathForNull() throws Exception {
        Path file;
        try (UnixListener l = UnixListener.open(null)) {
            file = l.localAddress().getPath();
            assertTrue(Files.exists(file), file.toString());
            try (UnixStream c = UnixStream.open(l.localAddress()); UnixStream s = l.accept()) {
                c.write(Loopback.bytes("t"));
                assertEquals(1, Loopback.readExactly(s, 1, false).remaining());
            }
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void abstractNamespaceOnLinuxOnly() throws Exception {
        UnixDomainSocketAddress name = Unix.freshAbstract();
        if (!Unix.isLinux()) {
            assertThrows(SocketException.class, () -> UnixListener.open(name));
            return;
        }
        try (UnixListener l = UnixListener.open(name)) {
            assertEquals(name, l.localAddress());
            assertFalse(Files.exists(name.getPath()), "no file for an abstract name");
            try (UnixStream c = UnixStream.open(name); UnixStream s = l.accept()) {
                assertEquals(name, c.remoteAddress());
                assertEquals(name, s.localAddress());
                c.write(Loopback.bytes("abs"));
                assertEquals("abs", StandardCharsets.US_ASCII.decode(Loopback.readExactly(s, 3, true)).toString());
            }
        }
    }

    @Test
    void clientBindNamesItsEnd() throws Exception {
        UnixDomainSocketAddress server = Unix.freshPath(), client = Unix.freshPath();
        try (UnixListener l = UnixListener.open(server); UnixStream c = UnixStream.open().bind(client)) {
            c.connect(server);
            try (UnixStream s = l.accept()) {
                assertEquals(client, c.localAddress());
                assertEquals(client, s.remoteAddress());
            }
        } finally {
            Files.deleteIfExists(client.getPath());
        }
    }

    @Test
    void errorsAreTheStandardOnes() throws Exception {
        UnixDomainSocketAddress nobody = Unix.freshPath();
        UnixStream c = UnixStream.open();
        assertThrows(SocketException.class, () -> c.connect(nobody)); // no such file
        assertFalse(c.isOpen(), "a failed connect closes the stream");
        // A file with no listener behind it: refused.
        UnixListener l = UnixListener.open(Unix.freshPath());
        UnixDomainSocketAddress left = l.localAddress();
        try (UnixStream keep = UnixStream.open(left)) {
            l.close(); // removes the file: connect again finds nothing
        }
        assertThrows(SocketException.class, () -> UnixStream.open(left));
        try (UnixStream s = UnixStream.open()) {
            assertThrows(UnsupportedAddressTypeException.class, () -> s.bind(new java.net.InetSocketAddress(0)));
            assertThrows(java.nio.channels.NotYetConnectedException.class, () -> s.read(ByteBuffer.allocate(1)));
            assertThrows(SocketException.class,
                    () -> s.connect(UnixDomainSocketAddress.of("/tmp/" + "x".repeat(200))), "too long a path");
        }
        try (UnixListener bound = UnixListener.open(Unix.freshPath())) {
            assertThrows(java.net.BindException.class, () -> UnixListener.open(bound.localAddress()));
        }
    }

    @Test
    void bufferOptions() throws Exception {
        UnixStream[] p = UnixStream.pair();
        try (UnixStream a = p[0]; UnixStream b = p[1]) {
            assertEquals(java.util.Set.of(StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF,
                    StandardSocketOptions.SO_LINGER, jdk.net.ExtendedSocketOptions.SO_PEERCRED), a.supportedOptions());
            a.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            assertTrue(a.getOption(StandardSocketOptions.SO_SNDBUF) >= 64 * 1024);
            assertTrue(b.getOption(StandardSocketOptions.SO_RCVBUF) > 0);
            assertThrows(UnsupportedOperationException.class, () -> a.setOption(StandardSocketOptions.TCP_NODELAY, true));
        }
        try (UnixListener l = UnixListener.open(Unix.freshPath())) {
            assertEquals(java.util.Set.of(StandardSocketOptions.SO_RCVBUF), l.supportedOptions());
            assertTrue(l.getOption(StandardSocketOptions.SO_RCVBUF) > 0);
        }
    }

    @Test
    void acceptTimesOut() throws Exception {
        try (UnixListener l = UnixListener.open(Unix.freshPath())) {
            l.setAcceptTimeout(Duration.ofMillis(30));
            assertThrows(SocketTimeoutException.class, l::accept);
            assertTrue(l.isOpen());
        }
    }

    @Test
    void refusedWhenNoOneListens() throws Exception {
        UnixDomainSocketAddress path = Unix.freshPath();
        try (java.nio.channels.SocketChannel jdk = java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            jdk.bind(path); // a socket file with no listener
            assertThrows(ConnectException.class, () -> UnixStream.open(path));
        } finally {
            Files.deleteIfExists(path.getPath());
        }
    }
}
