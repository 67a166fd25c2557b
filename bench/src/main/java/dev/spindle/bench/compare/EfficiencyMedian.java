package dev.spindle.bench.compare;

import dev.spindle.bench.harness.RunFiles;
import dev.spindle.bench.harness.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code efficiency-median}: one efficiency table over several separate compare runs (their
 * efficiency.csv), every round of every run counting as one round, so that runs of two builds
 * alternated one after the other give medians and min–max over all of them. Paced at
 * absolute rates, so that every run's points line up.
 */
@Command(name = "efficiency-median", description = "One efficiency table over separate compare runs' efficiency.csv,"
        + " every round of every run one round.")
public final class EfficiencyMedian implements Callable<Integer> {
    @Option(names = "--runs", required = true, split = ",", paramLabel = "DIR", description = "compare runs' directories (or their efficiency.csv).")
    List<String> runs;
    @Option(names = "--rate-of", defaultValue = "netty-epoll", paramLabel = "IMPL", description = "The impl the others are set against.")
    String rateOf;
    @Option(names = "--out", paramLabel = "FILE")
    String out;
    @Option(names = "--chart", paramLabel = "PNG", description = "Also draw the chart of CPU per request against load here.")
    String chart;

    @Override
    public Integer call() throws IOException {
        List<PacedPoint> points = new ArrayList<>();
        int rounds = 0;
        for (String run : runs) {
            Path csv = RunFiles.csv(run, "efficiency.csv");
            List<PacedPoint> these = parse(Files.readAllLines(csv), rounds + 1);
            points.addAll(these);
            rounds = these.stream().mapToInt(PacedPoint::round).max().orElse(rounds);
        }
        EfficiencyReport report = new EfficiencyReport(points, rateOf, rounds);
        if (chart != null) EfficiencyChart.write(report.rows(), Path.of(chart));
        String md = report.markdown()
                + "\nRuns, in this order (their rounds numbered one after another): " + String.join(", ", runs) + "\n";
        System.out.println(md);
        if (out != null) Files.writeString(Path.of(out), md);
        return 0;
    }

    /** The points of one efficiency.csv; rounds within it are renumbered from {@code firstRound}, one run's rounds after another's. */
    static List<PacedPoint> parse(List<String> lines, int firstRound) {
        List<String> head = Table.csvFields(lines.get(0));
        Map<String, Integer> col = new HashMap<>();
        for (int i = 0; i < head.size(); i++) col.put(head.get(i), i);
        List<PacedPoint> out = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            List<String> f = Table.csvFields(line);
            int round = firstRound + Integer.parseInt(f.get(col.get("round"))) - 1;
            String mode = f.get(col.get("mode"));
            int conns = Integer.parseInt(f.get(col.get("conns")));
            double target = Double.parseDouble(f.get(col.get("target_rps")));
            String impl = f.get(col.get("impl"));
            String label = Format.rps(target) + "/s";
            if (f.get(col.get("rps")).isEmpty()) {
                out.add(new PacedPoint(round, mode, conns, target, label, impl, null, Double.NaN, Double.NaN, 0, 0, Double.NaN,
                        f.get(col.get("failure"))));
                continue;
            }
            double rps = d(f, col, "rps"), window = d(f, col, "window_s");
            double requests = rps * window;
            LoadResult r = new LoadResult(rps, d(f, col, "p50_us"), d(f, col, "p99_us"), d(f, col, "p999_us"), Math.round(requests),
                    Long.parseLong(f.get(col.get("errors"))), window, Double.NaN, "");
            out.add(new PacedPoint(round, mode, conns, target, label, impl, r, d(f, col, "server_cpu_s"), window,
                    Math.round(d(f, col, "voluntary_per_req") * requests), Math.round(d(f, col, "involuntary_per_req") * requests),
                    steal(f, col), null));
        }
        return out;
    }

    /** The window's steal; NaN in runs from before it was recorded, and where /proc/stat could not be read. */
    private static double steal(List<String> f, Map<String, Integer> col) {
        Integer i = col.get("steal_pct");
        return i == null || f.get(i).isEmpty() ? Double.NaN : Double.parseDouble(f.get(i));
    }

    private static double d(List<String> f, Map<String, Integer> col, String name) {
        return Double.parseDouble(f.get(col.get(name)));
    }
}
