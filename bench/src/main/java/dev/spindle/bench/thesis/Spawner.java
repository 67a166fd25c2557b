package dev.spindle.bench.thesis;

import java.util.Arrays;

/** Times starting threads: the cost of start() and the delay until the body runs. */
final class Spawner {
    private Spawner() {}

    /**
     * Median over iterations (after 3 warm-ups) of the per-iteration means, in µs:
     * {cost of start() in a burst of {@code spawns}, delay from creation to the body running
     * for a task started alone (the caller waits for each before starting the next), iterations measured}.
     * Stops after the first measured iteration that ends past the budget.
     */
    static double[] measure(Thread.Builder builder, int spawns, int iterations, long budgetNanos) throws InterruptedException {
        double[] cost = new double[iterations];
        double[] delay = new double[iterations];
        long deadline = System.nanoTime() + budgetNanos;
        int it = -3;
        for (; it < iterations; it++) {
            if (it >= 1 && System.nanoTime() > deadline) break; // out of time: keep what was measured
            long[] created = new long[spawns];
            long[] started = new long[spawns];
            Thread[] threads = new Thread[spawns];
            long t0 = System.nanoTime();
            for (int i = 0; i < spawns; i++) {
                final int k = i;
                created[i] = System.nanoTime();
                threads[i] = builder.start(() -> started[k] = System.nanoTime());
            }
            long t1 = System.nanoTime();
            for (Thread t : threads) t.join();
            long sum = 0;
            for (int i = 0; i < spawns; i++) {
                final int k = i;
                created[i] = System.nanoTime();
                builder.start(() -> started[k] = System.nanoTime()).join(); // join makes started[k] visible
                sum += started[i] - created[i];
            }
            if (it >= 0) {
                cost[it] = (t1 - t0) / 1e3 / spawns;
                delay[it] = sum / 1e3 / spawns;
            }
        }
        int measured = Math.max(1, Math.min(it, iterations));
        return new double[] {median(java.util.Arrays.copyOf(cost, measured)), median(java.util.Arrays.copyOf(delay, measured)), measured};
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
