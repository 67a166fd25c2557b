package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A burst into a small receive buffer: every datagram sent is either received or counted as dropped by the kernel. */
@Timeout(60)
class UdpLossTest {
    private static final int ROUNDS = 100, BATCH = 64;

    @Test
    void sentEqualsReceivedPlusCountedDrops() throws Exception {
        Udp.assumeNative();
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "SO_RXQ_OVFL is Linux's");
        try (UdpSocket r = UdpSocket.open(StandardProtocolFamily.INET); UdpSocket s = Udp.bound(false);
                DatagramBatch out = DatagramBatch.allocate(BATCH, 200); DatagramBatch in = DatagramBatch.allocate(BATCH, 200)) {
            r.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            r.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress target = r.localAddress();
            ByteBuffer payload = ByteBuffer.allocate(200);
            for (int i = 0; i < BATCH; i++) out.add(payload.clear(), target);
            long sent = 0;
            for (int round = 0; round < ROUNDS; round++) sent += s.send(out); // bounded: ROUNDS * BATCH datagrams
            // Drain what the buffer kept (on loopback every datagram is queued or dropped by the time send returns).
            long received = 0;
            r.setReadTimeout(Duration.ofMillis(200));
            for (int calls = 0; calls <= sent; calls++) {
                try {
                    received += r.receive(in);
                } catch (SocketTimeoutException drained) {
                    break;
                }
            }
            // The kernel reports its counter with each datagram: a marker after the drain brings it as it stands.
            r.setReadTimeout(Duration.ofSeconds(10));
            s.send(Udp.text("end"), target);
            ByteBuffer dst = ByteBuffer.allocate(200);
            for (int calls = 0; ; calls++) {
                assertTrue(calls <= sent, "no marker");
                r.receive(dst.clear());
                if (dst.flip().remaining() == 3) break;
                received++; // a late payload datagram
            }
            long drops = r.receiveDrops();
            System.out.println("sent " + sent + ", received " + received + ", counted drops " + drops);
            assertTrue(drops > 0, "a 4 KiB receive buffer must overflow under " + sent + " datagrams");
            assertEquals(sent, received + drops);
            long proc = procDrops(target.getPort());
            if (proc >= 0) assertEquals(drops, proc, "the drops column of /proc/net/udp");
        }
    }

    /** The drops column of /proc/net/udp for the socket on this local port, or -1 if not readable. */
    private static long procDrops(int port) throws Exception {
        Path udp = Path.of("/proc/net/udp");
        if (!Files.isReadable(udp)) return -1;
        String hexPort = String.format(":%04X", port);
        List<String> lines = Files.readAllLines(udp);
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f[1].endsWith(hexPort)) return Long.parseLong(f[f.length - 1]);
        }
        return -1;
    }
}
