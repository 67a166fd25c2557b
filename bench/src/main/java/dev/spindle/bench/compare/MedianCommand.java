package dev.spindle.bench.compare;

import dev.spindle.bench.harness.RunFiles;
import dev.spindle.bench.harness.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code median --runs DIR1,DIR2,.. [--pairs a:b,..] [--out FILE]}: the median over
 * separate {@code compare} runs (each DIR holds a {@code compare.csv}, or is that file)
 * of every point's req/s and p99, and for each pair "a:b" the ratio a/b of the median
 * req/s, next to the per-run ratios (a and b measured side by side in the same run).
 * Without {@code --pairs}, every impl "X-spindle" is paired with "X" when both are there.
 * A run that measured in several rounds ({@code round} column) counts with the median of
 * its rounds (its "median" summary rows are skipped); a CSV without that column is one round.
 * Also requests per second of server CPU, which depends less on how much of its core
 * the server got when the machine is shared.
 */
@Command(name = "median", description = "Medians over separate compare runs' compare.csv, with the speed-up of each pair of impls.")
public final class MedianCommand implements Callable<Integer> {
    /** One row of compare.csv: what the medians need. */
    record Row(String mode, int conns, String impl, double rps, double p99us, double serverCpuPct, boolean loadBound, boolean ok) {
        /** Requests per second of server CPU (utime+stime): less at the mercy of how much of its core it got. */
        double perCpu() {
            return serverCpuPct > 0 ? rps / (serverCpuPct / 100) : Double.NaN;
        }
    }

    @Option(names = "--runs", required = true, split = ",", paramLabel = "DIR", description = "compare runs' directories (or their compare.csv).")
    List<String> runList;
    @Option(names = "--pairs", split = ",", paramLabel = "A:B", description = "Default: X-spindle:X for each such pair of impls.")
    List<String> pairList = List.of();
    @Option(names = "--out", paramLabel = "FILE")
    String outFile;

    @Override
    public Integer call() throws IOException {
        List<Path> runs = runList.stream().map(r -> RunFiles.csv(r, "compare.csv")).toList();
        if (runs.isEmpty()) throw new IllegalArgumentException("--runs DIR1,DIR2,.. is required");
        List<List<Row>> rounds = new ArrayList<>();
        for (Path p : runs) rounds.add(read(p));

        List<String> impls = rounds.stream().flatMap(List::stream).map(Row::impl).distinct().toList();
        List<String[]> pairs = new ArrayList<>();
        for (String s : pairList) {
            String[] ab = s.split(":");
            if (ab.length != 2) throw new IllegalArgumentException("--pairs wants a:b,c:d; got " + s);
            pairs.add(ab);
        }
        if (pairs.isEmpty()) {
            for (String i : impls) {
                if (i.endsWith("-spindle") && impls.contains(i.substring(0, i.length() - "-spindle".length()))) {
                    pairs.add(new String[] {i, i.substring(0, i.length() - "-spindle".length())});
                }
            }
        }

        StringBuilder sb = new StringBuilder();
        sb.append("Medians over ").append(runs.size()).append(" runs: ").append(runs)
                .append(" (a run that measured several rounds counts with the median of its rounds)\n");
        List<String> modes = rounds.stream().flatMap(List::stream).map(Row::mode).distinct().toList();
        for (String mode : modes) {
            List<Integer> conns = rounds.stream().flatMap(List::stream).filter(r -> r.mode.equals(mode))
                    .map(Row::conns).distinct().sorted().toList();
            sb.append("\n### ").append(mode).append(": every impl, median req/s and p99 (each run's value in brackets; * = load-gen bound)\n\n");
            Table every = new Table().right("conns").left("impl").right("req/s").left("runs").right("p99").left("runs")
                    .right("req per server CPU-s").left("runs");
            for (int c : conns) {
                for (String impl : impls) {
                    List<Row> rs = pick(rounds, mode, c, impl);
                    if (rs.stream().allMatch(r -> r == null)) continue;
                    every.row(Integer.toString(c), impl, Format.rps(median(rs, Row::rps)), each(rs, r -> Format.rps(r.rps)),
                            Format.latency(median(rs, Row::p99us)), each(rs, r -> Format.latency(r.p99us)),
                            Format.rps(median(rs, Row::perCpu)), each(rs, r -> Format.rps(r.perCpu())));
                }
            }
            sb.append(every.markdown());
            for (String[] pair : pairs) {
                sb.append("\n### ").append(mode).append(": ").append(pair[0]).append(" / ").append(pair[1]).append("\n\n");
                Table ratios = new Table().right("conns", pair[1] + " req/s", pair[0] + " req/s", "ratio of medians").left("per-run ratios")
                        .right("median of per-run ratios", pair[1] + " p99", pair[0] + " p99", "ratio of median req per server CPU-s");
                for (int c : conns) {
                    List<Row> as = pick(rounds, mode, c, pair[0]);
                    List<Row> bs = pick(rounds, mode, c, pair[1]);
                    List<Double> per = new ArrayList<>();
                    for (int k = 0; k < as.size(); k++) {
                        Row x = as.get(k);
                        Row y = bs.get(k);
                        per.add(x != null && y != null && x.ok && y.ok ? x.rps / y.rps : Double.NaN);
                    }
                    double ra = median(as, Row::rps);
                    double rb = median(bs, Row::rps);
                    ratios.row(Integer.toString(c), Format.rps(rb), Format.rps(ra), Format.ratio(ra / rb),
                            String.join(", ", per.stream().map(Format::ratio).toList()), Format.ratio(median(per)),
                            Format.latency(median(bs, Row::p99us)), Format.latency(median(as, Row::p99us)),
                            Format.ratio(median(as, Row::perCpu) / median(bs, Row::perCpu)));
                }
                sb.append(ratios.markdown());
            }
        }
        System.out.print(sb);
        if (outFile != null) Files.writeString(Path.of(outFile), sb.toString());
        return 0;
    }

    /**
     * The row of each run for one point (null where that run lacks it): when the run
     * measured the point in several rounds, their median (req/s, p99 and CPU each),
     * load-gen bound if any round was, failed only if every round failed.
     */
    private static List<Row> pick(List<List<Row>> runs, String mode, int conns, String impl) {
        List<Row> out = new ArrayList<>();
        for (List<Row> run : runs) {
            List<Row> rs = run.stream().filter(r -> r.mode.equals(mode) && r.conns == conns && r.impl.equals(impl)).toList();
            out.add(rs.isEmpty() ? null : rs.size() == 1 ? rs.get(0) : combine(rs));
        }
        return out;
    }

    private static Row combine(List<Row> rounds) {
        Row first = rounds.get(0);
        List<Row> ok = rounds.stream().filter(Row::ok).toList();
        if (ok.isEmpty()) return first;
        return new Row(first.mode, first.conns, first.impl, median(ok, Row::rps), median(ok, Row::p99us), median(ok, Row::serverCpuPct),
                ok.stream().anyMatch(Row::loadBound), true);
    }

    private static String each(List<Row> rs, java.util.function.Function<Row, String> f) {
        return String.join(", ", rs.stream().map(r -> r == null ? "-" : !r.ok ? "failed" : f.apply(r) + (r.loadBound ? "*" : "")).toList());
    }

    private static double median(List<Row> rs, java.util.function.ToDoubleFunction<Row> f) {
        return median(rs.stream().filter(r -> r != null && r.ok).map(r -> f.applyAsDouble(r)).toList());
    }

    static double median(List<Double> xs) {
        return Stats.median(xs);
    }

    static List<Row> read(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String> head = Table.csvFields(lines.get(0));
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < head.size(); i++) col.put(head.get(i), i);
        for (String need : List.of("mode", "conns", "impl", "rps", "p99_us", "server_cpu_pct", "load_bound")) {
            if (!col.containsKey(need)) throw new IOException(csv + ": no column " + need + " in " + head);
        }
        Integer roundCol = col.get("round");
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            List<String> f = Table.csvFields(line);
            if (roundCol != null && f.get(roundCol).equals(Report.MEDIAN_ROUND)) continue; // medians over the rounds: recomputed here
            String rps = f.get(col.get("rps"));
            boolean ok = !rps.isEmpty();
            rows.add(new Row(f.get(col.get("mode")), Integer.parseInt(f.get(col.get("conns"))), f.get(col.get("impl")),
                    ok ? Double.parseDouble(rps) : Double.NaN,
                    num(f.get(col.get("p99_us"))), num(f.get(col.get("server_cpu_pct"))),
                    Boolean.parseBoolean(f.get(col.get("load_bound"))), ok));
        }
        return rows;
    }

    private static double num(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }
}
