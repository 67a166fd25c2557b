package dev.spindle.internal.poll;

import dev.spindle.PollerStats;
import dev.spindle.internal.Settings;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One poller: an epoll (or kqueue) instance and the thread that loops on it (a virtual thread
 * by default). Its parts: the {@link EventBuffer} a wait fills, the {@link TokenTable} that
 * finds each event's {@link Registration}, and the {@link IdleStrategy} that decides how the
 * thread waits when it has nothing to do.
 *
 * <p>Sockets register once, edge-triggered; the thread turns each event into a
 * {@link Edge#fire()} on the socket's {@link Registration}, found by the token's
 * slot. The token also carries the slot's generation, bumped on deregister, so
 * an event already fetched for a closed socket cannot wake the socket that
 * reuses its slot or fd number.
 *
 * <p>Timers: each poller owns one timerfd, driven by its {@link PollerTimers}.
 *
 * <p>The thread starts with the first registration or timer and stops after
 * {@code idleMillis} without either, closing its fds; the next use starts a
 * fresh one, which waits for its predecessor to exit first, so only one thread
 * ever touches the timers. Registration takes this poller's monitor; the event
 * loop takes no lock.
 *
 * <p>Failures: an iteration that throws (a bug, an OutOfMemoryError, a failing
 * wait) is logged and retried after a growing pause. After {@value #MAX_FAILURES}
 * in a row the run gives up: every socket on it is failed, so its waiters throw
 * instead of hanging, and the next registration starts a fresh run.
 */
final class Poller {
    private static final System.Logger LOG = System.getLogger("dev.spindle.poller");
    private static final long WAKEUP_TOKEN = -1L, TIMER_TOKEN = -2L;
    private static final int INITIAL_EVENTS = 1024, MAX_EVENTS = 64 * 1024;
    static final int MAX_FAILURES = 12;
    private static final long NOT_IDLE = Long.MIN_VALUE;
    private static final long MAX_FAILURE_PAUSE_NANOS = 200_000_000L;
    /** How long a poller parks when its watch could not be armed (and events may matter now). */
    private static final long UNWATCHED_PARK_NANOS = 1_000_000L;
    static final boolean ON_VIRTUAL_THREADS =
            Settings.POLLER_VIRTUAL.isTrue();
    private static final int FDS_OPEN = 0, FDS_SIGNALLING = 1, FDS_CLOSED = 2;

    private final int index;
    private final int idleMillis;

    /** One started thread with its fds, its event buffer and its idle strategy; a stopped run is never restarted. */
    private final class Run implements IdleStrategy.Waiting {
        final int pfd, wakeup, timer;
        /** The previous run's thread, which must have exited before this one touches the timers. */
        Thread predecessor;
        volatile Thread thread;
        volatile boolean stopping;
        // Poller thread only: the deadline the timerfd is set for (NONE once it fired), since when it has
        // had no socket and no timer (NOT_IDLE while it has), the event buffer and how to wait.
        long armedFor = PollerTimers.NONE;
        long idleSince = NOT_IDLE;
        final EventBuffer events = new EventBuffer(INITIAL_EVENTS, MAX_EVENTS);
        final IdleStrategy idle = IdleStrategy.of(ON_VIRTUAL_THREADS);
        /**
         * Keeps the fds open while a thread signals the wakeup fd, which takes no lock:
         * {@link #FDS_OPEN}, {@link #FDS_SIGNALLING} during its syscall, {@link #FDS_CLOSED}.
         */
        private final AtomicInteger fdState = new AtomicInteger(FDS_OPEN);

        Run(int pfd, int wakeup, int timer, Thread predecessor) {
            this.pfd = pfd;
            this.wakeup = wakeup;
            this.timer = timer;
            this.predecessor = predecessor;
        }

        /**
         * Signals the wakeup fd if it is still open (a no-op once the run has closed it). It takes no
         * lock, so the master, which calls it, never waits for a thread that needs a carrier.
         */
        void signal() {
            if (!fdState.compareAndSet(FDS_OPEN, FDS_SIGNALLING)) return; // closed: the run is over
            try {
                Native.wakeupSignal(pfd, wakeup);
            } finally {
                fdState.set(FDS_OPEN);
            }
        }

        /** Closes the fds once, after a signal under way has been sent (one syscall's wait at most). */
        void closeFds() {
            for (int s; (s = fdState.get()) != FDS_CLOSED; Thread.onSpinWait()) {
                if (s == FDS_OPEN && fdState.compareAndSet(FDS_OPEN, FDS_CLOSED)) {
                    Native.pollerClose(pfd, wakeup, timer);
                    return;
                }
            }
        }

        @Override
        public int poll() {
            return fetch(this, 0);
        }

        @Override
        public int block(int timeoutMillis) {
            return fetch(this, timeoutMillis);
        }

        /**
         * A virtual thread must not block in epoll_wait: it parks, and has the master poller watch
         * this epoll fd only when an event could matter now, a parked waiter or a deadline.
         * Otherwise the next waiter, timer or registration change unparks it directly.
         */
        @Override
        public int park(int timeoutMillis) {
            if (stopping) return 0;
            counters.add(PollerCounters.IDLE_PARKS, 1);
            long nanos = timeoutMillis < 0 ? Long.MAX_VALUE : timeoutMillis * 1_000_000L;
            if ((parkedWaiters.get() > 0 || !timers.isIdle()) && !MasterPoller.watch(pfd, index))
                nanos = Math.min(nanos, UNWATCHED_PARK_NANOS); // no watch: poll again soon rather than miss an event
            if (nanos == Long.MAX_VALUE) LockSupport.park(Poller.this);
            else LockSupport.parkNanos(Poller.this, nanos);
            return fetch(this, 0);
        }

        @Override
        public boolean spinMayPay() {
            return !stopping && parkedWaiters.get() > 0;
        }

        @Override
        public void spun() {
            counters.add(PollerCounters.SPIN_POLLS, 1);
        }
    }

    // Written under this; read without it only to unpark the thread.
    private volatile Run run;
    private Thread lastThread; // guarded by this
    /** The registered sockets; adding and removing under this. */
    private final TokenTable<Registration> table = new TokenTable<>(r -> r.token);

    /** Threads parked on an edge of this poller (virtual-thread pollers only count them). */
    private final AtomicInteger parkedWaiters = new AtomicInteger();
    final PollerTimers timers = new PollerTimers(this::wake);
    private final PollerCounters counters = new PollerCounters();

    Poller(int index, int idleMillis) {
        this.index = index;
        this.idleMillis = idleMillis;
    }

    synchronized Registration register(int fd, Channel owner) throws IOException {
        if (run == null) run = start();
        Registration r = table.add(token -> new Registration(this, fd, token, owner));
        int rc = Native.pollerRegister(run.pfd, fd, r.token);
        if (rc < 0) {
            table.remove(r);
            throw Errors.of("register with poller", rc);
        }
        return r;
    }

    synchronized void deregister(Registration r) {
        if (!table.remove(r)) return;
        if (run == null) return; // detached by shutdown: its epoll fd is gone with it
        Native.pollerDeregister(run.pfd, r.fd);
        if (table.size() == 0) wake(); // start the idle countdown
    }

    synchronized boolean isRunning() {
        return run != null;
    }

    /** Deadlines in this poller's heap, read racily; for tests and monitoring. */
    int pendingTimers() {
        return timers.pending();
    }

    synchronized PollerStats stats() {
        PollerCounters c = counters;
        return new PollerStats(index, run != null, table.size(), parkedWaiters.get(),
                c.get(PollerCounters.WAITS), c.get(PollerCounters.EMPTY_WAITS), c.get(PollerCounters.EVENTS),
                c.get(PollerCounters.WAKEUPS), c.get(PollerCounters.SPIN_POLLS), c.get(PollerCounters.IDLE_PARKS),
                c.get(PollerCounters.MASTER_WAKEUPS), c.get(PollerCounters.TIMER_ARMS));
    }

    /** Arms a user timer, starting the thread if needed. */
    synchronized void schedule(TimerNode n, long deadline) throws IOException {
        if (run == null) run = start();
        timers.arm(n, deadline);
    }

    private void wake() {
        Run r = run;
        if (r == null) return;
        r.signal();
        if (ON_VIRTUAL_THREADS) LockSupport.unpark(r.thread); // it may be parked without a watch
    }

    /** Closes every channel registered here and stops the thread; returns it so the caller can join. */
    Thread shutdown() {
        List<Registration> registered;
        synchronized (this) {
            registered = table.values();
        }
        for (Registration r : registered) {
            try {
                r.owner.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a channel at shutdown failed", e);
            }
        }
        synchronized (this) {
            Run r = run;
            if (r == null) return null;
            run = null;
            r.stopping = true;
            r.signal();
            LockSupport.unpark(r.thread);
            return r.thread;
        }
    }

    private Run start() throws IOException {
        PollerFds fds = PollerFds.open("poller", WAKEUP_TOKEN, TIMER_TOKEN);
        int pfd = fds.pfd();
        Run r;
        try {
            if (ON_VIRTUAL_THREADS) MasterPoller.add(pfd, this, index);
            try {
                r = new Run(pfd, fds.wakeup(), fds.timer(), lastThread);
                Run started = r;
                r.thread = ON_VIRTUAL_THREADS
                        ? Thread.ofVirtual().name(name()).unstarted(() -> loop(started))
                        : Thread.ofPlatform().name(name()).daemon().unstarted(() -> loop(started));
                r.thread.start();
            } catch (Throwable e) { // e.g. no memory for the event buffer or the thread
                if (ON_VIRTUAL_THREADS) MasterPoller.remove();
                throw e;
            }
        } catch (Throwable e) {
            fds.close();
            throw e;
        }
        lastThread = r.thread;
        return r;
    }

    private void loop(Run r) {
        joinUninterruptibly(r.predecessor);
        r.predecessor = null; // or every finished run, with its event buffer, stays reachable through the next
        int failures = 0;
        for (;;) {
            try {
                if (turn(r)) return;
                failures = 0;
            } catch (Throwable t) { // nothing may end this thread while sockets depend on it
                if (++failures >= MAX_FAILURES) {
                    fail(r, t);
                    return;
                }
                LOG.log(System.Logger.Level.ERROR, name() + " failed (" + failures + " in a row); retrying", t);
                LockSupport.parkNanos(Math.min(MAX_FAILURE_PAUSE_NANOS, 1_000_000L << failures));
            }
        }
    }

    /** One round: due timers, a wait, the events. Returns true once the run has stopped. */
    private boolean turn(Run r) throws IOException {
        long armedBefore = r.armedFor;
        r.armedFor = timers.run(r.pfd, r.timer, r.armedFor);
        if (r.armedFor != armedBefore && r.armedFor != PollerTimers.NONE) counters.add(PollerCounters.TIMER_ARMS, 1);
        int timeout = idleMillisLeft(r);
        int n = r.idle.await(r, timeout);
        if (n == -Errno.EINTR) return false;
        if (n < 0) throw Errors.of("poller wait", n);
        long busyFrom = n > 0 ? System.nanoTime() : 0;
        EventBuffer events = r.events;
        int socketEvents = 0, woke = 0;
        for (int i = 0; i < n; i++) {
            long token = events.token(i);
            if (token == WAKEUP_TOKEN) Native.wakeupDrain(r.pfd, r.wakeup);
            else if (token == TIMER_TOKEN) r.armedFor = PollerTimers.NONE;
            else {
                socketEvents++;
                woke += dispatch(token, events.bits(i));
            }
        }
        if (socketEvents > 0) counters.add(PollerCounters.EVENTS, socketEvents);
        if (woke > 0) counters.add(PollerCounters.WAKEUPS, woke);
        if (r.stopping || n == 0 && timeout >= 0 && idleMillisLeft(r) == 0 && stopIdle(r)) {
            exit(r);
            return true;
        }
        if (ON_VIRTUAL_THREADS && n > 0) Thread.yield(); // let the threads just woken run on this carrier
        if (n > 0) r.idle.handled(System.nanoTime() - busyFrom);
        events.grewFull(n);
        return false;
    }

    /**
     * How long this run may still wait before it has been idle (no socket, no timer) for
     * {@code idleMillis}: the wait's timeout, and 0 once it may stop; -1 while it is not idle.
     * Counted from when it went idle, so wake-ups in between (a socket that came and went) do not
     * shorten it.
     */
    private int idleMillisLeft(Run r) {
        if (table.size() > 0 || timers.pending() > 0) {
            r.idleSince = NOT_IDLE;
            return -1;
        }
        long now = System.nanoTime();
        if (r.idleSince == NOT_IDLE) r.idleSince = now;
        long left = idleMillis - (now - r.idleSince) / 1_000_000;
        return (int) Math.max(0, left);
    }

    /** Releases a stopped run's fds. Pending timers are dropped only if no successor has started to serve them. */
    private void exit(Run r) {
        synchronized (this) {
            if (run == null) timers.drop();
        }
        r.idle.stopped();
        r.closeFds();
        if (ON_VIRTUAL_THREADS) MasterPoller.remove();
    }

    /**
     * The run cannot go on: its sockets are failed (their waiters throw, naming the cause) and
     * taken off this poller, so the next registration starts a fresh run.
     */
    private void fail(Run r, Throwable cause) {
        IOException failure = new IOException(name() + " stopped after " + MAX_FAILURES + " failures in a row: " + cause, cause);
        LOG.log(System.Logger.Level.ERROR, failure.getMessage() + "; failing its sockets", cause);
        List<Registration> failed;
        synchronized (this) {
            if (run == r) run = null;
            if (run == null) timers.drop(); // whatever broke it may be a timer: the next run starts clean
            failed = table.values();
            for (Registration x : failed) table.remove(x);
        }
        for (Registration x : failed) x.fail(failure);
        try {
            exit(r);
        } catch (Throwable t) {
            LOG.log(System.Logger.Level.ERROR, name() + " could not release its fds", t);
        }
    }

    private String name() {
        return "spindle-poller-" + index;
    }

    private static void joinUninterruptibly(Thread t) {
        if (t == null) return;
        boolean interrupted = false;
        for (;;) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** One epoll_wait (or kevent) into the run's buffer, counted. */
    private int fetch(Run r, int timeoutMillis) {
        int n = r.events.waitOn(r.pfd, timeoutMillis);
        counters.add(PollerCounters.WAITS, 1);
        if (n == 0) counters.add(PollerCounters.EMPTY_WAITS, 1);
        return n;
    }

    /**
     * A thread is about to park on one of this poller's edges. An idle virtual-thread poller with
     * no parked waiter and no timer does not ask the master to watch its fd, so events nobody
     * waits for (a platform thread blocked in the kernel, data not yet asked for) wake no thread;
     * the first waiter wakes it instead.
     */
    void waiterArrives() {
        if (ON_VIRTUAL_THREADS && parkedWaiters.getAndIncrement() == 0) unparkThread();
    }

    void waiterLeaves() {
        if (ON_VIRTUAL_THREADS) parkedWaiters.decrementAndGet();
    }

    /**
     * On the master's thread: ends this poller's wait on its carrier if it has lasted its bound,
     * through its wakeup fd. Returns when to look again: a bound later after ending one, as the wait
     * it ended may have been replaced by another that now holds; Long.MAX_VALUE while it holds no
     * carrier. It takes no lock: the master is what frees carriers held in the kernel, so it must
     * never wait for a thread that needs one (a virtual thread handed this poller's monitor, as
     * happened when every carrier was held: LeakTortureTest hung).
     */
    long overseeHold(long now) {
        Run r = run;
        if (r == null) return Long.MAX_VALUE;
        long due = r.idle.holdDue(now);
        if (due > now) return due;
        r.signal();
        return now + Pollers.CARRIER_MILLIS * 1_000_000L;
    }

    /** The master saw new events on this idle poller's fd. */
    void masterWakeup() {
        counters.add(PollerCounters.MASTER_WAKEUPS, 1);
        unparkThread();
    }

    /** Wakes this poller's thread if it is parked idle (virtual-thread pollers only). */
    void unparkThread() {
        Run r = run;
        if (r != null) LockSupport.unpark(r.thread);
    }

    /** Delivers one socket event; returns how many waiting threads it woke. */
    int dispatch(long token, int bits) {
        Registration r = table.get(token);
        return r != null ? r.fire(bits) : 0; // a stale generation is dropped
    }

    private synchronized boolean stopIdle(Run r) {
        if (run != r || table.size() > 0 || !timers.isIdle()) return false;
        run = null;
        return true;
    }
}
