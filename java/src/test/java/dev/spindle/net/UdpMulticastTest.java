package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.MembershipKey;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Multicast membership on whatever interface this machine allows (loopback has no MULTICAST flag
 * on many VMs). Datagrams go out with TTL 0 and loopback on: the kernel delivers the local copy and
 * sends nothing onto the wire.
 */
@Timeout(60)
class UdpMulticastTest {
    private NetworkInterface ni;

    @BeforeEach
    void findInterface() throws SocketException {
        Udp.assumeNative();
        for (NetworkInterface n : NetworkInterface.networkInterfaces().toList()) {
            if (!n.isUp() || !n.supportsMulticast() || n.isVirtual() || address(n, false) == null) continue;
            if (ni == null || n.isLoopback()) ni = n; // loopback first, if it can
        }
        assumeTrue(ni != null, "no multicast-capable interface with an IPv4 address is up");
        System.out.println("multicast on " + ni.getName() + " (" + address(ni, false).getHostAddress() + ")");
    }

    /** ni's IPv4 address, or its IPv6 one (not link-local, so no scope is needed); null if it has none. */
    private static InetAddress address(NetworkInterface n, boolean ipv6) {
        for (InetAddress a : n.inetAddresses().toList()) {
            if (ipv6 ? a instanceof Inet6Address && !a.isLinkLocalAddress() : a instanceof Inet4Address) return a;
        }
        return null;
    }

    private UdpSocket sender(InetAddress local) throws Exception {
        StandardProtocolFamily family = local instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        UdpSocket s = UdpSocket.open(family).bind(new InetSocketAddress(local, 0));
        s.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
        s.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 0); // the local copy only (IPv6: the hop limit)
        s.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
        return s;
    }

    private static String receiveText(UdpSocket r) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(64);
        r.receive(dst);
        return Udp.text(dst.flip());
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void joinBlockUnblockDropAndRejoinForOneSource(boolean ipv6) throws Exception {
        InetAddress local = address(ni, ipv6);
        assumeTrue(local != null, ni.getName() + " has no address of that family");
        InetAddress group = InetAddress.getByName(ipv6 ? "ff15::5370:17" : "239.255.83.17");
        StandardProtocolFamily family = ipv6 ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        try (UdpSocket r = UdpSocket.open(family).bind(new InetSocketAddress(0)); UdpSocket s = sender(local)) {
            r.setReadTimeout(Duration.ofSeconds(10));
            InetSocketAddress target = new InetSocketAddress(group, r.localAddress().getPort());
            MembershipKey key = r.join(group, ni);
            assertTrue(key.isValid());
            assertSame(key, r.join(group, ni));
            assertSame(r, key.channel());
            assertEquals(group, key.group());
            assertEquals(ni, key.networkInterface());
            assertNull(key.sourceAddress());

            s.send(Udp.text("one"), target);
            assertEquals("one", receiveText(r));

            // Datagrams arrive in order here: if "blocked" got through, it would come before "two".
            key.block(local);
            s.send(Udp.text("blocked"), target);
            key.unblock(local);
            s.send(Udp.text("two"), target);
            assertEquals("two", receiveText(r));
            assertThrows(IllegalStateException.class, () -> key.unblock(local));

            assertThrows(IllegalStateException.class, () -> r.join(group, ni, local)); // joined for any source already
            key.drop();
            assertFalse(key.isValid());
            assertThrows(IllegalStateException.class, () -> key.block(local));
            s.send(Udp.text("gone"), target); // not a member: not delivered

            MembershipKey one = r.join(group, ni, local);
            assertEquals(local, one.sourceAddress());
            assertThrows(IllegalStateException.class, () -> one.block(local));
            s.send(Udp.text("three"), target);
            assertEquals("three", receiveText(r));
            r.close();
            assertFalse(one.isValid());
        }
    }

    @Test
    void anIpv4GroupOnADualStackSocket() throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "IPv4 groups on IPv6 sockets are Linux's");
        InetAddress group = InetAddress.getByName("239.255.83.18");
        try (UdpSocket r = UdpSocket.open().bind(null); UdpSocket s = sender(address(ni, false))) {
            r.setReadTimeout(Duration.ofSeconds(10));
            MembershipKey key = r.join(group, ni);
            s.send(Udp.text("dual"), new InetSocketAddress(group, r.localAddress().getPort()));
            assertEquals("dual", receiveText(r));
            key.drop();
        }
    }

    @Test
    void badJoinsAreRefused() throws Exception {
        try (UdpSocket r = UdpSocket.open(StandardProtocolFamily.INET).bind(null)) {
            assertThrows(IllegalArgumentException.class, () -> r.join(InetAddress.getByName("127.0.0.1"), ni));
            assertThrows(IllegalArgumentException.class, () -> r.join(InetAddress.getByName("ff02::1"), ni));
            InetAddress group = InetAddress.getByName("239.255.83.19");
            assertThrows(IllegalArgumentException.class, () -> r.join(group, ni, InetAddress.getByName("0.0.0.0")));
            assertThrows(IllegalArgumentException.class, () -> r.join(group, ni, InetAddress.getByName("::1")));
            assertThrows(NullPointerException.class, () -> r.join(group, null));
        }
    }
}
