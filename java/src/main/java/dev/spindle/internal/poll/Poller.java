package dev.spindle.internal.poll;

import dev.spindle.PollerStats;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Layout;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * One poller: an epoll (or kqueue) instance and the thread that loops on it (a virtual thread
 * by default, see {@link #waitOnVirtualThread}).
 *
 * <p>Sockets register once, edge-triggered; the thread turns each event into a
 * {@link Edge#fire()} on the socket's {@link Readiness}, found by the token's
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
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Readiness[].class);
    private static final long WAKEUP_TOKEN = -1L, TIMER_TOKEN = -2L;
    private static final int INITIAL_EVENTS = 1024, MAX_EVENTS = 64 * 1024;
    static final int MAX_FAILURES = 12;
    private static final long NOT_IDLE = Long.MIN_VALUE;
    private static final long MAX_FAILURE_PAUSE_NANOS = 200_000_000L;
    static final boolean ON_VIRTUAL_THREADS =
            Boolean.parseBoolean(System.getProperty(Pollers.VIRTUAL_PROPERTY, "true"));
    private static final int SPIN_POLLS = Math.max(0, Integer.getInteger(Pollers.SPIN_PROPERTY, Pollers.SPIN_DEFAULT));

    private final int index;
    private final int idleMillis;

    /** One started thread with its fds; a stopped run is never restarted. */
    private static final class Run {
        final int pfd, wakeup, timer;
        /** The previous run's thread, which must have exited before this one touches the timers. */
        Thread predecessor;
        volatile Thread thread;
        volatile boolean stopping;
        // Poller thread only: the deadline the timerfd is set for (NONE once it fired), since when it has
        // had no socket and no timer (NOT_IDLE while it has), and the event buffer.
        long armedFor = PollerTimers.NONE;
        long idleSince = NOT_IDLE;
        int capacity = INITIAL_EVENTS;
        ByteBuffer events = allocateEvents(capacity);
        long address = Native.bufferAddress(events);

        Run(int pfd, int wakeup, int timer, Thread predecessor) {
            this.pfd = pfd;
            this.wakeup = wakeup;
            this.timer = timer;
            this.predecessor = predecessor;
        }

        /** After a full batch more may be waiting: fetch twice as many next time. */
        void grow() {
            if (capacity >= MAX_EVENTS) return;
            try {
                ByteBuffer bigger = allocateEvents(capacity * 2);
                events = bigger;
                address = Native.bufferAddress(bigger);
                capacity *= 2;
            } catch (OutOfMemoryError e) {
                // keep the smaller batch: the poller must outlive a full heap
            }
        }
    }

    // Written under this; read without it only to unpark the thread.
    private volatile Run run;
    private Thread lastThread; // guarded by this
    private int[] generations = new int[64];
    private int[] freeSlots = new int[64];
    private int freeCount, usedSlots;

    private volatile Readiness[] slots = new Readiness[64];
    private volatile int registered;

    /** Threads parked on an edge of this poller (virtual-thread pollers only count them). */
    private final AtomicInteger parkedWaiters = new AtomicInteger();
    final PollerTimers timers = new PollerTimers(this::wake);
    private final PollerCounters counters = new PollerCounters();

    Poller(int index, int idleMillis) {
        this.index = index;
        this.idleMillis = idleMillis;
    }

    synchronized Readiness register(int fd, Channel owner) throws IOException {
        if (run == null) run = start();
        int slot = takeSlot();
        long token = (long) generations[slot] << 32 | slot;
        Readiness r = new Readiness(this, fd, token, owner);
        SLOT.setRelease(slots, slot, r);
        int rc = Native.pollerRegister(run.pfd, fd, token);
        if (rc < 0) {
            freeSlot(slot);
            throw Errors.of("register with poller", rc);
        }
        registered++;
        return r;
    }

    synchronized void deregister(Readiness r) {
        int slot = (int) r.token;
        Readiness[] s = slots;
        if (slot >= s.length || s[slot] != r) return;
        freeSlot(slot);
        registered--;
        if (run == null) return; // detached by shutdown: its epoll fd is gone with it
        Native.pollerDeregister(run.pfd, r.fd);
        if (registered == 0) wake(); // start the idle countdown
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
        return new PollerStats(index, run != null, registered, parkedWaiters.get(),
                c.get(PollerCounters.WAITS), c.get(PollerCounters.EMPTY_WAITS), c.get(PollerCounters.EVENTS),
                c.get(PollerCounters.WAKEUPS), c.get(PollerCounters.SPIN_POLLS), c.get(PollerCounters.IDLE_PARKS),
                c.get(PollerCounters.MASTER_WAKEUPS), c.get(PollerCounters.TIMER_ARMS));
    }

    /** Arms a user timer, starting the thread if needed. */
    synchronized void schedule(TimerNode n, long deadline) throws IOException {
        if (run == null) run = start();
        timers.arm(n, deadline);
    }

    private synchronized void wake() {
        if (run == null) return;
        Native.wakeupSignal(run.pfd, run.wakeup);
        if (ON_VIRTUAL_THREADS) LockSupport.unpark(run.thread); // it may be parked without a watch
    }

    /** Closes every channel registered here and stops the thread; returns it so the caller can join. */
    Thread shutdown() {
        List<Channel> owners = new ArrayList<>();
        synchronized (this) {
            for (Readiness r : slots) if (r != null) owners.add(r.owner);
        }
        for (Channel c : owners) {
            try {
                c.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a channel at shutdown failed", e);
            }
        }
        synchronized (this) {
            Run r = run;
            if (r == null) return null;
            run = null;
            r.stopping = true;
            Native.wakeupSignal(r.pfd, r.wakeup);
            LockSupport.unpark(r.thread);
            return r.thread;
        }
    }

    private Run start() throws IOException {
        int pfd = Native.pollerCreate();
        if (pfd < 0) throw Errors.of("create poller", pfd);
        int w = Native.wakeupOpen(pfd, WAKEUP_TOKEN);
        if (w < 0) {
            Native.pollerClose(pfd, -1, -1);
            throw Errors.of("create poller wakeup", w);
        }
        int t = Native.timerOpen(pfd, TIMER_TOKEN);
        if (t < 0) {
            Native.pollerClose(pfd, w, -1);
            throw Errors.of("create poller timer", t);
        }
        Run r;
        try {
            if (ON_VIRTUAL_THREADS) MasterPoller.add(pfd, this, index);
            try {
                r = new Run(pfd, w, t, lastThread);
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
            Native.pollerClose(pfd, w, t);
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
        int n = ON_VIRTUAL_THREADS ? waitOnVirtualThread(r, timeout) : fetch(r, timeout);
        if (n == -Errno.EINTR) return false;
        if (n < 0) throw Errors.of("poller wait", n);
        ByteBuffer events = r.events;
        final int size = Layout.EVENT_SIZE, tokenAt = Layout.EVENT_TOKEN_OFFSET, bitsAt = Layout.EVENT_BITS_OFFSET;
        int socketEvents = 0, woke = 0;
        for (int i = 0, at = 0; i < n; i++, at += size) {
            long token = events.getLong(at + tokenAt);
            if (token == WAKEUP_TOKEN) Native.wakeupDrain(r.pfd, r.wakeup);
            else if (token == TIMER_TOKEN) r.armedFor = PollerTimers.NONE;
            else {
                socketEvents++;
                woke += dispatch(token, events.getInt(at + bitsAt));
            }
        }
        if (socketEvents > 0) counters.add(PollerCounters.EVENTS, socketEvents);
        if (woke > 0) counters.add(PollerCounters.WAKEUPS, woke);
        if (r.stopping || n == 0 && timeout >= 0 && idleMillisLeft(r) == 0 && stopIdle(r)) {
            exit(r);
            return true;
        }
        if (ON_VIRTUAL_THREADS && n > 0) Thread.yield(); // let the threads just woken run on this carrier
        if (n == r.capacity) r.grow();
        return false;
    }

    /**
     * How long this run may still wait before it has been idle (no socket, no timer) for
     * {@code idleMillis}: the wait's timeout, and 0 once it may stop; -1 while it is not idle.
     * Counted from when it went idle, so wake-ups in between (a socket that came and went) do not
     * shorten it.
     */
    private int idleMillisLeft(Run r) {
        if (registered > 0 || timers.pending() > 0) {
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
        Native.pollerClose(r.pfd, r.wakeup, r.timer);
        if (ON_VIRTUAL_THREADS) MasterPoller.remove();
    }

    /**
     * The run cannot go on: its sockets are failed (their waiters throw, naming the cause) and
     * taken off this poller, so the next registration starts a fresh run.
     */
    private void fail(Run r, Throwable cause) {
        IOException failure = new IOException(name() + " stopped after " + MAX_FAILURES + " failures in a row: " + cause, cause);
        LOG.log(System.Logger.Level.ERROR, failure.getMessage() + "; failing its sockets", cause);
        List<Readiness> failed = new ArrayList<>();
        synchronized (this) {
            if (run == r) run = null;
            if (run == null) timers.drop(); // whatever broke it may be a timer: the next run starts clean
            Readiness[] s = slots;
            for (int slot = 0; slot < usedSlots; slot++) {
                Readiness x = s[slot];
                if (x == null) continue;
                failed.add(x);
                freeSlot(slot);
                registered--;
            }
        }
        for (Readiness x : failed) x.fail(failure);
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

    /**
     * A virtual thread must not block in epoll_wait: it fetches with a zero timeout and, when there
     * is nothing, asks the master poller to watch this epoll fd and parks until then (or the timeout).
     */
    private int waitOnVirtualThread(Run r, int timeoutMillis) {
        int n = fetch(r, 0);
        // Threads parked on our sockets: the ones running on the carriers now may make one ready
        // (a write to a peer in this process), so poll again after letting them run, as Go's
        // scheduler polls the network before it sleeps, instead of a hand-off to the master.
        // Counted in polls, not time: a yield lasts as long as the threads it lets run.
        for (int spin = 0; n == 0 && spin < SPIN_POLLS && !r.stopping && parkedWaiters.get() > 0; spin++) {
            Thread.yield();
            counters.add(PollerCounters.SPIN_POLLS, 1);
            n = fetch(r, 0);
        }
        if (n != 0 || r.stopping) return n;
        // Have the master wake us only when an event could matter now: a parked waiter or a
        // deadline. Otherwise the next waiter, timer or registration change unparks us directly.
        boolean watched = parkedWaiters.get() > 0 || !timers.isIdle();
        counters.add(PollerCounters.IDLE_PARKS, 1);
        if (watched) MasterPoller.idleBegin();
        try {
            if (timeoutMillis < 0) LockSupport.park(this);
            else LockSupport.parkNanos(this, timeoutMillis * 1_000_000L);
        } finally {
            if (watched) MasterPoller.idleEnd();
        }
        return fetch(r, 0);
    }

    /** One epoll_wait (or kevent) into the run's buffer, counted. */
    private int fetch(Run r, int timeoutMillis) {
        int n = Native.pollerWait(r.pfd, r.address, r.capacity, timeoutMillis);
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
        int slot = (int) token;
        Readiness[] s = slots;
        if (slot < 0 || slot >= s.length) return 0;
        Readiness r = (Readiness) SLOT.getAcquire(s, slot);
        return r != null && r.token == token ? r.fire(bits) : 0; // a stale generation is dropped
    }

    private synchronized boolean stopIdle(Run r) {
        if (run != r || registered > 0 || !timers.isIdle()) return false;
        run = null;
        return true;
    }

    private int takeSlot() {
        if (freeCount > 0) return freeSlots[--freeCount];
        if (usedSlots == slots.length) {
            int n = usedSlots * 2;
            slots = Arrays.copyOf(slots, n);
            generations = Arrays.copyOf(generations, n);
            freeSlots = Arrays.copyOf(freeSlots, n);
        }
        return usedSlots++;
    }

    private void freeSlot(int slot) {
        SLOT.setRelease(slots, slot, null);
        generations[slot]++;
        freeSlots[freeCount++] = slot;
    }

    private static ByteBuffer allocateEvents(int capacity) {
        return ByteBuffer.allocateDirect(capacity * Layout.EVENT_SIZE).order(ByteOrder.nativeOrder());
    }
}
