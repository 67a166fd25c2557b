package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.harness.ChildProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** bench/native's spindle-echo-load: one epoll thread, one request in flight per connection. */
public final class NativeLoad implements LoadGenerator {
    private static final long MAX_REQUESTS = 200_000_000L;
    private final Path binary;
    private final String proto;
    private final int size;
    private final Pinning pinning;
    private final double tailS;
    private final double rate;
    /** How long past the warm-up the window may wait for every connection's first answer. */
    static final double SETTLE_S = 30;

    public NativeLoad(Path binary, String proto, int size, Pinning pinning) {
        this(binary, proto, size, pinning, 0, 0);
    }

    private NativeLoad(Path binary, String proto, int size, Pinning pinning, double tailS, double rate) {
        this.binary = binary;
        this.proto = proto;
        this.size = size;
        this.pinning = pinning;
        this.tailS = tailS;
        this.rate = rate;
    }

    /**
     * The same client, keeping its load going {@code seconds} past the window (--tail),
     * with {@code window.end()} called at its "MEASURE end" line: an observer that
     * reacts to both window edges with the same delay then sees the same load
     * throughout, instead of a loaded start and an idle end.
     */
    public NativeLoad withTail(double seconds) {
        return new NativeLoad(binary, proto, size, pinning, seconds, rate);
    }

    /**
     * The same client, paced (--rate): {@code roundTripsPerSecond} round trips start at a fixed
     * rate across all connections, each timed from its scheduled start (no coordinated omission).
     */
    public NativeLoad withRate(double roundTripsPerSecond) {
        if (!(roundTripsPerSecond > 0)) throw new IllegalArgumentException("a paced rate must be > 0, not " + roundTripsPerSecond);
        return new NativeLoad(binary, proto, size, pinning, tailS, roundTripsPerSecond);
    }

    @Override
    public String describe() {
        return "spindle-echo-load (bench/native, 1 epoll thread" + (proto.equals("echo") ? ", " + size + "-byte messages" : ", HTTP GET") + ")";
    }

    @Override
    public int threads(int conns) {
        return 1;
    }

    @Override
    public LoadResult run(int port, int conns, double warmupS, double seconds, Window window) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(binary.toString(), "--port", Integer.toString(port), "--proto", proto,
                "--conns", Integer.toString(conns), "--size", Integer.toString(size),
                "--warmup", Double.toString(warmupS), "--duration", Double.toString(seconds),
                "--max-requests", Long.toString(MAX_REQUESTS)));
        if (tailS > 0) cmd.addAll(List.of("--tail", Double.toString(tailS)));
        if (rate > 0) cmd.addAll(List.of("--rate", Double.toString(rate)));
        // The window opens once every connection has been served (at most SETTLE_S late): a
        // thread-per-connection server on platform threads accepts slowly under load.
        cmd.addAll(List.of("--settle", Double.toString(SETTLE_S)));
        Map<String, String> result = new HashMap<>();
        StringBuilder other = new StringBuilder();
        boolean[] ended = new boolean[1];
        int rc = ChildProcess.run(pinning.load(cmd), warmupS + SETTLE_S + seconds + tailS + 30, line -> {
            if (line.startsWith("MEASURE end")) {
                ended[0] = true;
                window.end();
            } else if (line.startsWith("MEASURE")) {
                window.begin();
            } else if (line.startsWith("RESULT ")) {
                if (!ended[0]) window.end();
                result.putAll(resultLine(line));
            } else {
                other.append(line).append(' ');
            }
        });
        if (rc != 0 || !result.containsKey("rps")) throw new IOException("load generator failed (exit " + rc + "): " + other);
        double measured = d(result, "seconds");
        long errors = (long) (d(result, "errors") + d(result, "connect_errors"));
        String note = Integer.parseInt(result.get("connected")) < conns ? "only " + result.get("connected") + " connected" : "";
        double allServed = result.containsKey("all_served_s") ? d(result, "all_served_s") : Double.NaN;
        if (allServed < 0 || allServed > warmupS + 0.5) // worth saying: the window started late, or never had them all
            note = (note.isEmpty() ? "" : note + "; ") + (allServed < 0 ? "not every connection was served before the window"
                    : String.format(java.util.Locale.ROOT, "every connection served once only after %.1f s", allServed));
        return new LoadResult(d(result, "rps"), d(result, "p50_us"), d(result, "p99_us"), d(result, "p999_us"),
                (long) d(result, "requests"), errors, measured, 100 * d(result, "cpu_s") / measured, note,
                count(result, "starved_conns"), count(result, "idle_conns"), d(result, "min_conn_rps"));
    }

    /** The key=value pairs of a "RESULT k=v k=v ..." line (both C clients print one). */
    static Map<String, String> resultLine(String line) {
        Map<String, String> out = new HashMap<>();
        for (String kv : line.substring("RESULT ".length()).trim().split("\\s+")) {
            int eq = kv.indexOf('=');
            if (eq > 0) out.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return out;
    }

    /** A count from the RESULT line; -1 when an older client does not print it. */
    static int count(Map<String, String> m, String k) {
        String v = m.get(k);
        return v == null ? -1 : Integer.parseInt(v);
    }

    static double d(Map<String, String> m, String k) {
        String v = m.get(k);
        return v == null ? Double.NaN : Double.parseDouble(v);
    }
}
