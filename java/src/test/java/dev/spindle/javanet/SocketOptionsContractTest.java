package dev.spindle.javanet;

import static dev.spindle.javanet.JavaNetMode.check;
import static dev.spindle.javanet.SocketContractTest.LOOPBACK;
import static dev.spindle.javanet.SocketContractTest.pair;
import static dev.spindle.javanet.SocketContractTest.waitForBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.javanet.JavaNetMode.Kind;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * java.net's options, urgent data, binding and address families, the same on the JDK's impl and
 * on Spindle's (see {@link SocketContractTest}).
 */
@Tag("javanet")
class SocketOptionsContractTest {
    @BeforeAll
    static void install() {
        JavaNetMode.init();
    }

    /** The Linux extended options the JDK's impl supports: supported and round-tripping on both impls. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void extendedOptionsOnSocketsAndServerSockets(Kind kind) throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the set checked is Linux's");
        kind.run(() -> {
            Socket[] p = pair();
            try (Socket c = p[0]; Socket s = p[1]; ServerSocket ss = new ServerSocket()) {
                for (SocketOption<?> o : Set.of(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE,
                        jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT,
                        jdk.net.ExtendedSocketOptions.TCP_QUICKACK)) {
                    assertTrue(c.supportedOptions().contains(o), o + " on a Socket");
                    assertTrue(ss.supportedOptions().contains(o), o + " on a ServerSocket");
                }
                c.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 37);
                assertEquals(37, c.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE));
                c.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL, 5);
                assertEquals(5, c.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPINTERVAL));
                c.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT, 4);
                assertEquals(4, c.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPCOUNT));
                ss.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, 41);
                assertEquals(41, ss.getOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE));
                assertThrows(SocketException.class, () -> c.setOption(jdk.net.ExtendedSocketOptions.TCP_KEEPIDLE, -1)); // the kernel refuses it (EINVAL)
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void standardOptionsThroughSetOptionAndTheSetters(Kind kind) throws Exception {
        kind.run(() -> {
            Socket[] p = pair();
            try (Socket c = p[0]; Socket s = p[1]) {
                Set<SocketOption<?>> supported = c.supportedOptions();
                for (SocketOption<?> o : Set.of(StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.SO_KEEPALIVE,
                        StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_LINGER,
                        StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.IP_TOS))
                    assertTrue(supported.contains(o), o + " is supported");
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                assertTrue(c.getOption(StandardSocketOptions.TCP_NODELAY));
                assertTrue(c.getTcpNoDelay());
                c.setTcpNoDelay(false);
                assertFalse(c.getOption(StandardSocketOptions.TCP_NODELAY));
                c.setKeepAlive(true);
                assertTrue(c.getOption(StandardSocketOptions.SO_KEEPALIVE));
                c.setOption(StandardSocketOptions.SO_SNDBUF, 65536);
                assertEquals(65536, c.getSendBufferSize(), "the size set, not the kernel's doubled one");
                c.setReceiveBufferSize(32768);
                assertEquals(32768, c.getOption(StandardSocketOptions.SO_RCVBUF));
                assertThrows(IllegalArgumentException.class, () -> c.setSendBufferSize(0));
                assertEquals(-1, c.getSoLinger());
                c.setSoLinger(true, 7);
                assertEquals(7, c.getSoLinger());
                assertEquals(7, c.getOption(StandardSocketOptions.SO_LINGER));
                c.setSoLinger(false, 0);
                assertEquals(-1, c.getOption(StandardSocketOptions.SO_LINGER));
                c.setTrafficClass(0x10);
                assertEquals(0x10, c.getTrafficClass());
                assertThrows(IllegalArgumentException.class, () -> c.setTrafficClass(256));
                c.setReuseAddress(true);
                assertTrue(c.getReuseAddress());
                assertThrows(UnsupportedOperationException.class,
                        () -> c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 1));
                assertThrows(IllegalArgumentException.class, () -> c.setSoTimeout(-1));
                assertEquals(0, s.getSoTimeout());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void serverSocketOptions(Kind kind) throws Exception {
        kind.run(() -> {
            try (ServerSocket server = new ServerSocket()) {
                check(server);
                assertTrue(server.getReuseAddress(), "server sockets reuse addresses from the start, as in the JDK");
                server.setReceiveBufferSize(65536);
                assertEquals(65536, server.getReceiveBufferSize());
                assertTrue(server.supportedOptions().contains(StandardSocketOptions.SO_RCVBUF));
                server.setSoTimeout(10);
                assertEquals(10, server.getSoTimeout());
                assertFalse(server.isBound());
                server.bind(new InetSocketAddress(LOOPBACK, 0));
                assertTrue(server.isBound());
                assertEquals(LOOPBACK, server.getInetAddress());
                assertTrue(server.getLocalPort() > 0);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void urgentDataInLineAndDiscarded(Kind kind) throws Exception {
        kind.run(() -> {
            Socket[] p = pair();
            try (Socket c = p[0]; Socket s = p[1]) {
                assertFalse(s.getOOBInline());
                s.setOOBInline(true);
                assertTrue(s.getOOBInline());
                c.getOutputStream().write('a');
                c.sendUrgentData('U');
                c.getOutputStream().write('z');
                assertArrayEquals("aUz".getBytes(), s.getInputStream().readNBytes(3));
                s.setOOBInline(false); // now the urgent byte is dropped from the stream
                c.getOutputStream().write('b');
                c.sendUrgentData('X');
                c.getOutputStream().write('y');
                c.shutdownOutput();
                assertArrayEquals("by".getBytes(), s.getInputStream().readAllBytes());
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void bindRules(Kind kind) throws Exception {
        kind.run(() -> {
            try (ServerSocket server = new ServerSocket(0, 50, LOOPBACK)) {
                check(server);
                IOException inUse = assertThrows(IOException.class, () -> new ServerSocket(server.getLocalPort(), 50, LOOPBACK));
                assertInstanceOf(BindException.class, inUse);
                ServerSocket again = new ServerSocket();
                assertThrows(SocketException.class, () -> {
                    try (again) {
                        again.bind(new InetSocketAddress(LOOPBACK, 0));
                        again.bind(new InetSocketAddress(LOOPBACK, 0));
                    }
                });
                try (Socket c = new Socket()) {
                    check(c);
                    assertFalse(c.isBound());
                    c.bind(new InetSocketAddress(LOOPBACK, 0));
                    assertTrue(c.isBound());
                    int local = c.getLocalPort();
                    assertThrows(SocketException.class, () -> c.bind(new InetSocketAddress(LOOPBACK, 0)));
                    c.connect(new InetSocketAddress(LOOPBACK, server.getLocalPort()));
                    try (Socket s = server.accept()) {
                        assertEquals(local, c.getLocalPort(), "connect keeps the bound port");
                        assertEquals(local, s.getPort());
                    }
                }
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void unboundAndUnconnectedSocketsReportNothing(Kind kind) throws Exception {
        kind.run(() -> {
            try (Socket c = new Socket()) {
                check(c);
                assertEquals(-1, c.getLocalPort());
                assertEquals(0, c.getPort());
                assertEquals(null, c.getInetAddress());
                assertTrue(c.getLocalAddress().isAnyLocalAddress());
                assertThrows(SocketException.class, c::getInputStream);
            }
        });
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void ipv6AndDualStack(Kind kind) throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        assumeTrue(hasIpv6(v6), "no IPv6 loopback here");
        kind.run(() -> {
            try (ServerSocket server = new ServerSocket(0, 50, v6)) {
                check(server);
                try (Socket c = new Socket(v6, server.getLocalPort()); Socket s = server.accept()) {
                    assertInstanceOf(Inet6Address.class, c.getInetAddress());
                    assertInstanceOf(Inet6Address.class, s.getInetAddress());
                    c.getOutputStream().write(6);
                    assertEquals(6, s.getInputStream().read());
                }
            }
            try (ServerSocket any = new ServerSocket(0)) { // the wildcard: IPv4 clients too
                check(any);
                try (Socket c = new Socket(InetAddress.getByName("127.0.0.1"), any.getLocalPort()); Socket s = any.accept()) {
                    assertInstanceOf(Inet4Address.class, s.getInetAddress(), "an IPv4 peer shows as IPv4");
                    assertInstanceOf(Inet4Address.class, c.getLocalAddress());
                    c.getOutputStream().write(4);
                    waitForBytes(s, 1);
                    assertEquals(4, s.getInputStream().read());
                }
                try (Socket c = new Socket(v6, any.getLocalPort()); Socket s = any.accept()) {
                    assertInstanceOf(Inet6Address.class, s.getInetAddress());
                }
            }
        });
    }

    static boolean hasIpv6(InetAddress v6) {
        try (java.nio.channels.ServerSocketChannel probe = java.nio.channels.ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(v6, 0));
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
