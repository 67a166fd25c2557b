package dev.spindle.bench.costs;

import dev.spindle.bench.compare.LoadResult;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code costs} measured for one impl. The counting window (load result,
 * /proc counters, perf stat counts) and the trace window (epoll returns, the
 * syscalls outside the list) are separate runs of the same load.
 */
final class ImplCosts {
    final String impl;
    String listening = "";
    /** The counting window. */
    LoadResult load;
    /** /proc deltas over the counting window. */
    ProcCounters proc;
    double wallSeconds = Double.NaN;
    /** perf stat over the counting window: event name -> count (null: not counted). */
    Map<String, Double> perf;
    /** The trace window (null: not traced). */
    LoadResult traceLoad;
    Trace trace;
    /** The profile window's report files, and the head of the by-dso report. */
    final List<String> profile = new ArrayList<>();
    /** Why something is missing. */
    final List<String> notes = new ArrayList<>();
    String failure;

    ImplCosts(String impl) {
        this.impl = impl;
    }

    boolean ok() {
        return failure == null && load != null && load.requests() > 0;
    }

    long requests() {
        return load == null ? 0 : load.requests();
    }

    /** A perf stat count per request of the counting window; NaN when not counted. */
    double perRequest(String event) {
        if (perf == null || !ok()) return Double.NaN;
        Double v = perf.get(event);
        return v == null ? Double.NaN : v / requests();
    }

    double syscall(String name) {
        return perRequest("syscalls:sys_enter_" + name);
    }

    double syscallsTotal() {
        return perRequest("raw_syscalls:sys_enter");
    }

    /** epoll_wait + epoll_pwait + epoll_pwait2 per request (those this kernel has). */
    double epollWaits() {
        if (perf == null || !ok()) return Double.NaN;
        double sum = 0;
        boolean any = false;
        for (String s : Syscalls.EPOLL_WAITS) {
            Double v = perf.get("syscalls:sys_enter_" + s);
            if (v != null) {
                sum += v;
                any = true;
            }
        }
        return any ? sum / requests() : Double.NaN;
    }

    /** Total minus every listed syscall, per request. */
    double other() {
        if (perf == null || !ok()) return Double.NaN;
        Double all = perf.get("raw_syscalls:sys_enter");
        if (all == null) return Double.NaN;
        double listed = 0;
        for (Map.Entry<String, Double> e : perf.entrySet()) {
            if (e.getKey().startsWith("syscalls:sys_enter_")) listed += e.getValue();
        }
        return (all - listed) / requests();
    }

    /** Server CPU per request in µs: perf's task-clock when counted, else /proc utime+stime (10 ms ticks). */
    double cpuMicros() {
        double tc = taskClockMicros();
        return Double.isNaN(tc) ? procCpuMicros() : tc;
    }

    double taskClockMicros() {
        double ms = perRequest("task-clock");
        return Double.isNaN(ms) ? Double.NaN : ms * 1000;
    }

    double procCpuMicros() {
        return proc == null || !ok() ? Double.NaN : proc.cpuSeconds() * 1e6 / requests();
    }

    /** Share of the server's CPU time spent in the kernel (/proc stime over utime+stime). */
    double kernelShare() {
        return proc == null || proc.cpuSeconds() <= 0 ? Double.NaN : proc.systemSeconds() / proc.cpuSeconds();
    }

    /** Server CPU as % of one core over the window. */
    double serverCpuPct() {
        return proc == null || !(wallSeconds > 0) ? Double.NaN : 100 * proc.cpuSeconds() / wallSeconds;
    }

    double voluntary() {
        return proc == null || !ok() ? Double.NaN : (double) proc.voluntary() / requests();
    }

    double involuntary() {
        return proc == null || !ok() ? Double.NaN : (double) proc.involuntary() / requests();
    }

    long traceRequests() {
        return traceLoad == null ? 0 : traceLoad.requests();
    }

    /** A count of the trace window per request of that window. */
    double perTraceRequest(long count) {
        return trace == null || traceRequests() == 0 ? Double.NaN : (double) count / traceRequests();
    }
}
