package dev.spindle.internal.channel;

import dev.spindle.internal.poll.Pollers;
import dev.spindle.internal.poll.Registration;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One fd, registered once with a poller: who may use the number, and how closing releases it.
 * Every channel on the native path ({@code TcpStream}, {@code TcpListener}, the provider's
 * channels) owns one; its calls wait through {@link #waiting}.
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
    /** Test seam: runs inside close between seeing a waiter and shutting the socket down. */
    public static volatile Runnable closeRaceHook;

    public final int fd;
    /** A {@link NativeConstants} family, IPV4 or IPV6 (dual-stack): how addresses are encoded for this socket. */
    public final int family;
    public final Registration readiness;
    public final ReentrantLock readLock = new ReentrantLock();
    public final ReentrantLock writeLock = new ReentrantLock();
    /** Guards the rare syscalls (options, shutdown, bind) against the release of the fd. */
    public final Object stateLock = new Object();
    /** How this fd's calls wait, and the loop they run. */
    public final Waiting waiting;
    private final Owner owner;
    private boolean released; // guarded by stateLock

    /** Takes ownership of {@code fd}: registers it, or closes it if that fails. */
    public SocketFd(int fd, int family, Owner owner) throws IOException {
        this(fd, family, owner, true);
    }

    /** A pipe's end: non-blocking for good, and waits park in Java for every thread kind. */
    public static SocketFd pipe(int fd, Owner owner) throws IOException {
        return new SocketFd(fd, 0, owner, false);
    }

    private SocketFd(int fd, int family, Owner owner, boolean kernelWaits) throws IOException {
        this.fd = fd;
        this.family = family;
        this.owner = owner;
        this.waiting = new Waiting(this, kernelWaits);
        try {
            this.readiness = Pollers.register(fd, owner.channel());
        } catch (IOException | RuntimeException e) {
            Native.close(fd);
            throw e;
        }
    }

    /** A new TCP socket of a {@link NativeConstants} family (IPV4 or IPV6), non-blocking and close-on-exec. */
    public static int newSocket(int family) throws IOException {
        return newSocket(family, NativeConstants.STREAM);
    }

    /** A new socket of a {@link NativeConstants} family (IPV4, IPV6 or UNIX) and type (STREAM or DATAGRAM). */
    public static int newSocket(int family, int type) throws IOException {
        Backend.CURRENT.requireNative();
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
        if (waiting.isBlocking() && Thread.currentThread().isInterrupted() && owner.interruptEndsCallsAtOnce()) {
            owner.begin();
            owner.end(false);
        }
    }

    /** Starts a call that may wait: an interrupt from now on closes the channel. */
    void begin() {
        owner.begin();
    }

    /** Ends it: throws AsynchronousCloseException or ClosedByInterruptException if either struck meanwhile. */
    void end(boolean completed) throws AsynchronousCloseException {
        owner.end(completed);
    }

    /** Whether the fd number is released; read under stateLock. */
    boolean isReleased() {
        return released;
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
                Native.shutdown(fd, NativeConstants.SHUT_BOTH);
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
}
