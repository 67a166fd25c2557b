package dev.spindle.bench.compare;

import java.util.Arrays;
import java.util.Collection;

/** Median, min and max of samples, NaN ignored (NaN when nothing is left). */
final class Stats {
    private Stats() {}

    private static double[] clean(Collection<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).filter(d -> !Double.isNaN(d)).sorted().toArray();
    }

    static double median(Collection<Double> xs) {
        double[] v = clean(xs);
        if (v.length == 0) return Double.NaN;
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    static double min(Collection<Double> xs) {
        return Arrays.stream(clean(xs)).min().orElse(Double.NaN);
    }

    static double max(Collection<Double> xs) {
        return Arrays.stream(clean(xs)).max().orElse(Double.NaN);
    }
}
