package dev.spindle.bench.compare;

/**
 * What one measured window produced. Latencies in microseconds; CPU as a
 * percentage of one core; NaN where unknown.
 */
record LoadResult(double rps, double p50us, double p99us, double p999us, long requests, long errors,
                  double seconds, double loadCpuPct, String note) {
}
