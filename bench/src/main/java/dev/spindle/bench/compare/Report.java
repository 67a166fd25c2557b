package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Renders the comparison as Markdown, CSV and JSON. Every point was measured once
 * per round; the tables give each point's median over the rounds with the min–max
 * of req/s and p99, and ratios of medians against a baseline impl. The CSV and
 * JSON keep every round's figures as well (the ratios of a round's row compare
 * with the baseline measured in the same round).
 */
final class Report {
    static final String BASELINE = "netty-epoll";
    /** The {@code round} of a CSV row that holds medians over the rounds rather than one round. */
    static final String MEDIAN_ROUND = "median";

    private final List<Point> points;
    private final List<Summary> summaries;
    private final Map<String, String> meta;
    private final int rounds;

    Report(List<Point> points, Map<String, String> meta, int rounds) {
        this.points = List.copyOf(points);
        this.summaries = Summary.of(points);
        this.meta = new LinkedHashMap<>(meta);
        this.rounds = rounds;
    }

    List<Summary> summaries() {
        return summaries;
    }

    // ---- ratios against the baseline

    private Optional<Point> baseline(Point p) {
        return points.stream()
                .filter(b -> b.ok() && b.impl().equals(BASELINE) && b.mode().equals(p.mode()) && b.conns() == p.conns() && b.round() == p.round())
                .findFirst();
    }

    private Optional<Summary> baseline(Summary s) {
        return summaries.stream()
                .filter(b -> b.anyOk() && b.impl().equals(BASELINE) && b.mode().equals(s.mode()) && b.conns() == s.conns())
                .findFirst();
    }

    private double rpsRatio(Point p) {
        return p.ok() ? baseline(p).map(b -> p.result().rps() / b.result().rps()).orElse(Double.NaN) : Double.NaN;
    }

    private double p99Ratio(Point p) {
        return p.ok() ? baseline(p).map(b -> p.result().p99us() / b.result().p99us()).orElse(Double.NaN) : Double.NaN;
    }

    /** Ratio of the medians. */
    double rpsRatio(Summary s) {
        return s.anyOk() ? baseline(s).map(b -> s.rps() / b.rps()).orElse(Double.NaN) : Double.NaN;
    }

    double p99Ratio(Summary s) {
        return s.anyOk() ? baseline(s).map(b -> s.p99us() / b.p99us()).orElse(Double.NaN) : Double.NaN;
    }

    // ---- Markdown

    String markdown() {
        StringBuilder sb = new StringBuilder();
        for (String mode : summaries.stream().map(Summary::mode).distinct().toList()) {
            List<Summary> rows = sorted(mode);
            sb.append("\n### ").append(mode).append(" — load generator: ").append(rows.get(0).loadGenerator())
                    .append(" — median of ").append(rounds).append(rounds == 1 ? " round" : " rounds").append("\n\n");
            Table table = new Table().right("conns").left("impl").right("req/s", "req/s min–max", "req/s vs " + BASELINE, "p50", "p99",
                    "p99 min–max", "p99 vs " + BASELINE, "p99.9", "errors", "server CPU (its core)", "load-gen CPU (its cores)");
            for (Summary s : rows) row(table, s);
            sb.append(table.markdown());
            if (rounds > 1) {
                RoundsTable.append(sb, "Each round (req/s; p99)", "conns", rows, rounds, r -> Format.rps(r.rps()) + "; " + Format.latency(r.p99us()));
            }
        }
        sb.append("\nreq/s, p50, p99, p99.9, CPU: the median over the rounds; min–max: the lowest and highest round;"
                + " ratios: of the medians. CPU: utime+stime of the process as % of one core, and in brackets how busy its core(s)"
                + " were in all (irq and softirq included: loopback TCP does much of its work there, charged to no process).\n");
        if (points.stream().anyMatch(Point::loadBound)) {
            sb.append("\n`*` load generator at or near 100% of its CPU (its threads >= 90%, or its cores >= 95% busy) in every round"
                    + " of that point (`*k/n`: in k of its n rounds): the load side, not only the server, limited it.\n");
        }
        for (Summary s : summaries) {
            if (!s.failures().isEmpty()) {
                for (String f : s.failures().lines().toList()) {
                    sb.append("\nfailed: ").append(s.mode()).append(' ').append(s.conns()).append(' ').append(s.impl()).append(' ').append(f).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private List<Summary> sorted(String mode) {
        return summaries.stream().filter(s -> s.mode().equals(mode))
                .sorted((a, b) -> a.conns() != b.conns() ? Integer.compare(a.conns(), b.conns()) : Integer.compare(order(a.impl()), order(b.impl())))
                .toList();
    }

    private static int order(String impl) {
        List<String> all = dev.spindle.bench.server.Impl.labels();
        int i = all.indexOf(impl);
        return i < 0 ? all.size() : i;
    }

    private void row(Table table, Summary s) {
        int ok = s.ok().size();
        String impl = s.impl() + (ok < s.rounds().size() ? " (" + ok + " of " + s.rounds().size() + " rounds)" : "");
        if (ok == 0) {
            table.failedRow(Integer.toString(s.conns()), impl, "failed");
            return;
        }
        int bound = s.loadBoundRounds();
        table.row(Integer.toString(s.conns()), impl, Format.rps(s.rps()), Format.rpsRange(s.rpsMin(), s.rpsMax()),
                Format.ratio(rpsRatio(s)), Format.latency(s.p50us()), Format.latency(s.p99us()),
                Format.latencyRange(s.p99MinUs(), s.p99MaxUs()), Format.ratio(p99Ratio(s)), Format.latency(s.p999us()),
                Long.toString(s.errors()), Format.pct(s.serverCpuPct()) + " (" + Format.pct(s.serverCoreBusyPct()) + ")",
                Format.pct(s.loadCpuPct()) + " (" + Format.pct(s.loadCoresBusyPct()) + ")"
                        + (bound == 0 ? "" : bound == ok ? " *" : " *" + bound + "/" + ok));
    }

    // ---- CSV

    /**
     * One row per point and round ({@code round} = 1..N), then one row per point with the
     * medians ({@code round} = "median", with the min–max columns filled). {@code median}
     * and other readers that want rounds skip the "median" rows.
     */
    String csv() {
        String base = BASELINE.replace('-', '_');
        Table table = new Table().left("mode", "conns", "impl", "round", "load_generator", "rps", "rps_min", "rps_max", "rps_vs_" + base,
                "p50_us", "p99_us", "p99_min_us", "p99_max_us", "p999_us", "p99_vs_" + base, "requests", "errors", "seconds",
                "server_cpu_pct", "server_core_busy_pct", "load_cpu_pct", "load_cores_busy_pct", "load_bound", "rounds_ok", "failure",
                "starved_conns", "idle_conns", "min_conn_rps"); // the last three appended later: readers go by column name
        for (Point p : points) {
            LoadResult r = p.result();
            List<String> f = new ArrayList<>(List.of(p.mode(), Integer.toString(p.conns()), p.impl(), Integer.toString(p.round()),
                    p.loadGenerator()));
            if (r == null) {
                for (int i = 0; i < 18; i++) f.add("");
                f.add("0");
            } else {
                f.addAll(List.of(n(r.rps()), "", "", n(rpsRatio(p)), n(r.p50us()), n(r.p99us()), "", "", n(r.p999us()), n(p99Ratio(p)),
                        Long.toString(r.requests()), Long.toString(r.errors()), n(r.seconds()), n(p.serverCpuPct()),
                        n(p.serverCoreBusyPct()), n(r.loadCpuPct()), n(p.loadCoresBusyPct()), Boolean.toString(p.loadBound()), "1"));
            }
            f.add(Table.oneLine(p.failure() == null ? "" : p.failure())); // readers here take one line per row
            f.addAll(starvation(r == null ? List.of() : List.of(r)));
            table.row(f);
        }
        for (Summary s : summaries) {
            List<String> f = new ArrayList<>(List.of(s.mode(), Integer.toString(s.conns()), s.impl(), MEDIAN_ROUND, s.loadGenerator()));
            if (!s.anyOk()) {
                for (int i = 0; i < 18; i++) f.add("");
                f.add("0");
            } else {
                f.addAll(List.of(n(s.rps()), n(s.rpsMin()), n(s.rpsMax()), n(rpsRatio(s)), n(s.p50us()), n(s.p99us()), n(s.p99MinUs()),
                        n(s.p99MaxUs()), n(s.p999us()), n(p99Ratio(s)), Long.toString(s.requests()), Long.toString(s.errors()),
                        n(s.seconds()), n(s.serverCpuPct()), n(s.serverCoreBusyPct()), n(s.loadCpuPct()), n(s.loadCoresBusyPct()),
                        Boolean.toString(s.loadBoundRounds() > 0), Integer.toString(s.ok().size())));
            }
            f.add(Table.oneLine(s.failures()));
            f.addAll(starvation(s.ok().stream().map(Point::result).toList())); // the worst round
            table.row(f);
        }
        return table.csv();
    }

    /** starved_conns, idle_conns, min_conn_rps: the worst over the results, blank without the C client's counts. */
    private static List<String> starvation(List<LoadResult> results) {
        List<LoadResult> counted = results.stream().filter(r -> r.starvedConns() >= 0).toList();
        if (counted.isEmpty()) return List.of("", "", "");
        return List.of(Integer.toString(counted.stream().mapToInt(LoadResult::starvedConns).max().orElseThrow()),
                Integer.toString(counted.stream().mapToInt(LoadResult::idleConns).max().orElseThrow()),
                n(counted.stream().mapToDouble(LoadResult::minConnRps).min().orElseThrow()));
    }

    // ---- JSON

    String json() {
        StringBuilder sb = new StringBuilder("{\n  \"meta\": {");
        String sep = "";
        for (Map.Entry<String, String> e : meta.entrySet()) {
            sb.append(sep).append("\n    ").append(str(e.getKey())).append(": ").append(str(e.getValue()));
            sep = ",";
        }
        sb.append("\n  },\n  \"baseline\": ").append(str(BASELINE)).append(",\n  \"rounds\": ").append(rounds).append(",\n  \"summary\": [");
        sep = "";
        for (Summary s : summaries) {
            sb.append(sep).append("\n    {\"mode\": ").append(str(s.mode())).append(", \"conns\": ").append(s.conns())
                    .append(", \"impl\": ").append(str(s.impl())).append(", \"load_generator\": ").append(str(s.loadGenerator()))
                    .append(", \"rounds\": ").append(s.rounds().size()).append(", \"rounds_ok\": ").append(s.ok().size());
            if (s.anyOk()) {
                sb.append(", \"rps\": ").append(jn(s.rps())).append(", \"rps_min\": ").append(jn(s.rpsMin()))
                        .append(", \"rps_max\": ").append(jn(s.rpsMax())).append(", \"rps_vs_baseline\": ").append(jn(rpsRatio(s)))
                        .append(", \"p50_us\": ").append(jn(s.p50us())).append(", \"p99_us\": ").append(jn(s.p99us()))
                        .append(", \"p99_min_us\": ").append(jn(s.p99MinUs())).append(", \"p99_max_us\": ").append(jn(s.p99MaxUs()))
                        .append(", \"p99_vs_baseline\": ").append(jn(p99Ratio(s))).append(", \"p999_us\": ").append(jn(s.p999us()))
                        .append(", \"requests\": ").append(s.requests()).append(", \"errors\": ").append(s.errors())
                        .append(", \"server_cpu_pct\": ").append(jn(s.serverCpuPct()))
                        .append(", \"server_core_busy_pct\": ").append(jn(s.serverCoreBusyPct()))
                        .append(", \"load_cpu_pct\": ").append(jn(s.loadCpuPct()))
                        .append(", \"load_cores_busy_pct\": ").append(jn(s.loadCoresBusyPct()))
                        .append(", \"load_bound_rounds\": ").append(s.loadBoundRounds());
            }
            if (!s.failures().isEmpty()) sb.append(", \"failures\": ").append(str(s.failures()));
            sb.append('}');
            sep = ",";
        }
        sb.append("\n  ],\n  \"points\": [");
        sep = "";
        for (Point p : points) {
            LoadResult r = p.result();
            sb.append(sep).append("\n    {\"round\": ").append(p.round()).append(", \"mode\": ").append(str(p.mode()))
                    .append(", \"conns\": ").append(p.conns())
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

    static String n(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : Format.num(v);
    }

    private static String jn(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "null" : Format.num(v);
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
