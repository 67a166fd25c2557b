package dev.spindle.bench.compare;

/**
 * One paced window: a server impl driven at {@code targetRate} round trips per second (the
 * target), in one round. {@code serverCpuS} is the server process's CPU time (user + system)
 * and {@code windowS} the wall time between the two readings that bracket the window;
 * {@code voluntary} and {@code involuntary} are the context switches of all its threads over
 * the same window. {@code stealPct} is the time the hypervisor took from the machine's CPUs over
 * the window, as a percentage of it (NaN where unknown): a stall of every thread that no server
 * causes, which shows in latency. {@code result} is null when the point failed ({@code failure} says why).
 */
record PacedPoint(int round, String mode, int conns, double targetRate, String rateLabel, String impl, LoadResult result,
                  double serverCpuS, double windowS, long voluntary, long involuntary, double stealPct, String failure) {

    boolean ok() {
        return result != null;
    }

    /** Round trips completed over the server's window: the client's rate times the server's window. */
    double requests() {
        return result.rps() * windowS;
    }

    /** Server CPU per round trip, µs. */
    double cpuUsPerRequest() {
        return 1e6 * serverCpuS / requests();
    }

    double voluntaryPerRequest() {
        return voluntary / requests();
    }

    double involuntaryPerRequest() {
        return involuntary / requests();
    }

    /** The server kept up: the client completed at least 97 % of the target rate. */
    boolean keptUp() {
        return result.rps() >= 0.97 * targetRate;
    }
}
