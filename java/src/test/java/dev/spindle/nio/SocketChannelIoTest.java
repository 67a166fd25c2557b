package dev.spindle.nio;

import static dev.spindle.nio.Nio.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Data transfer, half-close, addresses and protocol families of the provider's TCP channels. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SocketChannelIoTest {
    @BeforeEach
    void natives() {
        Nio.assumeNative();
    }

    private static ByteBuffer buffer(boolean direct, int size) {
        return direct ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size);
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void gatheringWriteAndScatteringReadKeepOrderAcrossBuffers(boolean direct) throws Exception {
        SocketChannel[] p = Nio.pair();
        try (SocketChannel a = p[0]; SocketChannel b = p[1]) {
            byte[] data = new byte[1000 + 2007 + 1000];
            new java.util.Random(42).nextBytes(data);
            ByteBuffer[] out = {buffer(direct, 1000), buffer(direct, 0), buffer(direct, 2007), buffer(direct, 1000)};
            int at = 0;
            for (ByteBuffer o : out) {
                o.put(data, at, o.capacity()).flip();
                at += o.capacity();
            }
            assertEquals(data.length, a.write(out, 1, 3) + a.write(out, 0, 1));
            for (ByteBuffer o : out) assertEquals(0, o.remaining());
            // Read back into buffers of other sizes; bytes land in order, filling each before the next.
            ByteBuffer[] in = {buffer(direct, 5), buffer(direct, 2000), buffer(direct, data.length)};
            long total = 0;
            while (total < data.length) {
                long n = b.read(in);
                assertTrue(n > 0, "read " + n);
                total += n;
            }
            byte[] got = new byte[data.length];
            ByteBuffer all = ByteBuffer.wrap(got);
            for (ByteBuffer i : in) all.put(i.flip());
            assertEquals(data.length, all.position());
            // a.write(out, 1, 3) went first: the 2nd to 4th buffers' bytes, then the first's.
            byte[] expected = new byte[data.length];
            System.arraycopy(data, 1000, expected, 0, data.length - 1000);
            System.arraycopy(data, 0, expected, data.length - 1000, 1000);
            assertArrayEquals(expected, got);
        }
    }

    /**
     * A gathering write over heap (with an array offset), direct, read-only and empty buffers, in
     * non-blocking mode until the socket buffer fills, then drained, over and over: every write
     * takes bytes from the buffers in order, moves their positions by exactly what it wrote, and
     * the peer reads the bytes in order.
     */
    @Test
    void mixedGatheringWritesInNonBlockingModeKeepOrderAndPositions() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.configureBlocking(false);
            java.util.Random random = new java.util.Random(7);
            ByteBuffer[] out = {
                    ByteBuffer.allocate(3000).position(100).slice(), ByteBuffer.allocateDirect(2000), ByteBuffer.allocate(0),
                    ByteBuffer.allocate(1500), ByteBuffer.allocate(400_000), ByteBuffer.allocateDirect(70_000)};
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < out.length; i++) {
                byte[] bytes = new byte[out[i].capacity()];
                random.nextBytes(bytes);
                expected.writeBytes(bytes);
                out[i].put(bytes).flip();
            }
            out[3] = out[3].asReadOnlyBuffer();
            byte[] want = expected.toByteArray();
            byte[] got = new byte[want.length];
            int received = 0;
            long sent = 0;
            while (sent < want.length) {
                long before = remaining(out);
                long n = a.write(out);
                assertEquals(before - n, remaining(out), "positions moved by what was written");
                sent += n;
                for (int i = 0, seenPartial = 0; i < out.length; i++) { // consumed in order: no buffer touched after one left partly full
                    if (seenPartial == 1) assertEquals(0, out[i].position(), "buffer " + i + " touched after a partly written one");
                    if (out[i].hasRemaining()) seenPartial = 1;
                }
                if (n == 0 || sent == want.length) {
                    ByteBuffer in = ByteBuffer.wrap(got, received, (int) (sent - received));
                    while (in.hasRemaining()) assertTrue(b.read(in) > 0);
                    received = (int) sent;
                }
            }
            assertArrayEquals(want, got);
        }
    }

    /**
     * A blocking gathering write of more buffers than one writev takes (heap ones with array offsets,
     * and direct ones) and more bytes than the socket buffers hold returns only when all is written,
     * on either kind of thread, and the peer reads every byte in order.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void blockingGatheringWriteOfManyHeapAndDirectBuffersWritesAllInOrder(boolean virtual) throws Exception {
        SocketChannel[] p = Nio.pair();
        try (SocketChannel a = p[0]; SocketChannel b = p[1]) {
            java.util.Random random = new java.util.Random(11);
            ByteBuffer[] out = new ByteBuffer[150];
            java.io.ByteArrayOutputStream expected = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < out.length; i++) {
                int size = 1 + random.nextInt(40_000);
                byte[] bytes = new byte[size];
                random.nextBytes(bytes);
                expected.writeBytes(bytes);
                out[i] = i % 3 == 2 ? ByteBuffer.allocateDirect(size) : ByteBuffer.allocate(size + 7).position(7).slice();
                out[i].put(bytes).flip();
            }
            byte[] want = expected.toByteArray();
            long[] written = new long[1];
            Thread writer = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                try {
                    written[0] = a.write(out);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            byte[] got = new byte[want.length];
            ByteBuffer in = ByteBuffer.wrap(got);
            while (in.hasRemaining()) assertTrue(b.read(in) > 0);
            writer.join();
            assertEquals(want.length, written[0]);
            assertEquals(0, remaining(out));
            assertArrayEquals(want, got);
        }
    }

    /** The channel keeps no reference to the arrays of a gathering write once it returns: they can be collected. */
    @Test
    void gatheringWriteOfHeapBuffersKeepsNoReferenceToTheirArrays() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (SocketChannel a = p[0]; SocketChannel b = p[1]) {
            java.lang.ref.WeakReference<byte[]> first = writeTwoHeapBuffers(a);
            ByteBuffer in = ByteBuffer.allocate(16);
            while (in.hasRemaining()) assertTrue(b.read(in) > 0);
            for (int i = 0; i < 50 && first.get() != null; i++) {
                System.gc();
                Thread.sleep(10);
            }
            assertEquals(null, first.get(), "the written array is still reachable from the channel");
        }
    }

    private static java.lang.ref.WeakReference<byte[]> writeTwoHeapBuffers(SocketChannel out) throws java.io.IOException {
        byte[] one = new byte[8], two = new byte[8];
        assertEquals(16, out.write(new ByteBuffer[] {ByteBuffer.wrap(one), ByteBuffer.wrap(two)}));
        return new java.lang.ref.WeakReference<>(one);
    }

    private static long remaining(ByteBuffer[] buffers) {
        long r = 0;
        for (ByteBuffer x : buffers) r += x.remaining();
        return r;
    }

    @Test
    void shutdownInputAndOutput() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (SocketChannel a = p[0]; SocketChannel b = p[1]) {
            a.shutdownOutput();
            assertEquals(-1, b.read(ByteBuffer.allocate(4)), "the peer reads end of stream");
            assertThrows(ClosedChannelException.class, () -> a.write(Nio.ascii("x")));
            b.write(Nio.ascii("still")); // the other direction still works
            assertEquals("still", Nio.readAscii(a, 5));
            a.shutdownInput();
            assertEquals(-1, a.read(ByteBuffer.allocate(4)));
            assertEquals(-1, a.read(new ByteBuffer[] {ByteBuffer.allocate(4)}));
            assertTrue(a.socket().isInputShutdown() && a.socket().isOutputShutdown());
            a.shutdownInput(); // again: no effect
            assertTrue(a.isOpen());
        }
    }

    @Test
    void socketStreamAvailableCountsQueuedBytes() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (SocketChannel a = p[0]; SocketChannel b = p[1]) {
            java.io.InputStream in = b.socket().getInputStream();
            assertEquals(0, in.available());
            a.write(Nio.ascii("hello"));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (in.available() < 5 && System.nanoTime() < deadline) Thread.sleep(1);
            assertEquals(5, in.available());
            assertEquals('h', in.read());
            assertEquals(4, in.available());
            b.close();
            // The JDK's adaptor stream lets the channel's exception through (ClosedAndInterruptedConformanceTest).
            assertThrows(java.nio.channels.ClosedChannelException.class, in::available);
        }
    }

    @Test
    void socketAdaptorSendsUrgentDataInLine() throws Exception {
        SocketChannel[] p = Nio.pair();
        try (SocketChannel a = p[0]; SocketChannel b = p[1]) {
            assertTrue(!b.socket().getOOBInline());
            b.socket().setOOBInline(true);
            assertTrue(b.socket().getOOBInline());
            a.write(Nio.ascii("a"));
            a.socket().sendUrgentData('U');
            a.write(Nio.ascii("z"));
            assertArrayEquals("aUz".getBytes(), b.socket().getInputStream().readNBytes(3));
        }
    }

    @Test
    void addressesBeforeAndAfterConnecting() throws Exception {
        try (ServerSocketChannel server = PROVIDER.openServerSocketChannel(); SocketChannel c = PROVIDER.openSocketChannel()) {
            assertNull(server.getLocalAddress());
            assertNull(c.getLocalAddress());
            assertNull(c.getRemoteAddress());
            server.bind(null);
            InetSocketAddress bound = (InetSocketAddress) server.getLocalAddress();
            assertTrue(bound.getAddress().isAnyLocalAddress() && bound.getPort() > 0, String.valueOf(bound));
            c.bind(null);
            InetSocketAddress local = (InetSocketAddress) c.getLocalAddress();
            assertTrue(local.getPort() > 0);
            assertThrows(java.nio.channels.AlreadyBoundException.class, () -> c.bind(null));
            c.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), bound.getPort()));
            assertEquals(local.getPort(), ((InetSocketAddress) c.getLocalAddress()).getPort(), "connect keeps the bound port");
            try (SocketChannel s = server.accept()) {
                assertEquals(s.getLocalAddress(), c.getRemoteAddress());
                assertEquals(c.getLocalAddress(), s.getRemoteAddress());
            }
            java.net.SocketAddress peer = c.socket().getRemoteSocketAddress();
            assertEquals(c.getRemoteAddress(), peer);
            c.close();
            assertEquals(peer, c.socket().getRemoteSocketAddress(), "a closed Socket still reports its peer");
            assertThrows(ClosedChannelException.class, c::getLocalAddress);
            assertThrows(ClosedChannelException.class, c::getRemoteAddress);
        }
    }

    @Test
    void ipv4ChannelsSpeakIpv4() throws Exception {
        try (ServerSocketChannel server = PROVIDER.openServerSocketChannel(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            try (SocketChannel c = PROVIDER.openSocketChannel(StandardProtocolFamily.INET)) {
                c.connect(server.getLocalAddress());
                assertInstanceOf(Inet4Address.class, ((InetSocketAddress) c.getLocalAddress()).getAddress());
                try (SocketChannel s = server.accept()) {
                    assertInstanceOf(Inet4Address.class, ((InetSocketAddress) s.getRemoteAddress()).getAddress());
                }
            }
            try (SocketChannel c = PROVIDER.openSocketChannel(StandardProtocolFamily.INET)) {
                assertThrows(Exception.class, () -> c.connect(new InetSocketAddress("::1", 1)));
            }
        }
    }

    private static boolean hasIpv6Loopback() {
        try (var s = new java.net.ServerSocket()) {
            s.bind(new InetSocketAddress("::1", 0));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void ipv6AndDualStack() throws Exception {
        assumeTrue(hasIpv6Loopback(), "no IPv6 loopback here");
        try (ServerSocketChannel server = PROVIDER.openServerSocketChannel(StandardProtocolFamily.INET6)) {
            server.bind(new InetSocketAddress(0)); // the wildcard: dual stack takes IPv4 and IPv6 clients
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            try (SocketChannel v6 = PROVIDER.openSocketChannel(StandardProtocolFamily.INET6);
                    SocketChannel v4 = PROVIDER.openSocketChannel()) {
                v6.connect(new InetSocketAddress("::1", port));
                assertInstanceOf(Inet6Address.class, ((InetSocketAddress) v6.getRemoteAddress()).getAddress());
                v4.connect(new InetSocketAddress("127.0.0.1", port));
                // The JDK reports an IPv4 peer of a dual-stack socket as an Inet4Address, not ::ffff:127.0.0.1.
                assertInstanceOf(Inet4Address.class, ((InetSocketAddress) v4.getRemoteAddress()).getAddress());
                for (int i = 0; i < 2; i++) {
                    try (SocketChannel s = server.accept()) {
                        assertNotNull(s.getRemoteAddress());
                        s.write(Nio.ascii("ok"));
                    }
                }
                assertEquals("ok", Nio.readAscii(v6, 2));
                assertEquals("ok", Nio.readAscii(v4, 2));
            }
        }
    }
}
