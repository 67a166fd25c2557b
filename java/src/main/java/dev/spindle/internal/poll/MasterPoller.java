package dev.spindle.internal.poll;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Layout;
import dev.spindle.internal.sys.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * For pollers that run on virtual threads: one platform thread that waits for idle pollers.
 *
 * <p>A busy virtual-thread poller fetches events with a zero timeout and hands wake-ups to the
 * scheduler from its own carrier, with no thread switch. When it finds none it asks this master,
 * once, to watch its epoll fd (level-checked when armed, so nothing that arrived meanwhile is
 * missed) and parks; the master unparks it when the fd has events. The master stops with the
 * last poller.
 */
final class MasterPoller {
    private static final System.Logger LOG = System.getLogger("dev.spindle.poller");
    private static final int BATCH = 64, IDLE_MILLIS = 1000;

    private static int epfd = -1; // guarded by MasterPoller.class
    private static Thread thread;

    private MasterPoller() {}

    /** Wakes poller {@code index} once its epoll fd {@code pollerFd} has events. */
    static synchronized void watch(int pollerFd, int index) {
        if (thread == null) start();
        int rc = Native.pollerWatchOnce(epfd, pollerFd, index);
        if (rc < 0) {
            LOG.log(System.Logger.Level.WARNING, Errors.of("watch poller", rc).getMessage());
            Pollers.wake(index); // never leave a poller parked without a watch
        }
    }

    private static void start() {
        int fd = Native.pollerCreate();
        if (fd < 0) throw new IllegalStateException(Errors.of("create master poller", fd).getMessage());
        epfd = fd;
        thread = new Thread(() -> loop(fd), "spindle-master-poller");
        thread.setDaemon(true);
        thread.start();
    }

    private static void loop(int fd) {
        ByteBuffer events = ByteBuffer.allocateDirect(BATCH * Layout.EVENT_SIZE).order(ByteOrder.nativeOrder());
        long address = Native.bufferAddress(events);
        for (;;) {
            int n = Native.pollerWait(fd, address, BATCH, IDLE_MILLIS);
            if (n < 0 && n != -Errno.EINTR) LOG.log(System.Logger.Level.WARNING, Errors.of("master wait", n).getMessage());
            for (int i = 0; i < n; i++)
                Pollers.wake((int) events.getLong(i * Layout.EVENT_SIZE + Layout.EVENT_TOKEN_OFFSET));
            if (n == 0 && stopIfIdle(fd)) return;
        }
    }

    private static synchronized boolean stopIfIdle(int fd) {
        if (Pollers.running() > 0 || epfd != fd) return false;
        Native.pollerClose(fd, -1, -1);
        epfd = -1;
        thread = null;
        return true;
    }

    /** Waits for the master to stop by itself, which it does within a second once no poller runs. */
    static void awaitStop() throws InterruptedException {
        Thread t;
        synchronized (MasterPoller.class) {
            t = thread;
        }
        if (t != null) t.join(IDLE_MILLIS * 3L);
    }
}
