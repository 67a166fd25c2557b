package dev.spindle.bench.costs;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Counters of a live process from /proc: context switches summed over its
 * threads (/proc/PID/task/TID/status; a thread that exits takes its counts
 * along), and user and system CPU time of the whole process (/proc/PID/stat).
 */
record ProcCounters(long voluntary, long involuntary, int threads, double userSeconds, double systemSeconds) {
    /** USER_HZ; 100 on every Linux we run on (getconf CLK_TCK). */
    private static final double TICKS_PER_SECOND = 100.0;

    /** Null when the process is gone. */
    static ProcCounters sample(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        long vol = 0;
        long invol = 0;
        int threads = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
            for (Path task : tasks) {
                String status;
                try {
                    status = Files.readString(task.resolve("status"));
                } catch (IOException e) {
                    continue; // the thread exited meanwhile
                }
                threads++;
                for (String line : status.split("\n")) {
                    if (line.startsWith("voluntary_ctxt_switches:")) vol += Long.parseLong(line.substring(24).trim());
                    else if (line.startsWith("nonvoluntary_ctxt_switches:")) invol += Long.parseLong(line.substring(27).trim());
                }
            }
            String stat = Files.readString(proc.resolve("stat"));
            // comm (field 2) may hold spaces: the fields after it start past the last ')'; f[0] is field 3
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            return new ProcCounters(vol, invol, threads, Long.parseLong(f[11]) / TICKS_PER_SECOND, Long.parseLong(f[12]) / TICKS_PER_SECOND);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** this - before, field by field (threads: this sample's). */
    ProcCounters minus(ProcCounters before) {
        return new ProcCounters(voluntary - before.voluntary, involuntary - before.involuntary, threads,
                userSeconds - before.userSeconds, systemSeconds - before.systemSeconds);
    }

    double cpuSeconds() {
        return userSeconds + systemSeconds;
    }

    /**
     * Waits (at most 5 s) until the server's threads stay the same for 300 ms: the
     * thread-per-connection servers are still ending the threads of the last run's
     * connections for a while, and perf, attaching to each thread, must not race them.
     */
    static void awaitSteadyThreads(long pid) throws InterruptedException {
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
}
