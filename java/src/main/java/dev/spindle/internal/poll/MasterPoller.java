package dev.spindle.internal.poll;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * For pollers that run on virtual threads: one platform thread that wakes idle pollers.
 *
 * <p>A busy virtual-thread poller fetches events with a zero timeout and hands wake-ups to the
 * scheduler from its own carrier, with no thread switch. A virtual thread must not block in
 * epoll_wait, so a poller with nothing to do parks, and first arms a one-shot watch of its
 * epoll fd here ({@link #watch}): one epoll_ctl on its own thread, no hand-off. The master
 * sits in epoll_wait and unparks the poller whose watch fires. A watch reports events already
 * pending when it is armed, so a poller that parks after finding nothing cannot miss one that
 * arrived meanwhile; and a busy poller, whose watch is spent, never wakes the master. So a
 * wake-up from idle costs the master's switch and the carrier's, and going idle costs no switch.
 *
 * <p>It also bounds the waits of pollers that hold their carriers ({@link CarrierWait}): while
 * one does, the master ticks, and ends through the poller's wakeup fd a wait that has lasted
 * the bound, its timer armed for the earliest such end. One tick per bound is cheaper than a
 * timeout on every wait of every poller. While none holds, it sleeps, and the first poller to
 * begin holding rouses it ({@link #holdStarted}).
 *
 * <p>Since it is what frees carriers held in the kernel, the master never waits for a lock a
 * virtual thread may hold or be handed: such a thread may need a carrier to let it go. That
 * includes a logger's: it warns through {@link OffThreadLog}.
 */
final class MasterPoller {
    private static final System.Logger LOG = System.getLogger("dev.spindle.poller");
    /** The master's own warnings: a logger's handlers take locks, which the master must never wait for. */
    private static final OffThreadLog WARNINGS = new OffThreadLog(LOG, "spindle-master-poller-log");
    /** How long the master pauses after a failed wait, so that a failure that repeats does not burn a core. */
    private static final long FAILED_WAIT_PAUSE_NANOS = 1_000_000;
    private static final int BATCH = 64, IDLE_MILLIS = 1000;
    private static final long ROUSE_TOKEN = -1L, TICK_TOKEN = -2L;

    /**
     * Guards the master's fds and members. A lock, not a monitor, so that the master only ever tries
     * it: a virtual thread may wait for it, and a monitor can be handed to a waiting virtual thread
     * that then needs a carrier, which a poller may hold until the master ends its wait.
     */
    private static final ReentrantLock LOCK = new ReentrantLock();
    // Guarded by LOCK.
    private static int epfd = -1, members;
    private static volatile Thread thread;
    /** The master's epoll fd while it runs, for watches armed without the lock. */
    private static volatile int watchFd = -1;
    /** The eventfd (or user event) that rouses the master, and whether it sleeps with no tick. */
    private static int rouseFd = -1; // guarded by LOCK
    /** The timerfd (or timer event) of its ticks, armed for the next wait due to end. */
    private static int tickFd = -1; // guarded by LOCK
    private static final AtomicBoolean asleep = new AtomicBoolean();
    /** How many times the master has woken, written by its thread only; for tests. */
    private static volatile long wakeups;

    private MasterPoller() {}

    /** The pollers the master can wake, by index (the token of their watch). */
    private static volatile Poller[] byIndex = new Poller[0];

    /** A new poller whose epoll fd may be watched until it closes it (closing removes any watch). */
    static void add(int pollerFd, Poller poller, int index) throws IOException {
        LOCK.lock();
        try {
            if (thread == null) start();
            Poller[] pollers = Arrays.copyOf(byIndex, Math.max(byIndex.length, index + 1));
            pollers[index] = poller;
            byIndex = pollers; // a fresh array, published by the volatile write, so the master sees the entry
            members++;
        } finally {
            LOCK.unlock();
        }
    }

    /** A poller closed its epoll fd. */
    static void remove() {
        LOCK.lock();
        try {
            members--;
        } finally {
            LOCK.unlock();
        }
    }

    /**
     * The poller {@code index} is about to park idle: the master wakes it on its next event, or at
     * once if it has one now. False if the watch could not be armed (then it must not park for long).
     */
    static boolean watch(int pollerFd, int index) {
        int rc = Native.pollerWatch(watchFd, pollerFd, index);
        if (rc >= 0) return true;
        LOG.log(System.Logger.Level.WARNING, Errors.of("watch poller", rc).getMessage());
        return false;
    }

    /**
     * A poller began holding its carrier. It has published that first, and the master publishes
     * that it sleeps before it looks at the pollers a last time, so one of them sees the other.
     */
    static void holdStarted() {
        if (!asleep.get() || !asleep.compareAndSet(true, false)) return;
        LOCK.lock();
        try {
            if (epfd >= 0) Native.wakeupSignal(epfd, rouseFd);
        } finally {
            LOCK.unlock();
        }
    }

    private static void start() throws IOException {
        PollerFds fds = PollerFds.open("master poller", ROUSE_TOKEN, TICK_TOKEN);
        int fd = fds.pfd(), rouse = fds.wakeup(), tick = fds.timer();
        epfd = fd;
        rouseFd = rouse;
        tickFd = tick;
        watchFd = fd;
        try {
            Thread t = new Thread(() -> loop(fd, rouse, tick), "spindle-master-poller");
            t.setDaemon(true);
            thread = t;
            t.start();
        } catch (Throwable e) { // no thread (memory, a thread limit): the next poller tries again
            thread = null;
            watchFd = -1;
            epfd = rouseFd = tickFd = -1;
            fds.close();
            throw e;
        }
    }

    private static void loop(int fd, int rouse, int tick) {
        SchedulerBacklog.visible(); // finds the JDK's scheduler bean (tens of ms, once) here, not on a poller's thread
        EventBuffer events = new EventBuffer(BATCH, BATCH);
        long tickAt = Long.MAX_VALUE; // when the armed tick fires; MAX_VALUE once it has
        for (;;) {
            long now = System.nanoTime();
            long due = nextDue(now);
            if (due < tickAt) { // a later due waits for the armed tick, which re-arms
                int rc = Native.timerArm(fd, tick, Math.max(1, due - now));
                if (rc < 0) WARNINGS.warn(Errors.of("arm master tick", rc).getMessage());
                else tickAt = due;
            }
            int n = events.waitOn(fd, IDLE_MILLIS);
            asleep.set(false);
            wakeups++; // one writer
            if (n < 0 && n != -Errno.EINTR) {
                WARNINGS.warn(Errors.of("master wait", n).getMessage());
                LockSupport.parkNanos(FAILED_WAIT_PAUSE_NANOS);
            }
            if (n == 0 && stopIfUnused(fd)) return;
            Poller[] pollers = byIndex;
            for (int i = 0; i < n; i++) {
                long token = events.token(i);
                int index = (int) token;
                if (token == ROUSE_TOKEN) Native.wakeupDrain(fd, rouse);
                else if (token == TICK_TOKEN) tickAt = Long.MAX_VALUE;
                else if (index >= 0 && index < pollers.length && pollers[index] != null) pollers[index].masterWakeup();
            }
        }
    }

    /**
     * Ends the waits that have held a carrier for the bound; returns when the next is due, or
     * Long.MAX_VALUE when no poller holds one, having said first that the master sleeps.
     */
    private static long nextDue(long now) {
        long due = overseeHolds(now);
        if (due != Long.MAX_VALUE) return due;
        asleep.set(true);
        due = overseeHolds(now); // a poller that began holding meanwhile either saw asleep or is seen here
        if (due != Long.MAX_VALUE) asleep.set(false);
        return due;
    }

    private static long overseeHolds(long now) {
        long due = Long.MAX_VALUE;
        for (Poller p : byIndex) if (p != null) due = Math.min(due, p.overseeHold(now));
        return due;
    }

    /** Stops the master if no poller uses it; if another thread holds the lock now, it looks again later. */
    private static boolean stopIfUnused(int fd) {
        if (!LOCK.tryLock()) return false;
        try {
            if (members > 0 || epfd != fd) return false;
            watchFd = -1;
            Native.pollerClose(fd, rouseFd, tickFd);
            rouseFd = -1;
            tickFd = -1;
            epfd = -1;
            thread = null;
            return true;
        } finally {
            LOCK.unlock();
        }
    }

    /** How many times the master has woken since the process started (read racily). */
    static long wakeups() {
        return wakeups;
    }

    /** Waits for the master to stop by itself, which it does within a second once no poller runs. */
    static void awaitStop() throws InterruptedException {
        Thread t = thread;
        if (t != null) t.join(IDLE_MILLIS * 3L);
    }
}
