package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spindle's own options (SpindleOptions) round-trip, and do what they say: TCP_USER_TIMEOUT fails a write
 * that makes no progress, keepalive probes go out on an idle connection, TCP_INFO reports round-trip times,
 * SO_REUSEPORT spreads accepts, TCP Fast Open carries data in the SYN.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SpindleOptionsTest {
    private static final boolean LINUX = System.getProperty("os.name").toLowerCase().contains("linux");
    /** Raising SO_BUSY_POLL above net.core.busy_read needs CAP_NET_ADMIN. */
    private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

    private static void assumeNativeLinux() {
        assumeTrue(Spindle.isAvailable(), "needs Spindle's native channels");
        assumeTrue(LINUX, "these options are Linux's");
    }

    @Test
    void roundTrip() throws Exception {
        assumeNativeLinux();
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]; TcpListener l = Loopback.listener()) {
            assertEquals(0, c.getOption(SpindleOptions.TCP_USER_TIMEOUT));
            assertEquals(1500, c.setOption(SpindleOptions.TCP_USER_TIMEOUT, 1500).getOption(SpindleOptions.TCP_USER_TIMEOUT));
            assertTrue(c.setOption(SpindleOptions.TCP_CORK, true).getOption(SpindleOptions.TCP_CORK));
            assertFalse(c.setOption(SpindleOptions.TCP_CORK, false).getOption(SpindleOptions.TCP_CORK));
            assertEquals(16384, c.setOption(SpindleOptions.TCP_NOTSENT_LOWAT, 16384).getOption(SpindleOptions.TCP_NOTSENT_LOWAT));
            if (ROOT) assertEquals(50, c.setOption(SpindleOptions.SO_BUSY_POLL, 50).getOption(SpindleOptions.SO_BUSY_POLL));
            else assertThrows(SocketException.class, () -> c.setOption(SpindleOptions.SO_BUSY_POLL, 50)); // needs CAP_NET_ADMIN
            assertEquals("reno", c.setOption(SpindleOptions.TCP_CONGESTION, "reno").getOption(SpindleOptions.TCP_CONGESTION));
            SocketException unknown = assertThrows(SocketException.class, () -> c.setOption(SpindleOptions.TCP_CONGESTION, "no-such-cc"));
            assertTrue(unknown.getMessage().contains("no-such-cc"), unknown.getMessage());
            assertThrows(SocketException.class, () -> c.setOption(SpindleOptions.TCP_INFO, c.getOption(SpindleOptions.TCP_INFO)));
            assertThrows(IllegalArgumentException.class, () -> c.setOption(SpindleOptions.TCP_USER_TIMEOUT, null));
            assertThrows(SocketException.class, () -> c.setOption(SpindleOptions.TCP_USER_TIMEOUT, -1)); // EINVAL
            assertEquals(16, l.setOption(SpindleOptions.TCP_FASTOPEN, 16).getOption(SpindleOptions.TCP_FASTOPEN));
            assertEquals(2000, l.setOption(SpindleOptions.TCP_USER_TIMEOUT, 2000).getOption(SpindleOptions.TCP_USER_TIMEOUT));
            // a listener's option is not a stream's, and the reverse
            assertThrows(UnsupportedOperationException.class, () -> c.getOption(SpindleOptions.TCP_FASTOPEN));
            assertThrows(UnsupportedOperationException.class, () -> l.getOption(SpindleOptions.TCP_INFO));
        }
        try (TcpStream fresh = TcpStream.open()) {
            assertTrue(fresh.setOption(SpindleOptions.TCP_FASTOPEN_CONNECT, true).getOption(SpindleOptions.TCP_FASTOPEN_CONNECT));
        }
        UnixStream[] u = UnixStream.pair();
        try (UnixStream a = u[0]; UnixStream b = u[1]) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> a.setOption(SpindleOptions.TCP_USER_TIMEOUT, 1));
            assertTrue(e.getMessage().contains("TCP_USER_TIMEOUT"), e.getMessage());
        }
        try (UdpSocket udp = UdpSocket.open()) {
            assertEquals(0, udp.getOption(SpindleOptions.SO_BUSY_POLL));
            if (ROOT) assertEquals(20, udp.setOption(SpindleOptions.SO_BUSY_POLL, 20).getOption(SpindleOptions.SO_BUSY_POLL));
        }
    }

    @Test
    void tcpInfoReportsTheConnection() throws Exception {
        assumeNativeLinux();
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            ByteBuffer b = ByteBuffer.allocate(1000);
            for (int i = 0; i < 20; i++) { // some round trips, so rtt samples exist
                c.write(b.clear());
                b.clear();
                while (b.hasRemaining()) s.read(b);
                s.write(b.flip());
                b.clear();
                while (b.hasRemaining()) c.read(b);
            }
            TcpInfo info = c.getOption(SpindleOptions.TCP_INFO);
            assertEquals(1, info.state(), "established");
            assertTrue(info.rttMicros() > 0, info.toString());
            assertTrue(info.congestionWindow() > 0, info.toString());
            assertTrue(info.sendMss() > 0, info.toString());
            assertTrue(info.bytesAcked() >= 20 * 1000, info.toString());
            assertTrue(info.bytesReceived() >= 20 * 1000, info.toString());
            assertTrue(info.segmentsOut() >= 20, info.toString());
            assertEquals(0, info.totalRetransmits(), "loopback loses nothing");
        }
    }

    /**
     * A peer that stops reading, with small buffers: the window closes and the write blocks. Without
     * TCP_USER_TIMEOUT it would wait forever (the kernel keeps probing a zero window); with 1 s it fails
     * with ETIMEDOUT a little after that (the next probe after the bound; probes back off exponentially).
     */
    @Test
    void userTimeoutFailsAWriteThatMakesNoProgress() throws Exception {
        assumeNativeLinux();
        for (boolean virtual : new boolean[] {false, true}) {
            try (TcpListener l = TcpListener.open()) {
                l.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // inherited by the accepted socket
                l.bind(Loopback.v4());
                Future<TcpStream> accepted = Loopback.start(false, l::accept);
                try (TcpStream c = TcpStream.open()) {
                    c.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
                    c.setOption(SpindleOptions.TCP_USER_TIMEOUT, 1000);
                    c.connect(l.localAddress());
                    try (TcpStream peer = accepted.get(10, TimeUnit.SECONDS)) {
                        long start = System.nanoTime();
                        Future<Long> writer = Loopback.start(virtual, () -> {
                            ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
                            for (;;) c.write(chunk.clear());
                        });
                        Throwable t = Loopback.failureOf(writer);
                        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                        assertTrue(t instanceof SocketException, String.valueOf(t));
                        assertTrue(t.getMessage().toLowerCase().contains("timed out"), t.getMessage());
                        assertTrue(ms >= 900 && ms < 8000, "failed after " + ms + " ms");
                    }
                }
            }
        }
    }

    /**
     * Keepalive with TCP_KEEPIDLE 1 s and TCP_KEEPINTERVAL 1 s on a connection nobody writes to: the
     * probes are segments, so TCP_INFO's segment counters move on both ends while no data does.
     */
    @Test
    void keepaliveProbesAreSent() throws Exception {
        assumeNativeLinux();
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            c.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            c.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 1);
            c.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, 1);
            c.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
            TcpInfo before = c.getOption(SpindleOptions.TCP_INFO), peerBefore = s.getOption(SpindleOptions.TCP_INFO);
            Thread.sleep(3500);
            TcpInfo after = c.getOption(SpindleOptions.TCP_INFO), peerAfter = s.getOption(SpindleOptions.TCP_INFO);
            assertTrue(after.segmentsOut() - before.segmentsOut() >= 2, before + " -> " + after);
            assertTrue(peerAfter.segmentsIn() - peerBefore.segmentsIn() >= 2, peerBefore + " -> " + peerAfter);
            assertEquals(before.bytesAcked(), after.bytesAcked(), "no data moved");
        }
        // without keepalive, nothing moves
        TcpStream[] q = Loopback.pair();
        try (TcpStream c = q[0]; TcpStream s = q[1]) {
            c.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 1);
            TcpInfo before = c.getOption(SpindleOptions.TCP_INFO);
            Thread.sleep(1500);
            assertEquals(before.segmentsOut(), c.getOption(SpindleOptions.TCP_INFO).segmentsOut());
        }
    }

    @Test
    void reusePortSpreadsAcceptsAcrossListeners() throws Exception {
        assumeNativeLinux();
        try (TcpListener a = TcpListener.open(); TcpListener b = TcpListener.open()) {
            a.setOption(StandardSocketOptions.SO_REUSEPORT, true).bind(Loopback.v4());
            b.setOption(StandardSocketOptions.SO_REUSEPORT, true).bind(a.localAddress());
            assertEquals(a.localAddress(), b.localAddress());
            int n = 64;
            Future<Integer> fromA = Loopback.start(true, () -> acceptAll(a));
            Future<Integer> fromB = Loopback.start(true, () -> acceptAll(b));
            List<TcpStream> clients = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < n; i++) clients.add(TcpStream.open(a.localAddress()));
                for (TcpStream c : clients) c.write(ByteBuffer.wrap(new byte[] {1}));
            } finally {
                for (TcpStream c : clients) c.close();
            }
            int gotA = fromA.get(20, TimeUnit.SECONDS), gotB = fromB.get(20, TimeUnit.SECONDS);
            assertEquals(n, gotA + gotB);
            assertTrue(gotA > 0 && gotB > 0, "a: " + gotA + ", b: " + gotB);
        }
        try (TcpListener a = Loopback.listener(); TcpListener b = TcpListener.open()) {
            assertThrows(java.net.BindException.class, () -> b.bind(a.localAddress()), "without SO_REUSEPORT the port is taken");
        }
    }

    /** Accepts until 400 ms pass with no connection; reads each one's byte; counts them. */
    private static int acceptAll(TcpListener l) throws IOException {
        Set<TcpStream> got = new HashSet<>();
        l.setAcceptTimeout(java.time.Duration.ofMillis(400));
        try {
            for (;;) {
                TcpStream s;
                try {
                    s = l.accept();
                } catch (java.net.SocketTimeoutException e) {
                    return got.size();
                }
                got.add(s);
                s.read(ByteBuffer.allocate(1));
            }
        } finally {
            for (TcpStream s : got) s.close();
        }
    }

    /**
     * TCP Fast Open on loopback: the server queue (TCP_FASTOPEN) and a client connect with
     * TCP_FASTOPEN_CONNECT. The first connection fetches a cookie (the kernel may hold one already); with it, the second one's first write
     * rides the SYN, which TCP_INFO says the server acknowledged (TCPI_OPT_SYN_DATA), and the server reads it.
     * The server half needs bit 2 of net.ipv4.tcp_fastopen: set for the test when the test may, and put back.
     */
    @Test
    void fastOpenCarriesDataInTheSyn() throws Exception {
        assumeNativeLinux();
        Path sysctl = Path.of("/proc/sys/net/ipv4/tcp_fastopen");
        int was = Integer.parseInt(Files.readString(sysctl).trim());
        boolean changed = false;
        if ((was & 3) != 3) {
            try {
                Files.writeString(sysctl, Integer.toString(was | 3));
                changed = true;
            } catch (IOException e) {
                assumeTrue(false, "net.ipv4.tcp_fastopen is " + was + " (server side off) and this test may not change it: " + e);
            }
        }
        try (TcpListener l = TcpListener.open()) {
            l.setOption(SpindleOptions.TCP_FASTOPEN, 16).bind(Loopback.v4());
            boolean[] synData = new boolean[2];
            for (int round = 0; round < 2; round++) {
                Future<String> served = Loopback.start(true, () -> {
                    try (TcpStream s = l.accept()) {
                        ByteBuffer b = ByteBuffer.allocate(100);
                        s.read(b);
                        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
                    }
                });
                try (TcpStream c = TcpStream.open()) {
                    c.setOption(SpindleOptions.TCP_FASTOPEN_CONNECT, true);
                    c.connect(l.localAddress());
                    c.write(ByteBuffer.wrap(("hello " + round).getBytes(StandardCharsets.US_ASCII)));
                    assertEquals("hello " + round, served.get(10, TimeUnit.SECONDS));
                    synData[round] = c.getOption(SpindleOptions.TCP_INFO).synDataAcked();
                }
            }
            // the first connection fetched a cookie unless the kernel kept one from an earlier run
            assertTrue(synData[1], "the second connection's data went with its SYN");
        } finally {
            if (changed) Files.writeString(sysctl, Integer.toString(was));
        }
    }

    @Test
    void sendBufferReadsBackAsSet() throws Exception {
        assumeTrue(Spindle.isAvailable(), "needs Spindle's native channels");
        try (TcpStream c = TcpStream.open()) {
            assertEquals(131072, c.setOption(StandardSocketOptions.SO_SNDBUF, 131072).getOption(StandardSocketOptions.SO_SNDBUF));
        }
    }
}
