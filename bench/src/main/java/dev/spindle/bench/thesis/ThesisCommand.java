package dev.spindle.bench.thesis;

import dev.spindle.bench.harness.ChildJvm;
import dev.spindle.bench.harness.ChildProcess;
import dev.spindle.bench.harness.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code thesis}: jimblandy/context-switch's three experiments (ring hop
 * time, spawn cost, memory per blocked task) for each variant, each in a
 * fresh child JVM, printed next to Blandy's figures.
 */
@Command(name = "thesis", description = "jimblandy/context-switch's ring, spawn and memory experiments for each variant,"
        + " each in a fresh child JVM, next to Blandy's figures.")
public final class ThesisCommand implements Callable<Integer> {
    /** A fixed, pre-touched heap: heap pages are resident from the start, so RSS growth is native memory. */
    private static final List<String> CHILD_JVM = List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");

    @Mixin
    ThesisOptions o;
    @Option(names = "--variants", split = ",", paramLabel = "V", completionCandidates = Variants.Names.class,
            description = "Default: all of ${COMPLETION-CANDIDATES}.")
    List<String> variants;

    @Override
    public Integer call() throws Exception {
        List<String> variants = this.variants != null ? this.variants : Variants.ALL;
        for (String v : variants) if (!Variants.ALL.contains(v)) throw new IllegalArgumentException("unknown variant " + v + "; one of " + Variants.ALL);
        int tasks = o.tasks;
        int laps = o.laps;
        int memMax = o.memMax;
        if (tasks < 1 || tasks > 5000) throw new IllegalArgumentException("--tasks must be within 1..5000");
        if (laps < 1 || laps > 1_000_000) throw new IllegalArgumentException("--laps must be within 1..1000000");
        if (memMax > 16000) throw new IllegalArgumentException("--mem-max above 16000 would exceed the file-descriptor limit");
        int reps = o.ringReps;
        double repSeconds = o.ringSeconds;
        double ringMax = o.ringMaxSeconds;
        double spreadPct = o.ringSpread;
        if (reps < 1 || reps > 100) throw new IllegalArgumentException("--ring-reps must be within 1..100");
        if (repSeconds <= 0 || ringMax <= 0 || ringMax > 3600) throw new IllegalArgumentException("--ring-seconds > 0, --ring-max-seconds in (0,3600]");
        if (spreadPct <= 0) throw new IllegalArgumentException("--ring-spread must be > 0 (percent)");
        if (!o.jdkTransport.equals("unix") && !o.jdkTransport.equals("tcp")) throw new IllegalArgumentException("--jdk-transport unix|tcp, not " + o.jdkTransport);

        List<String> childArgs = o.args();
        System.out.printf(Locale.ROOT, "thesis: ring of %d tasks, %s warm-up laps, then repetitions of up to %d laps (at most %.1f s each)"
                        + " until the last %d are within %.0f%% of their median (at least %d; more until %.0f s of them per variant);"
                        + " %d spawns x %d iterations (at most %s s); memory with %d..%d blocked tasks (step %d); one child JVM per variant (%s)%n",
                tasks, o.warmupLaps, laps, Math.min(repSeconds, ringMax / reps), reps, spreadPct, reps, ringMax,
                o.spawns, o.spawnIterations, o.spawnSeconds, o.memMin, memMax, o.memStep, String.join(" ", CHILD_JVM));

        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String v : variants) {
            long t0 = System.nanoTime();
            List<String> args = new ArrayList<>(List.of("thesis-variant", "--variant", v));
            args.addAll(childArgs);
            // the ring's cap plus its warm-up, spawning, the memory steps and the JVM: generous, it only stops a hung child
            Map<String, String> row = runChild(ChildJvm.command(CHILD_JVM, args), 180 + 1.5 * ringMax);
            rows.put(v, row);
            System.out.printf(Locale.ROOT, "  %-16s %s (%.1f s)%n", v,
                    row.containsKey("failure") ? "FAILED: " + row.get("failure") : "hop " + row.get("hop_us") + " µs, spread "
                            + pct(row.get("hop_spread")) + " over the last " + row.get("hop_window") + " of " + row.get("hop_reps")
                            + " repetitions (" + row.get("laps") + " laps)" + (converged(row) ? "" : " NOT under " + percent(spreadPct))
                            + ", spawn " + row.getOrDefault("spawn_us", "n/a") + " µs, " + row.get("mem_kib_per_task")
                            + " KiB/task; took ring " + row.get("ring_s") + " s, spawn " + row.get("spawn_s") + " s, memory "
                            + row.get("memory_s") + " s",
                    (System.nanoTime() - t0) / 1e9);
        }
        System.out.println();
        System.out.print(table(rows, spreadPct));
        return 0;
    }

    private static boolean converged(Map<String, String> row) {
        return Boolean.parseBoolean(row.getOrDefault("hop_converged", "false"));
    }

    /** A fraction as a percentage, e.g. "0.0421" as "4.2%". */
    private static String pct(String fraction) {
        return fraction == null ? "n/a" : percent(100 * Double.parseDouble(fraction));
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p);
    }

    private static Map<String, String> runChild(List<String> cmd, double limitSeconds) throws IOException, InterruptedException {
        Map<String, String> row = new HashMap<>();
        StringBuilder other = new StringBuilder();
        try {
            int rc = ChildProcess.run(cmd, limitSeconds, line -> {
                if (line.startsWith("THESIS ")) {
                    for (String kv : line.substring(7).split("\\s+")) {
                        int eq = kv.indexOf('=');
                        if (eq > 0) row.put(kv.substring(0, eq), kv.substring(eq + 1).replace('+', ' '));
                    }
                } else {
                    other.append(line).append('\n');
                }
            });
            if (!row.containsKey("hop_us")) row.put("failure", "exit " + rc + ": " + other.toString().strip());
            else if (!other.isEmpty()) System.out.print(other);
        } catch (ChildProcess.TimedOut e) {
            row.put("failure", "timed out after " + (long) limitSeconds + " s");
            if (!other.isEmpty()) System.out.print(other);
        }
        return row;
    }

    static String table(Map<String, Map<String, String>> rows, double spreadPct) {
        Table table = new Table().left("variant", "tasks", "sockets").right("ring µs/hop", "ring spread", "spawn µs", "spawn→running µs",
                "KiB per blocked task (RSS + live heap)", "RSS only");
        List<String> wide = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : rows.entrySet()) {
            Map<String, String> r = e.getValue();
            if (r.containsKey("failure")) {
                table.failedRow(e.getKey(), "failed: " + r.get("failure").lines().findFirst().orElse(""));
                continue;
            }
            table.row(e.getKey(), r.get("tasks"), r.get("sockets"), num(r.get("hop_us"), 2),
                    pct(r.get("hop_spread")) + (converged(r) ? "" : " †"), num(r.get("spawn_us"), 2), num(r.get("spawn_delay_us"), 1),
                    num(r.get("mem_kib_per_task"), 2), num(r.get("rss_kib_per_task"), 2));
            if (!converged(r)) wide.add(e.getKey() + " (" + r.get("hop_reps") + " repetitions, µs/hop: " + r.get("hop_all").replace(",", ", ") + ")");
        }
        table.row("*Blandy: threads*", "Rust, OS threads", "", "*5.3*", "", "*17*", "", "*9.5*", "");
        table.row("*Blandy: async*", "Rust, async tasks", "", "*3.6*", "", "*0.3*", "", "*0.4*", "");
        StringBuilder sb = new StringBuilder(table.markdown());
        if (!wide.isEmpty()) {
            sb.append("\n† spread not under ").append(percent(spreadPct)).append(" when the ring's time cap (--ring-max-seconds) ran out: ")
                    .append(String.join("; ", wide)).append(". Its µs/hop is the median of the last repetitions all the same;"
                            + " read it with that spread in mind, or re-run on a quieter machine.\n");
        }
        sb.append("""

                ring: µs per hop = lap time / tasks, the byte injected and taken back by a platform main thread; the
                median over the last repetitions on the same ring (--ring-reps, each at most --laps laps and --ring-seconds),
                run until their spread, (max - min) / median, is under --ring-spread, or until --ring-max-seconds.
                spawn: mean cost of start() in a burst of 1,000 (median of iterations); spawn→running: mean delay from just
                before start() to the task's first statement, one task at a time. The event loop spawns nothing (n/a).
                memory: slope of a least-squares line through (blocked tasks, memory growth); sockets are opened before
                the baseline, one pair per two tasks, so only the task is counted. The event loop's task is a
                registered SelectionKey plus a small state record.
                """);
        return sb.toString();
    }

    private static String num(String v, int decimals) {
        if (v == null) return "n/a";
        return String.format(Locale.ROOT, "%." + decimals + "f", Double.parseDouble(v));
    }
}
