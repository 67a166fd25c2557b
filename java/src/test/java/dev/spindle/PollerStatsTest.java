package dev.spindle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.internal.Settings;
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PollerStatsTest {
    private static final boolean VIRTUAL_POLLERS = Settings.POLLER_VIRTUAL.isTrue();

    @Test
    void countsWaitsEventsWakeupsAndHandOffs() throws Exception {
        if (!Spindle.isAvailable()) {
            assertEquals(List.of(), Spindle.pollerStats(), "the JDK fallback has no pollers");
            return;
        }
        List<PollerStats> before = Spindle.pollerStats();
        assertEquals(Runtime.getRuntime().availableProcessors(), before.size(), "one entry per poller");
        try (TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0));
             TcpStream client = TcpStream.open(l.localAddress());
             TcpStream server = l.accept()) {
            assertTrue(sum(Spindle.pollerStats(), PollerStats::sockets) >= 3, "listener and both ends registered");
            int rounds = 200;
            Thread echo = Thread.ofVirtual().start(() -> {
                ByteBuffer b = ByteBuffer.allocate(64);
                try {
                    for (int i = 0; i < rounds; i++) {
                        b.clear().limit(1);
                        server.read(b);
                        server.write(b.flip());
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            // The echo thread waits for the first byte: parked on a virtual-thread poller's edge,
            // and after a quiet moment that poller parks idle with the master watching its fd.
            if (VIRTUAL_POLLERS) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (sum(Spindle.pollerStats(), PollerStats::parkedWaiters) == 0 && System.nanoTime() < deadline) Thread.sleep(1);
                assertTrue(sum(Spindle.pollerStats(), PollerStats::parkedWaiters) >= 1, "the echo thread shows as a parked waiter");
                Thread.sleep(50);
            }
            ByteBuffer b = ByteBuffer.allocate(1);
            for (int i = 0; i < rounds; i++) {
                client.write(b.clear().put(0, (byte) i));
                b.clear();
                while (b.hasRemaining()) client.read(b);
                assertEquals((byte) i, b.get(0));
            }
            echo.join(10_000);
        }
        List<PollerStats> after = Spindle.pollerStats();
        long waits = delta(before, after, PollerStats::waits), events = delta(before, after, PollerStats::events);
        assertTrue(waits > 0, "waits counted");
        // Edge-triggered: arrivals before the poller's next wait merge into one event.
        assertTrue(events >= 2 && events <= 4 * 200 + 16, "socket events for 200 echoes: " + events);
        assertTrue(delta(before, after, PollerStats::wakeups) >= 1, "events woke the parked echo thread");
        assertTrue(delta(before, after, PollerStats::emptyWaits) <= waits);
        // Over this test's echoes, not the JVM's life: timers of earlier tests fire in waits with no socket event.
        long fullWaits = waits - delta(before, after, PollerStats::emptyWaits);
        // ...nor in the few waits that fetch only the wake-up the closes cause.
        assertTrue(fullWaits > 0 && events >= fullWaits - 8, "socket events per non-empty wait: " + events + " / " + fullWaits);
        assertTrue(after.stream().anyMatch(s -> s.eventsPerWait() > 0), "events per wait " + after);
        if (VIRTUAL_POLLERS) {
            assertTrue(delta(before, after, PollerStats::idleParks) >= 1, "a poller parked idle");
            assertTrue(delta(before, after, PollerStats::masterWakeups) >= 1, "the master woke an idle poller");
        }
    }

    private static long sum(List<PollerStats> stats, ToLongFunction<PollerStats> f) {
        return stats.stream().mapToLong(f).sum();
    }

    private static long delta(List<PollerStats> before, List<PollerStats> after, ToLongFunction<PollerStats> f) {
        return sum(after, f) - sum(before, f);
    }
}
