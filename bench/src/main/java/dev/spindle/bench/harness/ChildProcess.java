package dev.spindle.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs a child process (a load generator, a child JVM) to completion, bounded by a deadline, feeding its output lines to a consumer. */
public final class ChildProcess {
    private ChildProcess() {}

    /** A child killed because it outlived its limit. */
    public static final class TimedOut extends IOException {
        TimedOut(String message) {
            super(message);
        }
    }

    /** Returns the exit code; kills the process if it outlives {@code limitSeconds}, then throws {@link TimedOut}. */
    public static int run(List<String> command, double limitSeconds, Consumer<String> lines) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) lines.accept(line);
            } catch (IOException ignored) {
                // process gone
            }
        });
        if (!p.waitFor((long) (limitSeconds * 1000), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            reader.join(1000);
            throw new TimedOut("killed after " + limitSeconds + " s: " + String.join(" ", command));
        }
        reader.join(5000);
        return p.exitValue();
    }
}
