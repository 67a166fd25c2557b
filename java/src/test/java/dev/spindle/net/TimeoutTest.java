package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(120)
class TimeoutTest {
    /**
     * A timeout must never fire early, and must fire: this bound only catches a hang. How late it
     * fires is a measurement, not a test (java/examples/TimeoutPrecision.java); this VM is noisy.
     */
    private static final long LIVENESS_MS = 5_000;

    /** Runs op, which must time out, and returns how long it took in ms. */
    private static long timeTimeout(ThrowingRunnable op) throws Exception {
        long start = System.nanoTime();
        SocketTimeoutException e = assertThrows(SocketTimeoutException.class, op::run);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(e.getMessage().contains("timed out after"), e.getMessage());
        return ms;
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @ParameterizedTest(name = "{0} ms, virtual={1}")
    @CsvSource({"10,true", "100,true", "1000,true", "10,false", "100,false", "1000,false"})
    void readTimeoutFiresOnTimeAndTheStreamStaysUsable(long millis, boolean virtual) throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            c.setReadTimeout(Duration.ofMillis(millis));
            Future<Long> took = Loopback.start(virtual, () -> timeTimeout(() -> c.read(ByteBuffer.allocate(8))));
            long ms = took.get(30, TimeUnit.SECONDS);
            assertTrue(ms >= millis && ms <= millis + LIVENESS_MS, "timed out after " + ms + " ms, wanted " + millis);
            // Data that arrives later is still read, on the same stream (with room for a slow machine).
            c.setReadTimeout(Duration.ofSeconds(10));
            Future<ByteBuffer> next = Loopback.start(virtual, () -> Loopback.readExactly(c, 5, false));
            Thread.sleep(millis / 2);
            s.write(Loopback.bytes("later"));
            assertEquals(5, next.get(10, TimeUnit.SECONDS).remaining());
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void acceptTimeout(boolean virtual) throws Exception {
        try (TcpListener l = Loopback.listener()) {
            l.setAcceptTimeout(Duration.ofMillis(100));
            long ms = Loopback.start(virtual, () -> timeTimeout(l::accept)).get(10, TimeUnit.SECONDS);
            assertTrue(ms >= 100 && ms <= 100 + LIVENESS_MS, ms + " ms");
            assertTrue(l.isOpen(), "a timed-out accept leaves the listener usable");
            try (TcpStream c = TcpStream.open(l.localAddress()); TcpStream s = l.accept()) {
                assertEquals(c.localAddress(), s.remoteAddress());
            }
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void writeTimeoutWhenThePeerDoesNotRead(boolean virtual) throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            if (!dev.spindle.Spindle.isAvailable()) {
                assertThrows(UnsupportedOperationException.class, () -> c.setWriteTimeout(Duration.ofMillis(200)));
                return;
            }
            c.setWriteTimeout(Duration.ofMillis(200));
            ByteBuffer big = ByteBuffer.allocate(64 << 20);
            long ms = Loopback.start(virtual, () -> timeTimeout(() -> c.write(big))).get(30, TimeUnit.SECONDS);
            assertTrue(ms >= 200, ms + " ms");
            int written = big.position();
            assertTrue(written > 0 && written < big.capacity(), "partial progress is kept: " + written);
            // The bytes written before the timeout all arrive, and the stream still writes.
            c.setWriteTimeout(Duration.ZERO);
            Future<Long> drained = Loopback.start(true, () -> {
                long n = 0;
                ByteBuffer sink = ByteBuffer.allocateDirect(1 << 16);
                for (int r; (r = s.read(sink.clear())) > 0; ) n += r;
                return n;
            });
            c.write(Loopback.bytes("tail"));
            c.shutdownOutput();
            assertEquals(written + 4L, drained.get(30, TimeUnit.SECONDS));
        }
    }

    /** A listener with a full accept queue drops SYNs, so connect hangs; nothing leaves the machine. */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void connectTimeoutClosesTheStream(boolean virtual) throws Exception {
        try (TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0), 1)) {
            List<TcpStream> queued = new ArrayList<>();
            try {
                for (int i = 0; i < 20; i++) {
                    TcpStream s = TcpStream.open();
                    Future<Throwable> attempt = Loopback.start(virtual, () -> {
                        try {
                            s.connect(l.localAddress(), Duration.ofMillis(300));
                            return null;
                        } catch (Exception e) {
                            return e;
                        }
                    });
                    Throwable t = attempt.get(10, TimeUnit.SECONDS);
                    if (t == null) {
                        queued.add(s);
                        continue;
                    }
                    assertInstanceOf(SocketTimeoutException.class, t);
                    assertTrue(t.getMessage().contains("connect to"), t.getMessage());
                    assertFalse(s.isOpen(), "a timed-out connect closes the stream");
                    return;
                }
                throw new AssertionError("no connect timed out with a full backlog");
            } finally {
                for (TcpStream s : queued) s.close();
            }
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeAndInterruptDuringATimedWait(boolean virtual) throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream s = p[1]) {
            TcpStream c = p[0];
            c.setReadTimeout(Duration.ofSeconds(30));
            var f = new java.util.concurrent.FutureTask<>(() -> c.read(ByteBuffer.allocate(1)));
            Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(f);
            Loopback.awaitBlocked(t);
            c.close();
            assertInstanceOf(AsynchronousCloseException.class, Loopback.failureOf(f));
        }
        TcpStream[] q = Loopback.pair();
        try (TcpStream s = q[1]) {
            TcpStream c = q[0];
            c.setReadTimeout(Duration.ofSeconds(30));
            var f = new java.util.concurrent.FutureTask<>(() -> c.read(ByteBuffer.allocate(1)));
            Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(f);
            Loopback.awaitBlocked(t);
            t.interrupt();
            assertInstanceOf(ClosedByInterruptException.class, Loopback.failureOf(f));
            assertFalse(c.isOpen());
        }
    }

    @Test
    void badTimeouts() throws Exception {
        try (TcpStream s = TcpStream.open(); TcpListener l = TcpListener.open()) {
            assertThrows(IllegalArgumentException.class, () -> s.setReadTimeout(Duration.ofMillis(-1)));
            assertThrows(IllegalArgumentException.class, () -> s.setWriteTimeout(Duration.ofMillis(-1)));
            assertThrows(IllegalArgumentException.class, () -> l.setAcceptTimeout(Duration.ofMillis(-1)));
            assertThrows(NullPointerException.class, () -> s.setReadTimeout(null));
            assertThrows(IllegalArgumentException.class,
                    () -> s.connect(new InetSocketAddress("127.0.0.1", 1), Duration.ofSeconds(-1)));
            s.setReadTimeout(Duration.ofDays(365_000)); // clamped, no overflow
            assertEquals(Duration.ZERO, l.getAcceptTimeout());
        }
    }
}
