package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.internal.poll.Pollers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 10,000 virtual threads, each blocked in a read with a 30 s timeout that is
 * re-armed on every read: none fires, and when all are done the pollers hold no deadline.
 */
@Timeout(300)
class ManyTimedReadersTest {
    /** The soft limit on open files, from /proc/self/limits. */
    private static long openFileLimit() throws java.io.IOException {
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/limits")))
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        return 0;
    }

    @Test
    void tenThousandTimedReaders() throws Exception {
        final int n = 10_000, messages = 3;
        long limit = openFileLimit();
        org.junit.jupiter.api.Assumptions.assumeTrue(limit >= n + 2000,
                "needs " + (n + 2000) + " open files, the limit is " + limit + " (raise it with ulimit -n)");
        AtomicInteger received = new AtomicInteger(), failures = new AtomicInteger();
        List<Thread> readers = new ArrayList<>(n);
        // The clients live in a child process: both ends here would need 20,000 fds.
        try (TcpListener l = Loopback.listener()) {
            Thread acceptor = Thread.ofPlatform().start(() -> {
                try {
                    for (int i = 0; i < n; i++) {
                        TcpStream server = l.accept();
                        server.setReadTimeout(Duration.ofSeconds(30));
                        readers.add(Thread.ofVirtual().start(() -> {
                            try (server) {
                                ByteBuffer b = ByteBuffer.allocate(16);
                                for (int r; (r = server.read(b.clear())) > 0; ) received.addAndGet(r);
                            } catch (Exception e) {
                                failures.incrementAndGet();
                                e.printStackTrace();
                            }
                        }));
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    e.printStackTrace();
                }
            });
            Process swarm = ClientSwarm.start(l.localAddress().getPort(), n);
            try {
                acceptor.join(120_000);
                // Every reader parks with an armed deadline; each round makes each one re-arm.
                int peak = 0;
                for (int m = 0; m < messages; m++) {
                    Thread.sleep(ThreadLocalRandom.current().nextInt(50, 150));
                    peak = Math.max(peak, Pollers.pendingTimers());
                    ClientSwarm.command(swarm, "send", "sent");
                }
                if (dev.spindle.Spindle.isAvailable()) assertTrue(peak >= n / 2, "readers waited with armed deadlines: " + peak + " in the heaps");
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (received.get() < n * messages && System.nanoTime() < deadline) Thread.sleep(20);
                ClientSwarm.command(swarm, "close", null); // readers see end of stream and disarm
                swarm.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            } finally {
                swarm.destroy();
            }
            for (Thread t : readers) t.join(60_000);
        }
        assertEquals(0, failures.get(), "no reader failed or timed out");
        assertEquals(n * messages, received.get());
        long until = System.nanoTime() + 10_000_000_000L;
        while (Pollers.pendingTimers() > 0 && System.nanoTime() < until) Thread.sleep(20);
        assertEquals(0, Pollers.pendingTimers(), "every cancelled deadline left the pollers' heaps");
    }
}
