package dev.spindle.bench.harness;

import java.util.List;
import java.util.function.Function;

/** The checks every comparison makes of its options and impls before it starts anything. */
public final class RunChecks {
    private RunChecks() {}

    /** Checks a measured window and its warm-up. */
    public static void checkWindow(double seconds, double warmup) {
        if (seconds <= 0 || seconds > 600 || warmup < 0 || warmup > 600) throw new IllegalArgumentException("--seconds in (0,600], --warmup in [0,600]");
    }

    /** {@code --netty at-best|stock}: whether Netty runs at its best. */
    public static boolean nettyAtBest(String netty) {
        if (!netty.equals("at-best") && !netty.equals("stock")) throw new IllegalArgumentException("--netty at-best|stock, not " + netty);
        return netty.equals("at-best");
    }

    /**
     * Removes from {@code impls} those that cannot run here ({@code why} gives the reason, null when
     * one can), saying so; an impl named on the command line ({@code given}) that cannot run is an error.
     */
    public static void dropUnavailable(List<String> impls, boolean given, Function<String, String> why) {
        for (String impl : List.copyOf(impls)) {
            String reason = why.apply(impl);
            if (reason == null) continue;
            if (given) throw new IllegalArgumentException(impl + " cannot run here: " + reason);
            System.out.println("skipping " + impl + " (a default impl): " + reason);
            impls.remove(impl);
        }
        if (impls.isEmpty()) throw new IllegalArgumentException("no impl left to run");
    }
}
