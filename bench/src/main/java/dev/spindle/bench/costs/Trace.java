package dev.spindle.bench.costs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the trace window recorded: every return from an epoll wait (its value is
 * the number of events handed out), by thread, and the syscalls outside
 * {@link Syscalls#LISTED}, by name.
 */
final class Trace {
    /** {@code perf script -F comm,tid,event,trace}: "COMM TID EVENT: TRACE" (COMM may hold spaces). */
    private static final Pattern LINE = Pattern.compile("^\\s*(.*?)\\s+(\\d+)\\s+([\\w:]+):\\s*(.*)$");
    private static final Pattern NR = Pattern.compile("NR (\\d+)");

    long waits;        // epoll waits that returned >= 0
    long zeroWaits;    // ... that returned 0 (timed out, or woken with nothing)
    long events;       // sum of what they returned
    long failedWaits;  // returned an error (EINTR)
    /** Thread group (name with digits as '#') -> {waits, events, zero waits}. */
    final Map<String, long[]> byThread = new TreeMap<>();
    /** Syscalls outside the listed ones, by name. */
    final Map<String, Long> unlisted = new TreeMap<>();
    long lines;

    /** Reads a perf.data of the trace window. */
    static Trace read(Path perf, Path data, Syscalls syscalls) throws IOException, InterruptedException {
        Trace t = new Trace();
        Process p = new ProcessBuilder(perf.toString(), "script", "-i", data.toString(), "-F", "comm,tid,event,trace")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) t.accept(line, syscalls);
        }
        if (!p.waitFor(60, TimeUnit.SECONDS)) p.destroyForcibly();
        return t;
    }

    void accept(String line, Syscalls syscalls) {
        Matcher m = LINE.matcher(line);
        if (!m.matches()) return;
        lines++;
        String event = m.group(3);
        String trace = m.group(4).trim();
        if (event.startsWith("syscalls:sys_exit_epoll")) {
            long ret = parseRet(trace);
            if (ret < 0) {
                failedWaits++;
                return;
            }
            waits++;
            events += ret;
            if (ret == 0) zeroWaits++;
            long[] g = byThread.computeIfAbsent(threadGroup(m.group(1)), k -> new long[3]);
            g[0]++;
            g[1] += ret;
            if (ret == 0) g[2]++;
        } else if (event.equals("raw_syscalls:sys_enter")) {
            Matcher nr = NR.matcher(trace);
            if (nr.find()) unlisted.merge(syscalls.name(Integer.parseInt(nr.group(1))), 1L, Long::sum);
        }
    }

    /** "0x3" -> 3; a negative errno shows as 0xffff...: -1. */
    static long parseRet(String trace) {
        String s = trace.startsWith("0x") ? trace.substring(2) : trace;
        try {
            long v = Long.parseUnsignedLong(s.split("\\s")[0], trace.startsWith("0x") ? 16 : 10);
            return v < 0 || v > Integer.MAX_VALUE ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A thread's name with its numbers blanked: per-connection and per-worker threads fall into one group. */
    static String threadGroup(String comm) {
        return comm.trim().replaceAll("\\d+", "#");
    }

    double eventsPerWait() {
        return waits == 0 ? Double.NaN : (double) events / waits;
    }

    double zeroShare() {
        return waits == 0 ? Double.NaN : (double) zeroWaits / waits;
    }

    /** Thread groups by waits, most first. */
    List<Map.Entry<String, long[]>> threadsByWaits() {
        return byThread.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).toList();
    }

    Map<String, Long> unlistedByCount() {
        Map<String, Long> out = new LinkedHashMap<>();
        unlisted.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
