package dev.spindle.internal.poll;

import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Native;
import java.io.IOException;

/**
 * An epoll (or kqueue) fd with its wakeup eventfd and its timerfd registered on it, under the
 * given tokens: what a poller and the master poller each own. Opened all or nothing.
 */
record PollerFds(int pfd, int wakeup, int timer) {
    /** Opens the three; {@code what} names them in the error ("create " + what + " wakeup"). */
    static PollerFds open(String what, long wakeupToken, long timerToken) throws IOException {
        int pfd = Native.pollerCreate();
        if (pfd < 0) throw Errors.of("create " + what, pfd);
        int wakeup = Native.wakeupOpen(pfd, wakeupToken);
        if (wakeup < 0) {
            Native.pollerClose(pfd, -1, -1);
            throw Errors.of("create " + what + " wakeup", wakeup);
        }
        int timer = Native.timerOpen(pfd, timerToken);
        if (timer < 0) {
            Native.pollerClose(pfd, wakeup, -1);
            throw Errors.of("create " + what + " timer", timer);
        }
        return new PollerFds(pfd, wakeup, timer);
    }

    /** Closes the three; after this their numbers are dead. */
    int close() {
        return Native.pollerClose(pfd, wakeup, timer);
    }
}
