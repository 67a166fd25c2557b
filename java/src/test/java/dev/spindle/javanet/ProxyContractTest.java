package dev.spindle.javanet;

import static dev.spindle.javanet.JavaNetMode.check;
import static dev.spindle.javanet.SocketContractTest.LOOPBACK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.javanet.JavaNetMode.Kind;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The layers java.net builds on a Socket keep working with Spindle installed: {@code Socket(Proxy)}
 * through an HTTP CONNECT proxy and a SOCKS5 proxy (the JDK's delegating impls, which wrap its own
 * platform impl: those sockets are the JDK's on both runs, as the README says), and
 * {@code Socket(Proxy.NO_PROXY)}, which is the installed impl's. The proxies and the echo server
 * are java.net code, so on the Spindle run they are Spindle's.
 */
@Tag("javanet")
class ProxyContractTest {
    @BeforeAll
    static void install() {
        JavaNetMode.init();
    }

    /** Echoes every connection until it closes. */
    static ServerSocket echoServer() throws Exception {
        ServerSocket server = new ServerSocket(0, 50, LOOPBACK);
        check(server);
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    Socket s = server.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (Exception e) {
                            // closed
                        }
                    });
                }
            } catch (Exception closed) {
                // the test closed the server
            }
        });
        return server;
    }

    static void echoThrough(Socket s) throws Exception {
        byte[] data = new byte[100_000];
        for (int i = 0; i < data.length; i++) data[i] = (byte) (i * 13);
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                s.getOutputStream().write(data);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertArrayEquals(data, s.getInputStream().readNBytes(data.length));
        writer.join();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void noProxyIsTheInstalledImpl(Kind kind) throws Exception {
        try (ServerSocket echo = echoServer()) {
            kind.run(() -> {
                try (Socket s = new Socket(Proxy.NO_PROXY)) {
                    check(s);
                    s.connect(echo.getLocalSocketAddress());
                    echoThrough(s);
                }
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void throughAnHttpConnectProxy(Kind kind) throws Exception {
        viaProxy(kind, MiniProxy.Kind.HTTP, Proxy.Type.HTTP);
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void throughASocks5Proxy(Kind kind) throws Exception {
        viaProxy(kind, MiniProxy.Kind.SOCKS, Proxy.Type.SOCKS);
    }

    private static void viaProxy(Kind kind, MiniProxy.Kind proxyKind, Proxy.Type type) throws Exception {
        try (ServerSocket echo = echoServer(); MiniProxy proxy = new MiniProxy(proxyKind)) {
            kind.run(() -> {
                Proxy p = new Proxy(type, new InetSocketAddress(LOOPBACK, proxy.port()));
                try (Socket s = new Socket(p)) {
                    s.connect(new InetSocketAddress(LOOPBACK, echo.getLocalPort()), 5000);
                    echoThrough(s);
                    assertFalse(s.isClosed());
                }
            });
            assertEquals(1, proxy.targets.size(), "one connection through the proxy: " + proxy.targets);
            assertTrue(proxy.targets.get(0).endsWith(":" + echo.getLocalPort()), proxy.targets.toString());
        }
    }
}
