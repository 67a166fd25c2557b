package dev.spindle.bench.compare;

import dev.spindle.bench.harness.ChildJvm;
import dev.spindle.bench.harness.MeasureOptions;
import dev.spindle.bench.harness.OutDir;
import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.harness.ProcStat;
import dev.spindle.bench.harness.RoundOptions;
import dev.spindle.bench.harness.RunChecks;
import dev.spindle.bench.harness.RunMeta;
import dev.spindle.bench.harness.Tools;
import dev.spindle.bench.server.Impl;
import dev.spindle.bench.server.NettyTuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code compare}: every impl under the same loads, interleaved per point and
 * repeated in rounds. For each mode, one server JVM per impl is started (pinned
 * to CPU 0), primed, and kept for all the points of that mode; then, round after
 * round, for each connection count the impls take turns (in an order that rotates
 * from one point and round to the next), each with a warm-up and a measured window.
 * The report gives each point's median over the rounds with the min–max.
 *
 * <p>Then, with the same servers, the paced points ({@link PacedRuns}): each impl driven at
 * fixed rates (by default 25 % and 50 % of netty-epoll's saturation rate, echo, 256
 * connections), giving the efficiency table: server CPU per request, latency from scheduled
 * start, context switches per request. {@code --rates none} leaves them out, {@code --rounds 0}
 * leaves out the saturation rounds.
 */
@Command(name = "compare", description = {
        "Every impl under the same loads, interleaved per point and repeated in rounds; then paced points (the efficiency table).",
        "Writes compare.{md,csv,json,png} and efficiency.{md,csv,png} under --out.",
        "`compare --mode udp [options]` (first): the UDP echo comparison; `compare --mode udp --help` for its options."})
public final class CompareCommand implements Callable<Integer> {
    /** Priming rounds (1 s each) below which no server stops, within --prime: Netty needs ~10 s on one CPU. */
    static final int PRIME_MIN_DEFAULT = 10;

    @Option(names = "--modes", split = ",", defaultValue = "http,echo", paramLabel = "MODE", description = "http, echo.")
    List<String> modes;
    @Option(names = "--conns", split = ",", defaultValue = "16,256,1000", paramLabel = "N", description = "Connection counts, 1..20000.")
    List<Integer> conns;
    @Mixin
    MeasureOptions measure = new MeasureOptions(3, 1, 25, PRIME_MIN_DEFAULT);
    @Mixin
    RoundOptions roundOptions = new RoundOptions(0);
    @Option(names = "--impls", split = ",", paramLabel = "IMPL", completionCandidates = Impl.Defaults.class,
            description = "Any `server --impl`. Default: ${COMPLETION-CANDIDATES}.")
    List<String> impls;
    @Mixin
    OutDir outDir = new OutDir("results");
    @Option(names = "--size", defaultValue = "64", description = "Echo message bytes.")
    int size;
    @Option(names = "--loadgen", defaultValue = "auto", paramLabel = "auto|native", description = "http: wrk when installed (auto), or bench/native's client.")
    String loadgen;
    @Option(names = "--rates", split = ",", defaultValue = "0.25,0.5", paramLabel = "RATE",
            description = "Paced points: fractions of --rate-of's saturation, or round trips/s; none: no paced points.")
    List<String> rates;
    @Option(names = "--paced-modes", split = ",", defaultValue = "echo", paramLabel = "MODE")
    List<String> pacedModes;
    @Option(names = "--paced-conns", split = ",", defaultValue = "256", paramLabel = "N")
    List<Integer> pacedConns;
    @Option(names = "--paced-rounds", paramLabel = "N", description = "Default: --rounds, at least 3.")
    Integer pacedRounds;
    @Option(names = "--paced-warmup", defaultValue = "1")
    double pacedWarmup;
    @Option(names = "--paced-seconds", defaultValue = "3")
    double pacedSeconds;
    @Option(names = "--paced-max-steal", defaultValue = "0", paramLabel = "PCT",
            description = "Measure a paced window again (up to " + PacedRuns.STEAL_RETRIES + " times) when the hypervisor stole more than PCT % of the CPUs' time in it; 0: never.")
    double pacedMaxSteal;
    @Option(names = "--rate-of", paramLabel = "IMPL", description = "Default: netty-epoll, if among the impls, else the first.")
    String rateOf;

    @Override
    public Integer call() throws Exception {
        double seconds = measure.seconds, warmup = measure.warmup, prime = measure.prime;
        int primeMin = measure.primeMin, rounds = roundOptions.rounds;
        boolean implsGiven = impls != null;
        List<String> impls = new ArrayList<>(implsGiven ? this.impls : Impl.defaults());
        Path out = outDir.dir();
        impls.forEach(Impl::parse);
        List<String> rates = this.rates.equals(List.of("none")) ? List.of() : PacedRuns.checkRates(this.rates);
        PacedRuns.Plan paced = new PacedRuns.Plan(rates, pacedConns, pacedRounds != null ? pacedRounds : Math.max(rounds, 3),
                pacedWarmup, pacedSeconds, rateOf != null ? rateOf : impls.contains("netty-epoll") ? "netty-epoll" : impls.get(0), roundOptions.quietWait, pacedMaxSteal);
        if (pacedMaxSteal < 0 || pacedMaxSteal >= 100) throw new IllegalArgumentException("--paced-max-steal must be within 0..100 (0: off), not " + pacedMaxSteal);
        if (!rates.isEmpty() && !impls.contains(paced.reference()) && PacedRuns.needsSaturation(rates))
            throw new IllegalArgumentException("--rate-of " + paced.reference() + " is not among the impls");
        if (rounds == 0 && (rates.isEmpty() || pacedModes.stream().noneMatch(modes::contains)))
            throw new IllegalArgumentException("--rounds 0 leaves nothing to run: no paced mode among --modes");
        modes.forEach(dev.spindle.bench.server.Mode::parse);
        for (int c : conns) if (c < 1 || c > 20000) throw new IllegalArgumentException("--conns must be within 1..20000");
        boolean nettyAtBest = roundOptions.check(measure);
        RunChecks.dropUnavailable(impls, implsGiven, impl -> Impl.parse(impl).unavailable());
        int servers = skipUnserved(impls, modes); // one server per impl and mode it serves
        for (String m : rates.isEmpty() || !PacedRuns.needsSaturation(rates) ? List.<String>of() : pacedModes) {
            List<String> served = modes.contains(m) ? serving(impls, m) : List.of();
            if (!served.isEmpty() && !served.contains(paced.reference()))
                throw new IllegalArgumentException("--rate-of " + paced.reference() + " does not serve " + m + ", a paced mode: name one that does");
        }

        Pinning pinning = new Pinning();
        int perRound = conns.size() * servers;
        int total = perRound * rounds;
        // per point: warm-up + window + ~1 s of load-generator start, connects and the settle wait;
        // per server: JVM start and settle ~2 s, priming between its floor (plus the 3 rounds it takes to stop) and its cap
        double typicalPrime = Math.min(prime, Math.max(primeMin, 4) + Servers.PRIME_PATIENCE);
        long pacedModeCount = rates.isEmpty() ? 0 : modes.stream().filter(pacedModes::contains).count();
        double pacedSeconds = rates.isEmpty() ? 0 : modes.stream().filter(pacedModes::contains).mapToInt(m -> paced.points(serving(impls, m).size())).sum()
                * (paced.warmup() + paced.seconds() + PacedRuns.TAIL_S + 1.5);
        double minutes = (total * (warmup + seconds + 1.0) + servers * (typicalPrime + 2) + pacedSeconds) / 60;
        double worst = (total * (warmup + seconds + 1.0) + servers * (prime + 2) + pacedSeconds) / 60;
        System.out.printf(Locale.ROOT, "compare: %d modes x %d conn counts x %d impls x %d rounds = %d points, %.1fs warm-up + %.1fs measured each, %s"
                        + "%s (about %.0f min; at most %.0f min if every server primes for all of --prime)%n",
                modes.size(), conns.size(), impls.size(), rounds, total, warmup, seconds,
                prime > 0 ? String.format(Locale.ROOT, "plus %d-%.0f s of JIT priming per server", (int) Math.min(primeMin, prime), prime)
                        : "no priming",
                pacedModeCount == 0 ? "" : String.format(Locale.ROOT, "; then paced at %s (fractions of %s's saturation, or round trips/s) x %s conns x %d rounds, "
                        + "%.1fs warm-up + %.1fs measured each", rates, paced.reference(), paced.conns(), paced.rounds(), paced.warmup(), paced.seconds()),
                minutes, worst);
        System.out.println("pinning: " + pinning.describe());
        List<String> nettyOptions = NettyTuning.jvmOptions(ChildJvm.javaFeature());
        System.out.println("netty: " + (nettyAtBest ? "at its best: server JVMs get " + String.join(" ", nettyOptions) + " and must report unsafe=true"
                : "stock (--netty stock): server JVMs get no Netty options"));

        List<Point> points = new ArrayList<>();
        List<PacedPoint> pacedPoints = new ArrayList<>();
        Map<String, String> meta = RunMeta.of(pinning);
        meta.put("warmup_s", Double.toString(warmup));
        meta.put("seconds", Double.toString(seconds));
        meta.put("prime_s", Double.toString(prime));
        meta.put("prime_min_s", Integer.toString(primeMin));
        meta.put("rounds", Integer.toString(rounds));
        meta.put("netty", nettyAtBest ? "at-best: " + String.join(" ", nettyOptions) : "stock");

        int done = 0;
        for (String mode : modes) {
            if (serving(impls, mode).isEmpty()) continue;
            LoadGenerator gen = loadGenerator(mode, size, loadgen, pinning);
            System.out.println("\n" + mode + ": load generator " + gen.describe());
            meta.put("load_generator_" + mode, gen.describe());
            List<ServerProcess> running = Servers.start(serving(impls, mode), impl -> new ServerProcess(impl, mode, pinning, nettyAtBest), mode, meta);
            try {
                Servers.prime(running, gen, prime, primeMin);
                done = measureRounds(running, mode, conns, rounds, gen, warmup, seconds, done, total, points, paced.quietWaitS());
                if (pacedModes.contains(mode) && !rates.isEmpty()) {
                    NativeLoad client = new NativeLoad(Tools.nativeLoadGenerator(), mode, size, pinning);
                    ServerProcess ref = running.stream().filter(s -> s.impl.equals(paced.reference())).findFirst().orElse(null);
                    Map<Integer, Double> saturation = PacedRuns.needsSaturation(rates) ? PacedRuns.saturation(paced, mode, points, ref, client) : Map.of();
                    saturation.forEach((c, r) -> meta.put("saturation_" + mode + "_" + c, paced.reference() + " " + Format.rps(r) + " req/s"));
                    PacedRuns.run(running, mode, paced, saturation, client, pacedPoints);
                }
            } finally {
                for (ServerProcess s : running) s.close();
            }
        }

        Files.createDirectories(out);
        if (!pacedPoints.isEmpty()) {
            meta.put("paced", "rates " + rates + " x conns " + paced.conns() + " x " + paced.rounds() + " rounds, "
                    + paced.warmup() + " s warm-up + " + paced.seconds() + " s window, quiet-wait " + paced.quietWaitS() + " s"
                    + (paced.maxStealPct() > 0 ? ", windows with more than " + paced.maxStealPct() + " % steal measured again" : ""));
            EfficiencyReport eff = new EfficiencyReport(pacedPoints, paced.reference(), paced.rounds());
            StringBuilder md = new StringBuilder(eff.markdown()).append("\n### Run\n\n");
            meta.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
            System.out.println(md);
            Files.writeString(out.resolve("efficiency.md"), md);
            Files.writeString(out.resolve("efficiency.csv"), eff.csv());
            try {
                EfficiencyChart.write(eff.rows(), out.resolve("efficiency.png"));
            } catch (IOException | RuntimeException | LinkageError e) {
                System.out.println("efficiency chart not drawn: " + e);
            }
            System.out.println("efficiency: " + out.resolve("efficiency.{md,csv,png}"));
        }
        if (points.isEmpty()) return 0;
        Report report = new Report(points, meta, rounds);
        System.out.println(report.markdown());
        Files.writeString(out.resolve("compare.md"), report.markdown());
        Files.writeString(out.resolve("compare.csv"), report.csv());
        Files.writeString(out.resolve("compare.json"), report.json());
        try {
            Chart.write(report.summaries(), out.resolve("compare.png"));
        } catch (IOException | RuntimeException | LinkageError e) {
            System.out.println("chart not drawn: " + e);
        }
        System.out.println("results: " + out.resolve("compare.{md,csv,json,png}"));
        return 0;
    }

    private static LoadGenerator loadGenerator(String mode, int size, String choice, Pinning pinning) throws IOException {
        if (mode.equals("http") && !choice.equals("native")) {
            Path wrk = Tools.wrk();
            if (wrk != null) return new WrkLoad(wrk, pinning);
            System.out.println("NOTE: wrk is not installed, so http uses bench/native's own client instead "
                    + "(nothing is installed automatically; `apt-get install wrk` to use wrk)");
        }
        return new NativeLoad(Tools.nativeLoadGenerator(), mode, size, pinning);
    }

    /** The impls that serve {@code mode}: the containers (jetty-*, tomcat-*) serve http only. */
    static List<String> serving(List<String> impls, String mode) {
        return impls.stream().filter(i -> Impl.parse(i).serves(dev.spindle.bench.server.Mode.parse(mode))).toList();
    }

    /** Says which impls sit out which mode; returns the number of (impl, mode) servers left, failing when none is. */
    static int skipUnserved(List<String> impls, List<String> modes) {
        int servers = 0;
        for (String mode : modes) {
            List<String> served = serving(impls, mode);
            servers += served.size();
            List<String> skipped = impls.stream().filter(i -> !served.contains(i)).toList();
            if (!skipped.isEmpty()) System.out.println("skipping " + String.join(", ", skipped) + " in " + mode + " mode: they serve http only");
        }
        if (servers == 0) throw new IllegalArgumentException("none of " + impls + " serves any of the modes " + modes);
        return servers;
    }

    /**
     * Measures every point (connection count x impl) once per round with the same servers; the
     * order of the impls rotates from one connection count to the next and from one round to the
     * next. Adds the points to {@code points}; returns {@code done} plus the points measured.
     */
    static int measureRounds(List<ServerProcess> running, String mode, List<Integer> conns, int rounds, LoadGenerator gen,
                             double warmup, double seconds, int done, int total, List<Point> points) throws InterruptedException {
        return measureRounds(running, mode, conns, rounds, gen, warmup, seconds, done, total, points, 0);
    }

    /**
     * As above; with {@code quietWaitS} > 0, each point also waits (at most that long) until the
     * machine as a whole is idle before it starts: on a machine shared with other work, a point
     * measured during someone else's build is noise.
     */
    static int measureRounds(List<ServerProcess> running, String mode, List<Integer> conns, int rounds, LoadGenerator gen,
                             double warmup, double seconds, int done, int total, List<Point> points, double quietWaitS)
            throws InterruptedException {
        for (int round = 1; round <= rounds; round++) {
            if (rounds > 1) System.out.printf(Locale.ROOT, "%s: round %d of %d%n", mode, round, rounds);
            for (int ci = 0; ci < conns.size(); ci++) {
                int c = conns.get(ci);
                for (int k = 0; k < running.size(); k++) {
                    // rotate who goes first, from one connection count to the next and from one round to the next
                    ServerProcess s = running.get((k + ci + round - 1) % running.size());
                    Servers.settle(running);
                    if (quietWaitS > 0) Servers.awaitQuietMachine(quietWaitS);
                    Point p = measure(round, s, mode, c, gen, warmup, seconds);
                    points.add(p);
                    System.out.println(progress(++done, total, p));
                }
            }
        }
        return done;
    }

    private static Point measure(int round, ServerProcess s, String mode, int conns, LoadGenerator gen, double warmup, double seconds)
            throws InterruptedException {
        if (!s.alive()) return new Point(round, mode, conns, s.impl, gen.describe(), null, Double.NaN, Double.NaN, Double.NaN, false, "server exited: " + s.output());
        double[] cpu = new double[2];
        long[] wall = new long[2];
        long[][][] cores = new long[2][][];
        try {
            LoadResult r = gen.run(s.port, conns, warmup, seconds, new LoadGenerator.Window() {
                @Override
                public void begin() {
                    cpu[0] = s.cpuSeconds();
                    wall[0] = System.nanoTime();
                    cores[0] = ProcStat.cpuTicks();
                }

                @Override
                public void end() {
                    cpu[1] = s.cpuSeconds();
                    wall[1] = System.nanoTime();
                    cores[1] = ProcStat.cpuTicks();
                }
            });
            double serverPct = 100 * (cpu[1] - cpu[0]) / ((wall[1] - wall[0]) / 1e9);
            int n = Runtime.getRuntime().availableProcessors();
            double serverCore = ProcStat.busyPct(cores[0], cores[1], 0, 0);
            double loadCores = ProcStat.busyPct(cores[0], cores[1], n > 1 ? 1 : 0, n - 1);
            // the generator's own threads maxed out, or its cores (incl. the softirq work its sends cause) were full
            boolean bound = r.loadCpuPct() >= 90.0 * gen.threads(conns) || loadCores >= 95.0;
            return new Point(round, mode, conns, s.impl, gen.describe(), r, serverPct, serverCore, loadCores, bound, null);
        } catch (IOException e) {
            return new Point(round, mode, conns, s.impl, gen.describe(), null, Double.NaN, Double.NaN, Double.NaN, false, e.getMessage());
        }
    }

    private static String progress(int done, int total, Point p) {
        String head = String.format(Locale.ROOT, "[%3d/%d] r%d %-4s conns=%-5d %-16s ", done, total, p.round(), p.mode(), p.conns(), p.impl());
        if (!p.ok()) return head + "FAILED: " + p.failure().lines().findFirst().orElse("");
        LoadResult r = p.result();
        return head + String.format(Locale.ROOT, "%10s " + (p.mode().equals(UdpCompare.MODE) ? "pkt/s" : "req/s") + "  p50 %-9s p99 %-9s p99.9 %-9s errors %d  server CPU %s (core %s)  load-gen CPU %s (cores %s)%s",
                Format.rps(r.rps()), Format.latency(r.p50us()), Format.latency(r.p99us()), Format.latency(r.p999us()),
                r.errors(), Format.pct(p.serverCpuPct()), Format.pct(p.serverCoreBusyPct()), Format.pct(r.loadCpuPct()),
                Format.pct(p.loadCoresBusyPct()), p.loadBound() ? " (load-gen bound)" : "")
                + (Double.isNaN(r.lossPct()) ? "" : String.format(Locale.ROOT, "  lost %.2f%%", r.lossPct()))
                + (r.starvedConns() > 0 ? "  starved conns " + r.starvedConns() + " (idle " + r.idleConns() + ")" : "")
                + (r.note().isEmpty() ? "" : "  [" + r.note() + "]");
    }
}
