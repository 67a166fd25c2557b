package dev.spindle.net;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class from this test class path: the same java, the same class path,
 * {@code --enable-native-access=ALL-UNNAMED} and this JVM's {@code dev.spindle.*} properties, plus the
 * options a test gives. Its stdout and stderr are one stream of lines; {@link #await} collects them and
 * kills the child with SIGKILL ({@link Process#destroyForcibly}) when it falls silent for too long or
 * outlives its limit, since a JVM frozen in a safepoint or a GC ignores SIGTERM.
 */
public final class ChildJvm implements AutoCloseable {
    /** The child's output and how it ended; {@code exitCode} is -1 when it was killed. */
    public record Result(int exitCode, boolean killed, String why, List<String> lines) {
        /** The last line starting with prefix, without it; null if none. */
        public String last(String prefix) {
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(prefix)) return lines.get(i).substring(prefix.length());
            }
            return null;
        }

        public String output() {
            return String.join("\n", lines);
        }
    }

    private static final String EOF = new String("EOF"); // identity marks the end of output
    private final Process process;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private ChildJvm(Process process) {
        this.process = process;
        Thread.ofPlatform().daemon().name("child-jvm-output-" + process.pid()).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
            } catch (IOException ignored) {
                // the child was killed
            } finally {
                lines.add(EOF);
            }
        });
    }

    /** Starts {@code main} with the given JVM options and program arguments. */
    public static ChildJvm start(List<String> jvmOptions, Class<?> main, String... args) throws IOException {
        return new ChildJvm(new ProcessBuilder(command(jvmOptions, main, args)).redirectErrorStream(true).start());
    }

    /** The command line of such a child, for tests that read its output themselves. */
    static List<String> command(List<String> jvmOptions, Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("--enable-native-access=ALL-UNNAMED");
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            if (p.getKey().toString().startsWith("dev.spindle.")) command.add("-D" + p.getKey() + "=" + p.getValue());
        }
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** The java this JVM runs on. */
    static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits for the child to exit, echoing each line to this JVM's stdout. Kills it when no line
     * arrives for {@code silence}, or when it runs longer than {@code limit}.
     */
    public Result await(Duration silence, Duration limit) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + limit.toNanos();
        for (;;) {
            long wait = Math.min(silence.toNanos(), end - System.nanoTime());
            String line = wait > 0 ? lines.poll(wait, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                String why = System.nanoTime() - end >= 0
                        ? "ran longer than " + limit.toSeconds() + " s"
                        : "printed nothing for " + silence.toSeconds() + " s";
                kill();
                return new Result(-1, true, why, List.copyOf(seen));
            }
            if (line == EOF) break;
            System.out.println("[child " + process.pid() + "] " + line);
            seen.add(line);
        }
        // Output closed: the child is exiting; give it a moment, then treat it as hung.
        if (!process.waitFor(silence.toNanos(), TimeUnit.NANOSECONDS)) {
            kill();
            return new Result(-1, true, "closed its output but did not exit within " + silence.toSeconds() + " s", List.copyOf(seen));
        }
        return new Result(process.exitValue(), false, "exited with " + process.exitValue(), List.copyOf(seen));
    }

    private void kill() throws InterruptedException {
        process.destroyForcibly(); // SIGKILL: a frozen JVM ignores SIGTERM
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Kills the child if it is still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }
}
