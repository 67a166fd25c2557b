package dev.spindle.internal.poll;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.util.Arrays;

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
 */
final class MasterPoller {
    private static final System.Logger LOG = System.getLogger("dev.spindle.poller");
    private static final int BATCH = 64, IDLE_MILLIS = 1000;

    // Guarded by MasterPoller.class.
    private static int epfd = -1, members;
    private static volatile Thread thread;
    /** The master's epoll fd while it runs, for watches armed without the lock. */
    private static volatile int watchFd = -1;

    private MasterPoller() {}

    /** The pollers the master can wake, by index (the token of their watch). */
    private static volatile Poller[] byIndex = new Poller[0];

    /** A new poller whose epoll fd may be watched until it closes it (closing removes any watch). */
    static synchronized void add(int pollerFd, Poller poller, int index) throws IOException {
        if (thread == null) start();
        Poller[] pollers = Arrays.copyOf(byIndex, Math.max(byIndex.length, index + 1));
        pollers[index] = poller;
        byIndex = pollers; // a fresh array, published by the volatile write, so the master sees the entry
        members++;
    }

    /** A poller closed its epoll fd. */
    static synchronized void remove() {
        members--;
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

    private static void start() throws IOException {
        int fd = Native.pollerCreate();
        if (fd < 0) throw Errors.of("create master poller", fd);
        epfd = fd;
        watchFd = fd;
        Thread t = new Thread(() -> loop(fd), "spindle-master-poller");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    private static void loop(int fd) {
        EventBuffer events = new EventBuffer(BATCH, BATCH);
        for (;;) {
            int n = events.waitOn(fd, IDLE_MILLIS);
            if (n < 0 && n != -Errno.EINTR) LOG.log(System.Logger.Level.WARNING, Errors.of("master wait", n).getMessage());
            if (n == 0 && stopIfUnused(fd)) return;
            Poller[] pollers = byIndex;
            for (int i = 0; i < n; i++) {
                int index = (int) events.token(i);
                if (index >= 0 && index < pollers.length && pollers[index] != null) pollers[index].masterWakeup();
            }
        }
    }

    private static synchronized boolean stopIfUnused(int fd) {
        if (members > 0 || epfd != fd) return false;
        watchFd = -1;
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
