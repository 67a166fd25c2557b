package dev.spindle.bench.costs;

import dev.spindle.bench.compare.Format;
import dev.spindle.bench.compare.LoadResult;
import dev.spindle.bench.compare.NativeLoad;
import dev.spindle.bench.harness.MeasureOptions;
import dev.spindle.bench.harness.OutDir;
import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.harness.RunMeta;
import dev.spindle.bench.harness.Tools;
import dev.spindle.bench.server.Impl;
import dev.spindle.bench.server.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code costs}: what one request costs each server at one load point: syscalls
 * (in all and by name), epoll waits and the events each hands out, context
 * switches and CPU time, next to the req/s and p99 of the same window.
 *
 * <p>For each impl in turn: one server JVM pinned to CPU 0 and primed exactly as
 * {@code compare} does, then with bench/native's client (pinned to the other
 * CPUs):
 * <ol>
 *   <li>the counting window: perf stat on the server's threads (task-clock,
 *       context-switches, raw_syscalls:sys_enter and syscalls:sys_enter_NAME for
 *       {@link Syscalls#LISTED}), switched on and off at the client's window
 *       edges, and /proc counters before and after;</li>
 *   <li>the trace window (unless {@code --trace false}): perf record of every
 *       return from an epoll wait (its value: events handed out) and of the
 *       syscalls outside the list (filtered in the kernel, so cheap), to name
 *       what "other" is; recording costs the server CPU, hence a window of its own;</li>
 *   <li>with {@code --profile}: perf record -F 499 -g, Java frames named through
 *       {@code jcmd PID Compiler.perfmap}, reported by dso and by symbol.</li>
 * </ol>
 * Then the server gets SIGTERM and is waited for before the next one starts.
 * Without perf (or without the right to use it) only the /proc figures are given.
 */
@Command(name = "costs", description = {"Syscalls, epoll waits, context switches and CPU per request, one impl after another (perf).",
        "Writes costs.md, costs.csv and costs-syscalls.csv under --out."})
public final class CostsCommand implements Callable<Integer> {
    /**
     * Seconds of load after each window: perf is switched off (and /proc read) a
     * few ms after the window's end as after its start, and must see the same load then.
     */
    private static final double TAIL_SECONDS = 0.3;

    @Spec
    CommandSpec spec;
    @Option(names = "--mode", defaultValue = "echo", paramLabel = "echo|http")
    String mode;
    @Option(names = "--conns", defaultValue = "256", description = "1..20000.")
    int conns;
    @Mixin
    MeasureOptions measure = new MeasureOptions(5, 1, 15, 4);
    @Option(names = "--impls", split = ",", paramLabel = "IMPL", completionCandidates = Impl.Defaults.class,
            description = "Any `server --impl`. Default: ${COMPLETION-CANDIDATES}.")
    List<String> impls;
    @Option(names = "--size", defaultValue = "64", description = "Echo message bytes.")
    int size;
    @Mixin
    OutDir outDir = new OutDir("costs");
    @Option(names = "--trace", arity = "0..1", defaultValue = "true", fallbackValue = "true", paramLabel = "true|false",
            description = "The trace window: epoll returns and the unlisted syscalls.")
    boolean trace;
    @Option(names = "--profile", arity = "0..1", defaultValue = "false", fallbackValue = "true", paramLabel = "true|false",
            description = "The profile window: perf record -g, by dso and symbol.")
    boolean profile;
    @Option(names = "--rate", defaultValue = "0", description = "Paced: round trips per second; 0: closed loop.")
    double rate;

    @Override
    public Integer call() throws Exception {
        double seconds = measure.seconds, warmup = measure.warmup, prime = measure.prime;
        Mode.parse(mode);
        List<String> impls = this.impls != null ? this.impls : Impl.defaults();
        Path out = outDir.dir();
        boolean trace = this.trace;
        boolean profile = this.profile;
        impls.forEach(Impl::parse);
        if (conns < 1 || conns > 20000) throw new IllegalArgumentException("--conns must be within 1..20000");
        measure.check();
        if (rate < 0) throw new IllegalArgumentException("--rate must be >= 0 (0: closed loop)");

        Pinning pinning = new Pinning();
        NativeLoad gen = new NativeLoad(Tools.nativeLoadGenerator(), mode, size, pinning);
        // the measured windows: paced at --rate when given (priming stays closed-loop, as compare's)
        NativeLoad windowGen = (rate > 0 ? gen.withRate(rate) : gen).withTail(TAIL_SECONDS);
        Syscalls syscalls = new Syscalls();
        Path perf = Perf.locate();
        String perfProblem = Perf.problem(perf);
        List<String> notes = new ArrayList<>();
        if (perfProblem != null) {
            String msg = "NO PERF: " + perfProblem + ". Syscalls, epoll waits and task-clock are left out;"
                    + " CPU and context switches come from /proc only.";
            System.out.println(msg);
            notes.add(msg);
            trace = false;
            profile = false;
        } else if (trace && !syscalls.numbered()) {
            notes.add("kernel headers (asm/unistd_64.h) not found: unlisted syscalls are named by number");
        }
        int windows = 1 + (trace ? 1 : 0) + (profile ? 1 : 0);
        double minutes = impls.size() * (2 + Math.min(prime, 8) + windows * (warmup + seconds + TAIL_SECONDS + 1)) / 60;
        String heading = String.format(Locale.ROOT, "%s, %d connections, %s%.1f s windows — costs per request", mode, conns,
                rate > 0 ? String.format(Locale.ROOT, "paced at %,.0f round trips/s, ", rate) : "", seconds);
        System.out.printf(Locale.ROOT, "costs: %s at %d connections, %d impls, %d window%s of %.1f s (+%.1f s warm-up) each,"
                        + " up to %.0f s of priming per server (about %.1f min)%n",
                mode, conns, impls.size(), windows, windows > 1 ? "s" : "", seconds, warmup, prime, minutes);
        System.out.println("pinning: " + pinning.describe() + "; load generator: " + gen.describe());
        if (perfProblem == null) System.out.println("perf: " + perf + (trace ? ", trace window on" : "") + (profile ? ", profile window on" : ""));

        Files.createDirectories(out);
        Map<String, String> meta = RunMeta.of(pinning);
        List<ImplCosts> rows = new ArrayList<>();
        for (String impl : impls) {
            ImplCosts c = new ImplCosts(impl);
            try {
                CostWindows.measure(c, mode, conns, warmup, seconds, prime, measure.primeMin, gen, windowGen, pinning, perfProblem == null ? perf : null, trace, profile, syscalls, out);
            } catch (IOException | RuntimeException e) {
                c.failure = e instanceof IOException ? e.getMessage() : e.toString();
            }
            rows.add(c);
            System.out.println(progress(c));
        }

        CostsReport report = new CostsReport(rows, heading, notes);
        String md = report.markdown();
        System.out.println(md);
        List<String> argv = spec.commandLine().getParseResult().originalArgs();
        String head = "# costs\n\n`spindle-bench costs " + String.join(" ", argv.subList(argv.indexOf(spec.name()) + 1, argv.size())) + "`\n\n"
                + "- started: " + meta.get("started") + "\n- java: " + meta.get("java") + "\n- pinning: " + meta.get("pinning")
                + "\n- load generator: " + gen.describe() + ", --warmup " + warmup + " s, then the window, then " + TAIL_SECONDS
                + " s more load\n- perf: " + (perfProblem == null ? perf.toString() : "none") + "\n";
        Files.writeString(out.resolve("costs.md"), head + md);
        Files.writeString(out.resolve("costs.csv"), report.csv());
        Files.writeString(out.resolve("costs-syscalls.csv"), report.syscallsCsv());
        System.out.println("results: " + out.resolve("costs.{md,csv}") + ", " + out.resolve("costs-syscalls.csv"));
        return 0;
    }

    private static String progress(ImplCosts c) {
        String head = String.format(Locale.ROOT, "%-18s ", c.impl);
        if (!c.ok()) return head + "FAILED: " + (c.failure == null ? "no requests completed" : c.failure.lines().findFirst().orElse(""));
        LoadResult l = c.load;
        StringBuilder sb = new StringBuilder(head).append(String.format(Locale.ROOT, "%9s req/s  p99 %-9s  CPU %s µs/req",
                Format.rps(l.rps()), Format.latency(l.p99us()), CostsReport.num(c.cpuMicros(), 1)));
        if (c.perf != null) {
            sb.append(String.format(Locale.ROOT, "  syscalls %s/req (epoll waits %s", CostsReport.num(c.syscallsTotal(), 2),
                    CostsReport.num(c.epollWaits(), 2)));
            if (c.trace != null && c.trace.waits > 0) sb.append(", ").append(CostsReport.num(c.trace.eventsPerWait(), 2)).append(" events each");
            sb.append(')');
        }
        sb.append(String.format(Locale.ROOT, "  cs %s vol + %s invol /req", CostsReport.num(c.voluntary(), 2), CostsReport.num(c.involuntary(), 3)));
        if (l.starvedConns() >= 0) sb.append("  starved ").append(l.starvedConns()).append(" idle ").append(l.idleConns());
        c.notes.forEach(n -> sb.append("\n    note: ").append(n.replace("\n", " ")));
        return sb.toString();
    }
}
