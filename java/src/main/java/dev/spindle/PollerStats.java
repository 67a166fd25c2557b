package dev.spindle;

/**
 * What one poller has done since the process started: a snapshot from {@link Spindle#pollerStats()}.
 * The counters only grow; sample twice and subtract to see a rate. They are read without locks, so
 * a snapshot taken while the poller runs may be one loop behind.
 *
 * @param index         the poller's number
 * @param running       whether its thread runs now (it stops when idle, and starts again on use)
 * @param sockets       sockets registered with it now
 * @param parkedWaiters threads parked now waiting for one of its sockets (virtual-thread pollers only)
 * @param waits         epoll_wait/kevent calls its thread made
 * @param emptyWaits    of those, the ones that returned no event
 * @param events        socket readiness events it delivered
 * @param wakeups       of those, the ones that unparked a waiting thread
 * @param spinPolls     extra non-blocking polls it made after finding nothing, before going idle
 * @param idleParks     times it parked idle, handing its epoll fd to the master poller to watch
 * @param masterWakeups times the master poller woke it for new events (each is a thread hand-off)
 * @param timerArms     timerfd/kqueue timer syscalls it made to move its next deadline
 */
public record PollerStats(int index, boolean running, int sockets, int parkedWaiters, long waits, long emptyWaits,
                          long events, long wakeups, long spinPolls, long idleParks, long masterWakeups, long timerArms) {

    /** Socket events per wait that returned any: how well each wait is batched. */
    public double eventsPerWait() {
        long full = waits - emptyWaits;
        return full == 0 ? 0 : (double) events / full;
    }
}
