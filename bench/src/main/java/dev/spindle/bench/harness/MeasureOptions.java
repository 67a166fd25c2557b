package dev.spindle.bench.harness;

import picocli.CommandLine.Option;

/**
 * The options of a measured run that compare, compare --mode udp and costs share: the window, its
 * warm-up and the priming of each server before it. Each command mixes them in with its own defaults.
 */
public final class MeasureOptions {
    @Option(names = "--seconds", description = "Each measured window.")
    public double seconds;
    @Option(names = "--warmup", description = "Warm-up before each window.")
    public double warmup;
    @Option(names = "--prime", description = "JIT priming per server JVM, at most (s).")
    public double prime;
    @Option(names = "--prime-min", description = "Priming rounds (1 s) before a server may stop.")
    public int primeMin;

    public MeasureOptions(double seconds, double warmup, double prime, int primeMin) {
        this.seconds = seconds;
        this.warmup = warmup;
        this.prime = prime;
        this.primeMin = primeMin;
    }

    /** Throws {@link IllegalArgumentException} when out of range. */
    public void check() {
        RunChecks.checkWindow(seconds, warmup);
        if (prime < 0 || prime > 600 || primeMin < 0) throw new IllegalArgumentException("--prime in [0,600], --prime-min >= 0");
    }
}
