package dev.spindle.internal.poll;

import dev.spindle.PollerStats;
import dev.spindle.ScheduledTask;
import dev.spindle.internal.sys.NativeLoader;
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
     * epoll_wait): {@value #IDLE_CARRIER} (the default) waits in epoll_wait on its carrier while
     * threads wait on it, for at most {@link #CARRIER_MILLIS_PROPERTY}, then parks; as an event loop,
     * each wake-up is one switch, at the price of holding the carrier (see {@link CarrierWait}).
     * {@value #IDLE_SPIN} polls {@link #SPIN_PROPERTY} more times whenever threads wait on it,
     * which under steady load keeps its core busy (lowest latency, most CPU); {@value #IDLE_BUDGET}
     * polls on for at most {@link #SPIN_MAX_MICROS_PROPERTY} after its last events, then parks;
     * {@value #IDLE_PARK} parks at once. A parked poller is woken by the master poller. Measured in
     * bench/results/efficiency-2026-12-07b.
     */
    public static final String IDLE_PROPERTY = "dev.spindle.poller.idle";
    public static final String IDLE_BUDGET = "budget", IDLE_SPIN = "spin", IDLE_PARK = "park", IDLE_CARRIER = "carrier";
    public static final String IDLE_DEFAULT = IDLE_CARRIER;
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

    /**
     * With {@code idle=carrier}: how long, in ms, a virtual-thread poller with waiters may hold its
     * carrier in epoll_wait before it parks; the most a wake-up that does not come from I/O can be
     * delayed when every carrier is held.
     */
    public static final String CARRIER_MILLIS_PROPERTY = "dev.spindle.poller.carrierMillis";
    public static final int CARRIER_MILLIS_DEFAULT = 1;

    static final String IDLE_POLICY = idlePolicy(System.getProperty(IDLE_PROPERTY, IDLE_DEFAULT));
    static final int SPINS = Math.max(0, Integer.getInteger(SPIN_PROPERTY, SPIN_DEFAULT));
    static final int CARRIER_MILLIS = Math.max(1, Integer.getInteger(CARRIER_MILLIS_PROPERTY, CARRIER_MILLIS_DEFAULT));
    static final int SPIN_MAX_MICROS = Math.max(0, Integer.getInteger(SPIN_MAX_MICROS_PROPERTY, SPIN_MAX_MICROS_DEFAULT));
    /** How long an idle poller (no sockets) keeps its thread and fds before it stops. */
    public static final String IDLE_MILLIS_PROPERTY = "dev.spindle.poller.idleMillis";
    public static final int IDLE_MILLIS_DEFAULT = 1000;

    private static final Poller[] POLLERS = create();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Pollers() {}

    private static String idlePolicy(String p) {
        if (p.equals(IDLE_BUDGET) || p.equals(IDLE_SPIN) || p.equals(IDLE_PARK) || p.equals(IDLE_CARRIER)) return p;
        throw new IllegalArgumentException(IDLE_PROPERTY + " must be " + IDLE_CARRIER + ", " + IDLE_BUDGET + ", " + IDLE_SPIN + " or " + IDLE_PARK + ", not " + p);
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

    /** Runs task on a poller thread after delayNanos (at least 1); on the JDK fallback, on a timer thread. */
    public static ScheduledTask schedule(long delayNanos, Runnable task) throws IOException {
        if (NativeLoader.failure() != null) return JdkFallback.schedule(delayNanos, task);
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

    /** Every poller's counters, in poller order; empty on the JDK fallback. */
    public static List<PollerStats> stats() {
        if (NativeLoader.failure() != null) return List.of();
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
