package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.NotYetBoundException;

/**
 * A listening socket on the native core: accept(2) through {@link Waiting#run}. SO_REUSEADDR is on from the start, as in the JDK's server sockets.
 */
public final class NativeListener implements ListenerIo {
    private static final long MAX_EXHAUSTED_PAUSE_MILLIS = 100;

    public final SocketFd socket;
    private final int fd;
    private final AddressCodec codec;
    private final SocketOptions options;
    private volatile boolean bound;
    private volatile long acceptTimeoutNanos;
    private int fdExhaustions; // failures in a row for want of an fd; guarded by readLock
    private final Accept accepts = new Accept();

    /** Takes ownership of {@code fd}, a socket of a {@link NativeConstants} family (IPV4, IPV6, or UNIX with plain paths). */
    public NativeListener(int fd, int family, Owner owner) throws IOException {
        this(fd, AddressCodec.of(family), owner);
    }

    public NativeListener(int fd, AddressCodec codec, Owner owner) throws IOException {
        this.socket = new SocketFd(fd, codec.family(), owner);
        this.fd = fd;
        this.codec = codec;
        this.options = SocketOptions.of(socket, codec.listenerOptions());
        if (codec.listenerOptions().contains(StandardSocketOptions.SO_REUSEADDR))
            setOption(StandardSocketOptions.SO_REUSEADDR, true);
    }

    /** Takes ownership of {@code fd}, a socket that is listening already (received from elsewhere, say). */
    public static NativeListener listening(int fd, AddressCodec codec, Owner owner) throws IOException {
        NativeListener l = new NativeListener(fd, codec, owner);
        l.bound = true;
        return l;
    }

    public AddressCodec codec() {
        return codec;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public void bind(SocketAddress local, int backlog) throws IOException {
        byte[] encoded = codec.encode(local);
        synchronized (socket.stateLock) {
            socket.ensureOpen();
            if (bound) throw new AlreadyBoundException();
            int rc = Native.bind(fd, encoded);
            if (rc < 0) throw Errors.of("bind", rc, local);
            rc = Native.listen(fd, backlog);
            if (rc < 0) throw Errors.of("listen", rc, local);
            bound = true;
        }
    }

    @Override
    public boolean isBound() {
        return bound;
    }

    @Override
    public Accepted accept() throws IOException {
        int client = acceptFd(acceptTimeoutNanos);
        return owner -> new NativeStream(client, codec, owner, true);
    }

    /** Waits for the next connection (at most {@code timeout} ns, 0: no limit) and returns its fd; -1 in non-blocking mode if none is queued. */
    public int acceptFd(long timeout) throws IOException {
        socket.readLock.lock();
        try {
            socket.ensureOpen();
            if (!bound) throw new NotYetBoundException();
            int client = (int) socket.waiting.run(socket.readiness.read, accepts, timeout, "accept");
            if (client >= 0) {
                fdExhaustions = 0;
                return client;
            }
            if (client == -Errno.EMFILE || client == -Errno.ENFILE) throw exhausted(client);
            if (client == -Errno.EAGAIN) return -1;
            throw socket.failure("accept", client);
        } finally {
            socket.unlock(socket.readLock);
        }
    }

    /** accept(2); a connection aborted in the queue is skipped. */
    private final class Accept implements IoCall {
        @Override
        public long attempt(WaitMode mode, int seen) {
            int client = Native.accept(fd);
            return client == -Errno.ECONNABORTED ? -Errno.EINTR : client;
        }

        /** Any fd, 0 too, is a connection made: the caller gets it even if close struck meanwhile. */
        @Override
        public boolean standsAfterClose(long client) {
            return client >= 0;
        }

        /** A connection accepted as an interrupt struck is closed, not leaked. */
        @Override
        public void abandon(long client) {
            Native.close((int) client);
        }
    }

    /**
     * accept found no free fd. The connection stays queued in the kernel, and a caller that
     * retries at once would spin, so a blocking accept pauses first: 1 ms, doubling with each
     * failure in a row up to {@value #MAX_EXHAUSTED_PAUSE_MILLIS} ms. Close and interrupt end the pause.
     */
    private IOException exhausted(int errno) throws IOException {
        long pause = Math.min(MAX_EXHAUSTED_PAUSE_MILLIS, 1L << Math.min(fdExhaustions++, 16)) * 1_000_000L;
        socket.waiting.pause(System.nanoTime() + pause);
        String limit = errno == -Errno.EMFILE ? "the process's limit, EMFILE" : "the system's limit, ENFILE";
        return new SocketException("accept failed: too many open files (" + limit
                + "); the connection stays queued until an fd is free");
    }

    @Override
    public void setAcceptTimeout(long nanos) {
        acceptTimeoutNanos = nanos;
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return SocketAttributes.localAddress(socket, codec);
    }

    @Override
    public SocketOptions options() {
        return options;
    }

    @Override
    public void close() {
        socket.close();
    }
}
