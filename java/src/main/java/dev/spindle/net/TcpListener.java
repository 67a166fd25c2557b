package dev.spindle.net;

import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.AlreadyBoundException;
import java.time.Duration;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.ServerSocketChannel;
import java.util.Set;

/**
 * A blocking TCP listener: {@link #open()}, set options, {@link #bind}, then
 * {@link #accept()} from as many threads as you like.
 *
 * <p>SO_REUSEADDR is on by default, as in the JDK's server sockets.
 */
public final class TcpListener extends BlockingSocket {
    private static final Set<SocketOption<?>> OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT);
    /** Used when bind is given a backlog below 1; the kernel caps it at net.core.somaxconn. */
    public static final int DEFAULT_BACKLOG = 4096;

    private volatile boolean bound;
    private volatile long acceptTimeoutNanos;
    private static final long MAX_EXHAUSTED_PAUSE_MILLIS = 100;
    private int fdExhaustions; // failures in a row for want of an fd; guarded by readLock

    /** Set in fallback mode (no native library): every call goes to the JDK's ServerSocketChannel. */
    private final NioListener nio;

    private TcpListener(int fd) throws IOException {
        super(fd);
        this.nio = null;
        setOptionValue(StandardSocketOptions.SO_REUSEADDR, true);
    }

    private TcpListener(ServerSocketChannel channel) throws IOException {
        super(channel);
        this.nio = new NioListener(this, channel);
        setOptionValue(StandardSocketOptions.SO_REUSEADDR, true);
    }

    /** An unbound listener. */
    public static TcpListener open() throws IOException {
        return NATIVE ? new TcpListener(newSocket()) : new TcpListener(ServerSocketChannel.open());
    }

    /** Binds to {@code local} (null: any address, an ephemeral port) and starts listening. */
    @Override
    public TcpListener bind(SocketAddress local) throws IOException {
        return bind(local, 0);
    }

    /** Binds and listens with the given backlog (below 1: {@value #DEFAULT_BACKLOG}). */
    public TcpListener bind(SocketAddress local, int backlog) throws IOException {
        InetSocketAddress address = local == null ? new InetSocketAddress(0) : Addresses.check(local);
        if (nio != null) {
            nio.bind(address, backlog < 1 ? DEFAULT_BACKLOG : backlog);
            bound = true;
            return this;
        }
        byte[] encoded = Addresses.encode(address);
        synchronized (stateLock) {
            ensureOpen();
            if (bound) throw new AlreadyBoundException();
            int rc = Native.bind(fd, encoded);
            if (rc < 0) throw Errors.of("bind", rc, address);
            rc = Native.listen(fd, backlog < 1 ? DEFAULT_BACKLOG : backlog);
            if (rc < 0) throw Errors.of("listen", rc, address);
            bound = true;
        }
        return this;
    }

    /** Waits for and returns the next connection. */
    public TcpStream accept() throws IOException {
        if (nio != null) return nio.accept();
        readLock.lock();
        try {
            ensureOpen();
            if (!bound) throw new NotYetBoundException();
            Edge edge = readiness.read;
            long timeout = acceptTimeoutNanos, deadline = Timeouts.UNSET;
            boolean inKernel = blockInKernel(timeout);
            for (;;) {
                int seen = edge.seq();
                int client = inKernel ? acceptInKernel(edge) : Native.accept(fd);
                if (client >= 0) {
                    fdExhaustions = 0;
                    return TcpStream.accepted(client);
                }
                if (client == -Errno.EMFILE || client == -Errno.ENFILE) throw exhausted(client);
                if (isAgain(client)) { // on the blocking fd only if it went non-blocking meanwhile
                    inKernel = false;
                    deadline = await(edge, seen, deadline, timeout, "accept");
                } else if (client != -Errno.EINTR && client != -Errno.ECONNABORTED) {
                    throw failure("accept", client);
                }
            }
        } finally {
            unlock(readLock);
        }
    }

    /** An accept that may block on the blocking fd; a connection it got as close or an interrupt struck is closed, not leaked. */
    private int acceptInKernel(Edge edge) throws IOException {
        int client = -Errno.EAGAIN;
        boolean entered = enterKernel(edge);
        try {
            if (entered) client = Native.accept(fd);
        } finally {
            try {
                exitKernel(edge, client >= 0);
            } catch (IOException e) {
                if (client >= 0) Native.close(client);
                throw e;
            }
        }
        return client;
    }

    /**
     * accept found no free fd. The connection stays queued in the kernel, and a caller that
     * retries at once would spin, so this pauses first: 1 ms, doubling with each failure in a
     * row up to {@value #MAX_EXHAUSTED_PAUSE_MILLIS} ms. Close and interrupt end the pause.
     */
    private IOException exhausted(int errno) throws IOException {
        long pause = Math.min(MAX_EXHAUSTED_PAUSE_MILLIS, 1L << Math.min(fdExhaustions++, 16)) * 1_000_000L;
        long deadline = System.nanoTime() + pause;
        boolean completed = false;
        try {
            begin();
            Edge edge = readiness.read; // parked in Java for every thread kind: poll(2) would see the queued connection
            while (isOpen() && readiness.failure() == null && !Timeouts.expired(deadline))
                edge.awaitUntil(edge.seq(), deadline);
            completed = isOpen();
        } finally {
            end(completed);
        }
        String limit = errno == -Errno.EMFILE ? "the process's limit, EMFILE" : "the system's limit, ENFILE";
        return new SocketException("accept failed: too many open files (" + limit
                + "); the connection stays queued until an fd is free");
    }

    /**
     * Sets how long {@link #accept()} waits before it throws {@link java.net.SocketTimeoutException};
     * zero (the default) waits forever. The listener stays usable after a timeout.
     */
    public TcpListener setAcceptTimeout(Duration timeout) throws IOException {
        acceptTimeoutNanos = Timeouts.toNanos(timeout, "accept timeout");
        if (nio != null) nio.setAcceptTimeout(acceptTimeoutNanos);
        return this;
    }

    public Duration getAcceptTimeout() {
        return Duration.ofNanos(acceptTimeoutNanos);
    }

    /** The bound address; null before {@link #bind}. */
    public InetSocketAddress localAddress() throws IOException {
        return localAddressOrNull();
    }

    @Override
    public <T> TcpListener setOption(SocketOption<T> name, T value) throws IOException {
        setOptionValue(name, value);
        return this;
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return OPTIONS;
    }

    @Override
    public String toString() {
        return "TcpListener[fd=" + fd + (isOpen() ? "" : ", closed") + (bound ? ", bound" : "") + "]";
    }
}
