package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.internal.channel.DatagramSlots;
import dev.spindle.internal.channel.NativeDatagram;
import dev.spindle.internal.sys.NativeConstants;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The UDP core in non-blocking mode, as the provider's DatagramChannel drives it: calls that would wait return at once. */
@Timeout(60)
class UdpNonBlockingCoreTest {
    /** A minimal owning channel, as a provider channel would be. */
    private static final class Core extends CoreChannel {
        final NativeDatagram io;

        Core() throws IOException {
            io = new NativeDatagram(NativeDatagram.newSocket(NativeConstants.FAMILY_IPV4), NativeConstants.FAMILY_IPV4, owner);
            io.socket().waiting.setBlocking(false);
            io.bind(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        protected void implCloseChannel() {
            io.close();
        }
    }

    @Test
    void callsThatWouldWaitReturnAtOnce() throws Exception {
        Udp.assumeNative();
        try (Core a = new Core(); Core b = new Core()) {
            DatagramSlots slots = new DatagramSlots(8, 64);
            ByteBuffer heap = ByteBuffer.allocate(16), direct = ByteBuffer.allocateDirect(16);
            assertNull(a.io.receive(heap));
            assertNull(a.io.receive(direct));
            assertEquals(0, a.io.receive(slots, 8));
            a.io.connect(b.io.localAddress());
            assertEquals(0, a.io.read(heap));

            assertEquals(3, b.io.send(Udp.text("abc"), a.io.localAddress(), 0));
            // Registration may lag the send by a softirq: poll a bounded number of times.
            int n = 0;
            for (int i = 0; i < 10_000 && n == 0; i++) n = a.io.read(heap.clear());
            assertEquals(3, n);
            assertEquals("abc", Udp.text(heap.flip()));

            b.io.send(Udp.text("d"), a.io.localAddress(), 0);
            b.io.send(Udp.text("e"), a.io.localAddress(), 0);
            int got = 0;
            for (int i = 0; i < 10_000 && got < 2; i++) got += a.io.receive(slots, 8);
            assertEquals(2, got);
            assertEquals(0, a.io.receive(slots, 8));
            assertTrue(a.io.socket().isOpen());
        }
    }
}
