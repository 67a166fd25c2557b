package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.harness.ProcStat;
import dev.spindle.bench.harness.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * wrk (HTTP/1.1 keep-alive GETs, no pipelining). Reads Requests/sec and the
 * 50%/99% lines of its --latency output; a small Lua done() hook adds p99.9
 * and the error counts. Its CPU is the cutime+cstime this JVM gains when it
 * reaps the measured wrk.
 */
final class WrkLoad implements LoadGenerator {
    private static final String SCRIPT = """
            done = function(summary, latency, requests)
              local e = summary.errors
              io.write(string.format("WRKEXTRA p999_us=%d requests=%d errors=%d\\n",
                latency:percentile(99.9), summary.requests,
                e.connect + e.read + e.write + e.status + e.timeout))
            end
            """;
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PCT = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s|m)\\s*$", Pattern.MULTILINE);
    private static final Pattern EXTRA = Pattern.compile("WRKEXTRA p999_us=(\\d+) requests=(\\d+) errors=(\\d+)");

    private final Path wrk;
    private final Pinning pinning;
    private final Path script;

    WrkLoad(Path wrk, Pinning pinning) throws IOException {
        this.wrk = wrk;
        this.pinning = pinning;
        this.script = Files.createTempFile("spindle-bench-wrk", ".lua");
        script.toFile().deleteOnExit();
        Files.writeString(script, SCRIPT);
    }

    @Override
    public String describe() {
        return "wrk (" + wrk + ", " + pinning.loadCpuCount() + " thread(s), --latency)";
    }

    @Override
    public int threads(int conns) {
        return Math.min(pinning.loadCpuCount(), conns);
    }

    @Override
    public LoadResult run(int port, int conns, double warmupS, double seconds, Window window) throws IOException, InterruptedException {
        if (warmupS > 0) wrk(port, conns, warmupS, false, line -> { });
        StringBuilder out = new StringBuilder();
        double cpu0 = ProcStat.reapedChildrenCpuSeconds();
        long t0 = System.nanoTime();
        window.begin();
        int rc = wrk(port, conns, seconds, true, line -> out.append(line).append('\n'));
        window.end();
        double wall = (System.nanoTime() - t0) / 1e9;
        double cpu = ProcStat.reapedChildrenCpuSeconds() - cpu0;
        String text = out.toString();
        Matcher rps = RPS.matcher(text);
        Matcher extra = EXTRA.matcher(text);
        if (rc != 0 || !rps.find() || !extra.find()) throw new IOException("wrk failed (exit " + rc + "):\n" + text);
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher pct = PCT.matcher(text);
        while (pct.find()) {
            double us = toMicros(Double.parseDouble(pct.group(2)), pct.group(3));
            if (pct.group(1).equals("50")) p50 = us;
            else p99 = us;
        }
        return new LoadResult(Double.parseDouble(rps.group(1)), p50, p99, Double.parseDouble(extra.group(1)),
                Long.parseLong(extra.group(2)), Long.parseLong(extra.group(3)), seconds, 100 * cpu / wall, "");
    }

    private int wrk(int port, int conns, double seconds, boolean measured, java.util.function.Consumer<String> lines)
            throws IOException, InterruptedException {
        long secs = Math.max(1, Math.round(seconds));
        List<String> cmd = new ArrayList<>(List.of(wrk.toString(), "-t", Integer.toString(threads(conns)),
                "-c", Integer.toString(conns), "-d", secs + "s", "--timeout", "5s"));
        if (measured) cmd.addAll(List.of("--latency", "-s", script.toString()));
        cmd.add(String.format(Locale.ROOT, "http://127.0.0.1:%d/", port));
        return ChildProcess.run(pinning.load(cmd), secs + 30, lines);
    }

    private static double toMicros(double v, String unit) {
        return switch (unit) {
            case "us" -> v;
            case "ms" -> v * 1e3;
            case "s" -> v * 1e6;
            default -> v * 60e6; // "m"
        };
    }
}
