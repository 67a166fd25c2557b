package dev.spindle.internal.poll;

import dev.spindle.PollerStats;
import dev.spindle.ScheduledTask;
import java.io.IOException;
import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The process's pollers; each socket goes to one of them, round-robin, for its whole life. */
public final class Pollers {
    /** How many pollers to run. */
    public static final String COUNT_PROPERTY = "dev.spindle.pollers";
    public static final int COUNT_DEFAULT = Runtime.getRuntime().availableProcessors();
    /**
     * {@code true} runs each poller's loop on a virtual thread, which hands wake-ups to the
     * scheduler without a thread switch while busy; {@code false} runs it on a platform thread.
     */
    public static final String VIRTUAL_PROPERTY = "dev.spindle.poller.virtual";
    /**
     * How a virtual-thread poller that finds nothing waits (a platform-thread poller blocks in
     * epoll_wait): {@value #IDLE_SPIN} (the default) polls {@link #SPIN_PROPERTY} more times
     * whenever threads wait on it, which under steady load keeps its core busy;
     * {@value #IDLE_BUDGET} polls on for at most {@link #SPIN_MAX_MICROS_PROPERTY} after its last
     * events, then parks; {@value #IDLE_PARK} parks at once. Measured here (bench/results/
     * efficiency-2026-12-07), parking cost more CPU per request than spinning at paced loads,
     * since each park costs the master's wake-up and the carrier's.
     */
    public static final String IDLE_PROPERTY = "dev.spindle.poller.idle";
    public static final String IDLE_BUDGET = "budget", IDLE_SPIN = "spin", IDLE_PARK = "park";
    public static final String IDLE_DEFAULT = IDLE_SPIN;
    /**
     * With {@code idle=spin}: how many more non-blocking polls a virtual-thread poller that finds
     * nothing makes, letting other threads run before each, before it parks idle and has the
     * master poller watch its fd.
     */
    public static final String SPIN_PROPERTY = "dev.spindle.poller.spins";
    public static final int SPIN_DEFAULT = 64;
    /**
     * With {@code idle=budget}: how long, in µs, a poller keeps polling after its last events
     * before it parks; about what a park and the wake-up after it cost.
     */
    public static final String SPIN_MAX_MICROS_PROPERTY = "dev.spindle.poller.spinMicros";
    public static final int SPIN_MAX_MICROS_DEFAULT = 50;

    static final String IDLE_POLICY = idlePolicy(System.getProperty(IDLE_PROPERTY, IDLE_DEFAULT));
    static final int SPINS = Math.max(0, Integer.getInteger(SPIN_PROPERTY, SPIN_DEFAULT));
    static final int SPIN_MAX_MICROS = Math.max(0, Integer.getInteger(SPIN_MAX_MICROS_PROPERTY, SPIN_MAX_MICROS_DEFAULT));
    /** How long an idle poller (no sockets) keeps its thread and fds before it stops. */
    public static final String IDLE_MILLIS_PROPERTY = "dev.spindle.poller.idleMillis";
    public static final int IDLE_MILLIS_DEFAULT = 1000;

    private static final Poller[] POLLERS = create();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Pollers() {}

    private static String idlePolicy(String p) {
        if (p.equals(IDLE_BUDGET) || p.equals(IDLE_SPIN) || p.equals(IDLE_PARK)) return p;
        throw new IllegalArgumentException(IDLE_PROPERTY + " must be " + IDLE_BUDGET + ", " + IDLE_SPIN + " or " + IDLE_PARK + ", not " + p);
    }

    private static Poller[] create() {
        int count = Math.max(1, Integer.getInteger(COUNT_PROPERTY, COUNT_DEFAULT));
        int idle = Math.max(1, Integer.getInteger(IDLE_MILLIS_PROPERTY, IDLE_MILLIS_DEFAULT));
        Poller[] pollers = new Poller[count];
        for (int i = 0; i < count; i++) pollers[i] = new Poller(i, idle);
        return pollers;
    }

    /** Registers fd, edge-triggered for both directions, with the next poller. */
    public static Readiness register(int fd, Channel owner) throws IOException {
        return POLLERS[Math.floorMod(NEXT.getAndIncrement(), POLLERS.length)].register(fd, owner);
    }

    /** Runs task on a poller thread after delayNanos (at least 1); on the JDK fallback, JdkFallback's timer runs it instead. */
    public static ScheduledTask schedule(long delayNanos, Runnable task) throws IOException {
        Poller p = POLLERS[Math.floorMod(NEXT.getAndIncrement(), POLLERS.length)];
        UserTimer timer = new UserTimer(p, task);
        p.schedule(timer, System.nanoTime() + Math.max(1, delayNanos));
        return timer;
    }

    /** Closes every Spindle channel and stops every poller thread, waiting up to a few seconds for them. */
    public static void shutdown() throws InterruptedException {
        JdkFallback.shutdown();
        Thread[] threads = new Thread[POLLERS.length];
        for (int i = 0; i < POLLERS.length; i++) threads[i] = POLLERS[i].shutdown();
        for (Thread t : threads) if (t != null) t.join(5000);
        if (Poller.ON_VIRTUAL_THREADS) MasterPoller.awaitStop();
    }

    /** Deadlines held by all pollers now (read racily: exact once the pollers are quiet). */
    public static int pendingTimers() {
        int n = 0;
        for (Poller p : POLLERS) n += p.pendingTimers();
        return n;
    }

    /** Every poller's counters, in poller order (the JDK fallback has no pollers to ask). */
    public static List<PollerStats> stats() {
        List<PollerStats> all = new ArrayList<>(POLLERS.length);
        for (Poller p : POLLERS) all.add(p.stats());
        return List.copyOf(all);
    }

    /** How many poller threads are running now. */
    public static int running() {
        int n = 0;
        for (Poller p : POLLERS) if (p.isRunning()) n++;
        return n;
    }
}
