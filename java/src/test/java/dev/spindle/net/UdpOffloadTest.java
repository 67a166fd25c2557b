package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UDP GSO and GRO round trips: segment boundaries are where the sender put them. */
@Timeout(60)
class UdpOffloadTest {
    private static final int SEGMENT = 1000, SEGMENTS = 5, LAST = 300;
    private static final int TOTAL = SEGMENT * (SEGMENTS - 1) + LAST;

    @BeforeEach
    void needsNatives() {
        Udp.assumeNative();
        System.out.println("GSO supported: " + UdpSocket.isGsoSupported() + ", GRO supported: " + UdpSocket.isGroSupported());
    }

    /** TOTAL bytes; every byte of segment k is k + 1, so a misplaced boundary shows. */
    private static ByteBuffer segmented(boolean direct) {
        ByteBuffer b = direct ? ByteBuffer.allocateDirect(TOTAL) : ByteBuffer.allocate(TOTAL);
        for (int i = 0; i < TOTAL; i++) b.put((byte) (i / SEGMENT + 1));
        return b.flip();
    }

    /** Receives datagrams one by one until TOTAL bytes came; checks each is one whole segment. */
    private static void expectSegments(UdpSocket r) throws Exception {
        ByteBuffer dst = ByteBuffer.allocate(2 * SEGMENT);
        for (int k = 0; k < SEGMENTS; k++) {
            r.receive(dst.clear());
            dst.flip();
            assertEquals(k == SEGMENTS - 1 ? LAST : SEGMENT, dst.remaining(), "datagram " + k);
            while (dst.hasRemaining()) assertEquals(k + 1, dst.get(), "a byte of datagram " + k);
        }
    }

    @Test
    void gsoSendArrivesAsSeparateDatagramsAtAPlainSocket() throws Exception {
        assumeTrue(UdpSocket.isGsoSupported(), "the kernel has no UDP_SEGMENT");
        try (UdpSocket s = Udp.bound(false); UdpSocket r = Udp.bound(false)) {
            ByteBuffer heap = segmented(false);
            assertEquals(TOTAL, s.send(heap, SEGMENT, r.localAddress()));
            assertEquals(TOTAL, heap.position());
            expectSegments(r);
            assertEquals(TOTAL, s.send(segmented(true), SEGMENT, r.localAddress()));
            expectSegments(r);
        }
    }

    @Test
    void groReceivesOneGsoSendCoalescedWithItsSegmentSize() throws Exception {
        assumeTrue(UdpSocket.isGsoSupported() && UdpSocket.isGroSupported(), "the kernel lacks UDP_SEGMENT or UDP_GRO");
        try (UdpSocket s = Udp.bound(false); UdpSocket r = Udp.bound(false);
                DatagramBatch batch = DatagramBatch.allocate(8, 65535)) {
            r.setOption(UdpOptions.GRO, true);
            s.send(segmented(false), SEGMENT, r.localAddress());
            // The kernel may hand the flow over in one coalesced slot or in several: boundaries must hold either way.
            List<Integer> slots = new ArrayList<>();
            int bytes = 0;
            while (bytes < TOTAL) {
                int n = r.receive(batch);
                for (int i = 0; i < n; i++) {
                    int len = batch.length(i), seg = batch.segmentSize(i);
                    slots.add(len);
                    if (seg != 0) {
                        assertEquals(SEGMENT, seg, "the GRO segment size");
                        assertTrue(len > SEGMENT, "a coalesced slot holds more than one segment");
                    }
                    ByteBuffer b = batch.buffer(i);
                    for (int j = 0; j < len; j++) assertEquals((bytes + j) / SEGMENT + 1, b.get(j));
                    bytes += len;
                }
            }
            assertEquals(TOTAL, bytes);
            System.out.println("GSO send of " + TOTAL + " bytes received with GRO as slots of " + slots);
            // Echo in place: a coalesced slot goes back through GSO with its segment size, so the
            // plain sender sees the original datagrams again.
            r.send(batch);
            expectSegments(s);
        }
    }

    @Test
    void gsoPerSlotInABatch() throws Exception {
        assumeTrue(UdpSocket.isGsoSupported(), "the kernel has no UDP_SEGMENT");
        try (UdpSocket s = Udp.bound(false); UdpSocket r = Udp.bound(false);
                DatagramBatch batch = DatagramBatch.allocate(2, TOTAL)) {
            batch.add(segmented(false), r.localAddress());
            batch.setSegmentSize(0, SEGMENT);
            batch.add(Udp.text("plain"), r.localAddress());
            assertEquals(2, s.send(batch));
            expectSegments(r);
            ByteBuffer dst = ByteBuffer.allocate(10);
            r.receive(dst);
            assertEquals("plain", Udp.text(dst.flip()));
        }
    }

    @Test
    void missingOffloadIsExplicit() throws Exception {
        try (UdpSocket s = Udp.bound(false)) {
            if (!UdpSocket.isGsoSupported()) {
                UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                        () -> s.send(segmented(false), SEGMENT, s.localAddress()));
                assertEquals("UDP GSO (UDP_SEGMENT) is not supported by this kernel/OS", e.getMessage());
            }
            if (!UdpSocket.isGroSupported())
                assertThrows(UnsupportedOperationException.class, () -> s.getOption(UdpOptions.GRO));
            assertThrows(IllegalArgumentException.class, () -> s.send(segmented(false), 0, s.localAddress()));
        }
    }
}
