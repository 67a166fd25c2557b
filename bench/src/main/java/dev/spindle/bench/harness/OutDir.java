package dev.spindle.bench.harness;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --out DIR}: where a command writes its results; by default a directory of bench/target named by the command. */
public final class OutDir {
    @Option(names = "--out", paramLabel = "DIR", description = "Where the results go. Default: bench/target/results (costs: bench/target/costs).")
    Path given;
    private final String byDefault;

    public OutDir(String byDefault) {
        this.byDefault = byDefault;
    }

    public Path dir() {
        return given != null ? given : Tools.buildDir().resolve(byDefault);
    }
}
