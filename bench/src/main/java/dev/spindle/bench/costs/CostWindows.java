package dev.spindle.bench.costs;

import dev.spindle.bench.compare.LoadResult;
import dev.spindle.bench.compare.NativeLoad;
import dev.spindle.bench.compare.ServerProcess;
import dev.spindle.bench.compare.Servers;
import dev.spindle.bench.harness.ChildJvm;
import dev.spindle.bench.harness.Pinning;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One impl's measurement for {@code costs}: its server started and primed, then the counting
 * window (perf stat and /proc), the trace window (perf record of epoll returns and unlisted
 * syscalls) and the profile window (perf record -g), each under the same load.
 */
final class CostWindows {
    private CostWindows() {}

    static void measure(ImplCosts c, String mode, int conns, double warmup, double seconds, double prime, int primeMin, NativeLoad gen,
                                NativeLoad windowGen, Pinning pinning, Path perf, boolean trace, boolean profile, Syscalls syscalls, Path out)
            throws IOException, InterruptedException {
        Path raw = out.resolve("raw");
        Files.createDirectories(raw);
        try (ServerProcess s = new ServerProcess(c.impl, mode, pinning)) {
            c.listening = s.awaitListening(60);
            System.out.println("server " + c.listening.substring("listening ".length()));
            Servers.settle(List.of(s));
            Servers.prime(List.of(s), gen, prime, primeMin); // as compare: JIT-compiled before it is measured
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
        PerfWindow w = new PerfWindow(stat, c);
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
                    Map<String, Double> counts = Perf.readStat(statOut);
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
            ProcCounters.awaitSteadyThreads(s.pid());
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
            PerfWindow w = new PerfWindow(rec, c);
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
            PerfWindow w = new PerfWindow(rec, c);
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
        String jc = Perf.run(List.of(jcmd.toString(), Long.toString(s.pid()), "Compiler.perfmap"), 60);
        if (jc == null) c.notes.add("profile: jcmd " + s.pid() + " Compiler.perfmap failed; Java frames stay unnamed");
        for (String sort : List.of("dso", "sym")) {
            String report = Perf.run(List.of(perf.toString(), "report", "-i", data.toString(), "--no-children", "--sort", sort,
                    "-q", "--stdio", "-g", "none"), 300);
            Path file = dir.resolve(c.impl + ".perf-" + sort + ".txt");
            Files.writeString(file, report == null ? "" : report);
            c.profile.add("# " + file);
            if (report != null) report.lines().filter(l -> !l.isBlank()).limit(sort.equals("dso") ? 6 : 10).map(String::stripTrailing).forEach(c.profile::add);
        }
    }
}
