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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.javanet.JavaNetMode.Kind;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** java.net's DatagramSocket and MulticastSocket, the same on the JDK's impl and on Spindle's (see {@link SocketContractTest}). */
@Tag("javanet")
class DatagramSocketContractTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @BeforeAll
    static void install() {
        JavaNetMode.init();
    }

    static DatagramSocket open() throws SocketException {
        DatagramSocket s = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        check(s);
        return s;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void sendReceiveAddressesAndPacketReuse(Kind kind) throws Exception {
        kind.run(() -> {
            try (DatagramSocket a = open(); DatagramSocket b = open()) {
                assertTrue(a.isBound());
                assertEquals(LOOPBACK, a.getLocalAddress());
                a.send(new DatagramPacket("hello".getBytes(), 5, b.getLocalSocketAddress()));
                DatagramPacket p = new DatagramPacket(new byte[100], 100);
                b.receive(p);
                assertEquals("hello", new String(p.getData(), 0, p.getLength()));
                assertEquals(a.getLocalSocketAddress(), p.getSocketAddress());
                a.send(new DatagramPacket(new byte[80], 80, b.getLocalSocketAddress()));
                b.receive(p); // the same packet again: its room is still 100, not the 5 it received before
                assertEquals(80, p.getLength());
                a.send(new DatagramPacket(new byte[200], 200, b.getLocalSocketAddress()));
                p.setLength(100);
                b.receive(p);
                assertEquals(100, p.getLength(), "a longer datagram is cut to the room");
                b.send(new DatagramPacket(new byte[0], 0, a.getLocalSocketAddress()));
                DatagramPacket empty = new DatagramPacket(new byte[10], 10);
                a.receive(empty);
                assertEquals(0, empty.getLength());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void soTimeoutBoundsAReceive(Kind kind) throws Exception {
        kind.run(() -> {
            try (DatagramSocket a = open(); DatagramSocket b = open()) {
                b.setSoTimeout(150);
                assertEquals(150, b.getSoTimeout());
                assertThrows(SocketTimeoutException.class, () -> b.receive(new DatagramPacket(new byte[10], 10)));
                assertFalse(b.isClosed());
                a.send(new DatagramPacket(new byte[] {7}, 1, b.getLocalSocketAddress()));
                DatagramPacket p = new DatagramPacket(new byte[10], 10);
                b.receive(p);
                assertEquals(7, p.getData()[0]);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void connectFiltersAndDisconnect(Kind kind) throws Exception {
        kind.run(() -> {
            try (DatagramSocket a = open(); DatagramSocket b = open(); DatagramSocket other = open()) {
                b.connect(a.getLocalSocketAddress());
                assertTrue(b.isConnected());
                assertEquals(a.getLocalSocketAddress(), b.getRemoteSocketAddress());
                other.send(new DatagramPacket(new byte[] {9}, 1, b.getLocalSocketAddress())); // filtered out
                a.send(new DatagramPacket(new byte[] {1}, 1, b.getLocalSocketAddress()));
                DatagramPacket p = new DatagramPacket(new byte[10], 10);
                b.receive(p);
                assertEquals(1, p.getData()[0]);
                b.send(new DatagramPacket(new byte[] {2}, 1)); // no address: the connected peer
                a.receive(p);
                assertEquals(2, p.getData()[0]);
                assertThrows(IllegalArgumentException.class,
                        () -> b.send(new DatagramPacket(new byte[1], 1, other.getLocalSocketAddress())));
                int port = b.getLocalPort();
                b.disconnect();
                assertFalse(b.isConnected());
                assertNull(b.getRemoteSocketAddress());
                assertEquals(port, b.getLocalPort(), "the port stays bound");
                other.send(new DatagramPacket(new byte[] {3}, 1, b.getLocalSocketAddress()));
                b.setSoTimeout(5000);
                b.receive(p);
                assertEquals(3, p.getData()[0]);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void closeWakesAReceiveAndInterruptClosesOnAVirtualThreadOnly(Kind kind) throws Exception {
        try (DatagramSocket s = open()) {
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread t = kind.start(() -> s.receive(new DatagramPacket(new byte[10], 10)), failure);
            letItBlock();
            t.interrupt();
            t.join(kind == Kind.VIRTUAL ? 5000 : 300);
            if (kind == Kind.VIRTUAL) {
                assertFalse(t.isAlive(), "the interrupt woke the virtual thread");
                assertInstanceOf(SocketException.class, failure.get());
                return;
            }
            assertTrue(t.isAlive(), "a platform thread's receive is not interrupted");
            s.close();
            t.join(5000);
            assertFalse(t.isAlive(), "close woke the receiver");
            assertInstanceOf(SocketException.class, failure.get());
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void options(Kind kind) throws Exception {
        kind.run(() -> {
            try (DatagramSocket s = open()) {
                s.setSendBufferSize(65536);
                assertEquals(65536, s.getSendBufferSize());
                s.setReceiveBufferSize(65536);
                assertEquals(65536, s.getOption(StandardSocketOptions.SO_RCVBUF));
                s.setBroadcast(true);
                assertTrue(s.getBroadcast());
                s.setTrafficClass(0x10);
                assertEquals(0x10, s.getTrafficClass());
                s.setReuseAddress(true);
                assertTrue(s.getReuseAddress());
                assertTrue(s.supportedOptions().contains(StandardSocketOptions.IP_MULTICAST_TTL));
                assertThrows(IllegalArgumentException.class, () -> s.setSendBufferSize(0));
                s.close();
                assertThrows(SocketException.class, () -> s.setSoTimeout(1));
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void multicastJoinReceiveLeave(Kind kind) throws Exception {
        NetworkInterface ni = multicastInterface();
        assumeTrue(ni != null, "no multicast-capable interface with an IPv4 address is up");
        kind.run(() -> {
            InetAddress group = InetAddress.getByName("239.255.83.20");
            try (MulticastSocket r = new MulticastSocket(0); MulticastSocket s = new MulticastSocket(0)) {
                check(r);
                r.setSoTimeout(5000);
                r.joinGroup(new InetSocketAddress(group, 0), ni);
                assertThrows(SocketException.class, () -> r.joinGroup(new InetSocketAddress(group, 0), ni));
                s.setNetworkInterface(ni);
                assertEquals(ni, s.getNetworkInterface());
                s.setTimeToLive(0); // the local copy only: nothing onto the wire
                assertEquals(0, s.getTimeToLive());
                s.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                assertTrue(s.getOption(StandardSocketOptions.IP_MULTICAST_LOOP));
                s.send(new DatagramPacket("group".getBytes(), 5, new InetSocketAddress(group, r.getLocalPort())));
                DatagramPacket p = new DatagramPacket(new byte[20], 20);
                r.receive(p);
                assertArrayEquals("group".getBytes(), java.util.Arrays.copyOf(p.getData(), p.getLength()));
                r.leaveGroup(new InetSocketAddress(group, 0), ni);
                assertThrows(SocketException.class, () -> r.leaveGroup(new InetSocketAddress(group, 0), ni));
            }
        });
    }

    static NetworkInterface multicastInterface() throws SocketException {
        NetworkInterface ni = null;
        for (NetworkInterface n : NetworkInterface.networkInterfaces().toList()) {
            if (!n.isUp() || !n.supportsMulticast() || n.isVirtual()) continue;
            if (n.inetAddresses().noneMatch(a -> a instanceof Inet4Address)) continue;
            if (ni == null || n.isLoopback()) ni = n;
        }
        return ni;
    }
}
