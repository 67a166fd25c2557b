package dev.spindle.internal.channel;

import dev.spindle.internal.Settings;
import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.Pollers;
import dev.spindle.internal.poll.Readiness;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Layout;
import dev.spindle.internal.sys.Native;
import dev.spindle.internal.sys.NativeLoader;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One fd, registered once with a poller: who may use the number, how a call waits, and how
 * closing releases it. Every channel on the native path ({@code TcpStream}, {@code TcpListener},
 * the provider's channels) owns one.
 *
 * <p><b>Waiting.</b> An operation tries its syscall first; on EAGAIN it waits in {@link #await}.
 * A virtual thread parks until the poller reports a new edge, so it unmounts instead of pinning its
 * carrier in native code. A platform thread, which has no carrier to free, by default runs its
 * syscall on a blocking fd ({@link #blockInKernel}), one syscall even when it waits, as the JDK's
 * own sockets do, or, with a timeout, waits in poll(2). A syscall that may block only ever touches
 * direct memory: a heap array is pinned only around a transfer that cannot block
 * ({@code MSG_DONTWAIT}); a blocking one goes through this thread's {@link KernelScratch}.
 *
 * <p><b>Closing.</b> The fd number must not be released while a thread may still pass it to a
 * syscall, or that thread could hit a newly opened file with the same number. Every syscall on
 * the fd runs under {@code readLock} or {@code writeLock}, or under {@code stateLock} after
 * checking {@link #ensureOpen}. {@link #close} wakes all waiters and releases the fd only when it
 * can take both locks and no selector still holds the number; otherwise the last user to leave
 * releases it. A thread waiting in the kernel is published as a waiter first, and close shuts the
 * socket down to wake it, under {@code stateLock}, which {@link #release} needs too. Close never
 * blocks, so it is safe from interrupt handlers and from the waiting threads.
 */
public final class SocketFd {
    static final boolean PLATFORM_WAITS_IN_KERNEL = Settings.PLATFORM_WAIT.oneOf("kernel", "poller").equals("kernel");
    /** Test seam: runs inside close between seeing a waiter and shutting the socket down. */
    public static volatile Runnable closeRaceHook;

    public final int fd;
    /** A {@link Layout} family, IPV4 or IPV6 (dual-stack): how addresses are encoded for this socket. */
    public final int family;
    public final Readiness readiness;
    public final ReentrantLock readLock = new ReentrantLock();
    public final ReentrantLock writeLock = new ReentrantLock();
    /** Guards the rare syscalls (options, shutdown, bind) against the release of the fd. */
    public final Object stateLock = new Object();
    private final Owner owner;
    /** False for pipes: close cannot wake a thread blocked in the kernel on one, so every wait parks in Java. */
    private final boolean kernelWaits;
    private boolean released; // guarded by stateLock
    /**
     * Platform threads without a timeout run their syscalls on a blocking fd. The fd goes back to
     * non-blocking for good once a virtual thread, a timeout, vectored I/O or a selector uses it.
     * Changed under stateLock.
     */
    private volatile boolean fdBlocking, nonBlockingForever;
    /** False in a selectable channel's non-blocking mode: an operation that would wait returns instead. */
    private volatile boolean waits = true;

    /** Takes ownership of {@code fd}: registers it, or closes it if that fails. */
    public SocketFd(int fd, int family, Owner owner) throws IOException {
        this(fd, family, owner, true);
    }

    /** A pipe's end: non-blocking for good, and waits park in Java for every thread kind. */
    public static SocketFd pipe(int fd, Owner owner) throws IOException {
        SocketFd s = new SocketFd(fd, 0, owner, false);
        s.nonBlockingForever = true;
        return s;
    }

    private SocketFd(int fd, int family, Owner owner, boolean kernelWaits) throws IOException {
        this.fd = fd;
        this.family = family;
        this.owner = owner;
        this.kernelWaits = kernelWaits;
        try {
            this.readiness = Pollers.register(fd, owner.channel());
        } catch (IOException | RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /** A new TCP socket of a {@link Layout} family (IPV4 or IPV6), non-blocking and close-on-exec. */
    public static int newSocket(int family) throws IOException {
        return newSocket(family, Layout.STREAM);
    }

    /** A new socket of a {@link Layout} family (IPV4, IPV6 or UNIX) and type (STREAM or DATAGRAM). */
    public static int newSocket(int family, int type) throws IOException {
        NativeLoader.ensureAvailable();
        int fd = Native.socket(family, type);
        if (fd < 0) throw Errors.of("socket", fd);
        return fd;
    }

    public boolean isOpen() {
        return owner.channel().isOpen();
    }

    public void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) throw new ClosedChannelException();
    }

    /**
     * Where a blocking-mode I/O call starts: on an interrupted thread it closes the channel and
     * throws ClosedByInterruptException whether the call would wait or not, as the JDK's channels
     * do (their begin() comes before the syscall). One field read when the thread is not interrupted.
     */
    public void checkInterrupt() throws AsynchronousCloseException {
        if (waits && Thread.currentThread().isInterrupted() && owner.interruptEndsCallsAtOnce()) {
            owner.begin();
            owner.end(false);
        }
    }

    /**
     * Waits after EAGAIN until {@code edge} moves past {@code seen} or the deadline passes; the
     * caller then retries its syscall. The timeout rule: an operation passes {@link Timeouts#UNSET}
     * at its first wait, which starts its timeout then (so a call that never waits never reads the
     * clock), and the returned deadline at later ones. Throws {@code SocketTimeoutException} if the
     * deadline has passed, {@code AsynchronousCloseException} if the channel was closed meanwhile,
     * or {@code ClosedByInterruptException} if this thread was interrupted (which closes it).
     */
    public long await(Edge edge, int seen, long deadline, long timeoutNanos, String op) throws IOException {
        if (deadline == Timeouts.UNSET) deadline = Timeouts.deadline(timeoutNanos);
        if (Timeouts.expired(deadline))
            throw new SocketTimeoutException(op + " timed out after " + Timeouts.describe(timeoutNanos));
        IOException failure = readiness.failure();
        if (failure != null) throw new SocketException(op + " cannot wait: " + failure.getMessage(), failure);
        boolean completed = false;
        try {
            owner.begin();
            if (kernelWaits && PLATFORM_WAITS_IN_KERNEL && !Thread.currentThread().isVirtual()) awaitInKernel(edge, deadline);
            else if (deadline == Timeouts.NO_DEADLINE) edge.await(seen);
            else edge.awaitUntil(seen, deadline);
            completed = isOpen();
        } finally {
            owner.end(completed);
        }
        return deadline;
    }

    public boolean waits() {
        return waits;
    }

    /**
     * Blocking (the default) or non-blocking mode; the fd stays non-blocking for good once used so.
     * Waits for operations under way to finish, as {@code configureBlocking} does in the JDK.
     */
    public void setWaits(boolean waits) {
        readLock.lock();
        writeLock.lock();
        try {
            if (!waits) stayNonBlocking();
            this.waits = waits;
        } finally {
            unlock(writeLock);
            unlock(readLock);
        }
    }

    /**
     * Sleeps until {@code deadline}, parked in Java for every thread kind (unlike {@link #await}, it
     * waits for no readiness), and ends early on close or interrupt, which throw as in await.
     */
    public void pause(long deadline) throws IOException {
        Edge edge = readiness.read;
        boolean completed = false;
        try {
            owner.begin();
            while (isOpen() && readiness.failure() == null && !Timeouts.expired(deadline))
                edge.awaitUntil(edge.seq(), deadline);
            completed = isOpen();
        } finally {
            owner.end(completed);
        }
    }

    /**
     * Whether this call may block in the kernel: a platform thread, kernel waits on, no timeout.
     * Puts the fd in the mode the answer needs.
     */
    public boolean blockInKernel(long timeoutNanos) {
        if (kernelWaits && PLATFORM_WAITS_IN_KERNEL && timeoutNanos == 0 && !Thread.currentThread().isVirtual()) {
            if (fdBlocking) return true;
            if (nonBlockingForever) return false;
            synchronized (stateLock) {
                if (!fdBlocking && !nonBlockingForever && !released && Native.setBlocking(fd, 1) == 0) fdBlocking = true;
                return fdBlocking;
            }
        }
        stayNonBlocking();
        return false;
    }

    /** From now on every syscall on this fd returns EAGAIN instead of blocking. No lock once it is so. */
    public void stayNonBlocking() {
        if (nonBlockingForever && !fdBlocking) return;
        synchronized (stateLock) {
            nonBlockingForever = true;
            if (fdBlocking && !released && Native.setBlocking(fd, 0) == 0) fdBlocking = false;
        }
    }

    /**
     * Brackets a syscall that may block in the kernel: close wakes it by shutting the socket down
     * (close sees the published waiter), and an interrupt closes the channel, as in {@link #await}.
     * Returns false if the channel closed first: skip the syscall.
     */
    public boolean enterKernel(Edge edge) {
        owner.begin();
        edge.enterKernelWait();
        return isOpen();
    }

    /** Ends a bracket; throws AsynchronousCloseException or ClosedByInterruptException if closed meanwhile. */
    public void exitKernel(Edge edge, boolean completed) throws IOException {
        edge.exitKernelWait();
        owner.end(completed);
    }

    /**
     * A platform thread with a timeout waits in poll(2) on its own fd, level-triggered, so no edge
     * can be lost. Close wakes it by shutting the socket down.
     */
    private void awaitInKernel(Edge edge, long deadline) {
        edge.enterKernelWait();
        try {
            int events = edge == readiness.read ? Layout.POLL_READ : Layout.POLL_WRITE;
            // EINTR or an early return: the caller retries, and checks the deadline again.
            if (isOpen()) Native.pollFd(fd, events, Timeouts.pollMillis(deadline));
        } finally {
            edge.exitKernelWait();
        }
    }

    /** Leaves an operation; the last thread out of a closed channel releases its fd. */
    public void unlock(ReentrantLock lock) {
        lock.unlock();
        if (!isOpen()) releaseIfIdle();
    }

    /** Closes the owning channel (after a failed connect, say); it is then closing already, or closed. */
    public void closeChannel() {
        try {
            owner.channel().close();
        } catch (IOException ignored) {
            // our own close does not throw; the channel is closed either way
        }
    }

    /** The channel's close: wakes every waiter, and releases the fd once nobody uses it. */
    public void close() {
        readiness.wakeAll();
        // Threads in the kernel wake on the hangup. A woken waiter may leave and release the fd at
        // any moment, so the shutdown runs under stateLock, which release() must take first.
        synchronized (stateLock) {
            if (!released && readiness.hasWaiters()) {
                Runnable hook = closeRaceHook;
                if (hook != null) hook.run();
                Native.shutdown(fd, Layout.SHUT_BOTH);
            }
        }
        releaseIfIdle();
    }

    /**
     * Releases the fd of a closed channel if no thread holds either lock and no selector holds the
     * number. A thread that finds the other lock held gives up only while that lock is still held,
     * since its holder will run this again on leaving; a selector runs it after deregistering.
     */
    public void releaseIfIdle() {
        if (owner.fdInUse()) return;
        for (;;) {
            if (!readLock.tryLock()) return;
            try {
                if (writeLock.tryLock()) {
                    try {
                        release();
                    } finally {
                        writeLock.unlock();
                    }
                    return;
                }
            } finally {
                readLock.unlock();
            }
            if (writeLock.isLocked()) return;
        }
    }

    private void release() {
        synchronized (stateLock) {
            if (released) return;
            released = true;
            readiness.deregister(); // before close: the fd number must not be reused while registered
            Native.close(fd);
        }
    }

    /**
     * The exception for a failed syscall (result is a negative errno). If the channel was closed
     * meanwhile, the failure is close's shutdown showing through: AsynchronousCloseException.
     */
    public IOException failure(String op, long result) {
        return isOpen() ? Errors.of(op, (int) result) : new AsynchronousCloseException();
    }

    /** A read's -1, unless the end of stream is close's own shutdown showing through. */
    public int endOfStream() throws AsynchronousCloseException {
        if (!isOpen()) throw new AsynchronousCloseException();
        return -1;
    }

    public static boolean isAgain(long result) {
        return result == -Errno.EAGAIN;
    }
}
