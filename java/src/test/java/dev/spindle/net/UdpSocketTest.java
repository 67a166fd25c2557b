package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class UdpSocketTest {
    @BeforeEach
    void needsNatives() {
        Udp.assumeNative();
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void sendAndReceiveWithSourceAddresses(boolean ipv6) throws Exception {
        try (UdpSocket a = Udp.bound(ipv6); UdpSocket b = Udp.bound(ipv6)) {
            assertEquals(5, a.send(Udp.text("hello"), b.localAddress()));
            ByteBuffer heap = ByteBuffer.allocate(100), direct = ByteBuffer.allocateDirect(100);
            InetSocketAddress from = b.receive(heap);
            assertEquals(a.localAddress(), from);
            assertEquals("hello", Udp.text(heap.flip()));
            assertFalse(b.lastReceiveTruncated());
            // A direct buffer, and a reply to the source the receive reported.
            assertEquals(2, b.send(Udp.text("hi"), from));
            assertEquals(b.localAddress(), a.receive(direct));
            assertEquals("hi", Udp.text(direct.flip()));
        }
    }

    @Test
    void ipv4PeersOfADualStackSocketComeBackAsIpv4() throws Exception {
        try (UdpSocket dual = UdpSocket.open().bind(null); UdpSocket v4 = Udp.bound(false)) {
            int port = dual.localAddress().getPort();
            v4.send(Udp.text("x"), new InetSocketAddress("127.0.0.1", port));
            dual.setReadTimeout(Duration.ofSeconds(10));
            InetSocketAddress from = dual.receive(ByteBuffer.allocate(10));
            assertEquals(v4.localAddress(), from);
            dual.send(Udp.text("y"), from);
            assertEquals(new InetSocketAddress("127.0.0.1", port).getAddress(), v4.receive(ByteBuffer.allocate(10)).getAddress());
        }
    }

    @Test
    void repeatedSourcesReturnTheSameAddressObject() throws Exception {
        try (UdpSocket a = Udp.bound(false); UdpSocket b = Udp.bound(false); UdpSocket c = Udp.bound(false)) {
            ByteBuffer buf = ByteBuffer.allocate(10);
            a.send(Udp.text("1"), b.localAddress());
            a.send(Udp.text("2"), b.localAddress());
            c.send(Udp.text("3"), b.localAddress());
            InetSocketAddress first = b.receive(buf.clear());
            assertSame(first, b.receive(buf.clear()));
            assertEquals(c.localAddress(), b.receive(buf.clear()));
        }
    }

    @Test
    void tooLongDatagramsAreTruncatedAndSaySo() throws Exception {
        try (UdpSocket a = Udp.bound(false); UdpSocket b = Udp.bound(false)) {
            a.send(Udp.text("0123456789"), b.localAddress());
            a.send(Udp.text("abc"), b.localAddress());
            ByteBuffer small = ByteBuffer.allocate(4);
            b.receive(small);
            assertEquals("0123", Udp.text(small.flip()));
            assertTrue(b.lastReceiveTruncated());
            b.receive(small.clear());
            assertEquals("abc", Udp.text(small.flip()));
            assertFalse(b.lastReceiveTruncated());
        }
    }

    @Test
    void emptyDatagramsAndReadOnlyBuffers() throws Exception {
        try (UdpSocket a = Udp.bound(false); UdpSocket b = Udp.bound(false)) {
            a.connect(b.localAddress());
            b.connect(a.localAddress());
            assertEquals(0, a.write(ByteBuffer.allocate(0)));
            assertEquals(0, b.read(ByteBuffer.allocate(10)));
            assertEquals(3, a.write(Udp.text("r/o").asReadOnlyBuffer()));
            ByteBuffer dst = ByteBuffer.allocate(10);
            assertEquals(3, b.read(dst));
            assertEquals("r/o", Udp.text(dst.flip()));
            assertThrows(IllegalArgumentException.class, () -> b.read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
        }
    }

    @Test
    void connectedReadWriteAndDisconnect() throws Exception {
        try (UdpSocket a = Udp.bound(false); UdpSocket b = Udp.bound(false); UdpSocket stranger = Udp.bound(false)) {
            assertThrows(NotYetConnectedException.class, () -> a.read(ByteBuffer.allocate(1)));
            assertThrows(NotYetConnectedException.class, () -> a.write(Udp.text("x")));
            InetSocketAddress local = a.localAddress();
            a.connect(b.localAddress());
            assertTrue(a.isConnected());
            assertEquals(b.localAddress(), a.remoteAddress());
            assertThrows(AlreadyConnectedException.class, () -> a.connect(stranger.localAddress()));
            assertThrows(AlreadyConnectedException.class, () -> a.send(Udp.text("x"), stranger.localAddress()));
            // The kernel filters out other sources once connected.
            stranger.send(Udp.text("noise"), local);
            b.send(Udp.text("peer"), local);
            ByteBuffer dst = ByteBuffer.allocate(10);
            assertEquals(4, a.read(dst));
            assertEquals("peer", Udp.text(dst.flip()));
            assertEquals(5, a.write(Udp.text("reply")));
            assertEquals(local, b.receive(dst.clear()));

            a.disconnect();
            assertFalse(a.isConnected());
            assertNull(a.remoteAddress());
            assertEquals(local, a.localAddress()); // the port survives the disconnect
            assertThrows(NotYetConnectedException.class, () -> a.write(Udp.text("x")));
            stranger.send(Udp.text("now"), local);
            assertEquals(stranger.localAddress(), a.receive(dst.clear()));
            assertEquals("now", Udp.text(dst.flip()));
        }
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void ephemeralPortSurvivesDisconnect(boolean ipv6) throws Exception {
        java.net.StandardProtocolFamily family = ipv6 ? java.net.StandardProtocolFamily.INET6 : java.net.StandardProtocolFamily.INET;
        try (UdpSocket a = UdpSocket.open(family).bind(null); UdpSocket b = Udp.bound(ipv6)) {
            int port = a.localAddress().getPort();
            a.connect(b.localAddress());
            a.disconnect();
            assertEquals(port, a.localAddress().getPort());
        }
    }

    @Test
    void connectedSocketToAClosedPortGetsPortUnreachable() throws Exception {
        InetSocketAddress closed;
        try (UdpSocket gone = Udp.bound(false)) {
            closed = gone.localAddress();
        }
        try (UdpSocket a = Udp.bound(false)) {
            a.connect(closed);
            a.write(Udp.text("anyone?"));
            assertThrows(PortUnreachableException.class, () -> a.read(ByteBuffer.allocate(10)));
            assertTrue(a.isOpen()); // the error is consumed; the socket stays usable
        }
    }

    @Test
    void readTimeoutThrowsAndLeavesTheSocketUsable() throws Exception {
        try (UdpSocket a = Udp.bound(false); UdpSocket b = Udp.bound(false)) {
            a.setReadTimeout(Duration.ofMillis(100));
            assertEquals(Duration.ofMillis(100), a.getReadTimeout());
            assertThrows(SocketTimeoutException.class, () -> a.receive(ByteBuffer.allocate(10)));
            assertThrows(SocketTimeoutException.class, () -> a.receive(ByteBuffer.allocateDirect(10)));
            try (DatagramBatch batch = DatagramBatch.allocate(4, 100)) {
                assertThrows(SocketTimeoutException.class, () -> a.receive(batch));
            }
            b.send(Udp.text("late"), a.localAddress());
            a.setReadTimeout(Duration.ofSeconds(10));
            assertEquals(b.localAddress(), a.receive(ByteBuffer.allocate(10)));
        }
    }

    @Test
    void optionsRoundTrip() throws Exception {
        for (boolean ipv6 : new boolean[] {false, true}) {
            try (UdpSocket s = Udp.bound(ipv6)) {
                s.setOption(StandardSocketOptions.SO_BROADCAST, true);
                assertTrue(s.getOption(StandardSocketOptions.SO_BROADCAST));
                s.setOption(StandardSocketOptions.SO_BROADCAST, false);
                assertFalse(s.getOption(StandardSocketOptions.SO_BROADCAST));
                s.setOption(StandardSocketOptions.IP_TOS, 0x20);
                assertEquals(0x20, s.getOption(StandardSocketOptions.IP_TOS));
                s.setOption(StandardSocketOptions.SO_RCVBUF, 65536);
                assertTrue(s.getOption(StandardSocketOptions.SO_RCVBUF) >= 65536);
                s.setOption(StandardSocketOptions.SO_SNDBUF, 65536);
                assertTrue(s.getOption(StandardSocketOptions.SO_SNDBUF) >= 65536);
                s.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                assertTrue(s.getOption(StandardSocketOptions.SO_REUSEADDR));
                s.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 9);
                assertEquals(9, s.getOption(StandardSocketOptions.IP_MULTICAST_TTL));
                s.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
                assertFalse(s.getOption(StandardSocketOptions.IP_MULTICAST_LOOP));
                s.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                assertTrue(s.getOption(StandardSocketOptions.IP_MULTICAST_LOOP));
                assertNull(s.getOption(StandardSocketOptions.IP_MULTICAST_IF));
                java.net.NetworkInterface lo = java.net.NetworkInterface.getByInetAddress(Udp.loopback(false));
                if (lo != null) {
                    s.setOption(StandardSocketOptions.IP_MULTICAST_IF, lo);
                    assertEquals(lo, s.getOption(StandardSocketOptions.IP_MULTICAST_IF));
                }
                assertThrows(IllegalArgumentException.class, () -> s.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 256));
                assertThrows(UnsupportedOperationException.class, () -> s.setOption(StandardSocketOptions.TCP_NODELAY, true));
                assertTrue(s.supportedOptions().contains(UdpOptions.GRO));
                if (UdpSocket.isGroSupported()) {
                    s.setOption(UdpOptions.GRO, true);
                    assertTrue(s.getOption(UdpOptions.GRO));
                } else {
                    UnsupportedOperationException e =
                            assertThrows(UnsupportedOperationException.class, () -> s.setOption(UdpOptions.GRO, true));
                    assertEquals("UDP GRO (UDP_GRO) is not supported by this kernel/OS", e.getMessage());
                }
            }
        }
    }

    @Test
    void reusePortSharesOnePortBetweenTwoSockets() throws Exception {
        try (UdpSocket a = UdpSocket.open(java.net.StandardProtocolFamily.INET);
                UdpSocket b = UdpSocket.open(java.net.StandardProtocolFamily.INET);
                UdpSocket sender = Udp.bound(false)) {
            a.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            b.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            assertTrue(a.getOption(StandardSocketOptions.SO_REUSEPORT));
            a.bind(new InetSocketAddress("127.0.0.1", 0));
            b.bind(a.localAddress());
            assertEquals(a.localAddress(), b.localAddress());
            // The kernel spreads flows over the group by their hash: from many source ports, both get some.
            Set<Integer> reached = new HashSet<>();
            a.setReadTimeout(Duration.ofMillis(200));
            b.setReadTimeout(Duration.ofMillis(200));
            for (int i = 0; i < 64 && reached.size() < 2; i++) {
                try (UdpSocket s = Udp.bound(false)) {
                    s.send(Udp.text("x"), a.localAddress());
                }
                for (UdpSocket r : new UdpSocket[] {a, b}) {
                    try {
                        r.receive(ByteBuffer.allocate(4));
                        reached.add(r == a ? 0 : 1);
                    } catch (SocketTimeoutException notThisOne) {
                        // the flow went to the other socket
                    }
                }
            }
            assertEquals(Set.of(0, 1), reached);
        }
    }

    @Test
    void singleDatagramsAllocateNothing() throws Exception {
        try (UdpSocket a = Udp.bound(false); UdpSocket b = Udp.bound(false)) {
            ByteBuffer heap = ByteBuffer.allocate(64), direct = ByteBuffer.allocateDirect(64);
            InetSocketAddress to = b.localAddress();
            b.connect(a.localAddress());
            long allocated = Allocations.ofRounds(() -> {
                a.send(heap.clear(), to);
                b.receive(direct.clear()); // one queued: the receive does not wait
                a.send(direct.flip(), to);
                b.read(heap.clear());
                b.write(heap.flip());
                a.receive(direct.clear());
            }, 20_000, 10_000);
            System.out.println("allocated " + allocated + " bytes in 60,000 datagram sends and receives");
            assertTrue(allocated < 1024, allocated + " bytes allocated by 60,000 sends and receives");
        }
    }

    @Test
    void closedSocketsRefuseEverything() throws Exception {
        UdpSocket a = Udp.bound(false);
        InetSocketAddress where = a.localAddress();
        a.close();
        assertThrows(ClosedChannelException.class, () -> a.receive(ByteBuffer.allocate(1)));
        assertThrows(ClosedChannelException.class, () -> a.send(Udp.text("x"), where));
        assertThrows(ClosedChannelException.class, a::localAddress);
        assertThrows(ClosedChannelException.class, () -> a.getOption(StandardSocketOptions.SO_RCVBUF));
    }
}
