package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Timeout(60)
class EchoTest {
    /** A one-connection echo server on its own thread; returns the bytes echoed. */
    private static Future<Long> echoOnce(TcpListener l, boolean virtual, boolean direct) {
        return Loopback.start(virtual, () -> {
            try (TcpStream s = l.accept()) {
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

    @ParameterizedTest(name = "virtual={0} direct={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void echoesRoundTrips(boolean virtual, boolean direct) throws Exception {
        try (TcpListener l = Loopback.listener()) {
            Future<Long> server = echoOnce(l, virtual, direct);
            Future<Integer> client = Loopback.start(virtual, () -> {
                try (TcpStream c = TcpStream.open(l.localAddress())) {
                    c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                    for (int i = 0; i < 2000; i++) {
                        String msg = "ping " + i;
                        c.write(Loopback.bytes(msg));
                        ByteBuffer got = Loopback.readExactly(c, msg.length(), direct);
                        assertEquals(msg, StandardCharsets.US_ASCII.decode(got).toString());
                    }
                    c.shutdownOutput();
                    assertEquals(-1, c.read(ByteBuffer.allocate(1)));
                    return 2000;
                }
            });
            assertEquals(2000, client.get(30, TimeUnit.SECONDS));
            long expected = 0;
            for (int i = 0; i < 2000; i++) expected += ("ping " + i).length();
            assertEquals(expected, server.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void streamsAdaptersEcho() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            OutputStream out = c.outputStream();
            InputStream in = s.inputStream();
            out.write('x');
            out.write("yz".getBytes(StandardCharsets.US_ASCII));
            assertEquals('x', in.read());
            byte[] two = new byte[2];
            assertEquals(2, in.readNBytes(two, 0, 2));
            assertEquals("yz", new String(two, StandardCharsets.US_ASCII));
            c.shutdownOutput();
            assertEquals(-1, in.read());
            in.close();
            assertTrue(!s.isOpen());
        }
    }

    @Test
    void ipv6Loopback() throws Exception {
        TcpListener l;
        try {
            l = TcpListener.open().bind(new InetSocketAddress("::1", 0));
        } catch (java.net.SocketException e) {
            Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
            return;
        }
        try (l) {
            InetSocketAddress local = l.localAddress();
            assertTrue(local.getAddress() instanceof Inet6Address, local.toString());
            Future<Long> server = echoOnce(l, true, false);
            try (TcpStream c = TcpStream.open(local)) {
                assertEquals(local, c.remoteAddress());
                c.write(Loopback.bytes("six"));
                assertEquals("six", StandardCharsets.US_ASCII.decode(Loopback.readExactly(c, 3, true)).toString());
            }
            assertEquals(3L, server.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void addressesAreReportedAsIpv4() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            assertTrue(c.localAddress().getAddress() instanceof Inet4Address);
            assertEquals(c.localAddress(), s.remoteAddress());
            assertEquals(s.localAddress(), c.remoteAddress());
            assertNotNull(s.getLocalAddress());
        }
    }

    @Test
    void thousandConcurrentConnections() throws Exception {
        final int n = 1000;
        try (TcpListener l = Loopback.listener()) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        TcpStream s = l.accept();
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                ByteBuffer b = ByteBuffer.allocate(64);
                                while (s.read(b) >= 0) {
                                    b.flip();
                                    s.write(b);
                                    b.clear();
                                }
                            } catch (Exception e) {
                                throw new RuntimeException(e);
                            }
                        });
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            // All n connect first and stay open, then each does round trips concurrently.
            List<TcpStream> clients = new ArrayList<>();
            for (int i = 0; i < n; i++) clients.add(TcpStream.open(l.localAddress()));
            List<Future<Integer>> results = new ArrayList<>();
            for (TcpStream c : clients) {
                results.add(Loopback.start(true, () -> {
                    try (c) {
                        for (int r = 0; r < 10; r++) {
                            c.write(Loopback.bytes("abcdefgh"));
                            Loopback.readExactly(c, 8, false);
                        }
                        return 10;
                    }
                }));
            }
            int total = 0;
            for (Future<Integer> f : results) total += f.get(60, TimeUnit.SECONDS);
            assertEquals(n * 10, total);
            acceptor.join(10_000);
        }
    }
}
