package dev.spindle.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU time from /proc/PID/stat, in seconds. */
public final class ProcStat {
    /** USER_HZ; 100 on every Linux we run on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcStat() {}

    /** utime + stime of a live process; NaN if it is gone. */
    public static double cpuSeconds(long pid) {
        long[] f = fields(Path.of("/proc", Long.toString(pid), "stat"));
        return f == null ? Double.NaN : (f[0] + f[1]) / TICKS_PER_SECOND;
    }

    /** cutime + cstime of this JVM: CPU of every child it has already reaped. */
    public static double reapedChildrenCpuSeconds() {
        long[] f = fields(Path.of("/proc/self/stat"));
        return f == null ? Double.NaN : (f[2] + f[3]) / TICKS_PER_SECOND;
    }

    /**
     * Busy, total and stolen time of each CPU from /proc/stat, in ticks: {busy[], total[], steal[]}.
     * Busy includes irq and softirq time, which is charged to no process (on loopback much of
     * TCP's work runs in softirq), and steal: time the hypervisor ran something else while this
     * virtual CPU had work.
     */
    public static long[][] cpuTicks() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/stat"));
        } catch (IOException e) {
            return null;
        }
        List<long[]> rows = new ArrayList<>();
        for (String line : lines) {
            if (!line.startsWith("cpu") || line.startsWith("cpu ")) continue;
            String[] f = line.trim().split("\\s+");
            int cpu = Integer.parseInt(f[0].substring(3));
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) total += Long.parseLong(f[i]); // user..steal
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            long steal = f.length > 8 ? Long.parseLong(f[8]) : 0;
            while (rows.size() <= cpu) rows.add(new long[3]);
            rows.set(cpu, new long[] {total - idle, total, steal});
        }
        long[][] out = new long[3][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            for (int k = 0; k < 3; k++) out[k][i] = rows.get(i)[k];
        }
        return out;
    }

    /** Stolen time as a percentage of all CPUs' time between two cpuTicks() samples; NaN if either is missing. */
    public static double stealPct(long[][] a, long[][] b) {
        if (a == null || b == null) return Double.NaN;
        long steal = 0;
        long total = 0;
        for (int i = 0; i < a[0].length && i < b[0].length; i++) {
            steal += b[2][i] - a[2][i];
            total += b[1][i] - a[1][i];
        }
        return total == 0 ? Double.NaN : 100.0 * steal / total;
    }

    /** Busy percentage of CPUs [from, to] between two cpuTicks() samples, averaged per CPU. */
    public static double busyPct(long[][] a, long[][] b, int from, int to) {
        if (a == null || b == null) return Double.NaN;
        long busy = 0;
        long total = 0;
        for (int i = from; i <= to && i < a[0].length && i < b[0].length; i++) {
            busy += b[0][i] - a[0][i];
            total += b[1][i] - a[1][i];
        }
        return total == 0 ? Double.NaN : 100.0 * busy / total;
    }

    /**
     * Context switches of every live thread of a process, {voluntary, involuntary}, summed from
     * /proc/PID/task/TID/status; null if the process is gone. Threads that exited are not counted.
     */
    public static long[] threadSwitches(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        long[] sum = new long[2];
        try (var dir = Files.newDirectoryStream(tasks)) {
            for (Path task : dir) {
                List<String> lines;
                try {
                    lines = Files.readAllLines(task.resolve("status"));
                } catch (IOException gone) {
                    continue; // the thread exited meanwhile
                }
                addSwitches(lines, sum);
            }
        } catch (IOException e) {
            return null;
        }
        return sum;
    }

    /** Adds a status file's voluntary_ctxt_switches and nonvoluntary_ctxt_switches to sum. */
    public static void addSwitches(List<String> statusLines, long[] sum) {
        for (String line : statusLines) {
            if (line.startsWith("voluntary_ctxt_switches:")) sum[0] += Long.parseLong(line.substring(24).trim());
            else if (line.startsWith("nonvoluntary_ctxt_switches:")) sum[1] += Long.parseLong(line.substring(27).trim());
        }
    }

    /** Fields 14..17 (utime, stime, cutime, cstime). */
    private static long[] fields(Path stat) {
        String s;
        try {
            s = Files.readString(stat);
        } catch (IOException e) {
            return null;
        }
        // comm (field 2) may hold spaces: fields after it start past the last ')'
        String[] f = s.substring(s.lastIndexOf(')') + 2).trim().split("\\s+");
        // f[0] is field 3 (state), so field k is f[k - 3]
        return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), Long.parseLong(f[13]), Long.parseLong(f[14])};
    }
}
