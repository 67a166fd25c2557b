package dev.spindle.internal.channel;

import java.io.IOException;

/**
 * One syscall that {@link Waiting#run} tries, waits for and retries. Each channel keeps one per
 * direction and sets its arguments in fields before the call, so a call allocates nothing.
 */
public interface IoCall {
    /**
     * One attempt: the syscall's result, {@code >= 0}, or a negative errno; {@code -EAGAIN} waits
     * and retries, {@code -EINTR} retries at once. In {@link WaitMode#KERNEL_BLOCKING} the fd may
     * block, so the syscall must touch direct memory only. {@code seen} is the edge's seq before it.
     */
    long attempt(WaitMode mode, int seen) throws IOException;

    /** Whether the syscall may block on a blocking fd; false for calls that never block (MSG_DONTWAIT). */
    default boolean mayBlockInKernel() {
        return true;
    }

    /**
     * Whether a result from the blocking fd stands when close struck meanwhile (bytes read do);
     * otherwise the call throws AsynchronousCloseException, taking the result for close's shutdown.
     */
    default boolean standsAfterClose(long result) {
        return result > 0;
    }

    /** Undoes a result that close or an interrupt made the caller give up (closes an accepted fd). */
    default void abandon(long result) {}
}
