package dev.spindle.bench.compare;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * One point (mode, connections, impl) over the rounds that measured it: the
 * median of each figure, and the min–max of req/s and p99 over the rounds.
 * Failed rounds count in {@link #rounds()} but not in the figures.
 */
record Summary(String mode, int conns, String impl, String loadGenerator, List<Point> rounds) {

    /** Groups per-round points by (mode, conns, impl), in the order they first appear. */
    static List<Summary> of(List<Point> points) {
        Map<String, List<Point>> groups = new LinkedHashMap<>();
        for (Point p : points) groups.computeIfAbsent(p.mode() + '\0' + p.conns() + '\0' + p.impl(), k -> new ArrayList<>()).add(p);
        List<Summary> out = new ArrayList<>();
        for (List<Point> g : groups.values()) {
            Point first = g.get(0);
            out.add(new Summary(first.mode(), first.conns(), first.impl(), first.loadGenerator(), List.copyOf(g)));
        }
        return out;
    }

    List<Point> ok() {
        return rounds.stream().filter(Point::ok).toList();
    }

    boolean anyOk() {
        return rounds.stream().anyMatch(Point::ok);
    }

    private List<Double> values(ToDoubleFunction<Point> f) {
        return ok().stream().map(p -> f.applyAsDouble(p)).toList();
    }

    double rps() {
        return Stats.median(values(p -> p.result().rps()));
    }

    double rpsMin() {
        return Stats.min(values(p -> p.result().rps()));
    }

    double rpsMax() {
        return Stats.max(values(p -> p.result().rps()));
    }

    double p50us() {
        return Stats.median(values(p -> p.result().p50us()));
    }

    double p99us() {
        return Stats.median(values(p -> p.result().p99us()));
    }

    double p99MinUs() {
        return Stats.min(values(p -> p.result().p99us()));
    }

    double p99MaxUs() {
        return Stats.max(values(p -> p.result().p99us()));
    }

    double p999us() {
        return Stats.median(values(p -> p.result().p999us()));
    }

    /** UDP: the median share of datagrams lost (NaN for TCP). */
    double lossPct() {
        return Stats.median(values(p -> p.result().lossPct()));
    }

    long requests() {
        return ok().stream().mapToLong(p -> p.result().requests()).sum();
    }

    long errors() {
        return ok().stream().mapToLong(p -> p.result().errors()).sum();
    }

    double seconds() {
        return ok().stream().mapToDouble(p -> p.result().seconds()).sum();
    }

    double serverCpuPct() {
        return Stats.median(values(Point::serverCpuPct));
    }

    double serverCoreBusyPct() {
        return Stats.median(values(Point::serverCoreBusyPct));
    }

    double loadCpuPct() {
        return Stats.median(values(p -> p.result().loadCpuPct()));
    }

    double loadCoresBusyPct() {
        return Stats.median(values(Point::loadCoresBusyPct));
    }

    /** Rounds in which the load generator was (near) saturated. */
    int loadBoundRounds() {
        return (int) ok().stream().filter(Point::loadBound).count();
    }

    /** Why rounds failed, one line each ("" when none did). */
    String failures() {
        return String.join("\n", rounds.stream().filter(p -> !p.ok())
                .map(p -> "round " + p.round() + ": " + p.failure().lines().findFirst().orElse("")).toList());
    }
}
