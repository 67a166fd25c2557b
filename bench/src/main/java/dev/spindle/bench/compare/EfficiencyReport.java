package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Table;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The efficiency table: per paced point (mode, connections, rate, impl), the median over the
 * rounds of the server's CPU per request, with its min–max, the ratio to the reference impl's
 * median at the same point, latencies from scheduled start, and context switches per request.
 */
final class EfficiencyReport {
    /** One point over its rounds. */
    record Row(String mode, int conns, String rateLabel, double targetRate, String impl, List<PacedPoint> rounds) {
        List<PacedPoint> ok() {
            return rounds.stream().filter(PacedPoint::ok).toList();
        }

        double median(ToDoubleFunction<PacedPoint> f) {
            return Stats.median(values(f));
        }

        double min(ToDoubleFunction<PacedPoint> f) {
            return Stats.min(values(f));
        }

        double max(ToDoubleFunction<PacedPoint> f) {
            return Stats.max(values(f));
        }

        private List<Double> values(ToDoubleFunction<PacedPoint> f) {
            return ok().stream().map(f::applyAsDouble).toList();
        }

        double cpuUs() {
            return median(PacedPoint::cpuUsPerRequest);
        }
    }

    private final List<Row> rows;
    private final String reference;
    private final int rounds;

    EfficiencyReport(List<PacedPoint> points, String reference, int rounds) {
        this.rows = rows(points);
        this.reference = reference;
        this.rounds = rounds;
    }

    List<Row> rows() {
        return rows;
    }

    /** Groups per-round points by (mode, conns, rate, impl), in the order they first appear. */
    static List<Row> rows(List<PacedPoint> points) {
        Map<String, List<PacedPoint>> groups = new LinkedHashMap<>();
        for (PacedPoint p : points) {
            groups.computeIfAbsent(p.mode() + '\0' + p.conns() + '\0' + p.rateLabel() + '\0' + p.impl(), k -> new ArrayList<>()).add(p);
        }
        List<Row> out = new ArrayList<>();
        for (List<PacedPoint> g : groups.values()) {
            PacedPoint f = g.get(0);
            out.add(new Row(f.mode(), f.conns(), f.rateLabel(), f.targetRate(), f.impl(), List.copyOf(g)));
        }
        return out;
    }

    /** The reference's median CPU per request at the same mode, connections and rate; NaN when it has none. */
    double referenceCpuUs(Row r) {
        return rows.stream().filter(x -> x.impl().equals(reference) && x.mode().equals(r.mode()) && x.conns() == r.conns()
                && x.rateLabel().equals(r.rateLabel())).mapToDouble(Row::cpuUs).findFirst().orElse(Double.NaN);
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("## Efficiency: server CPU per request at paced loads\n\n")
                .append("Round trips start at a fixed rate across all connections (bench/native's client, `--rate`), and latency counts from\n")
                .append("each round trip's scheduled start (no coordinated omission). CPU per request: the server process's CPU time\n")
                .append("(user + system, /proc/PID/stat) over the window, divided by the round trips completed in it. Switches: the\n")
                .append("voluntary and involuntary context switches of all the server's threads (/proc/PID/task/*/status) per request.\n")
                .append("Steal: the time the hypervisor took from the machine's CPUs over the window (/proc/stat), median (highest);\n")
                .append("every thread stalls while it lasts, so a round with steal shows in latency whatever the server.\n")
                .append(String.format(Locale.ROOT, "Medians of %d interleaved rounds, min–max in brackets; × %s: the ratio of medians (lower is better).%n",
                        rounds, reference));
        Table table = null;
        String at = null;
        for (Row r : rows) {
            String here = r.mode() + ", " + r.conns() + " connections";
            if (!here.equals(at)) {
                if (table != null) md.append(table.markdown());
                at = here;
                md.append("\n### ").append(here).append("\n\n");
                table = new Table().left("load", "impl").right("req/s", "CPU µs/req", "× " + reference, "p50", "p99", "p99.9",
                        "switches/req (vol + invol)", "steal").left("notes");
            }
            addRow(table, r);
        }
        if (table != null) md.append(table.markdown());
        return md.toString();
    }

    private void addRow(Table table, Row r) {
        if (r.ok().isEmpty()) {
            table.failedRow(r.rateLabel(), r.impl(), "failed: " + r.rounds().get(0).failure().lines().findFirst().orElse(""));
            return;
        }
        long behind = r.ok().stream().filter(p -> !p.keptUp()).count();
        int failed = r.rounds().size() - r.ok().size();
        String notes = (behind > 0 ? behind + " of " + r.ok().size() + " rounds fell behind the rate" : "")
                + (failed > 0 ? (behind > 0 ? "; " : "") + failed + " failed" : "");
        table.row(r.rateLabel(), r.impl(), Format.rps(r.median(p -> p.result().rps())),
                String.format(Locale.ROOT, "%.1f (%.1f–%.1f)", r.cpuUs(), r.min(PacedPoint::cpuUsPerRequest), r.max(PacedPoint::cpuUsPerRequest)),
                Format.ratio(r.cpuUs() / referenceCpuUs(r)),
                Format.latency(r.median(p -> p.result().p50us())),
                Format.latency(r.median(p -> p.result().p99us()))
                        + " (" + Format.latencyRange(r.min(p -> p.result().p99us()), r.max(p -> p.result().p99us())) + ")",
                Format.latency(r.median(p -> p.result().p999us())),
                String.format(Locale.ROOT, "%.2f + %.2f", r.median(PacedPoint::voluntaryPerRequest), r.median(PacedPoint::involuntaryPerRequest)),
                steal(r), notes);
    }

    /** Median (highest) steal over the rounds that know it, in percent; "-" where none does (older runs). */
    private static String steal(Row r) {
        List<PacedPoint> known = r.ok().stream().filter(p -> !Double.isNaN(p.stealPct())).toList();
        if (known.isEmpty()) return "-";
        List<Double> v = known.stream().map(PacedPoint::stealPct).toList();
        return String.format(Locale.ROOT, "%.1f%% (%.1f%%)", Stats.median(v), Stats.max(v));
    }

    /** One line per round and point. */
    String csv() {
        Table table = new Table().left("round", "mode", "conns", "target_rps", "impl", "rps", "server_cpu_s", "window_s", "cpu_us_per_req",
                "voluntary_per_req", "involuntary_per_req", "steal_pct", "p50_us", "p99_us", "p999_us", "errors", "kept_up", "failure");
        for (Row row : rows) {
            for (PacedPoint p : row.rounds()) {
                List<String> f = new ArrayList<>(List.of(Integer.toString(p.round()), p.mode(), Integer.toString(p.conns()),
                        Format.num(p.targetRate()), p.impl()));
                if (!p.ok()) {
                    f.addAll(Collections.nCopies(12, ""));
                    f.add(p.failure().lines().findFirst().orElse(""));
                } else {
                    LoadResult r = p.result();
                    f.addAll(List.of(Format.num(r.rps()), String.format(Locale.ROOT, "%.3f", p.serverCpuS()),
                            String.format(Locale.ROOT, "%.3f", p.windowS()), Format.num(p.cpuUsPerRequest()),
                            String.format(Locale.ROOT, "%.3f", p.voluntaryPerRequest()), String.format(Locale.ROOT, "%.3f", p.involuntaryPerRequest()),
                            Double.isNaN(p.stealPct()) ? "" : Format.num(p.stealPct()), Format.num(r.p50us()), Format.num(r.p99us()), Format.num(r.p999us()), Long.toString(r.errors()),
                            Boolean.toString(p.keptUp()), ""));
                }
                table.row(f);
            }
        }
        return table.csv();
    }
}
