package dev.spindle.internal.poll;

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

/**
 * One poller: an epoll (or kqueue) instance and the daemon thread that waits on it.
 *
 * <p>Sockets register once, edge-triggered; the thread turns each event into a
 * {@link Edge#fire()} on the socket's {@link Readiness}, found by the token's
 * slot. The token also carries the slot's generation, bumped on deregister, so
 * an event already fetched for a closed socket cannot wake the socket that
 * reuses its slot or fd number.
 *
 * <p>The thread starts with the first registration and stops after
 * {@code idleMillis} without any, closing its fds; the next registration
 * starts a fresh one. Registration takes this poller's monitor; the event loop
 * takes no lock.
 */
final class Poller {
    private static final System.Logger LOG = System.getLogger("dev.spindle.poller");
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(Readiness[].class);
    private static final long WAKEUP_TOKEN = -1L;
    private static final int INITIAL_EVENTS = 1024, MAX_EVENTS = 64 * 1024;

    private final int index;
    private final int idleMillis;

    /** One started thread with its fds; a stopped run is never restarted. */
    private static final class Run {
        final int pfd, wakeup;
        Thread thread;
        volatile boolean stopping;

        Run(int pfd, int wakeup) {
            this.pfd = pfd;
            this.wakeup = wakeup;
        }
    }

    // Guarded by this.
    private Run run;
    private int[] generations = new int[64];
    private int[] freeSlots = new int[64];
    private int freeCount, usedSlots;

    private volatile Readiness[] slots = new Readiness[64];
    private volatile int registered;

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
        if (registered == 0) Native.wakeupSignal(run.pfd, run.wakeup); // start the idle countdown
    }

    synchronized boolean isRunning() {
        return run != null;
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
        Run r = new Run(pfd, w);
        r.thread = new Thread(() -> loop(r), "spindle-poller-" + index);
        r.thread.setDaemon(true);
        r.thread.start();
        return r;
    }

    private void loop(Run r) {
        int capacity = INITIAL_EVENTS;
        ByteBuffer events = allocateEvents(capacity);
        long address = Native.bufferAddress(events);
        final int size = Layout.EVENT_SIZE, tokenAt = Layout.EVENT_TOKEN_OFFSET, bitsAt = Layout.EVENT_BITS_OFFSET;
        for (;;) {
            int timeout = registered == 0 ? idleMillis : -1;
            int n = Native.pollerWait(r.pfd, address, capacity, timeout);
            if (n < 0) {
                if (n != -Errno.EINTR) LOG.log(System.Logger.Level.WARNING, Errors.of("poller wait", n).getMessage());
                continue;
            }
            for (int i = 0, at = 0; i < n; i++, at += size) {
                long token = events.getLong(at + tokenAt);
                if (token == WAKEUP_TOKEN) Native.wakeupDrain(r.pfd, r.wakeup);
                else dispatch(token, events.getInt(at + bitsAt));
            }
            if (r.stopping || n == 0 && timeout >= 0 && stopIdle(r)) {
                Native.pollerClose(r.pfd, r.wakeup, -1);
                return;
            }
            if (n == capacity && capacity < MAX_EVENTS) { // a full batch: more may be waiting
                capacity *= 2;
                events = allocateEvents(capacity);
                address = Native.bufferAddress(events);
            }
        }
    }

    void dispatch(long token, int bits) {
        int slot = (int) token;
        Readiness[] s = slots;
        if (slot < 0 || slot >= s.length) return;
        Readiness r = (Readiness) SLOT.getAcquire(s, slot);
        if (r != null && r.token == token) r.fire(bits); // a stale generation is dropped
    }

    private synchronized boolean stopIdle(Run r) {
        if (run != r || registered > 0) return false;
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
