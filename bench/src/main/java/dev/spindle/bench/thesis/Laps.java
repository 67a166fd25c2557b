package dev.spindle.bench.thesis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Drives the ring from the calling thread: inject a byte at the head, take it off the tail. */
final class Laps {
    static final int POISON = 255;

    private Laps() {}

    /**
     * How the ring is timed: {@code warmupLaps} untimed laps, then repetitions of at most
     * {@code laps} laps and {@code repNanos} each, until the last {@code reps} repetitions
     * lie within {@code targetSpread} of their median ((max - min) / median), or until the
     * repetitions have taken {@code capNanos} in all (at least {@code reps} are run; each is
     * shortened so that {@code reps} of them fit in the cap).
     */
    record Plan(int warmupLaps, int laps, long repNanos, int reps, long capNanos, double targetSpread) {
        Plan {
            if (reps < 1 || laps < 1 || repNanos <= 0 || capNanos <= 0) throw new IllegalArgumentException("bad ring plan " + this);
        }

        Result run(Link head, Link tail, int tasks) throws IOException {
            return repeat(head, tail, tasks, this);
        }
    }

    /**
     * Every repetition's µs per hop ({@code all}), and over the last {@code window} of them
     * the median and the spread; {@code converged} when that spread is below the target.
     */
    record Result(double[] all, int window, double median, double spread, boolean converged, long laps) {
    }

    static Result repeat(Link head, Link tail, int tasks, Plan plan) throws IOException {
        for (int i = 0; i < plan.warmupLaps(); i++) lap(head, tail, i);
        long repNanos = Math.min(plan.repNanos(), plan.capNanos() / plan.reps());
        List<Double> hops = new ArrayList<>();
        long spent = 0;
        long laps = 0;
        while (true) {
            long t0 = System.nanoTime();
            double[] r = time(head, tail, tasks, plan.laps(), repNanos);
            long took = System.nanoTime() - t0;
            spent += took;
            hops.add(r[0]);
            laps += (long) r[1];
            if (hops.size() < plan.reps()) continue;
            double[] window = hops.subList(hops.size() - plan.reps(), hops.size()).stream().mapToDouble(Double::doubleValue).toArray();
            double median = median(window);
            double spread = spread(window);
            boolean converged = spread < plan.targetSpread();
            if (converged || spent + took > plan.capNanos()) {
                return new Result(hops.stream().mapToDouble(Double::doubleValue).toArray(), plan.reps(), median, spread, converged, laps);
            }
        }
    }

    /** Up to {@code laps} timed laps within the budget: {µs per hop, laps timed}. */
    static double[] time(Link head, Link tail, int tasks, int laps, long budgetNanos) throws IOException {
        long t0 = System.nanoTime();
        long deadline = t0 + budgetNanos;
        int done = 0;
        while (done < laps) {
            lap(head, tail, done++);
            if ((done & 15) == 0 && System.nanoTime() > deadline) break;
        }
        long t1 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e3 / done / tasks, done};
    }

    /** (max - min) / median. */
    static double spread(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return (s[s.length - 1] - s[0]) / median(s);
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void lap(Link head, Link tail, int i) throws IOException {
        int b = i % POISON;
        head.write(b);
        if (tail.read() != b) throw new IOException("ring lost its byte");
    }

    /** Sends the poison byte round so that every task stops. */
    static void stop(Link head, Link tail) throws IOException {
        head.write(POISON);
        tail.read();
    }
}
