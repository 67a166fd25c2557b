package dev.spindle.net;

import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.JdkFallback;
import dev.spindle.internal.poll.Pollers;
import dev.spindle.internal.poll.Readiness;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Layout;
import dev.spindle.internal.sys.Native;
import dev.spindle.internal.sys.NativeLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.spi.AbstractInterruptibleChannel;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What {@link TcpStream} and {@link TcpListener} share: one fd, registered
 * once with a poller, and the rules for waiting and closing.
 *
 * <p><b>Waiting.</b> An operation tries its syscall first; on EAGAIN it waits
 * in {@link #await}. A virtual thread parks until the poller reports a new
 * edge, so it unmounts instead of pinning its carrier in native code. A
 * platform thread, which has no carrier to free, by default runs its syscall
 * on a blocking fd ({@link #blockInKernel}), one syscall even when it waits, as
 * the JDK's own sockets do, or, with a timeout, waits in poll(2). A syscall that
 * may block only ever touches direct memory: a heap array is pinned (a JNI
 * critical region, which holds off some collectors) only around a transfer
 * that cannot block ({@code MSG_DONTWAIT}), and a blocking one goes through
 * this thread's {@link KernelScratch}.
 *
 * <p><b>Closing.</b> The fd number must not be released while a thread may
 * still pass it to a syscall, or that thread could hit a newly opened file
 * with the same number. Every syscall on the fd runs under {@code readLock}
 * or {@code writeLock}, or under {@code stateLock} after checking that the fd
 * is not released. Close marks the channel closed, wakes all waiters, and
 * releases the fd only when it can take both locks; otherwise the last thread
 * to leave releases it. A thread waiting in poll(2) is published as a waiter
 * first, and close shuts the socket down to wake it, under {@code stateLock},
 * which {@link #release} needs too. Close never blocks, so it is safe from
 * interrupt handlers and from the waiting threads.
 */
abstract sealed class BlockingSocket extends AbstractInterruptibleChannel implements NetworkChannel
        permits TcpStream, TcpListener {
    /** How platform threads wait: {@code kernel} (a blocking syscall, or poll(2) with a timeout; the default) or {@code poller}. */
    public static final String PLATFORM_WAIT_PROPERTY = "dev.spindle.platformWait";
    public static final String PLATFORM_WAIT_DEFAULT = "kernel";
    static final boolean PLATFORM_WAITS_IN_KERNEL =
            !"poller".equals(System.getProperty(PLATFORM_WAIT_PROPERTY, PLATFORM_WAIT_DEFAULT));

    /** False when the native library is unavailable: channels then run on the JDK's NIO. */
    static final boolean NATIVE = NativeLoader.failure() == null;

    final int fd;
    final Readiness readiness;
    /** The JDK channel underneath in fallback mode; null on the native path. */
    final NetworkChannel jdk;
    final ReentrantLock readLock = new ReentrantLock();
    final ReentrantLock writeLock = new ReentrantLock();
    /** Guards the rare syscalls (options, shutdown, bind) against the release of the fd. */
    final Object stateLock = new Object();
    private boolean released; // guarded by stateLock
    /** Test seam: runs inside close between seeing a waiter and shutting the socket down. */
    static volatile Runnable closeRaceHook;
    /**
     * Platform threads without a timeout run their syscalls on a blocking fd. The fd goes back to
     * non-blocking for good once a virtual thread, a timeout or vectored I/O uses the socket.
     * Changed under stateLock.
     */
    private volatile boolean fdBlocking, nonBlockingForever;

    /** The fallback: no fd, no poller; the subclass hands every call to {@code jdk}. */
    BlockingSocket(NetworkChannel jdk) {
        this.fd = -1;
        this.readiness = null;
        this.jdk = jdk;
        JdkFallback.track(this);
    }

    BlockingSocket(int fd) throws IOException {
        this.jdk = null;
        this.fd = fd;
        Readiness r;
        try {
            r = Pollers.register(fd, this);
        } catch (IOException | RuntimeException e) {
            Native.close(fd);
            throw e;
        }
        this.readiness = r;
    }

    /** A new TCP socket of the host's family, non-blocking and close-on-exec. */
    static int newSocket() throws IOException {
        NativeLoader.ensureAvailable();
        int fd = Native.socket(Addresses.FAMILY);
        if (fd < 0) throw Errors.of("socket", fd);
        return fd;
    }

    final void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) throw new ClosedChannelException();
    }

    /**
     * Waits after EAGAIN until {@code edge} moves past {@code seen} or the
     * deadline passes; the caller then retries its syscall. An operation
     * passes {@link Timeouts#UNSET} at its first wait, which starts its
     * timeout then (so a call that never waits never reads the clock), and the
     * returned deadline at later ones. Throws {@code SocketTimeoutException} if
     * the deadline has passed already, {@code AsynchronousCloseException} if the
     * channel was closed meanwhile, or {@code ClosedByInterruptException} if
     * this thread was interrupted (which closes the channel).
     */
    final long await(Edge edge, int seen, long deadline, long timeoutNanos, String op) throws IOException {
        if (deadline == Timeouts.UNSET) deadline = Timeouts.deadline(timeoutNanos);
        if (Timeouts.expired(deadline))
            throw new SocketTimeoutException(op + " timed out after " + Timeouts.describe(timeoutNanos));
        IOException failure = readiness.failure();
        if (failure != null) throw new SocketException(op + " cannot wait: " + failure.getMessage(), failure);
        boolean completed = false;
        try {
            begin();
            if (PLATFORM_WAITS_IN_KERNEL && !Thread.currentThread().isVirtual()) awaitInKernel(edge, deadline);
            else if (deadline == Timeouts.NO_DEADLINE) edge.await(seen);
            else edge.awaitUntil(seen, deadline);
            completed = isOpen();
        } finally {
            end(completed);
        }
        return deadline;
    }

    /**
     * Whether this call may block in the kernel: a platform thread, kernel waits on, no timeout.
     * Puts the fd in the mode the answer needs.
     */
    final boolean blockInKernel(long timeoutNanos) {
        if (PLATFORM_WAITS_IN_KERNEL && timeoutNanos == 0 && !Thread.currentThread().isVirtual()) {
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
    final void stayNonBlocking() {
        if (nonBlockingForever && !fdBlocking) return;
        synchronized (stateLock) {
            nonBlockingForever = true;
            if (fdBlocking && !released && Native.setBlocking(fd, 0) == 0) fdBlocking = false;
        }
    }

    /**
     * Brackets a syscall that may block in the kernel: close wakes it by shutting the socket down
     * (implCloseChannel sees the published waiter), and an interrupt closes the channel, as in
     * {@link #await}. Returns false if the channel closed first: skip the syscall.
     */
    final boolean enterKernel(Edge edge) {
        begin();
        edge.enterKernelWait();
        return isOpen();
    }

    /** Ends a bracket; throws AsynchronousCloseException or ClosedByInterruptException if closed meanwhile. */
    final void exitKernel(Edge edge, boolean completed) throws IOException {
        edge.exitKernelWait();
        end(completed);
    }

    /**
     * A platform thread with a timeout waits in poll(2) on its own fd, level-triggered, so no edge
     * can be lost. Close wakes it by shutting the socket down (see implCloseChannel).
     */
    private void awaitInKernel(Edge edge, long deadline) {
        edge.enterKernelWait();
        try {
            // EINTR or an early return: the caller retries, and checks the deadline again.
            if (isOpen()) Native.pollFd(fd, edge == readiness.read ? 1 : 2, Timeouts.pollMillis(deadline));
        } finally {
            edge.exitKernelWait();
        }
    }

    /** Leaves an operation; the last thread out of a closed channel releases its fd. */
    final void unlock(ReentrantLock lock) {
        lock.unlock();
        if (!isOpen()) releaseIfIdle();
    }

    @Override
    protected final void implCloseChannel() throws IOException {
        if (jdk != null) {
            JdkFallback.untrack(this);
            jdk.close();
            return;
        }
        readiness.wakeAll();
        // Threads in poll(2) wake on the hangup. A woken waiter may leave and release the fd at
        // any moment, so the shutdown runs under stateLock, which release() must take first.
        synchronized (stateLock) {
            if (!released && readiness.hasWaiters()) {
                Runnable hook = closeRaceHook;
                if (hook != null) hook.run();
                Native.shutdown(fd, 2);
            }
        }
        releaseIfIdle();
    }

    /**
     * Releases the fd if no thread holds either lock. A thread that finds the
     * other lock held gives up only while that lock is still held, since its
     * holder will run this again on leaving.
     */
    private void releaseIfIdle() {
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
    final IOException failure(String op, long result) {
        return isOpen() ? Errors.of(op, (int) result) : new AsynchronousCloseException();
    }

    static boolean isAgain(long result) {
        return result == -Errno.EAGAIN;
    }

    // ---- addresses and options ----

    final InetSocketAddress localAddressOrNull() throws IOException {
        if (jdk != null) return (InetSocketAddress) jdk.getLocalAddress();
        byte[] address = new byte[Layout.ADDR_SIZE];
        synchronized (stateLock) {
            ensureOpen();
            int rc = Native.localAddress(fd, address);
            if (rc < 0) throw failure("getsockname", rc);
        }
        InetSocketAddress isa = Addresses.decode(address);
        return isa.getPort() == 0 ? null : isa;
    }

    @Override
    public final InetSocketAddress getLocalAddress() throws IOException {
        return localAddressOrNull();
    }

    final void setOptionValue(SocketOption<?> name, Object value) throws IOException {
        int option = optionId(name);
        int raw = toRaw(name, value);
        if (jdk != null) {
            setJdkOption(name, value);
            return;
        }
        synchronized (stateLock) {
            ensureOpen();
            int rc = Native.setOption(fd, option, raw);
            if (rc < 0) throw failure("setsockopt(" + name + ")", rc);
        }
    }

    @Override
    public final <T> T getOption(SocketOption<T> name) throws IOException {
        int option = optionId(name);
        if (jdk != null) return jdk.getOption(name);
        long raw;
        synchronized (stateLock) {
            ensureOpen();
            raw = Native.getOption(fd, option);
        }
        if (raw < 0) throw failure("getsockopt(" + name + ")", raw);
        Object value = name.type() == Boolean.class ? (Object) ((int) raw != 0) : (Object) (int) raw;
        return name.type().cast(value);
    }

    @SuppressWarnings("unchecked")
    private <T> void setJdkOption(SocketOption<T> name, Object value) throws IOException {
        jdk.setOption(name, (T) value);
    }

    private int optionId(SocketOption<?> name) {
        Objects.requireNonNull(name, "name");
        if (!supportedOptions().contains(name))
            throw new UnsupportedOperationException("'" + name + "' is not supported by " + getClass().getSimpleName());
        if (name == StandardSocketOptions.TCP_NODELAY) return Layout.OPT_TCP_NODELAY;
        if (name == StandardSocketOptions.SO_KEEPALIVE) return Layout.OPT_SO_KEEPALIVE;
        if (name == StandardSocketOptions.SO_RCVBUF) return Layout.OPT_SO_RCVBUF;
        if (name == StandardSocketOptions.SO_SNDBUF) return Layout.OPT_SO_SNDBUF;
        if (name == StandardSocketOptions.SO_LINGER) return Layout.OPT_SO_LINGER;
        if (name == StandardSocketOptions.SO_REUSEADDR) return Layout.OPT_SO_REUSEADDR;
        if (name == StandardSocketOptions.SO_REUSEPORT) return Layout.OPT_SO_REUSEPORT;
        throw new UnsupportedOperationException("'" + name + "' is not supported");
    }

    private static int toRaw(SocketOption<?> name, Object value) {
        if (value == null) throw new IllegalArgumentException("null value for " + name);
        if (!name.type().isInstance(value))
            throw new IllegalArgumentException(name + " takes a " + name.type().getSimpleName() + ", not " + value);
        if (value instanceof Boolean b) return b ? 1 : 0;
        int v = (Integer) value;
        if (name == StandardSocketOptions.SO_LINGER) return v < 0 ? -1 : Math.min(v, 65535); // negative: off
        if (v <= 0) throw new IllegalArgumentException(name + " must be positive, got " + v);
        return v;
    }
}
