package dev.spindle.internal.channel;

/**
 * How one call on a {@link SocketFd} waits when its syscall finds nothing ready, chosen once per
 * call by {@link Waiting#mode} from the thread kind, the call's timeout and the channel's mode.
 */
public enum WaitMode {
    /** A platform thread without a timeout: the syscall itself blocks, on a blocking fd, as the JDK's sockets do. */
    KERNEL_BLOCKING,
    /** A platform thread with a timeout, or a call that must not block: poll(2) on the fd, then the syscall again. */
    KERNEL_POLL,
    /** A virtual thread, or a pipe: park until the poller reports a new edge, so no carrier is pinned. */
    PARK,
    /** A selectable channel's non-blocking mode: a call that would wait returns instead. */
    NON_BLOCKING
}
