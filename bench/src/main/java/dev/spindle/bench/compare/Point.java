package dev.spindle.bench.compare;

/**
 * One measured point: a server impl under one load, in one round (1-based; compare
 * measures every point once per round). CPU percentages: process CPU as % of one core;
 * "core busy" is the whole CPU including irq/softirq time, averaged over the CPUs.
 * {@code result} is null when the point failed ({@code failure} says why).
 */
record Point(int round, String mode, int conns, String impl, String loadGenerator, LoadResult result,
             double serverCpuPct, double serverCoreBusyPct, double loadCoresBusyPct, boolean loadBound, String failure) {

    boolean ok() {
        return result != null;
    }
}
