package dev.spindle.bench.costs;

import dev.spindle.bench.compare.Format;
import dev.spindle.bench.compare.LoadResult;
import dev.spindle.bench.harness.Table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Renders {@code costs}: Markdown (a summary table, syscalls by name, epoll waits by thread) and CSV. */
final class CostsReport {
    /** A listed syscall gets its own column in the summary from this many per request (in some impl). */
    private static final double COLUMN_FROM = 0.05;
    /** ... and a row in "by name" from this many. */
    private static final double ROW_FROM = 0.01;

    private final List<ImplCosts> rows;
    private final String heading;
    private final List<String> notes;

    CostsReport(List<ImplCosts> rows, String heading, List<String> notes) {
        this.rows = List.copyOf(rows);
        this.heading = heading;
        this.notes = List.copyOf(notes);
    }

    /** Listed syscalls (epoll waits aside: they have their own column) worth a column, in the list's order. */
    private List<String> mainSyscalls() {
        List<String> out = new ArrayList<>();
        for (String s : Syscalls.LISTED) {
            if (Syscalls.EPOLL_WAITS.contains(s)) continue;
            if (rows.stream().anyMatch(r -> r.syscall(s) >= COLUMN_FROM)) out.add(s);
        }
        return out;
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("\n### ").append(heading).append("\n\n");
        List<String> main = mainSyscalls();
        Table table = new Table().left("impl").right("req/s", "p99", "CPU µs/req (kernel)", "syscalls/req").right(main.toArray(String[]::new))
                .right("other", "epoll waits/req", "events/wait", "zero waits", "vol cs/req", "invol cs/req",
                        "starved / idle conns (min conn req/s)");
        for (ImplCosts r : rows) {
            if (!r.ok()) {
                table.failedRow(r.impl, "failed");
                continue;
            }
            LoadResult l = r.load;
            Trace t = r.trace;
            List<String> cells = new ArrayList<>(List.of(r.impl, Format.rps(l.rps()), Format.latency(l.p99us()),
                    num(r.cpuMicros(), 1) + (Double.isNaN(r.kernelShare()) ? "" : " (" + pct(r.kernelShare()) + ")"),
                    num(r.syscallsTotal(), 2)));
            for (String s : main) cells.add(num(r.syscall(s), 2));
            cells.addAll(List.of(num(r.other(), 2), num(r.epollWaits(), 2), t == null ? "-" : num(t.eventsPerWait(), 2),
                    t == null ? "-" : pct(t.zeroShare()), num(r.voluntary(), 2), num(r.involuntary(), 3),
                    l.starvedConns() < 0 ? "-" : l.starvedConns() + " / " + l.idleConns() + " (" + num(l.minConnRps(), 0) + ")"));
            table.row(cells);
        }
        sb.append(table.markdown());
        sb.append("\nPer request of the load generator (").append("requests completed in the window). CPU: the server's task-clock"
                + " (perf), else utime+stime; in brackets the kernel's share (stime). syscalls/req: every syscall the server"
                + " process entered (raw_syscalls:sys_enter), any thread; `other`: those not in the list below. epoll waits:"
                + " epoll_wait + epoll_pwait + epoll_pwait2; events/wait and zero waits (share returning 0) from the trace window."
                + " cs: context switches summed over /proc/PID/task/*/status. starved / idle conns: connections with a whole"
                + " second of the window without a completed request / without any; in brackets the fewest requests one connection"
                + " completed in one second.\n");

        if (rows.stream().noneMatch(r -> r.perf != null)) {
            sb.append("\nSyscalls not counted (no perf).\n");
        } else {
            bySyscall(sb);
        }
        epollByThread(sb);
        profiles(sb);
        List<String> all = new ArrayList<>(notes);
        for (ImplCosts r : rows) {
            r.notes.forEach(n -> all.add(r.impl + ": " + n));
            if (r.failure != null) all.add(r.impl + " failed: " + r.failure);
        }
        if (!all.isEmpty()) {
            sb.append("\nNotes:\n\n");
            all.forEach(n -> sb.append("- ").append(n.replace("\n", " ")).append('\n'));
        }
        return sb.toString();
    }

    private void bySyscall(StringBuilder sb) {
        Table table = new Table().left("syscall");
        for (ImplCosts r : rows) table.right(r.impl);
        for (String s : Syscalls.LISTED) {
            if (rows.stream().noneMatch(r -> r.syscall(s) > ROW_FROM)) continue;
            table.row(perImpl(s, r -> num(r.syscall(s), 3)));
        }
        Set<String> unlisted = new LinkedHashSet<>();
        for (ImplCosts r : rows) {
            if (r.trace == null) continue;
            r.trace.unlistedByCount().forEach((name, n) -> {
                if (r.perTraceRequest(n) > ROW_FROM) unlisted.add(name);
            });
        }
        for (String s : unlisted) {
            table.row(perImpl(s + " †", r -> {
                Long n = r.trace == null ? null : r.trace.unlisted.get(s);
                return r.trace == null ? "-" : num(r.perTraceRequest(n == null ? 0 : n), 3);
            }));
        }
        table.row(perImpl("other", r -> num(r.other(), 3)));
        table.row(perImpl("**all**", r -> "**" + num(r.syscallsTotal(), 3) + "**"));
        sb.append("\n#### Syscalls per request by name\n\n").append(table.markdown());
        sb.append("\nOnly syscalls above ").append(ROW_FROM).append(" per request in some impl. `†`: not in the counted"
                + " list; from the trace window (raw_syscalls:sys_enter filtered in the kernel to the unlisted ones), per"
                + " request of that window; they make up `other`.\n");
    }

    /** A row of the "by name" table: its label, then a cell per impl. */
    private List<String> perImpl(String label, Function<ImplCosts, String> cell) {
        List<String> cells = new ArrayList<>(List.of(label));
        for (ImplCosts r : rows) cells.add(cell.apply(r));
        return cells;
    }

    private void epollByThread(StringBuilder sb) {
        if (rows.stream().anyMatch(r -> r.trace != null && r.trace.waits > 0)) {
            Table table = new Table().left("impl", "threads").right("waits/req", "events/wait", "zero waits");
            for (ImplCosts r : rows) {
                if (r.trace == null) continue;
                for (Map.Entry<String, long[]> e : r.trace.threadsByWaits()) {
                    long[] g = e.getValue();
                    if (r.perTraceRequest(g[0]) < 0.001) continue;
                    table.row(r.impl, "`" + e.getKey() + "`", num(r.perTraceRequest(g[0]), 3),
                            num(g[0] == 0 ? Double.NaN : (double) g[1] / g[0], 2), pct(g[0] == 0 ? Double.NaN : (double) g[2] / g[0]));
                }
            }
            sb.append("\n#### Epoll waits by thread (trace window)\n\n").append(table.markdown());
            sb.append("\nThread names with their digits as `#` (one group per kind of thread).\n");
        }
    }

    private void profiles(StringBuilder sb) {
        if (rows.stream().anyMatch(r -> !r.profile.isEmpty())) {
            sb.append("\n#### Profiles (perf record -F 499 -g, Java frames through Compiler.perfmap)\n");
            for (ImplCosts r : rows) {
                if (r.profile.isEmpty()) continue;
                sb.append("\n").append(r.impl).append(":\n\n```\n");
                r.profile.forEach(line -> sb.append(line).append('\n'));
                sb.append("```\n");
            }
        }
    }

    String csv() {
        List<String> head = new ArrayList<>(List.of("impl", "requests", "seconds", "rps", "p50_us", "p99_us", "p999_us", "errors",
                "starved_conns", "idle_conns", "min_conn_rps", "server_cpu_pct", "cpu_us_per_req", "task_clock_us_per_req",
                "proc_cpu_us_per_req", "kernel_share", "syscalls_per_req"));
        for (String s : Syscalls.LISTED) head.add(s + "_per_req");
        head.addAll(List.of("other_per_req", "epoll_waits_per_req", "trace_requests", "trace_epoll_waits_per_req",
                "events_per_wait", "zero_wait_share", "failed_waits", "vol_cs_per_req", "invol_cs_per_req",
                "perf_cs_per_req", "threads", "failure"));
        Table table = new Table().left(head.toArray(String[]::new));
        for (ImplCosts r : rows) {
            LoadResult l = r.load;
            List<String> f = new ArrayList<>();
            f.add(r.impl);
            if (l == null) {
                for (int i = 1; i < head.size() - 1; i++) f.add("");
            } else {
                f.addAll(List.of(Long.toString(l.requests()), n(l.seconds()), n(l.rps()), n(l.p50us()), n(l.p99us()), n(l.p999us()),
                        Long.toString(l.errors()), l.starvedConns() < 0 ? "" : Integer.toString(l.starvedConns()),
                        l.idleConns() < 0 ? "" : Integer.toString(l.idleConns()), n(l.minConnRps()), n(r.serverCpuPct()),
                        n(r.cpuMicros()), n(r.taskClockMicros()), n(r.procCpuMicros()), n(r.kernelShare()), n(r.syscallsTotal())));
                for (String s : Syscalls.LISTED) f.add(n(r.syscall(s)));
                Trace t = r.trace;
                f.addAll(List.of(n(r.other()), n(r.epollWaits()), t == null ? "" : Long.toString(r.traceRequests()),
                        t == null ? "" : n(r.perTraceRequest(t.waits)), t == null ? "" : n(t.eventsPerWait()),
                        t == null ? "" : n(t.zeroShare()), t == null ? "" : Long.toString(t.failedWaits),
                        n(r.voluntary()), n(r.involuntary()), n(r.perRequest("context-switches")),
                        r.proc == null ? "" : Integer.toString(r.proc.threads())));
            }
            f.add(r.failure == null ? "" : r.failure);
            table.row(f);
        }
        return table.csv();
    }

    /** Long form: impl, syscall, per request, and which window counted it. */
    String syscallsCsv() {
        Table table = new Table().left("impl", "syscall", "per_req", "window");
        for (ImplCosts r : rows) {
            if (r.perf != null && r.ok()) {
                table.row(r.impl, "all", n(r.syscallsTotal()), "count");
                for (String s : Syscalls.LISTED) {
                    if (r.perf.containsKey("syscalls:sys_enter_" + s)) table.row(r.impl, s, n(r.syscall(s)), "count");
                }
                table.row(r.impl, "other", n(r.other()), "count");
            }
            if (r.trace != null) r.trace.unlistedByCount().forEach((s, c) -> table.row(r.impl, s, n(r.perTraceRequest(c)), "trace"));
        }
        return table.csv();
    }

    static String num(double v, int decimals) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    static String pct(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    private static String n(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }
}
