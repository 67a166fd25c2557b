package dev.spindle.bench.compare;

import java.io.IOException;

/** Drives one server for a warm-up and then a measured window. */
public interface LoadGenerator {
    /** Short description for the report, e.g. "wrk 4.1.0 (-t1)". */
    String describe();

    /** Threads it runs; a load CPU near 100% x this means the generator is the bottleneck. */
    int threads(int conns);

    /**
     * Runs warm-up then the measured window against 127.0.0.1:port; calls
     * {@code window.begin()} / {@code window.end()} as the window opens and closes.
     */
    LoadResult run(int port, int conns, double warmupS, double seconds, Window window)
            throws IOException, InterruptedException;

    interface Window {
        void begin();

        void end();
    }
}
