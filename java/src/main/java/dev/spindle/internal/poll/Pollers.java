package dev.spindle.internal.poll;

import dev.spindle.PollerStats;
import dev.spindle.ScheduledTask;
import dev.spindle.internal.Settings;
import java.io.IOException;
import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The process's pollers; each socket goes to one of them, round-robin, for its whole life. */
public final class Pollers {
    /**
     * The values of {@link Settings#POLLER_IDLE}: how a virtual-thread poller that finds nothing waits
     * (a platform-thread poller blocks in epoll_wait). {@value #IDLE_CARRIER} (the default) waits in
     * epoll_wait on its carrier while threads wait on it, parking after a wait of {@link #CARRIER_MILLIS}
     * (which the master poller ends); as in an event loop, each wake-up is one switch, at the price of holding the carrier (see
     * {@link CarrierWait}). {@value #IDLE_SPIN} polls {@link #SPINS} more times whenever threads wait
     * on it, which under steady load keeps its core busy; {@value #IDLE_BUDGET} polls on for at most
     * {@link #SPIN_MAX_MICROS} after its last events, then parks; {@value #IDLE_PARK} parks at once. A
     * parked poller is woken by the master poller.
     */
    public static final String IDLE_BUDGET = "budget", IDLE_SPIN = "spin", IDLE_PARK = "park", IDLE_CARRIER = "carrier";
    static final String IDLE_POLICY = Settings.POLLER_IDLE.oneOf(IDLE_CARRIER, IDLE_SPIN, IDLE_BUDGET, IDLE_PARK);
    static final int SPINS = Settings.POLLER_SPINS.atLeast(0);
    static final int CARRIER_MILLIS = Settings.POLLER_CARRIER_MILLIS.atLeast(1);
    static final int SPIN_MAX_MICROS = Settings.POLLER_SPIN_MICROS.atLeast(0);
    /** The virtual-thread scheduler's carriers: its parallelism, read as the JDK reads it. */
    static final int CARRIERS = schedulerParallelism();

    private static final Poller[] POLLERS = create();
    private static final AtomicInteger NEXT = new AtomicInteger();

    private Pollers() {}

    private static Poller[] create() {
        int cpus = Runtime.getRuntime().availableProcessors();
        // Virtual-thread pollers beyond the carriers would only wait for one (CarrierWait.MAX_HOLDERS).
        int count = Settings.POLLERS.atLeast(1, Poller.ON_VIRTUAL_THREADS ? Math.min(cpus, CARRIERS) : cpus);
        int idle = Settings.POLLER_IDLE_MILLIS.atLeast(1);
        Poller[] pollers = new Poller[count];
        for (int i = 0; i < count; i++) pollers[i] = new Poller(i, idle);
        return pollers;
    }

    /** How many pollers there are. */
    static int count() {
        return POLLERS.length;
    }

    /** {@code jdk.virtualThreadScheduler.parallelism} if set to a number, else the processors, as the JDK's default scheduler does. */
    private static int schedulerParallelism() {
        String set = System.getProperty("jdk.virtualThreadScheduler.parallelism");
        if (set != null) {
            try {
                return Math.max(1, Integer.parseInt(set.trim()));
            } catch (NumberFormatException e) {
                // the JDK refuses it when it starts the scheduler; the default stands here
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** Registers fd, edge-triggered for both directions, with the next poller. */
    public static Registration register(int fd, Channel owner) throws IOException {
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
