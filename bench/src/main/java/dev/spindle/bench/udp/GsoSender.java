package dev.spindle.bench.udp;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code udp-gso-send} (internal, a child JVM of {@code udp-gso}): sends datagrams to
 * 127.0.0.1:PORT as fast as one thread can, each method in turn for each size, in rounds whose
 * method order rotates. One line per measurement:
 * {@code RESULT round=R size=S segments=N method=M datagrams=D calls=C seconds=T cpu_s=U}
 * or {@code RESULT round=R size=S segments=N method=M unsupported=WHY}; at the end
 * {@code SENT datagrams=N}, every datagram sent, warm-ups included.
 */
@Command(name = "udp-gso-send", hidden = true, description = "Internal: the sender JVM of udp-gso.")
public final class GsoSender implements Callable<Integer> {
    @Option(names = "--port", required = true)
    int port;
    @Option(names = "--sizes", split = ",", defaultValue = "64,1200", paramLabel = "BYTES")
    List<Integer> sizes;
    @Option(names = "--segments", defaultValue = "32")
    int segments;
    @Option(names = "--methods", split = ",", paramLabel = "M", description = "Default: all.")
    List<String> methods;
    @Option(names = "--seconds", defaultValue = "2")
    double seconds;
    @Option(names = "--warmup", defaultValue = "0.5")
    double warmup;
    @Option(names = "--rounds", defaultValue = "3")
    int rounds;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
        List<String> methods = this.methods != null ? this.methods : Bursts.METHODS;
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long total = 0; // warm-ups included, to set against what the receiver got
        for (int round = 1; round <= rounds; round++) {
            for (int si = 0; si < sizes.size(); si++) {
                int size = sizes.get(si);
                int n = segmentsFor(size, segments);
                List<String> order = new ArrayList<>();
                for (int k = 0; k < methods.size(); k++) order.add(methods.get((k + si + round - 1) % methods.size()));
                for (String method : order) {
                    String head = String.format(Locale.ROOT, "RESULT round=%d size=%d segments=%d method=%s", round, size, n, method);
                    try (Burst<?> b = Bursts.open(method, target, size, n)) {
                        total += run(b, warmup);
                        long cpu0 = cpu.getCurrentThreadCpuTime();
                        long t0 = System.nanoTime();
                        long datagrams = run(b, seconds);
                        double secs = (System.nanoTime() - t0) / 1e9;
                        total += datagrams;
                        double cpuS = (cpu.getCurrentThreadCpuTime() - cpu0) / 1e9;
                        long calls = datagrams / n * b.calls();
                        System.out.printf(Locale.ROOT, "%s datagrams=%d calls=%d seconds=%.3f cpu_s=%.3f%n", head, datagrams, calls, secs, cpuS);
                    } catch (UnsupportedOperationException e) {
                        System.out.println(head + " unsupported=" + String.valueOf(e.getMessage()).replace(' ', '_'));
                    }
                    System.out.flush();
                }
            }
        }
        System.out.println("SENT datagrams=" + total);
        return 0;
    }

    /** GSO sends at most 64 segments and 65,507 bytes per call. */
    static int segmentsFor(int size, int wanted) {
        return Math.max(1, Math.min(Math.min(wanted, 64), 65_507 / size));
    }

    /** Sends bursts for {@code seconds}; returns the datagrams sent. */
    private static long run(Burst<?> b, double seconds) throws IOException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long sent = 0;
        while (System.nanoTime() < end) sent += b.send();
        return sent;
    }
}
