package dev.spindle.bench.compare;

import dev.spindle.bench.harness.ProcStat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The paced part of {@code compare}: every impl driven at the same fixed rates (bench/native's
 * client with {@code --rate}), interleaved per point and repeated in rounds, measuring what a
 * request costs the server rather than how many it can take. A rate is a fraction (at most 1)
 * of the reference impl's saturation rate at that connection count, or an absolute number of
 * round trips per second (above 1).
 */
final class PacedRuns {
    /**
     * What to run: rate specs as given, connection counts, rounds, seconds per point, the reference impl,
     * and the steal (percent of the CPUs' time) above which a window is measured again (0: never).
     */
    record Plan(List<String> rates, List<Integer> conns, int rounds, double warmup, double seconds, String reference,
                double quietWaitS, double maxStealPct) {
        int points(int impls) {
            return rates.size() * conns.size() * rounds * impls;
        }
    }

    /** How many times a window the host stole from is measured again before the last one stands. */
    static final int STEAL_RETRIES = 3;

    /** The load keeps going this long past the window, so that the server's CPU is read at its end under load. */
    static final double TAIL_S = 0.5;

    private PacedRuns() {}

    /** Parses a rate spec: "0.25" (a fraction of saturation) or "40000" (round trips per second). */
    static double resolve(String spec, double saturation) {
        double v;
        try {
            v = Double.parseDouble(spec);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rates takes fractions of saturation (0.25) or round trips per second (40000), not " + spec);
        }
        if (!(v > 0)) throw new IllegalArgumentException("a rate must be > 0, not " + spec);
        return v <= 1 ? v * saturation : v;
    }

    /** True when some rate is a fraction of saturation, so the reference's saturation rate is needed. */
    static boolean needsSaturation(List<String> rates) {
        return rates.stream().anyMatch(r -> Double.parseDouble(r) <= 1);
    }

    /** The label a rate gets in the tables: "25% (20,000/s)" or "40,000/s". */
    static String label(String spec, double rate) {
        double v = Double.parseDouble(spec);
        return v <= 1 ? String.format(Locale.ROOT, "%.0f%% (%s/s)", v * 100, Format.rps(rate)) : Format.rps(rate) + "/s";
    }

    /**
     * The reference impl's saturation rate at each connection count: the median req/s of the
     * saturation rounds already measured, or else one closed-loop run of its server now.
     */
    static Map<Integer, Double> saturation(Plan plan, String mode, List<Point> measured, ServerProcess reference, NativeLoad gen)
            throws InterruptedException {
        Map<Integer, Double> out = new LinkedHashMap<>();
        for (int c : plan.conns()) {
            List<Double> rps = measured.stream().filter(p -> p.ok() && p.mode().equals(mode) && p.conns() == c && p.impl().equals(plan.reference()))
                    .map(p -> p.result().rps()).toList();
            double sat = Stats.median(rps);
            if (Double.isNaN(sat)) {
                try {
                    sat = gen.run(reference.port, c, 1, 3, new NoWindow()).rps();
                } catch (IOException e) {
                    throw new IllegalStateException("could not measure " + plan.reference() + "'s saturation rate at " + c + " connections: " + e.getMessage());
                }
            }
            System.out.printf(Locale.ROOT, "%s: %s saturates at %s req/s with %d connections%s%n", mode, plan.reference(), Format.rps(sat), c,
                    rps.isEmpty() ? " (one closed-loop run)" : " (median of the saturation rounds)");
            out.put(c, sat);
        }
        return out;
    }

    /** Measures every (connections, rate, impl) point once per round, rotating who goes first; adds them to {@code out}. */
    static void run(List<ServerProcess> running, String mode, Plan plan, Map<Integer, Double> saturation, NativeLoad gen,
                    List<PacedPoint> out) throws InterruptedException {
        int total = plan.points(running.size());
        int done = 0;
        for (int round = 1; round <= plan.rounds(); round++) {
            System.out.printf(Locale.ROOT, "%s paced: round %d of %d%n", mode, round, plan.rounds());
            int turn = round - 1;
            for (int c : plan.conns()) {
                for (String spec : plan.rates()) {
                    double rate = resolve(spec, saturation.getOrDefault(c, Double.NaN));
                    String label = label(spec, rate);
                    turn++;
                    for (int k = 0; k < running.size(); k++) {
                        ServerProcess s = running.get((k + turn) % running.size());
                        Servers.settle(running);
                        if (plan.quietWaitS() > 0) Servers.awaitQuietMachine(plan.quietWaitS());
                        PacedPoint p = measure(round, s, mode, c, rate, label, gen, plan.warmup(), plan.seconds());
                        for (int retry = 1; retry <= STEAL_RETRIES && stolen(p, plan.maxStealPct()); retry++) {
                            System.out.println(progress(done + 1, total, p) + "  -> measured again (" + retry + " of " + STEAL_RETRIES + ")");
                            Servers.settle(running);
                            p = measure(round, s, mode, c, rate, label, gen, plan.warmup(), plan.seconds());
                        }
                        out.add(p);
                        System.out.println(progress(++done, total, p));
                    }
                }
            }
        }
    }

    private static PacedPoint measure(int round, ServerProcess s, String mode, int conns, double rate, String label, NativeLoad gen,
                                      double warmup, double seconds) throws InterruptedException {
        if (!s.alive()) return failed(round, s, mode, conns, rate, label, "server exited: " + s.output());
        double[] cpu = new double[2];
        long[] wall = new long[2];
        long[][] switches = new long[2][];
        long[][][] ticks = new long[2][][];
        try {
            LoadResult r = gen.withRate(rate).withTail(TAIL_S).run(s.port, conns, warmup, seconds, new LoadGenerator.Window() {
                @Override
                public void begin() {
                    cpu[0] = s.cpuSeconds();
                    wall[0] = System.nanoTime();
                    switches[0] = ProcStat.threadSwitches(s.pid());
                    ticks[0] = ProcStat.cpuTicks();
                }

                @Override
                public void end() {
                    cpu[1] = s.cpuSeconds();
                    wall[1] = System.nanoTime();
                    switches[1] = ProcStat.threadSwitches(s.pid());
                    ticks[1] = ProcStat.cpuTicks();
                }
            });
            if (switches[0] == null || switches[1] == null) return failed(round, s, mode, conns, rate, label, "server exited during the window");
            return new PacedPoint(round, mode, conns, rate, label, s.impl, r, cpu[1] - cpu[0], (wall[1] - wall[0]) / 1e9,
                    switches[1][0] - switches[0][0], switches[1][1] - switches[0][1], ProcStat.stealPct(ticks[0], ticks[1]), null);
        } catch (IOException e) {
            return failed(round, s, mode, conns, rate, label, e.getMessage());
        }
    }

    /** Whether the host stole more than {@code maxStealPct} of the window (never, when 0 or unknown). */
    static boolean stolen(PacedPoint p, double maxStealPct) {
        return maxStealPct > 0 && p.ok() && p.stealPct() > maxStealPct;
    }

    private static PacedPoint failed(int round, ServerProcess s, String mode, int conns, double rate, String label, String why) {
        return new PacedPoint(round, mode, conns, rate, label, s.impl, null, Double.NaN, Double.NaN, 0, 0, Double.NaN, why);
    }

    private static String progress(int done, int total, PacedPoint p) {
        String head = String.format(Locale.ROOT, "[%3d/%d] r%d %-4s conns=%-5d %-18s %-16s ", done, total, p.round(), p.mode(), p.conns(),
                p.rateLabel(), p.impl());
        if (!p.ok()) return head + "FAILED: " + p.failure().lines().findFirst().orElse("");
        LoadResult r = p.result();
        return head + String.format(Locale.ROOT, "%8s req/s  CPU %6.1f µs/req  switches %.2f + %.2f /req  p50 %-9s p99 %-9s p99.9 %-9s%s",
                Format.rps(r.rps()), p.cpuUsPerRequest(), p.voluntaryPerRequest(), p.involuntaryPerRequest(),
                Format.latency(r.p50us()), Format.latency(r.p99us()), Format.latency(r.p999us()), p.keptUp() ? "" : "  (fell behind the rate)")
                + (p.stealPct() >= 0.5 ? String.format(Locale.ROOT, "  steal %.1f%%", p.stealPct()) : "")
                + (r.errors() > 0 ? "  errors " + r.errors() : "");
    }

    /** A window nobody observes (saturation runs). */
    static final class NoWindow implements LoadGenerator.Window {
        @Override
        public void begin() { }

        @Override
        public void end() { }
    }

    /** Fails early on a bad --rates list. */
    static List<String> checkRates(List<String> rates) {
        List<String> out = new ArrayList<>();
        for (String r : rates) {
            resolve(r, 1);
            out.add(r);
        }
        return out;
    }
}
