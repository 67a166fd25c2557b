package dev.spindle.bench.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** The files an earlier run wrote, as named on the command line. */
public final class RunFiles {
    private RunFiles() {}

    /** {@code run}'s {@code name} when {@code run} is a directory, else {@code run} itself; an {@link IllegalArgumentException} when absent. */
    public static Path csv(String run, String name) {
        Path p = Path.of(run);
        if (Files.isDirectory(p)) p = p.resolve(name);
        if (!Files.isRegularFile(p)) throw new IllegalArgumentException("--runs: no " + name + " at " + p);
        return p;
    }
}
