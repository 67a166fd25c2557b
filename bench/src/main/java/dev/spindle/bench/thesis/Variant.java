package dev.spindle.bench.thesis;

import java.io.Closeable;
import java.io.IOException;

/** One way of running many tasks that talk over sockets: the rows of the thesis table. */
interface Variant extends Closeable {
    String name();

    /** What the sockets are, e.g. "AF_UNIX". */
    String sockets();

    /** How tasks run, e.g. "virtual threads". */
    String tasks();

    /**
     * The ring: {@code tasks} links each forwarding one byte to the next; the
     * calling thread injects the byte and takes it back off the end, timed in
     * repetitions on the same ring as {@code plan} says (µs per hop = lap time / tasks).
     */
    Laps.Result ring(int tasks, Laps.Plan plan) throws IOException, InterruptedException;

    /** {spawn µs, creation-to-running µs, iterations}, or null where a task is not something one spawns. */
    double[] spawnMicros(int spawns, int iterations, long budgetNanos) throws InterruptedException;

    /** Opens the sockets for up to {@code max} blocked tasks (so that they are not counted as task memory). */
    void prepareBlocking(int max) throws IOException;

    /** Adds {@code n} more tasks blocked waiting for input; they stay until {@link #close}. */
    void blockMore(int n) throws IOException, InterruptedException;
}
