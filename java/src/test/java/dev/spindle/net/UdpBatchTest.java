package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Batches of every size from 1 to 64 move exactly their datagrams, and the batch path allocates nothing. */
@Timeout(120)
class UdpBatchTest {
    private static final int MAX = 64;

    @BeforeEach
    void needsNatives() {
        Udp.assumeNative();
    }

    /** Datagram i of a batch of n: 1 + (i * 7) % 50 bytes, each (n * 64 + i) & 0xff. */
    private static ByteBuffer datagram(int n, int i) {
        ByteBuffer b = ByteBuffer.allocate(1 + (i * 7) % 50);
        while (b.hasRemaining()) b.put((byte) (n * 64 + i));
        return b.flip();
    }

    /** Receives exactly n datagrams into batch (several receives if the kernel hands them over in parts). */
    private static void receiveAll(UdpSocket s, DatagramBatch batch, int n, DatagramBatch into) throws Exception {
        into.clear();
        for (int calls = 0; into.count() < n; calls++) {
            assertTrue(calls < n, "too many receives");
            int got = s.receive(batch);
            assertTrue(got >= 1 && got <= batch.capacity());
            assertEquals(got, batch.count());
            for (int i = 0; i < got; i++) into.add(batch.buffer(i), batch.address(i));
        }
        assertEquals(n, into.count());
    }

    @ParameterizedTest(name = "ipv6={0}")
    @ValueSource(booleans = {false, true})
    void everyBatchSizeFrom1To64SendsAndReceivesExactlyItsDatagrams(boolean ipv6) throws Exception {
        try (UdpSocket a = Udp.bound(ipv6); UdpSocket b = Udp.bound(ipv6);
                DatagramBatch out = DatagramBatch.allocate(MAX, 100); DatagramBatch in = DatagramBatch.allocate(MAX, 100);
                DatagramBatch all = DatagramBatch.allocate(MAX, 100)) {
            for (int n = 1; n <= MAX; n++) {
                out.clear();
                for (int i = 0; i < n; i++) out.add(datagram(n, i), b.localAddress());
                assertEquals(n, out.count());
                assertEquals(n, a.send(out));
                receiveAll(b, in, n, all);
                for (int i = 0; i < n; i++) {
                    assertEquals(datagram(n, i), all.buffer(i), "batch " + n + ", datagram " + i);
                    assertEquals(a.localAddress(), all.address(i));
                    assertFalse(all.truncated(i));
                    assertEquals(0, all.segmentSize(i));
                }
                // The reply in place: every slot goes back to its source.
                assertEquals(in.count(), b.send(in));
                receiveAll(a, in, in.count(), all);
                for (int i = 0; i < all.count(); i++) assertEquals(b.localAddress(), all.address(i));
            }
        }
    }

    @Test
    void ipv4TargetsOfABatchReachAnIpv4Socket() throws Exception {
        // A batch encodes its targets for dual-stack sockets; an IPv4 socket converts them.
        try (UdpSocket v4 = Udp.bound(false); UdpSocket dual = UdpSocket.open().bind(null);
                DatagramBatch batch = DatagramBatch.allocate(4, 16)) {
            dual.setReadTimeout(java.time.Duration.ofSeconds(10));
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", dual.localAddress().getPort());
            batch.add(Udp.text("one"), target);
            batch.add(Udp.text("two"), target);
            assertEquals(2, v4.send(batch));
            ByteBuffer dst = ByteBuffer.allocate(16);
            assertEquals(v4.localAddress(), dual.receive(dst));
            assertEquals("one", Udp.text(dst.flip()));
        }
    }

    @Test
    void slotsCanBeEditedInPlaceAndTruncationIsReportedPerSlot() throws Exception {
        try (UdpSocket a = Udp.bound(false); UdpSocket b = Udp.bound(false);
                DatagramBatch small = DatagramBatch.allocate(4, 4)) {
            a.send(Udp.text("abcdefgh"), b.localAddress());
            a.send(Udp.text("xy"), b.localAddress());
            java.util.List<String> seen = new java.util.ArrayList<>();
            while (seen.size() < 2) {
                int n = b.receive(small);
                for (int i = 0; i < n; i++) seen.add(Udp.text(small.buffer(i)) + (small.truncated(i) ? "+" : ""));
            }
            assertEquals(java.util.List.of("abcd+", "xy"), seen);
            // Edit the last slot in place and send it back shorter.
            int last = small.count() - 1;
            ByteBuffer view = small.buffer(last);
            assertSame(view, small.buffer(last));
            view.put(0, (byte) 'Z');
            small.setLength(last, 1);
            assertThrows(IndexOutOfBoundsException.class, () -> small.setLength(last, 5));
            assertEquals(small.count(), b.send(small));
            ByteBuffer dst = ByteBuffer.allocate(8);
            for (int i = 0; i < small.count(); i++) a.receive(dst.clear());
            assertEquals("Z", Udp.text(dst.flip()));
        }
    }

    @Test
    void batchArgumentsAreChecked() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> DatagramBatch.allocate(0, 10));
        assertThrows(IllegalArgumentException.class, () -> DatagramBatch.allocate(1025, 10));
        assertThrows(IllegalArgumentException.class, () -> DatagramBatch.allocate(1, 65536));
        DatagramBatch b = DatagramBatch.allocate(1, 2);
        assertThrows(IllegalArgumentException.class, () -> b.add(Udp.text("abc"), null));
        b.add(Udp.text("ab"), null);
        assertThrows(IllegalStateException.class, () -> b.add(Udp.text("c"), null));
        assertEquals(null, b.address(0)); // the connected peer
        assertThrows(IndexOutOfBoundsException.class, () -> b.length(1));
        b.close();
        assertThrows(IllegalStateException.class, b::clear);
    }

    @Test
    void theBatchPathAllocatesNothingPerDatagram() throws Exception {
        try (UdpSocket a = Udp.bound(false); UdpSocket b = Udp.bound(false);
                DatagramBatch out = DatagramBatch.allocate(32, 64); DatagramBatch in = DatagramBatch.allocate(32, 64);
                DatagramBatch back = DatagramBatch.allocate(32, 64)) {
            ByteBuffer payload = ByteBuffer.allocateDirect(64);
            InetSocketAddress target = b.localAddress();
            long allocated = Allocations.ofRounds(() -> {
                out.clear();
                for (int i = 0; i < 32; i++) out.add(payload.clear(), target);
                a.send(out);
                for (int got = 0; got < 32; ) got += b.receive(in);
                b.send(in); // receive may split the 32 over several calls: the last part is echoed in place
                for (int got = 0; got < in.count(); ) got += a.receive(back);
            }, 3_000, 1_000);
            System.out.println("allocated " + allocated + " bytes in 1,000 rounds of 32 datagrams out and back");
            assertTrue(allocated < 1024, allocated + " bytes allocated by 64,000 batched datagrams");
        }
    }
}
