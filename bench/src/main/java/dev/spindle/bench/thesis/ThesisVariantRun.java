package dev.spindle.bench.thesis;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The child JVM of {@code thesis}: runs the three experiments for one variant
 * and prints one line {@code THESIS key=value ...}. Run with a pre-touched
 * fixed heap, so that RSS growth is native memory and heap growth is read
 * as live heap after a full GC; a task's memory is the sum of the two.
 */
@Command(name = "thesis-variant", hidden = true, description = "Internal: the child JVM of thesis, one variant.")
public final class ThesisVariantRun implements Callable<Integer> {    /** Ring defaults: seconds per repetition (at most), repetitions the spread is taken over, cap per variant, target spread %. */
    static final double RING_SECONDS = 2;
    static final int RING_REPS = 5;
    static final double RING_MAX_SECONDS = 20;
    static final double RING_SPREAD_PCT = 10;

    @Mixin
    ThesisOptions o;
    @Option(names = "--variant", required = true)
    String name;

    @Override
    public Integer call() throws Exception {
        int tasks = o.tasks;
        boolean unix = o.jdkTransport.equals("unix");
        Laps.Plan ringPlan = new Laps.Plan(o.warmupLaps, o.laps, (long) (o.ringSeconds * 1e9), o.ringReps, (long) (o.ringMaxSeconds * 1e9),
                o.ringSpread / 100);
        long spawnBudget = (long) (o.spawnSeconds * 1e9);

        StringBuilder out = new StringBuilder("THESIS variant=" + name);
        try (Variant v = Variants.create(name, unix)) {
            out.append(" sockets=").append(v.sockets().replace(' ', '+')).append(" tasks=").append(v.tasks().replace(' ', '+'));
            long t0 = System.nanoTime();
            Laps.Result ring = v.ring(tasks, ringPlan);
            long t1 = System.nanoTime();
            out.append(String.format(Locale.ROOT, " hop_us=%.3f hop_spread=%.4f hop_reps=%d hop_window=%d hop_converged=%b laps=%d hop_all=%s",
                    ring.median(), ring.spread(), ring.all().length, ring.window(), ring.converged(), ring.laps(),
                    String.join(",", Arrays.stream(ring.all()).mapToObj(h -> String.format(Locale.ROOT, "%.3f", h)).toList())));
            double[] spawn = v.spawnMicros(o.spawns, o.spawnIterations, spawnBudget);
            long t2 = System.nanoTime();
            if (spawn != null) {
                out.append(String.format(Locale.ROOT, " spawn_us=%.3f spawn_delay_us=%.3f spawn_iterations=%d", spawn[0], spawn[1], (long) spawn[2]));
            }
            memory(v, o.memMin, o.memMax, o.memStep, out);
            long t3 = System.nanoTime();
            out.append(String.format(Locale.ROOT, " ring_s=%.1f spawn_s=%.1f memory_s=%.1f", (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9));
        }
        System.out.println(out);
        System.out.flush();
        System.exit(0); // a stuck task must not keep the child alive
        return 0;
    }

    private static void memory(Variant v, int min, int max, int step, StringBuilder out) throws Exception {
        v.prepareBlocking(max);
        long heap0 = Memory.liveHeapKiB();
        long rss0 = Memory.rssKiB();
        int points = (max - min) / step + 1;
        double[] n = new double[points];
        double[] rss = new double[points];
        double[] total = new double[points];
        int have = 0;
        for (int i = 0; i < points; i++) {
            int want = min + i * step;
            v.blockMore(want - have);
            have = want;
            long heap = Memory.liveHeapKiB();
            long r = Memory.rssKiB();
            n[i] = want;
            rss[i] = r - rss0;
            total[i] = (r - rss0) + (heap - heap0);
        }
        double[] fitRss = Memory.fit(n, rss);
        double[] fitTotal = Memory.fit(n, total);
        out.append(String.format(Locale.ROOT, " mem_kib_per_task=%.3f mem_r2=%.4f rss_kib_per_task=%.3f rss_r2=%.4f",
                fitTotal[0], fitTotal[2], fitRss[0], fitRss[2]));
    }
}
