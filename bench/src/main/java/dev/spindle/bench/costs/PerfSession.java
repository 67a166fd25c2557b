package dev.spindle.bench.costs;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One perf stat or perf record attached to a running process, started disabled
 * ({@code -D -1}) and switched on and off through its control FIFOs
 * ({@code --control fifo:CTL,ACK}), so that it counts exactly the load
 * generator's measured window however long perf takes to attach. Its workload
 * is {@code cat} reading perf's stdin: closing that ends perf, which then writes
 * its output.
 */
final class PerfSession implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final Path err;
    private final RandomAccessFile ctl;
    private final RandomAccessFile ackHold;
    private final FileInputStream ack;

    /**
     * Starts {@code perf SUBCOMMAND ARGS -D -1 --control ... -- cat}, with its FIFOs
     * and stderr in a temporary directory (removed by {@link #close()}); {@code wrap}
     * pins it (to the load generator's CPUs, away from the server's).
     */
    PerfSession(Path perf, String subcommand, List<String> args, java.util.function.UnaryOperator<List<String>> wrap)
            throws IOException {
        this.dir = Files.createTempDirectory("spindle-costs-perf");
        Path ctlPath = dir.resolve("perf-ctl.fifo");
        Path ackPath = dir.resolve("perf-ack.fifo");
        this.err = dir.resolve("perf-" + subcommand + ".err");
        for (Path p : List.of(ctlPath, ackPath)) mkfifo(p);
        // O_RDWR never blocks on a FIFO; with a writer held open, the reader's open does not block either
        this.ctl = new RandomAccessFile(ctlPath.toFile(), "rw");
        this.ackHold = new RandomAccessFile(ackPath.toFile(), "rw");
        this.ack = new FileInputStream(ackPath.toFile());
        List<String> cmd = new ArrayList<>(List.of(perf.toString(), subcommand));
        cmd.addAll(args);
        cmd.addAll(List.of("-D", "-1", "--control", "fifo:" + ctlPath + "," + ackPath, "--", "cat"));
        this.process = new ProcessBuilder(wrap.apply(cmd))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err.toFile())
                .start();
    }

    /** Waits until perf has attached (it answers a ping once its events are open). */
    void awaitReady(double seconds) throws IOException, InterruptedException {
        command("ping", seconds);
    }

    void enable() throws IOException, InterruptedException {
        command("enable", 5);
    }

    void disable() throws IOException, InterruptedException {
        command("disable", 5);
    }

    private void command(String c, double seconds) throws IOException, InterruptedException {
        ctl.write((c + "\n").getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        StringBuilder got = new StringBuilder();
        while (true) {
            int n = ack.available();
            if (n > 0) {
                byte[] b = new byte[n];
                int r = ack.read(b);
                got.append(new String(b, 0, Math.max(r, 0), StandardCharsets.US_ASCII));
                if (got.indexOf("ack") >= 0) return;
            }
            if (!process.isAlive()) throw new IOException("perf exited (" + process.exitValue() + "): " + errors());
            if (System.nanoTime() > deadline) throw new IOException("perf did not answer '" + c + "' within " + seconds + " s: " + errors());
            Thread.sleep(1);
        }
    }

    /** Ends perf (EOF to its cat) and waits for it to write its output; returns its exit code. */
    int finish() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IOException("perf did not finish within 120 s");
        }
        return process.exitValue();
    }

    /** What perf wrote to stderr (its messages), trimmed. */
    String errors() {
        try {
            return Files.exists(err) ? Files.readString(err).trim() : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.getOutputStream().close();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        ack.close();
        ackHold.close();
        ctl.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }

    private static void mkfifo(Path p) throws IOException {
        try {
            Process m = new ProcessBuilder("mkfifo", "-m", "600", p.toString()).redirectErrorStream(true).start();
            String out = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (m.waitFor() != 0) throw new IOException("mkfifo " + p + " failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
