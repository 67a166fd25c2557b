package dev.spindle.bench.costs;

import dev.spindle.bench.compare.Servers;
import dev.spindle.bench.harness.RunChecks;
import dev.spindle.bench.harness.RunMeta;
import dev.spindle.bench.compare.Format;

import dev.spindle.bench.harness.ChildJvm;
import dev.spindle.bench.compare.LoadGenerator;
import dev.spindle.bench.compare.LoadResult;
import dev.spindle.bench.compare.NativeLoad;
import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.compare.ServerProcess;
import dev.spindle.bench.harness.Tools;
import dev.spindle.bench.server.Impl;
import dev.spindle.bench.server.Mode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

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
    @Option(names = "--seconds", defaultValue = "5", description = "Each window.")
    double seconds;
    @Option(names = "--warmup", defaultValue = "1", description = "Warm-up before each window.")
    double warmup;
    @Option(names = "--prime", defaultValue = "15", description = "JIT priming per server JVM, at most (s).")
    double prime;
    @Option(names = "--impls", split = ",", paramLabel = "IMPL", completionCandidates = Impl.Defaults.class,
            description = "Any `server --impl`. Default: ${COMPLETION-CANDIDATES}.")
    List<String> impls;
    @Option(names = "--size", defaultValue = "64", description = "Echo message bytes.")
    int size;
    @Option(names = "--out", paramLabel = "DIR", description = "Default: bench/target/costs.")
    Path out;
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
        Mode.parse(mode);
        List<String> impls = this.impls != null ? this.impls : Impl.defaults();
        Path out = this.out != null ? this.out : Tools.buildDir().resolve("costs");
        boolean trace = this.trace;
        boolean profile = this.profile;
        impls.forEach(Impl::parse);
        if (conns < 1 || conns > 20000) throw new IllegalArgumentException("--conns must be within 1..20000");
        RunChecks.checkWindow(seconds, warmup);
        if (rate < 0) throw new IllegalArgumentException("--rate must be >= 0 (0: closed loop)");

        Pinning pinning = new Pinning();
        NativeLoad gen = new NativeLoad(Tools.nativeLoadGenerator(), mode, size, pinning);
        // the measured windows: paced at --rate when given (priming stays closed-loop, as compare's)
        NativeLoad windowGen = (rate > 0 ? gen.withRate(rate) : gen).withTail(TAIL_SECONDS);
        Syscalls syscalls = new Syscalls();
        String perfOverride = System.getProperty("spindle.bench.perf"); // like -Dspindle.bench.wrk
        Path perf = perfOverride != null ? Path.of(perfOverride) : Tools.onPath("perf");
        String perfProblem = perfProblem(perf);
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
                measure(c, mode, conns, warmup, seconds, prime, gen, windowGen, pinning, perfProblem == null ? perf : null, trace, profile, syscalls, out);
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

    /** Null when perf can count syscall tracepoints here; else why not. */
    static String perfProblem(Path perf) throws InterruptedException {
        if (perf == null) return "perf is not installed (not on PATH)";
        try {
            Process p = new ProcessBuilder(perf.toString(), "stat", "-x", ",", "-e", "raw_syscalls:sys_enter", "--", "true")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "perf stat did not finish within 30 s";
            }
            if (p.exitValue() != 0 || !text.contains("raw_syscalls:sys_enter") || text.contains("<not supported>")) {
                return "perf cannot count syscall tracepoints here (run as root, or lower kernel.perf_event_paranoid and make"
                        + " tracefs readable): " + text.lines().map(String::strip).filter(l -> !l.isEmpty()).limit(4).reduce((x, y) -> x + " / " + y).orElse("exit " + p.exitValue());
            }
            return null;
        } catch (IOException e) {
            return "perf does not run: " + e.getMessage();
        }
    }

    private static void measure(ImplCosts c, String mode, int conns, double warmup, double seconds, double prime, NativeLoad gen,
                                NativeLoad windowGen, Pinning pinning, Path perf, boolean trace, boolean profile, Syscalls syscalls, Path out)
            throws IOException, InterruptedException {
        Path raw = out.resolve("raw");
        Files.createDirectories(raw);
        try (ServerProcess s = new ServerProcess(c.impl, mode, pinning)) {
            c.listening = s.awaitListening(60);
            System.out.println("server " + c.listening.substring("listening ".length()));
            Servers.settle(List.of(s));
            Servers.prime(List.of(s), gen, prime, 4); // as compare: JIT-compiled before it is measured
            gen = windowGen; // from here on: measured windows, with the load going on past their end

            // 1. the counting window; once more if perf counted nothing (it can miss its attach
            //    when a thread exits just then), since the whole table hangs on it
            for (int attempt = 1; attempt <= 2; attempt++) {
                if (countingWindow(c, s, conns, warmup, seconds, gen, pinning, perf, syscalls, raw) || perf == null) break;
                if (attempt == 1) c.notes.add("perf stat counted nothing in the first counting window; measured again");
            }
            if (!s.alive()) throw new IOException("server exited: " + s.output());

            // 2. the trace window: epoll returns, and the syscalls outside the list
            if (perf != null && trace) traceWindow(c, s, conns, warmup, seconds, gen, pinning, perf, syscalls, raw);
            // 3. the profile window
            if (perf != null && profile) profileWindow(c, s, conns, warmup, seconds, gen, pinning, perf, out.resolve("profile"));
        }
    }

    /** The counting window: load result, /proc deltas, perf stat counts. False when perf was to count and did not. */
    private static boolean countingWindow(ImplCosts c, ServerProcess s, int conns, double warmup, double seconds, NativeLoad gen,
                                          Pinning pinning, Path perf, Syscalls syscalls, Path raw) throws IOException, InterruptedException {
        Servers.settle(List.of(s));
        PerfSession stat = null;
        Path statOut = raw.resolve(c.impl + ".perf-stat.csv");
        c.perf = null;
        if (perf != null) {
            // one group: switched on and off at once (one by one, the last events would count a few ms more than the first)
            List<String> events = new ArrayList<>(List.of("task-clock", "context-switches", "raw_syscalls:sys_enter"));
            for (String sc : syscalls.listedHere()) events.add("syscalls:sys_enter_" + sc);
            Files.deleteIfExists(statOut);
            List<String> args = List.of("-x", ",", "-o", statOut.toString(), "-e", "{" + String.join(",", events) + "}",
                    "-p", Long.toString(s.pid()));
            stat = attach(c, s, perf, "stat", args, pinning);
        }
        ProcCounters[] proc = new ProcCounters[2];
        long[] wall = new long[2];
        Window w = new Window(stat, c);
        w.onBegin = () -> {
            proc[0] = ProcCounters.sample(s.pid());
            wall[0] = System.nanoTime();
        };
        w.onEnd = () -> {
            proc[1] = ProcCounters.sample(s.pid());
            wall[1] = System.nanoTime();
        };
        boolean counted = perf == null;
        try {
            c.load = gen.run(s.port, conns, warmup, seconds, w);
        } finally {
            if (stat != null) {
                try {
                    int rc = stat.finish();
                    Map<String, Double> counts = readPerfStat(statOut);
                    if (counts.isEmpty()) {
                        c.notes.add("perf stat counted nothing (exit " + rc + "): " + stat.errors().replaceAll("Events (en|dis)abled\\s*", ""));
                    } else if (!w.failed) { // else not switched on and off at the window's edges: its counts cover something else
                        c.perf = counts;
                        counted = true;
                    }
                } finally {
                    stat.close();
                }
            }
        }
        if (proc[0] != null && proc[1] != null) {
            c.proc = proc[1].minus(proc[0]);
            c.wallSeconds = (wall[1] - wall[0]) / 1e9;
        } else {
            c.notes.add("the server's /proc counters could not be read");
        }
        return counted;
    }

    /**
     * Starts perf on the server's threads, once they are steady; again (up to 3
     * times) when it could not attach to all of them. Null when it failed.
     */
    private static PerfSession attach(ImplCosts c, ServerProcess s, Path perf, String subcommand, List<String> args, Pinning pinning)
            throws IOException, InterruptedException {
        String problem = "";
        for (int attempt = 1; attempt <= 3; attempt++) {
            awaitSteadyThreads(s.pid());
            PerfSession session = null;
            try {
                session = new PerfSession(perf, subcommand, args, pinning::load);
                session.awaitReady(60);
                String err = session.errors();
                // a thread that exited while perf attached: perf goes on without it, and may then count nothing at all
                if (!err.contains("open failure")) return session;
                problem = err;
            } catch (IOException e) {
                problem = e.getMessage();
            }
            if (session != null) session.close();
        }
        c.notes.add("perf " + subcommand + " could not attach: " + problem.replace('\n', ' '));
        return null;
    }

    /**
     * Waits (at most 5 s) until the server's threads stay the same for 300 ms: the
     * thread-per-connection servers are still ending the threads of the last run's
     * connections for a while, and perf, attaching to each thread, must not race them.
     */
    private static void awaitSteadyThreads(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        java.util.Set<String> last = threads(pid);
        int steady = 0;
        while (steady < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            java.util.Set<String> now = threads(pid);
            steady = now.equals(last) ? steady + 1 : 0;
            last = now;
        }
    }

    private static java.util.Set<String> threads(long pid) {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            return tasks.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet());
        } catch (IOException | java.io.UncheckedIOException e) {
            return java.util.Set.of();
        }
    }

    private static void traceWindow(ImplCosts c, ServerProcess s, int conns, double warmup, double seconds, NativeLoad gen,
                                    Pinning pinning, Path perf, Syscalls syscalls, Path raw) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>();
        for (String wait : syscalls.epollWaitsHere()) args.addAll(List.of("-e", "syscalls:sys_exit_" + wait));
        String filter = syscalls.unlistedFilter(syscalls.listedHere());
        if (filter != null) args.addAll(List.of("-e", "raw_syscalls:sys_enter", "--filter", filter));
        Path data = raw.resolve(c.impl + ".trace.perf.data");
        args.addAll(List.of("-m", "1024", "-p", Long.toString(s.pid()), "-o", data.toString()));
        Servers.settle(List.of(s));
        PerfSession rec = null;
        try {
            rec = attach(c, s, perf, "record", args, pinning);
            if (rec == null) return;
            Window w = new Window(rec, c);
            LoadResult r = gen.run(s.port, conns, warmup, seconds, w);
            int rc = rec.finish();
            String err = rec.errors();
            if (w.failed || rc != 0) {
                c.notes.add("trace window: perf record failed (exit " + rc + "): " + err);
                return;
            }
            c.traceLoad = r;
            c.trace = Trace.read(perf, data, syscalls);
            for (String line : err.lines().toList()) {
                if (line.toLowerCase(Locale.ROOT).contains("lost")) c.notes.add("trace window: " + line.trim());
            }
        } catch (IOException e) {
            c.notes.add("trace window failed: " + e.getMessage());
        } finally {
            if (rec != null) rec.close();
            Files.deleteIfExists(data); // tens of MB, and read already
            Files.deleteIfExists(raw.resolve(c.impl + ".trace.perf.data.old"));
        }
    }

    private static void profileWindow(ImplCosts c, ServerProcess s, int conns, double warmup, double seconds, NativeLoad gen,
                                      Pinning pinning, Path perf, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path data = dir.resolve(c.impl + ".perf.data");
        Servers.settle(List.of(s));
        PerfSession rec = null;
        try {
            rec = attach(c, s, perf, "record", List.of("-F", "499", "-g", "-p", Long.toString(s.pid()), "-o", data.toString()), pinning);
            if (rec == null) return;
            Window w = new Window(rec, c);
            gen.run(s.port, conns, warmup, seconds, w);
            int rc = rec.finish();
            if (w.failed || rc != 0) {
                c.notes.add("profile: perf record failed (exit " + rc + "): " + rec.errors());
                return;
            }
        } catch (IOException e) {
            c.notes.add("profile failed: " + e.getMessage());
            return;
        } finally {
            if (rec != null) rec.close();
        }
        // the JIT's symbols, for perf to name Java frames: /tmp/perf-PID.map (the server must still run)
        Path jcmd = Path.of(ChildJvm.java()).resolveSibling("jcmd");
        String jc = run(List.of(jcmd.toString(), Long.toString(s.pid()), "Compiler.perfmap"), 60);
        if (jc == null) c.notes.add("profile: jcmd " + s.pid() + " Compiler.perfmap failed; Java frames stay unnamed");
        for (String sort : List.of("dso", "sym")) {
            String report = run(List.of(perf.toString(), "report", "-i", data.toString(), "--no-children", "--sort", sort,
                    "-q", "--stdio", "-g", "none"), 300);
            Path file = dir.resolve(c.impl + ".perf-" + sort + ".txt");
            Files.writeString(file, report == null ? "" : report);
            c.profile.add("# " + file);
            if (report != null) report.lines().filter(l -> !l.isBlank()).limit(sort.equals("dso") ? 6 : 10).map(String::stripTrailing).forEach(c.profile::add);
        }
    }

    /** Runs a command; its stdout, or null when it failed. */
    private static String run(List<String> cmd, double limitSeconds) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? text : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** perf stat -x, output: "VALUE,UNIT,EVENT,..." per event; "<not counted>" ones left out. */
    static Map<String, Double> readPerfStat(Path csv) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        if (!Files.exists(csv)) return out;
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(",");
            if (line.startsWith("#") || f.length < 3) continue;
            try {
                out.put(f[2], Double.parseDouble(f[0]));
            } catch (NumberFormatException e) {
                // <not counted>, <not supported>
            }
        }
        return out;
    }

    /**
     * The load generator's window edges: switches perf on and off, then takes the
     * /proc samples (the same steps at both edges, so both lag the generator's
     * edges alike; its tail keeps the load going past the end). Called on the
     * thread reading the generator's output, so it must not throw: a failure is
     * remembered instead.
     */
    private static final class Window implements LoadGenerator.Window {
        private final PerfSession perf;
        private final ImplCosts costs;
        Runnable onBegin = () -> { };
        Runnable onEnd = () -> { };
        volatile boolean failed;

        Window(PerfSession perf, ImplCosts costs) {
            this.perf = perf;
            this.costs = costs;
        }

        @Override
        public void begin() {
            if (perf != null && !failed) {
                try {
                    perf.enable();
                } catch (IOException | InterruptedException e) {
                    fail("enable", e);
                }
            }
            onBegin.run();
        }

        @Override
        public void end() {
            if (perf != null && !failed) {
                try {
                    perf.disable();
                } catch (IOException | InterruptedException e) {
                    fail("disable", e);
                }
            }
            onEnd.run();
        }

        private void fail(String what, Exception e) {
            failed = true;
            synchronized (costs.notes) {
                costs.notes.add("perf " + what + " failed: " + e.getMessage());
            }
        }
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
