package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.harness.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * bench/native's spindle-udp-load in echo mode: one epoll thread, F flows (one socket each), each
 * keeping {@code window} datagrams in flight, lost ones resent after {@code timeoutMs}. The
 * "connections" of {@link LoadGenerator} are its flows; req/s are echoed datagrams per second.
 */
final class UdpLoad implements LoadGenerator {
    private static final long MAX_PACKETS = 2_000_000_000L;
    private final Path binary;
    private final int size;
    private final int window;
    private final double timeoutMs;
    private final Pinning pinning;

    UdpLoad(Path binary, int size, int window, double timeoutMs, Pinning pinning) {
        this.binary = binary;
        this.size = size;
        this.window = window;
        this.timeoutMs = timeoutMs;
        this.pinning = pinning;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "spindle-udp-load (bench/native, 1 epoll thread, recvmmsg/sendmmsg, %d-byte datagrams,"
                + " %d in flight per flow, resent after %.0f ms)", size, window, timeoutMs);
    }

    @Override
    public int threads(int flows) {
        return 1;
    }

    @Override
    public LoadResult run(int port, int flows, double warmupS, double seconds, Window w) throws IOException, InterruptedException {
        List<String> cmd = List.of(binary.toString(), "--port", Integer.toString(port), "--flows", Integer.toString(flows),
                "--window", Integer.toString(window), "--size", Integer.toString(size),
                "--timeout-ms", Double.toString(timeoutMs), "--warmup", Double.toString(warmupS),
                "--duration", Double.toString(seconds), "--max-packets", Long.toString(MAX_PACKETS));
        Map<String, String> result = new HashMap<>();
        StringBuilder other = new StringBuilder();
        int rc = ChildProcess.run(pinning.load(cmd), warmupS + seconds + 30, line -> {
            if (line.startsWith("MEASURE")) {
                w.begin();
            } else if (line.startsWith("RESULT ")) {
                w.end();
                result.putAll(NativeLoad.resultLine(line));
            } else {
                other.append(line).append(' ');
            }
        });
        if (rc != 0 || !result.containsKey("pps")) throw new IOException("UDP load generator failed (exit " + rc + "): " + other);
        return parse(result);
    }

    /** A RESULT line's figures as a LoadResult: echoes as requests, idle flows as idle connections. */
    static LoadResult parse(Map<String, String> r) {
        double measured = NativeLoad.d(r, "seconds");
        long late = (long) NativeLoad.d(r, "late");
        String note = late > 0 ? late + " late echoes (after their resend)" : "";
        int idle = NativeLoad.count(r, "idle_flows");
        return new LoadResult(NativeLoad.d(r, "pps"), NativeLoad.d(r, "p50_us"), NativeLoad.d(r, "p99_us"), NativeLoad.d(r, "p999_us"),
                (long) NativeLoad.d(r, "echoed"), (long) NativeLoad.d(r, "errors"), measured,
                measured > 0 ? 100 * NativeLoad.d(r, "cpu_s") / measured : Double.NaN, note,
                idle, idle, NativeLoad.d(r, "min_flow_pps"), NativeLoad.d(r, "loss_pct"));
    }
}
