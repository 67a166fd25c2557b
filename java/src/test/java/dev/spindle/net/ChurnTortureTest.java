package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checksummed churn: 10,000 virtual-thread connections at once echo random payloads of 1 B to
 * 256 KiB through a Spindle echo server in a child JVM, each checked by CRC32; each connection
 * does a few payloads and closes, and its slot opens the next, until a total count is reached.
 */
@Tag("torture")
class ChurnTortureTest {
    private static final int MAX_PAYLOAD = 256 * 1024, CHUNK = 8 * 1024;

    private final AtomicInteger nextConnection = new AtomicInteger(), open = new AtomicInteger();
    private final AtomicInteger peakOpen = new AtomicInteger();
    private final LongAdder connections = new LongAdder(), payloads = new LongAdder(), bytes = new LongAdder(),
            mismatches = new LongAdder(), errors = new LongAdder();
    private final Torture.Problems problems = new Torture.Problems();
    private InetSocketAddress address;

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // last resort: the slots stop by themselves at churnMaxSeconds
    void tenThousandConnectionsEchoChecksummedPayloadsWhileChurning() throws Exception {
        final int concurrent = Torture.size("churnConnections", 10_000);
        final int total = Torture.size("churnTotal", 3 * concurrent);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Torture.size("churnMaxSeconds", 180));
        Process server = new ProcessBuilder(ChildJvm.command(List.of(), ChurnEchoServer.class))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader serverOut = new BufferedReader(new InputStreamReader(server.getInputStream()));
            address = new InetSocketAddress("127.0.0.1", Integer.parseInt(valueOf(serverOut.readLine(), "port")));
            // Warm up (pollers, classes), then take the fd baseline with every poller stopped.
            runConnection(new SplittableRandom(-1), null, deadline);
            int baselineFds = Torture.awaitPollersStopped();
            List<String> baselineFdTargets = Torture.fdTargets();
            String warmUp = "warm-up: connections=" + connections.sum() + " mismatches=" + mismatches.sum()
                    + " errors=" + errors.sum();
            connections.reset(); // mismatches and errors stay: the warm-up must have none either
            payloads.reset();
            bytes.reset();

            long t0 = System.nanoTime();
            CountDownLatch allOpen = new CountDownLatch(concurrent);
            List<Thread> slots = new ArrayList<>(concurrent);
            for (int i = 0; i < concurrent; i++) {
                long stagger = TimeUnit.SECONDS.toNanos(2) * i / concurrent; // connects spread over 2 s, not one burst
                slots.add(Thread.ofVirtual().start(() -> slot(stagger, total, allOpen, deadline)));
            }
            long joinUntil = deadline + TimeUnit.SECONDS.toNanos(60); // a last connection may start at the deadline
            for (Thread slot : slots) slot.join(Duration.ofNanos(Math.max(1, joinUntil - System.nanoTime())));
            double seconds = (System.nanoTime() - t0) / 1e9;
            String stats = serverStats(server, serverOut, total + 1);
            int endFds = Torture.awaitFdsAtMost(baselineFds);
            String figures = String.format("connections=%d of %d (peak open %d of %d) payloads=%d bytes=%d "
                            + "mismatches=%d errors=%d fds baseline=%d end=%d; server %s; %s in %.1f s",
                    connections.sum(), total, peakOpen.get(), concurrent, payloads.sum(), bytes.sum(), mismatches.sum(),
                    errors.sum(), baselineFds, endFds, stats, warmUp, seconds);
            if (endFds != baselineFds) figures += "; " + Torture.fdChanges(baselineFdTargets);
            System.out.println("torture churn: " + figures);
            if (!problems.isEmpty()) System.out.println("torture churn problems:\n  " + problems);
            assertTrue(connections.sum() == total && peakOpen.get() == concurrent && mismatches.sum() == 0
                    && errors.sum() == 0 && endFds == baselineFds
                    && stats.equals("accepted=" + (total + 1) + " open=0 errors=0"),
                    figures + "\nfirst problems:\n  " + problems);
        } finally {
            Torture.kill(server);
        }
    }

    /** One of the concurrent connections: opens, echoes and closes connections until the total is reached. */
    private void slot(long staggerNanos, int total, CountDownLatch allOpen, long deadline) {
        try {
            Thread.sleep(Duration.ofNanos(staggerNanos));
        } catch (InterruptedException e) {
            return;
        }
        CountDownLatch barrier = allOpen; // the first connection waits until every slot has one open
        for (int n; System.nanoTime() < deadline && (n = nextConnection.getAndIncrement()) < total; barrier = null)
            runConnection(new SplittableRandom(n), barrier, deadline);
        if (barrier != null) barrier.countDown(); // never opened one: do not hold the others
    }

    /**
     * Echoes 1 to 4 payloads on a new connection: a writer thread sends each payload's bytes, made
     * in chunks from a seed, and its CRC; this thread reads the echo, takes its CRC, and compares.
     */
    private void runConnection(SplittableRandom rnd, CountDownLatch barrier, long deadline) {
        int count = 1 + rnd.nextInt(4);
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) sizes[i] = payloadSize(rnd);
        long payloadSeed = rnd.nextLong();
        boolean halfClose = rnd.nextBoolean(); // else close after the last echo, not waiting for the server's end
        TcpStream conn = null;
        try {
            try {
                conn = TcpStream.open(address);
                peakOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            } finally {
                if (barrier != null) barrier.countDown();
            }
            if (barrier != null && !barrier.await(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
                throw new IOException("not every slot opened a connection in time");
            TcpStream c = conn;
            BlockingQueue<Long> sentCrcs = new LinkedBlockingQueue<>();
            AtomicReference<Throwable> writeFailure = new AtomicReference<>();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    writePayloads(c, sizes, payloadSeed, sentCrcs);
                    if (halfClose) c.shutdownOutput();
                } catch (Throwable t) {
                    writeFailure.set(t);
                }
            });
            byte[] chunk = new byte[CHUNK];
            ByteBuffer buf = ByteBuffer.wrap(chunk);
            CRC32 crc = new CRC32();
            for (int i = 0; i < count; i++) {
                crc.reset();
                for (int left = sizes[i], n; left > 0; left -= n) {
                    n = c.read(buf.clear().limit(Math.min(CHUNK, left)));
                    if (n < 0) throw new IOException("end of stream, " + left + " of " + sizes[i] + " bytes to come");
                    crc.update(chunk, 0, n);
                }
                Long sent = sentCrcs.poll(60, TimeUnit.SECONDS);
                if (sent == null) throw new IOException("the writer sent no checksum: " + writeFailure.get());
                if (sent != crc.getValue()) {
                    mismatches.increment();
                    problems.add("payload " + i + " of " + sizes[i] + " B: sent crc " + sent + ", echoed "
                            + crc.getValue());
                }
                payloads.increment();
                bytes.add(sizes[i]);
            }
            if (halfClose) {
                int n = c.read(buf.clear());
                if (n != -1) {
                    mismatches.increment();
                    problems.add(n + " bytes after the last payload, where end of stream was due");
                }
            }
            writer.join(Duration.ofSeconds(60));
            if (writer.isAlive() || writeFailure.get() != null)
                throw new IOException("writer: " + (writer.isAlive() ? "still running" : writeFailure.get()));
            connections.increment();
        } catch (Exception e) {
            errors.increment();
            problems.add("connection", e);
        } finally {
            if (conn != null) {
                try {
                    conn.close();
                } catch (IOException e) {
                    errors.increment();
                    problems.add("close", e);
                }
                open.decrementAndGet();
            }
        }
    }

    private static void writePayloads(TcpStream c, int[] sizes, long seed, BlockingQueue<Long> sentCrcs)
            throws IOException {
        SplittableRandom bytesOf = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        CRC32 crc = new CRC32();
        for (int size : sizes) {
            crc.reset();
            for (int left = size, n; left > 0; left -= n) {
                n = Math.min(CHUNK, left);
                for (int i = 0; i < n; i += 8) {
                    long r = bytesOf.nextLong();
                    for (int j = i; j < Math.min(n, i + 8); j++, r >>>= 8) chunk[j] = (byte) r;
                }
                crc.update(chunk, 0, n);
                c.write(ByteBuffer.wrap(chunk, 0, n));
            }
            sentCrcs.add(crc.getValue());
        }
    }

    /** Log-uniform from 1 B to 256 KiB, so small and large payloads both come often; the two ends exactly too. */
    private static int payloadSize(SplittableRandom rnd) {
        int pick = rnd.nextInt(32);
        if (pick == 0) return 1;
        if (pick == 1) return MAX_PAYLOAD;
        return (int) Math.min(MAX_PAYLOAD, Math.round(Math.exp(rnd.nextDouble() * Math.log(MAX_PAYLOAD))));
    }

    /** Asks the server until it reports {@code accepted} connections and none open (up to 10 s). */
    private static String serverStats(Process server, BufferedReader serverOut, long accepted) throws Exception {
        String stats = "";
        for (long until = System.nanoTime() + 10_000_000_000L; System.nanoTime() < until; Thread.sleep(100)) {
            server.getOutputStream().write("stats\n".getBytes());
            server.getOutputStream().flush();
            stats = serverOut.readLine();
            if (stats == null) return "exited: " + server.waitFor();
            if (stats.startsWith("accepted=" + accepted + " open=0 ")) break;
        }
        return stats;
    }

    private static String valueOf(String line, String key) {
        if (line == null || !line.startsWith(key + "="))
            throw new AssertionError("expected " + key + "=..., got " + line);
        return line.substring(key.length() + 1);
    }
}
