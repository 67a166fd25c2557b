package dev.spindle.internal.channel;

import dev.spindle.internal.Settings;
import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * How calls on one {@link SocketFd} wait, and the one loop they all run: try the syscall; on
 * EAGAIN wait as the call's {@link WaitMode} says, then try again.
 *
 * <p>A virtual thread parks until the poller reports a new edge, so it unmounts instead of pinning
 * its carrier in native code. A platform thread, which has no carrier to free, by default runs its
 * syscall on a blocking fd, one syscall even when it waits, as the JDK's own sockets do, or, with a
 * timeout, waits in poll(2). A syscall that may block only ever touches direct memory: a heap array
 * is pinned only around a transfer that cannot block ({@code MSG_DONTWAIT}); a blocking one goes
 * through this thread's {@link KernelScratch}. A thread in the kernel is published as a waiter on
 * the edge, so close can wake it by shutting the socket down.
 */
public final class Waiting {
    /** How platform threads wait: {@code kernel} (a blocking syscall, or poll(2) with a timeout; the default) or {@code poller}. */
    private static final boolean PLATFORM_WAITS_IN_KERNEL = Settings.PLATFORM_WAIT.oneOf("kernel", "poller").equals("kernel");
    private static final long AGAIN = -Errno.EAGAIN, INTERRUPTED = -Errno.EINTR;

    private final SocketFd socket;
    /** False for pipes: close cannot wake a thread blocked in the kernel on one, so every wait parks. */
    private final boolean kernelWaits;
    /** False in a selectable channel's non-blocking mode: a call that would wait returns instead. */
    private volatile boolean blocking = true;
    /**
     * Whether the fd is in blocking mode now, and whether it must stay non-blocking for good (once a
     * virtual thread, a timeout, vectored I/O or a selector used it). Changed under stateLock.
     */
    private volatile boolean fdBlocking, nonBlockingForever;

    Waiting(SocketFd socket, boolean kernelWaits) {
        this.socket = socket;
        this.kernelWaits = kernelWaits;
        this.nonBlockingForever = !kernelWaits;
    }

    /**
     * Runs {@code call} until it has a result, waiting after each EAGAIN on {@code edge} for at
     * most {@code timeoutNanos} in all (0: no limit): the call's result, or {@code -EAGAIN} in
     * non-blocking mode. Throws as {@link #await} does.
     */
    public long run(Edge edge, IoCall call, long timeoutNanos, String op) throws IOException {
        WaitMode mode = mode(timeoutNanos, call.mayBlockInKernel());
        if (mode == WaitMode.KERNEL_BLOCKING) {
            long n = inKernel(edge, call);
            if (n != AGAIN) return n;
            mode = WaitMode.KERNEL_POLL; // the fd went non-blocking meanwhile
        }
        long deadline = Timeouts.UNSET;
        for (;;) {
            int seen = edge.seq();
            long n = call.attempt(mode, seen);
            if (n == INTERRUPTED) continue;
            if (n != AGAIN || mode == WaitMode.NON_BLOCKING) return n;
            deadline = await(mode, edge, seen, deadline, timeoutNanos, op);
        }
    }

    /** How this call waits; puts the fd in the mode the answer needs. */
    public WaitMode mode(long timeoutNanos, boolean mayBlockInKernel) {
        if (!blocking) return WaitMode.NON_BLOCKING;
        boolean inKernel = kernelWaits && PLATFORM_WAITS_IN_KERNEL && !Thread.currentThread().isVirtual();
        if (!mayBlockInKernel) return inKernel ? WaitMode.KERNEL_POLL : WaitMode.PARK;
        if (inKernel && timeoutNanos == 0 && blockingFd()) return WaitMode.KERNEL_BLOCKING;
        stayNonBlocking(); // a call that would block must find EAGAIN instead
        return inKernel ? WaitMode.KERNEL_POLL : WaitMode.PARK;
    }

    /**
     * The syscall on the blocking fd, bracketed: close wakes it by shutting the socket down (close
     * sees the published waiter), and an interrupt closes the channel. Throws
     * AsynchronousCloseException or ClosedByInterruptException if either struck meanwhile.
     */
    private long inKernel(Edge edge, IoCall call) throws IOException {
        long n = AGAIN;
        socket.begin();
        edge.enterKernelWait();
        try {
            if (socket.isOpen()) {
                do n = call.attempt(WaitMode.KERNEL_BLOCKING, edge.seq());
                while (n == INTERRUPTED);
            }
        } finally {
            edge.exitKernelWait();
            try {
                socket.end(n >= 0 && (call.standsAfterClose(n) || socket.isOpen()));
            } catch (IOException e) {
                if (n >= 0) call.abandon(n);
                throw e;
            }
        }
        return n;
    }

    /**
     * Waits after EAGAIN until {@code edge} moves past {@code seen} or the deadline passes; the
     * caller then retries its syscall. The timeout rule: an operation passes {@link Timeouts#UNSET}
     * at its first wait, which starts its timeout then (so a call that never waits never reads the
     * clock), and the returned deadline at later ones. Throws {@code SocketTimeoutException} if the
     * deadline has passed, {@code AsynchronousCloseException} if the channel was closed meanwhile,
     * or {@code ClosedByInterruptException} if this thread was interrupted (which closes it).
     */
    private long await(WaitMode mode, Edge edge, int seen, long deadline, long timeoutNanos, String op)
            throws IOException {
        if (deadline == Timeouts.UNSET) deadline = Timeouts.deadline(timeoutNanos);
        if (Timeouts.expired(deadline))
            throw new SocketTimeoutException(op + " timed out after " + Timeouts.describe(timeoutNanos));
        IOException failure = socket.readiness.failure();
        if (failure != null) throw new SocketException(op + " cannot wait: " + failure.getMessage(), failure);
        boolean completed = false;
        try {
            socket.begin();
            if (mode == WaitMode.KERNEL_POLL) poll(edge, deadline);
            else if (deadline == Timeouts.NO_DEADLINE) edge.await(seen);
            else edge.awaitUntil(seen, deadline);
            completed = socket.isOpen();
        } finally {
            socket.end(completed);
        }
        return deadline;
    }

    /**
     * Waits in poll(2) on the fd, level-triggered, so no edge can be lost. Close wakes it by
     * shutting the socket down.
     */
    private void poll(Edge edge, long deadline) {
        edge.enterKernelWait();
        try {
            // EINTR or an early return: the caller retries, and checks the deadline again.
            if (socket.isOpen()) Native.pollFd(socket.fd, edge == socket.readiness.read ? NativeConstants.POLL_READ : NativeConstants.POLL_WRITE, Timeouts.pollMillis(deadline));
        } finally {
            edge.exitKernelWait();
        }
    }

    /**
     * Sleeps until {@code deadline}, parked in Java for every thread kind (it waits for no
     * readiness), and ends early on close or interrupt, which throw as in await.
     */
    public void pause(long deadline) throws IOException {
        Edge edge = socket.readiness.read;
        boolean completed = false;
        try {
            socket.begin();
            while (socket.isOpen() && socket.readiness.failure() == null && !Timeouts.expired(deadline))
                edge.awaitUntil(edge.seq(), deadline);
            completed = socket.isOpen();
        } finally {
            socket.end(completed);
        }
    }

    public boolean isBlocking() {
        return blocking;
    }

    /**
     * Blocking (the default) or non-blocking mode; the fd stays non-blocking for good once used so.
     * Waits for operations under way to finish, as {@code configureBlocking} does in the JDK.
     */
    public void setBlocking(boolean blocking) {
        socket.readLock.lock();
        socket.writeLock.lock();
        try {
            if (!blocking) stayNonBlocking();
            this.blocking = blocking;
        } finally {
            socket.unlock(socket.writeLock);
            socket.unlock(socket.readLock);
        }
    }

    /** Puts the fd in blocking mode unless it must stay non-blocking: whether it is blocking. */
    private boolean blockingFd() {
        if (fdBlocking) return true;
        if (nonBlockingForever) return false;
        synchronized (socket.stateLock) {
            if (!fdBlocking && !nonBlockingForever && !socket.isReleased() && Native.setBlocking(socket.fd, 1) == 0)
                fdBlocking = true;
            return fdBlocking;
        }
    }

    /** From now on every syscall on this fd returns EAGAIN instead of blocking. No lock once it is so. */
    public void stayNonBlocking() {
        if (nonBlockingForever && !fdBlocking) return;
        synchronized (socket.stateLock) {
            nonBlockingForever = true;
            if (fdBlocking && !socket.isReleased() && Native.setBlocking(socket.fd, 0) == 0) fdBlocking = false;
        }
    }
}
