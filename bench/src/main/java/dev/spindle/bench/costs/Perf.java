package dev.spindle.bench.costs;

import dev.spindle.bench.harness.Tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The perf binary: where it is, whether it can count here, running its reports, and reading perf stat's CSV. */
final class Perf {
    private Perf() {}

    /** perf: -Dspindle.bench.perf (like -Dspindle.bench.wrk), else PATH; null when absent. */
    static Path locate() {
        String override = System.getProperty("spindle.bench.perf");
        return override != null ? Path.of(override) : Tools.onPath("perf");
    }

    /** Null when perf can count syscall tracepoints here; else why not. */
    static String problem(Path perf) throws InterruptedException {
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

    /** Runs a command; its stdout, or null when it failed. */
    static String run(List<String> cmd, double limitSeconds) throws InterruptedException {
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
    static Map<String, Double> readStat(Path csv) throws IOException {
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
}
