package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.Spindle;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** A read or write that succeeds allocates nothing, with heap or direct buffers, through the streams too. */
class AllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void successfulReadsAndWritesAllocateNothing() throws Exception {
        Assumptions.assumeTrue(Spindle.isAvailable(), "the native path's guarantee");
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            ByteBuffer heap = ByteBuffer.allocate(64), direct = ByteBuffer.allocateDirect(64);
            byte[] array = new byte[64];
            var in = s.inputStream();
            var out = c.outputStream();
            Runnable round = () -> {
                try {
                    c.write(heap.clear());
                    s.read(direct.clear()); // 64 bytes are queued: the read does not wait
                    c.write(direct.flip());
                    s.read(heap.clear());
                    out.write(array, 0, 64);
                    in.read(array, 0, 64);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            };
            for (int i = 0; i < 20_000; i++) round.run(); // warm up: JIT, lazily created state
            long tid = Thread.currentThread().threadId();
            long before = THREADS.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 10_000; i++) round.run();
            long allocated = THREADS.getThreadAllocatedBytes(tid) - before;
            System.out.println("allocated " + allocated + " bytes in 60,000 successful reads and writes");
            // 60,000 operations; allow a few hundred bytes for the counter itself and stray JIT events.
            assertTrue(allocated < 1024, allocated + " bytes allocated by 60,000 reads and writes");
        }
    }
}
