package dev.spindle.bench.compare;

/**
 * What one measured window produced. Latencies in microseconds; CPU as a
 * percentage of one core; NaN where unknown. Starvation (bench/native's client
 * only; -1 and NaN from wrk): {@code starvedConns} connections had a whole second
 * of the window without a completed request, {@code idleConns} had none in the
 * whole window, and {@code minConnRps} is the fewest completions one connection
 * made in one second. UDP (spindle-udp-load): {@code rps} counts echoed datagrams per second, the
 * connections are flows, and {@code lossPct} is the share of datagrams that timed out (NaN for TCP).
 */
public record LoadResult(double rps, double p50us, double p99us, double p999us, long requests, long errors,
                         double seconds, double loadCpuPct, String note,
                         int starvedConns, int idleConns, double minConnRps, double lossPct) {

    /** A TCP result: nothing is lost. */
    public LoadResult(double rps, double p50us, double p99us, double p999us, long requests, long errors,
                      double seconds, double loadCpuPct, String note, int starvedConns, int idleConns, double minConnRps) {
        this(rps, p50us, p99us, p999us, requests, errors, seconds, loadCpuPct, note, starvedConns, idleConns, minConnRps, Double.NaN);
    }

    /** Without starvation figures (a load generator that does not report them). */
    public LoadResult(double rps, double p50us, double p99us, double p999us, long requests, long errors,
               double seconds, double loadCpuPct, String note) {
        this(rps, p50us, p99us, p999us, requests, errors, seconds, loadCpuPct, note, -1, -1, Double.NaN);
    }
}
