package dev.spindle.bench.costs;

import dev.spindle.bench.compare.LoadGenerator;

import java.io.IOException;

/**
 * The load generator's window edges: switches perf on and off, then takes the
 * /proc samples (the same steps at both edges, so both lag the generator's
 * edges alike; its tail keeps the load going past the end). Called on the
 * thread reading the generator's output, so it must not throw: a failure is
 * remembered instead.
 */
final class PerfWindow implements LoadGenerator.Window {
    private final PerfSession perf;
    private final ImplCosts costs;
    Runnable onBegin = () -> { };
    Runnable onEnd = () -> { };
    volatile boolean failed;

    PerfWindow(PerfSession perf, ImplCosts costs) {
        this.perf = perf;
        this.costs = costs;
    }

    @Override
    public void begin() {
        switchPerf(true);
        onBegin.run();
    }

    @Override
    public void end() {
        switchPerf(false);
        onEnd.run();
    }

    private void switchPerf(boolean on) {
        if (perf == null || failed) return;
        try {
            if (on) perf.enable();
            else perf.disable();
        } catch (IOException | InterruptedException e) {
            fail(on ? "enable" : "disable", e);
        }
    }

    private void fail(String what, Exception e) {
        failed = true;
        synchronized (costs.notes) {
            costs.notes.add("perf " + what + " failed: " + e.getMessage());
        }
    }
}
