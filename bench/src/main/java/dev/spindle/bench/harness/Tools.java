package dev.spindle.bench.harness;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the helper programs are. */
public final class Tools {
    private Tools() {}

    /** An executable on PATH, or null. */
    public static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return null;
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p;
        }
        return null;
    }

    /** The directory holding spindle-bench.jar (or classes/), i.e. bench/target. */
    public static Path buildDir() {
        try {
            Path p = Path.of(Tools.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toAbsolutePath().getParent();
        } catch (URISyntaxException | NullPointerException e) {
            return Path.of("bench", "target").toAbsolutePath();
        }
    }

    /** The C load generator: -Dspindle.bench.loadgen, else target/native/spindle-echo-load. */
    public static Path nativeLoadGenerator() {
        return nativeTool("spindle.bench.loadgen", "spindle-echo-load");
    }

    /** The C UDP load generator and sink: -Dspindle.bench.udpload, else target/native/spindle-udp-load. */
    public static Path udpLoadGenerator() {
        return nativeTool("spindle.bench.udpload", "spindle-udp-load");
    }

    private static Path nativeTool(String property, String name) {
        String override = System.getProperty(property);
        Path p = override != null ? Path.of(override) : buildDir().resolve("native").resolve(name);
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(name + " not found at " + p
                    + "; build it with `mvn -pl bench package` or pass -D" + property + "=PATH");
        }
        return p;
    }

    /** wrk: -Dspindle.bench.wrk, else PATH; null when absent. */
    public static Path wrk() {
        String override = System.getProperty("spindle.bench.wrk");
        if (override != null) return Files.isExecutable(Path.of(override)) ? Path.of(override) : null;
        return onPath("wrk");
    }
}
