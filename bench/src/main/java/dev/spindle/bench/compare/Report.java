package dev.spindle.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Renders the comparison as a Markdown table, CSV and JSON, with ratios against a baseline impl. */
final class Report {
    static final String BASELINE = "netty-epoll";

    private final List<Point> points;
    private final Map<String, String> meta;

    Report(List<Point> points, Map<String, String> meta) {
        this.points = List.copyOf(points);
        this.meta = new LinkedHashMap<>(meta);
    }

    private Optional<Point> baseline(Point p) {
        return points.stream()
                .filter(b -> b.ok() && b.impl().equals(BASELINE) && b.mode().equals(p.mode()) && b.conns() == p.conns())
                .findFirst();
    }

    private double rpsRatio(Point p) {
        return p.ok() ? baseline(p).map(b -> p.result().rps() / b.result().rps()).orElse(Double.NaN) : Double.NaN;
    }

    private double p99Ratio(Point p) {
        return p.ok() ? baseline(p).map(b -> p.result().p99us() / b.result().p99us()).orElse(Double.NaN) : Double.NaN;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        for (String mode : points.stream().map(Point::mode).distinct().toList()) {
            List<Point> rows = points.stream().filter(p -> p.mode().equals(mode)).toList();
            sb.append("\n### ").append(mode).append(" — load generator: ").append(rows.get(0).loadGenerator()).append("\n\n");
            sb.append("| conns | impl | req/s | req/s vs ").append(BASELINE).append(" | p50 | p99 | p99.9 | p99 vs ")
                    .append(BASELINE).append(" | errors | server CPU (its core) | load-gen CPU (its cores) |\n");
            sb.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int conns : rows.stream().map(Point::conns).distinct().sorted().toList()) {
                rows.stream().filter(p -> p.conns() == conns)
                        .sorted((a, b) -> Integer.compare(order(a.impl()), order(b.impl())))
                        .forEach(p -> sb.append(row(p)));
            }
        }
        sb.append("\nCPU: utime+stime of the process as % of one core, and in brackets how busy its core(s) were in all"
                + " (irq and softirq included: loopback TCP does much of its work there, charged to no process).\n");
        if (points.stream().anyMatch(Point::loadBound)) {
            sb.append("\n`*` load generator at or near 100% of its CPU (its threads >= 90%, or its cores >= 95% busy):"
                    + " the load side, not only the server, limited that point.\n");
        }
        points.stream().filter(p -> !p.ok()).forEach(p -> sb.append("\nfailed: ").append(p.mode()).append(' ')
                .append(p.conns()).append(' ').append(p.impl()).append(": ").append(p.failure()).append('\n'));
        return sb.toString();
    }

    private static int order(String impl) {
        List<String> all = dev.spindle.bench.server.Impl.labels();
        int i = all.indexOf(impl);
        return i < 0 ? all.size() : i;
    }

    private String row(Point p) {
        if (!p.ok()) return "| " + p.conns() + " | " + p.impl() + " | failed | | | | | | | | |\n";
        LoadResult r = p.result();
        return "| " + p.conns() + " | " + p.impl() + " | " + Format.rps(r.rps()) + " | " + Format.ratio(rpsRatio(p))
                + " | " + Format.latency(r.p50us()) + " | " + Format.latency(r.p99us()) + " | " + Format.latency(r.p999us())
                + " | " + Format.ratio(p99Ratio(p)) + " | " + r.errors() + " | " + Format.pct(p.serverCpuPct())
                + " (" + Format.pct(p.serverCoreBusyPct()) + ") | " + Format.pct(r.loadCpuPct()) + " ("
                + Format.pct(p.loadCoresBusyPct()) + ")" + (p.loadBound() ? " *" : "") + " |\n";
    }

    String csv() {
        StringBuilder sb = new StringBuilder("mode,conns,impl,load_generator,rps,rps_vs_" + BASELINE.replace('-', '_')
                + ",p50_us,p99_us,p999_us,p99_vs_" + BASELINE.replace('-', '_')
                + ",requests,errors,seconds,server_cpu_pct,server_core_busy_pct,load_cpu_pct,load_cores_busy_pct,load_bound,failure"
                + ",starved_conns,idle_conns,min_conn_rps\n"); // appended last: readers go by column name
        for (Point p : points) {
            LoadResult r = p.result();
            List<String> f = new ArrayList<>(List.of(p.mode(), Integer.toString(p.conns()), p.impl(), csvQuote(p.loadGenerator())));
            if (r == null) {
                for (int i = 0; i < 14; i++) f.add("");
            } else {
                f.addAll(List.of(n(r.rps()), n(rpsRatio(p)), n(r.p50us()), n(r.p99us()), n(r.p999us()), n(p99Ratio(p)),
                        Long.toString(r.requests()), Long.toString(r.errors()), n(r.seconds()), n(p.serverCpuPct()),
                        n(p.serverCoreBusyPct()), n(r.loadCpuPct()), n(p.loadCoresBusyPct()), Boolean.toString(p.loadBound())));
            }
            f.add(csvQuote(p.failure() == null ? "" : p.failure()));
            f.addAll(r == null || r.starvedConns() < 0 ? List.of("", "", "")
                    : List.of(Integer.toString(r.starvedConns()), Integer.toString(r.idleConns()), n(r.minConnRps())));
            sb.append(String.join(",", f)).append('\n');
        }
        return sb.toString();
    }

    String json() {
        StringBuilder sb = new StringBuilder("{\n  \"meta\": {");
        String sep = "";
        for (Map.Entry<String, String> e : meta.entrySet()) {
            sb.append(sep).append("\n    ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
            sep = ",";
        }
        sb.append("\n  },\n  \"baseline\": ").append(str(BASELINE)).append(",\n  \"points\": [");
        sep = "";
        for (Point p : points) {
            LoadResult r = p.result();
            sb.append(sep).append("\n    {\"mode\": ").append(str(p.mode())).append(", \"conns\": ").append(p.conns())
                    .append(", \"impl\": ").append(str(p.impl())).append(", \"load_generator\": ").append(str(p.loadGenerator()));
            if (r != null) {
                sb.append(", \"rps\": ").append(jn(r.rps())).append(", \"rps_vs_baseline\": ").append(jn(rpsRatio(p)))
                        .append(", \"p50_us\": ").append(jn(r.p50us())).append(", \"p99_us\": ").append(jn(r.p99us()))
                        .append(", \"p999_us\": ").append(jn(r.p999us())).append(", \"p99_vs_baseline\": ").append(jn(p99Ratio(p)))
                        .append(", \"requests\": ").append(r.requests()).append(", \"errors\": ").append(r.errors())
                        .append(", \"seconds\": ").append(jn(r.seconds()))
                        .append(", \"server_cpu_pct\": ").append(jn(p.serverCpuPct()))
                        .append(", \"server_core_busy_pct\": ").append(jn(p.serverCoreBusyPct()))
                        .append(", \"load_cpu_pct\": ").append(jn(r.loadCpuPct()))
                        .append(", \"load_cores_busy_pct\": ").append(jn(p.loadCoresBusyPct()))
                        .append(", \"load_bound\": ").append(p.loadBound());
                if (!r.note().isEmpty()) sb.append(", \"note\": ").append(str(r.note()));
            } else {
                sb.append(", \"failure\": ").append(str(p.failure()));
            }
            sb.append('}');
            sep = ",";
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    private static String n(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : Format.num(v);
    }

    private static String jn(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : Format.num(v);
    }

    private static String csvQuote(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    private static String str(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : (s == null ? "" : s).toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
