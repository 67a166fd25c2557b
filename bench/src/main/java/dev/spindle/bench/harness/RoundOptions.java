package dev.spindle.bench.harness;

import picocli.CommandLine.Option;

/** The options of a comparison in rounds (compare and compare --mode udp), each mixing them in with its own quiet wait. */
public final class RoundOptions {
    @Option(names = "--rounds", description = "0..50 (compare: 0 leaves only the paced points).")
    public int rounds = 3;
    @Option(names = "--netty", paramLabel = "at-best|stock", description = "at-best: Netty's servers get Unsafe and no leak detection.")
    public String netty = "at-best";
    @Option(names = "--quiet-wait", description = "Per point, wait at most this long (s) for the machine to be idle.")
    public double quietWait;

    public RoundOptions(double quietWait) {
        this.quietWait = quietWait;
    }

    /** Checks these and {@code measure}; whether Netty runs at its best. */
    public boolean check(MeasureOptions measure) {
        measure.check();
        if (rounds < 0 || rounds > 50) throw new IllegalArgumentException("--rounds must be within 0..50 (0: paced points only)");
        return RunChecks.nettyAtBest(netty);
    }
}
