package dev.spindle.internal.poll;

/** A platform-thread poller blocks in epoll_wait (or kevent), as an event loop does: idle costs nothing, each wake-up one switch. */
final class KernelWait implements IdleStrategy {
    @Override
    public int await(Waiting poller, int timeoutMillis) {
        return poller.block(timeoutMillis);
    }
}
