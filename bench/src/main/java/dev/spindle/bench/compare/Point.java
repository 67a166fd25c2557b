package dev.spindle.bench.compare;

/**
 * One measured point (CPU percentages: process CPU as % of one core; "core
 * busy" is the whole CPU including irq/softirq time, averaged over the CPUs): a server impl under one load. {@code result} is null
 * when the point failed ({@code failure} says why).
 */
record Point(String mode, int conns, String impl, String loadGenerator, LoadResult result,
             double serverCpuPct, double serverCoreBusyPct, double loadCoresBusyPct, boolean loadBound, String failure) {

    boolean ok() {
        return result != null;
    }
}
