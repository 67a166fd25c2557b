package dev.spindle.bench.thesis;

import dev.spindle.bench.sockets.StreamPair;
import dev.spindle.bench.sockets.StreamPairs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** One thread per task (platform or virtual) doing blocking reads and writes on a {@link SocketLink}. */
final class ThreadVariant implements Variant {
    private static final int POISON = Laps.POISON;

    private final String name;
    private final StreamPairs pairs;
    private final Thread.Builder threads;
    private final String tasks;
    private final List<StreamPair> blockedPairs = new ArrayList<>();
    private final List<Link> idleEnds = new ArrayList<>();
    private final List<Thread> blocked = new ArrayList<>();

    ThreadVariant(String name, StreamPairs pairs, Thread.Builder threads, String tasks) {
        this.name = name;
        this.pairs = pairs;
        this.threads = threads;
        this.tasks = tasks;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String sockets() {
        return pairs.sockets();
    }

    @Override
    public String tasks() {
        return tasks;
    }

    @Override
    public Laps.Result ring(int n, Laps.Plan plan) throws IOException, InterruptedException {
        StreamPair[] ring = new StreamPair[n + 1];
        for (int i = 0; i <= n; i++) ring[i] = pairs.open();
        Thread[] hops = new Thread[n];
        for (int i = 0; i < n; i++) {
            Link from = new SocketLink(ring[i].b());
            Link to = new SocketLink(ring[i + 1].a());
            hops[i] = threads.start(() -> forward(from, to));
        }
        Link head = new SocketLink(ring[0].a());
        Link tail = new SocketLink(ring[n].b());
        try {
            return plan.run(head, tail, n);
        } finally {
            Laps.stop(head, tail);
            for (Thread t : hops) t.join(5000);
            for (StreamPair p : ring) p.close();
        }
    }

    private static void forward(Link from, Link to) {
        try {
            int b;
            do {
                b = from.read();
                if (b < 0) return;
                to.write(b);
            } while (b != POISON);
        } catch (IOException e) {
            System.err.println("ring task failed: " + e);
        }
    }

    @Override
    public double[] spawnMicros(int spawns, int iterations, long budgetNanos) throws InterruptedException {
        return Spawner.measure(threads, spawns, iterations, budgetNanos);
    }

    @Override
    public void prepareBlocking(int max) throws IOException {
        for (int i = 0; i < max; i += 2) {
            StreamPair p = pairs.open(); // both ends get a reader: one pair per two tasks
            blockedPairs.add(p);
            idleEnds.add(new SocketLink(p.a())); // made here, so that the baseline holds their buffers
            idleEnds.add(new SocketLink(p.b()));
        }
    }

    @Override
    public void blockMore(int n) throws IOException, InterruptedException {
        if (n > idleEnds.size()) throw new IllegalStateException("prepareBlocking was too small");
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Link end = idleEnds.remove(idleEnds.size() - 1);
            blocked.add(threads.start(() -> blockOn(end, started)));
        }
        started.await();
        Thread.sleep(50); // from "about to read" to parked in the read
    }

    private static void blockOn(Link end, CountDownLatch started) {
        started.countDown();
        try {
            end.read();
        } catch (IOException ignored) {
            // closed at the end of the experiment
        }
    }

    @Override
    public void close() throws IOException {
        for (StreamPair p : blockedPairs) {
            p.a().shutdownOutput();
            p.b().shutdownOutput();
        }
        try {
            for (Thread t : blocked) t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (StreamPair p : blockedPairs) p.close();
        pairs.close();
    }
}
