package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer that vanishes from the network, not one that merely stops reading: the peer listens in its own
 * network namespace behind a veth pair, and once connected the test sends its answers into a blackhole route. Then TCP_INFO
 * counts retransmissions, TCP_USER_TIMEOUT ends the connection within its bound, and unanswered keepalive
 * probes end an idle one. Needs root and iproute2 (ip netns) and python3 for the peer; skipped, saying so,
 * where those are missing.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeadPeerTest {
    private static final long PID = ProcessHandle.current().pid();
    private final String ns = "spindle" + PID, host = "spd" + PID % 100000 + "a", peer = "spd" + PID % 100000 + "b";
    private final String subnet = "10.213." + PID % 250 + ".";
    private final InetSocketAddress peerAddress = new InetSocketAddress(subnet + "2", 7000);
    private Process listener;

    @BeforeEach
    void makeNetwork() throws Exception {
        assumeTrue(Spindle.isAvailable(), "needs Spindle's native channels");
        assumeTrue(System.getProperty("os.name").toLowerCase().contains("linux"), "network namespaces are Linux's");
        assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")), "needs iproute2");
        assumeTrue(run("python3", "-c", "pass") == 0, "needs python3 for the peer");
        assumeTrue(run("ip", "netns", "add", ns) == 0, "ip netns add failed");
        sh("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
        sh("ip", "link", "set", peer, "netns", ns);
        sh("ip", "addr", "add", subnet + "1/30", "dev", host);
        sh("ip", "link", "set", host, "up");
        sh("ip", "-n", ns, "addr", "add", subnet + "2/30", "dev", peer);
        sh("ip", "-n", ns, "link", "set", peer, "up");
        // the peer: accepts connections and holds them, reading nothing
        listener = new ProcessBuilder("ip", "netns", "exec", ns, "python3", "-c",
                "import socket,time\n"
                        + "s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)\n"
                        + "s.bind(('" + peerAddress.getHostString() + "', 7000)); s.listen(16)\n"
                        + "held=[]\n"
                        + "while True: held.append(s.accept())\n").redirectErrorStream(true).start();
    }

    @AfterEach
    void removeNetwork() throws Exception {
        if (listener != null) {
            listener.destroyForcibly();
            listener.waitFor(5, TimeUnit.SECONDS);
        }
        run("ip", "netns", "del", ns); // takes the veth pair with it
        run("ip", "link", "del", host);
    }

    interface Opener {
        TcpStream open() throws IOException;
    }

    /** A connection to the peer, retried (on a new stream) while its listener starts. */
    private TcpStream connect(Opener opener) throws Exception {
        for (long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10); ; Thread.sleep(50)) {
            try {
                return opener.open().connect(peerAddress);
            } catch (java.net.ConnectException e) { // the failed stream closed itself
                if (System.nanoTime() > until) throw e;
            }
        }
    }

    @Test
    void userTimeoutEndsWritesToAVanishedPeerAndRetransmitsAreCounted() throws Exception {
        for (boolean virtual : new boolean[] {false, true}) {
            try (TcpStream c = connect(() -> TcpStream.open().setOption(SpindleOptions.TCP_USER_TIMEOUT, 1500))) {
                c.write(ByteBuffer.wrap(new byte[1000]));
                Thread.sleep(100); // acknowledged while the peer is there
                vanish();
                AtomicLong maxRetransmits = new AtomicLong();
                long start = System.nanoTime();
                Future<Void> writer = Loopback.start(virtual, () -> {
                    ByteBuffer b = ByteBuffer.allocateDirect(64 * 1024);
                    for (;;) {
                        c.write(b.clear());
                        maxRetransmits.accumulateAndGet(c.getOption(SpindleOptions.TCP_INFO).totalRetransmits(), Math::max);
                    }
                });
                maxRetransmits.accumulateAndGet(timesOut(c, writer, start, 1400, 10_000, TcpInfo::totalRetransmits), Math::max);
                assertTrue(maxRetransmits.get() > 0, "retransmits seen: " + maxRetransmits);
            } finally {
                reappear();
            }
        }
    }

    @Test
    void unansweredKeepaliveProbesEndAnIdleConnection() throws Exception {
        try (TcpStream c = connect(() -> TcpStream.open().setOption(StandardSocketOptions.SO_KEEPALIVE, true)
                .setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 1).setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, 1)
                .setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 2))) {
            vanish();
            long start = System.nanoTime();
            Future<Integer> reader = Loopback.start(true, () -> c.read(ByteBuffer.allocate(10)));
            long maxProbes = timesOut(c, reader, start, 2000, 15_000, TcpInfo::probes);
            assertTrue(maxProbes > 0, "unanswered probes seen: " + maxProbes);
        }
    }

    /**
     * Samples {@code counter} of the connection's TCP_INFO while {@code task} runs, and checks that the task
     * failed with ETIMEDOUT between {@code minMillis} and {@code maxMillis} after {@code start}: the largest
     * value sampled.
     */
    private static long timesOut(TcpStream c, Future<?> task, long start, long minMillis, long maxMillis,
            java.util.function.ToLongFunction<TcpInfo> counter) throws Exception {
        long max = 0;
        while (!task.isDone()) {
            try {
                max = Math.max(max, counter.applyAsLong(c.getOption(SpindleOptions.TCP_INFO)));
            } catch (IOException closedMeanwhile) {
                break;
            }
            Thread.sleep(50);
        }
        Throwable t = Loopback.failureOf(task);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(t instanceof SocketException && t.getMessage().toLowerCase().contains("timed out"), String.valueOf(t));
        assertTrue(ms >= minMillis && ms < maxMillis, "ended after " + ms + " ms");
        return max;
    }

    /** The peer's answers go nowhere (a blackhole route back to us): its end is silent, ours still sends. */
    private void vanish() throws Exception {
        sh("ip", "-n", ns, "route", "add", "blackhole", subnet + "1/32");
    }

    private void reappear() throws Exception {
        run("ip", "-n", ns, "route", "del", "blackhole", subnet + "1/32");
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, TimeUnit.SECONDS) ? p.exitValue() : -1;
    }

    private static void sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0)
            throw new IOException(String.join(" ", command) + " failed: " + out);
    }
}
