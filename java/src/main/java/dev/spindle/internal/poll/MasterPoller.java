package dev.spindle.internal.poll;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Layout;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * For pollers that run on virtual threads: one platform thread that wakes idle pollers.
 *
 * <p>A busy virtual-thread poller fetches events with a zero timeout and hands wake-ups to the
 * scheduler from its own carrier, with no thread switch. Each poller's epoll fd is registered
 * here once, edge-triggered, so every new event there raises an edge here, with no epoll_ctl
 * afterwards. The master waits in epoll only while some poller is parked idle; otherwise it
 * parks, and edges just queue. A poller that goes idle after finding no events cannot miss one
 * that arrives meanwhile: its edge is queued here and the master, woken, reports it.
 */
final class MasterPoller {
    private static final System.Logger LOG = System.getLogger("dev.spindle.poller");
    private static final int BATCH = 64, IDLE_MILLIS = 1000;
    /** Pollers parked idle and needing a wake-up on their next event. */
    private static final AtomicInteger IDLE = new AtomicInteger();

    // Guarded by MasterPoller.class.
    private static int epfd = -1, members;
    private static volatile Thread thread;

    private MasterPoller() {}

    /** The pollers the master can wake, by index (the token of their watch). */
    private static volatile Poller[] byIndex = new Poller[0];

    /** Watches a new poller's epoll fd for the life of that fd (closing it removes the watch). */
    static synchronized void add(int pollerFd, Poller poller, int index) throws IOException {
        if (thread == null) start();
        Poller[] pollers = Arrays.copyOf(byIndex, Math.max(byIndex.length, index + 1));
        pollers[index] = poller;
        byIndex = pollers; // a fresh array, published by the volatile write, so the master sees the entry
        int rc = Native.pollerWatch(epfd, pollerFd, index);
        if (rc < 0) throw Errors.of("watch poller", rc);
        members++;
    }

    /** A poller closed its epoll fd. */
    static synchronized void remove() {
        members--;
    }

    /** Poller is about to park idle: make sure the master waits for its next edge. */
    static void idleBegin() {
        IDLE.incrementAndGet();
        Thread t = thread;
        if (t != null) LockSupport.unpark(t);
    }

    static void idleEnd() {
        IDLE.decrementAndGet();
    }

    private static void start() throws IOException {
        int fd = Native.pollerCreate();
        if (fd < 0) throw Errors.of("create master poller", fd);
        epfd = fd;
        Thread t = new Thread(() -> loop(fd), "spindle-master-poller");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private static void loop(int fd) {
        ByteBuffer events = ByteBuffer.allocateDirect(BATCH * Layout.EVENT_SIZE).order(ByteOrder.nativeOrder());
        long address = Native.bufferAddress(events);
        for (;;) {
            if (IDLE.get() == 0) { // no poller to wake: let edges queue in epoll
                LockSupport.parkNanos(IDLE_MILLIS * 1_000_000L);
                if (IDLE.get() == 0 && stopIfUnused(fd)) return;
                continue;
            }
            int n = Native.pollerWait(fd, address, BATCH, IDLE_MILLIS);
            if (n < 0 && n != -Errno.EINTR) LOG.log(System.Logger.Level.WARNING, Errors.of("master wait", n).getMessage());
            Poller[] pollers = byIndex;
            for (int i = 0; i < n; i++) {
                int index = (int) events.getLong(i * Layout.EVENT_SIZE + Layout.EVENT_TOKEN_OFFSET);
                if (index >= 0 && index < pollers.length && pollers[index] != null) pollers[index].masterWakeup();
            }
        }
    }

    private static synchronized boolean stopIfUnused(int fd) {
        if (members > 0 || epfd != fd) return false;
        Native.pollerClose(fd, -1, -1);
        epfd = -1;
        thread = null;
        return true;
    }

    /** Waits for the master to stop by itself, which it does within a second once no poller runs. */
    static void awaitStop() throws InterruptedException {
        Thread t = thread;
        if (t != null) t.join(IDLE_MILLIS * 3L);
    }
}
