package dev.spindle.bench.thesis;

import java.io.IOException;

/** Drives the ring from the calling thread: inject a byte at the head, take it off the tail. */
final class Laps {
    static final int POISON = 255;

    private Laps() {}

    /** Warm-up laps, then up to {@code laps} timed laps within the budget: {µs per hop, laps timed}. */
    static double[] time(Link head, Link tail, int tasks, int warmupLaps, int laps, long budgetNanos) throws IOException {
        for (int i = 0; i < warmupLaps; i++) lap(head, tail, i);
        long t0 = System.nanoTime();
        long deadline = t0 + budgetNanos;
        int done = 0;
        long t1 = t0;
        while (done < laps) {
            lap(head, tail, done++);
            if ((done & 15) == 0 && (t1 = System.nanoTime()) > deadline) break;
        }
        t1 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e3 / done / tasks, done};
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
