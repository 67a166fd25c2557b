package dev.spindle.internal.poll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.PollerStats;
import dev.spindle.Spindle;
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Idle costs nothing: with 1,000 open sockets, a thread blocked reading on each of 500 of them,
 * and no traffic, the pollers park. Over an idle second they make almost no waits, and the
 * threads that would carry their work (the virtual threads' carriers, the master poller, the
 * platform poller threads) use almost no CPU; a poller that spun would use most of a core. The
 * pollers holding their carriers for the readers give them up after the bound, so the master,
 * which ticks while a poller holds, sleeps too.
 */
@Timeout(120)
class IdlePollerTest {
    private static final int CONNECTIONS = 500;

    @Test
    void idlePollersParkWithAThousandIdleSockets() throws Exception {
        assumeTrue(Spindle.isAvailable(), "the JDK fallback has no pollers");
        List<TcpStream> streams = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        try (TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < CONNECTIONS; i++) {
                TcpStream client = TcpStream.open(l.localAddress());
                TcpStream server = l.accept();
                streams.add(client);
                streams.add(server);
                readers.add(Thread.ofVirtual().start(() -> {
                    try {
                        server.read(ByteBuffer.allocate(1)); // blocks until the test closes the client
                    } catch (Exception closed) {
                        // the test is over
                    }
                }));
            }
            awaitParkedWaiters(CONNECTIONS);
            Thread.sleep(200); // let the pollers finish whatever the connects left them

            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            List<PollerStats> before = Spindle.pollerStats();
            long cpuBefore = pollerSideCpuNanos(mx);
            long masterBefore = MasterPoller.wakeups();
            Thread.sleep(1000);
            long cpu = pollerSideCpuNanos(mx) - cpuBefore;
            long masterWakeups = MasterPoller.wakeups() - masterBefore;
            List<PollerStats> after = Spindle.pollerStats();

            long waits = 0, spins = 0;
            for (int i = 0; i < after.size(); i++) {
                waits += after.get(i).waits() - before.get(i).waits();
                spins += after.get(i).spinPolls() - before.get(i).spinPolls();
            }
            // Parked: a handful of waits (a timer, a stray wake-up), where a spinning poller makes thousands.
            assertTrue(waits <= 20, "waits in an idle second: " + waits + " (spin polls " + spins + ")");
            // Near zero: well under a tenth of a core, where spinning would take most of one.
            assertTrue(cpu < TimeUnit.MILLISECONDS.toNanos(100), "CPU of carriers and poller threads in an idle second: "
                    + cpu / 1_000_000 + " ms");
            // Asleep: its idle timeout (a second) and a stray wake-up, where a master still ticking wakes a thousand times.
            assertTrue(masterWakeups <= 5, "master poller wake-ups in an idle second: " + masterWakeups);
            assertEquals(CONNECTIONS, countAlive(readers), "every reader still blocked");
        } finally {
            for (TcpStream s : streams) s.close();
            for (Thread t : readers) t.join(10_000);
        }
    }

    private static void awaitParkedWaiters(int n) throws InterruptedException {
        if (!Poller.ON_VIRTUAL_THREADS) return; // platform-thread pollers do not count their waiters
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (Spindle.pollerStats().stream().mapToLong(PollerStats::parkedWaiters).sum() >= n) return;
            Thread.sleep(10);
        }
        throw new AssertionError("the readers never all parked: " + Spindle.pollerStats());
    }

    /** CPU time of the platform threads that run poller work: virtual threads' carriers and Spindle's own threads. */
    private static long pollerSideCpuNanos(ThreadMXBean mx) {
        long sum = 0;
        for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (t == null) continue;
            String name = t.getThreadName();
            if (!name.startsWith("ForkJoinPool") && !name.startsWith("spindle-")) continue;
            long ns = mx.getThreadCpuTime(t.getThreadId());
            if (ns > 0) sum += ns;
        }
        return sum;
    }

    private static long countAlive(List<Thread> threads) {
        return threads.stream().filter(Thread::isAlive).count();
    }
}
