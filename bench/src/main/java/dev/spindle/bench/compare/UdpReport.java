package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Table;
import dev.spindle.bench.udp.UdpImpl;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The UDP echo comparison as Markdown and CSV: per flow count and impl, the median datagrams per
 * second over the rounds with the min–max, the median loss, and speed-ups (ratios of medians):
 * batching within Spindle and within Netty, and each against Netty epoll.
 */
final class UdpReport {
    /** Speed-up columns: numerator impl, denominator impl. */
    static final List<String[]> SPEEDUPS = List.of(
            new String[] {"spindle-batch", "spindle"},
            new String[] {"netty-epoll-mmsg", "netty-epoll"},
            new String[] {"spindle", "netty-epoll"},
            new String[] {"spindle-batch", "netty-epoll-mmsg"});

    private final List<Point> points;
    private final List<Summary> summaries;
    private final Map<String, String> meta;
    private final int rounds;

    UdpReport(List<Point> points, Map<String, String> meta, int rounds) {
        this.points = List.copyOf(points);
        this.summaries = Summary.of(points).stream()
                .sorted((a, b) -> a.conns() != b.conns() ? Integer.compare(a.conns(), b.conns()) : Integer.compare(order(a.impl()), order(b.impl())))
                .toList();
        this.meta = Map.copyOf(meta);
        this.rounds = rounds;
    }

    private static int order(String impl) {
        int i = UdpImpl.labels().indexOf(impl);
        return i < 0 ? Integer.MAX_VALUE : i;
    }

    List<Summary> summaries() {
        return summaries;
    }

    private Optional<Summary> find(int flows, String impl) {
        return summaries.stream().filter(s -> s.conns() == flows && s.impl().equals(impl) && s.anyOk()).findFirst();
    }

    /** Median pkt/s of {@code a} over that of {@code b} at {@code flows}; NaN when either is missing. */
    double speedup(int flows, String a, String b) {
        Optional<Summary> x = find(flows, a);
        Optional<Summary> y = find(flows, b);
        return x.isPresent() && y.isPresent() ? x.get().rps() / y.get().rps() : Double.NaN;
    }

    private List<Integer> flows() {
        return summaries.stream().map(Summary::conns).distinct().toList();
    }

    private List<String[]> speedupsPresent() {
        return SPEEDUPS.stream().filter(p -> summaries.stream().anyMatch(s -> s.impl().equals(p[0]))
                && summaries.stream().anyMatch(s -> s.impl().equals(p[1]))).toList();
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        String gen = summaries.isEmpty() ? "-" : summaries.get(0).loadGenerator();
        sb.append("\n### UDP echo — load generator: ").append(gen).append(" — median of ").append(rounds)
                .append(rounds == 1 ? " round" : " rounds").append("\n\n");
        Table table = new Table().right("flows").left("impl").right("pkt/s", "pkt/s min–max", "vs netty-epoll", "lost", "p50", "p99",
                "server CPU (its core)", "load-gen CPU (its cores)");
        for (Summary s : summaries) {
            int ok = s.ok().size();
            String impl = s.impl() + (ok < s.rounds().size() ? " (" + ok + " of " + s.rounds().size() + " rounds)" : "");
            if (ok == 0) {
                table.failedRow(Integer.toString(s.conns()), impl, "failed");
                continue;
            }
            int bound = s.loadBoundRounds();
            table.row(Integer.toString(s.conns()), impl, Format.rps(s.rps()), Format.rpsRange(s.rpsMin(), s.rpsMax()),
                    Format.ratio(speedup(s.conns(), s.impl(), "netty-epoll")), loss(s.lossPct()),
                    Format.latency(s.p50us()), Format.latency(s.p99us()),
                    Format.pct(s.serverCpuPct()) + " (" + Format.pct(s.serverCoreBusyPct()) + ")",
                    Format.pct(s.loadCpuPct()) + " (" + Format.pct(s.loadCoresBusyPct()) + ")"
                            + (bound == 0 ? "" : bound == ok ? " *" : " *" + bound + "/" + ok));
        }
        sb.append(table.markdown());
        List<String[]> pairs = speedupsPresent();
        if (!pairs.isEmpty()) {
            Table speedups = new Table().right("flows");
            for (String[] p : pairs) speedups.right(p[0] + " / " + p[1]);
            for (int f : flows()) {
                List<String> cells = new ArrayList<>(List.of(Integer.toString(f)));
                for (String[] p : pairs) cells.add(Format.ratio(speedup(f, p[0], p[1])));
                speedups.row(cells);
            }
            sb.append("\nSpeed-ups (ratio of the median pkt/s):\n\n").append(speedups.markdown());
        }
        if (rounds > 1) {
            RoundsTable.append(sb, "Each round (pkt/s; lost)", "flows", summaries, rounds, r -> Format.rps(r.rps()) + "; " + loss(r.lossPct()));
        }
        sb.append("\npkt/s: datagrams echoed per second in the window (median over the rounds; min–max: the lowest and highest"
                + " round). lost: datagrams not echoed within the load generator's timeout, as a share of echoed + lost."
                + " CPU: utime+stime as % of one core; in brackets how busy its core(s) were in all, softirq included.\n");
        if (points.stream().anyMatch(Point::loadBound)) {
            sb.append("\n`*` load generator at or near 100% of its CPU in every round of that point (`*k/n`: in k of n).\n");
        }
        for (Summary s : summaries) {
            for (String f : s.failures().lines().toList()) {
                sb.append("\nfailed: ").append(s.conns()).append(" flows ").append(s.impl()).append(' ').append(f).append('\n');
            }
        }
        return sb.toString();
    }

    private static String loss(double pct) {
        return Double.isNaN(pct) ? "-" : String.format(Locale.ROOT, "%.2f%%", pct);
    }

    /** One row per point and round, then one per point with the medians ({@code round} = median). */
    String csv() {
        Table table = new Table().left("flows", "impl", "round", "pps", "pps_min", "pps_max", "pps_vs_netty_epoll", "loss_pct", "p50_us",
                "p99_us", "p999_us", "echoed", "errors", "seconds", "server_cpu_pct", "server_core_busy_pct", "load_cpu_pct",
                "load_cores_busy_pct", "load_bound", "idle_flows", "min_flow_pps", "failure");
        for (Point p : points) {
            LoadResult r = p.result();
            List<String> f = new ArrayList<>(List.of(Integer.toString(p.conns()), p.impl(), Integer.toString(p.round())));
            if (r == null) {
                for (int i = 0; i < 18; i++) f.add("");
                f.add(Table.oneLine(p.failure()));
            } else {
                f.addAll(List.of(Report.n(r.rps()), "", "", "", Report.n(r.lossPct()), Report.n(r.p50us()), Report.n(r.p99us()), Report.n(r.p999us()),
                        Long.toString(r.requests()), Long.toString(r.errors()), Report.n(r.seconds()), Report.n(p.serverCpuPct()),
                        Report.n(p.serverCoreBusyPct()), Report.n(r.loadCpuPct()), Report.n(p.loadCoresBusyPct()), Boolean.toString(p.loadBound()),
                        Integer.toString(r.idleConns()), Report.n(r.minConnRps()), ""));
            }
            table.row(f);
        }
        for (Summary s : summaries) {
            List<String> f = new ArrayList<>(List.of(Integer.toString(s.conns()), s.impl(), Report.MEDIAN_ROUND));
            if (!s.anyOk()) {
                for (int i = 0; i < 18; i++) f.add("");
            } else {
                f.addAll(List.of(Report.n(s.rps()), Report.n(s.rpsMin()), Report.n(s.rpsMax()), Report.n(speedup(s.conns(), s.impl(), "netty-epoll")),
                        Report.n(s.lossPct()), Report.n(s.p50us()), Report.n(s.p99us()), Report.n(s.p999us()), Long.toString(s.requests()),
                        Long.toString(s.errors()), Report.n(s.seconds()), Report.n(s.serverCpuPct()), Report.n(s.serverCoreBusyPct()),
                        Report.n(s.loadCpuPct()), Report.n(s.loadCoresBusyPct()), Boolean.toString(s.loadBoundRounds() > 0), "", ""));
            }
            f.add(Table.oneLine(s.failures()));
            table.row(f);
        }
        return table.csv();
    }

    /** The settings the run used, for the top of the Markdown file. */
    String settings() {
        StringBuilder sb = new StringBuilder();
        meta.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> sb.append("- ").append(e.getKey()).append(": ").append(e.getValue()).append('\n'));
        return sb.toString();
    }
}
