package dev.spindle.internal.channel;

import dev.spindle.internal.poll.Edge;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.NoConnectionPendingException;

/**
 * A socket's connection state, and the loop that drives a connect's handshake: wait for the
 * socket to become writable, then ask it how the handshake ended. Any failure closes the channel,
 * as {@code SocketChannel.connect} does.
 */
final class Connection {
    private static final int UNCONNECTED = 0, PENDING = 1, CONNECTED = 2;

    private final SocketFd socket;
    private final AddressCodec codec;
    private volatile int state;
    // The target of a connect in progress; readLock and writeLock.
    private byte[] pendingAddress;
    private SocketAddress pendingTarget;

    Connection(SocketFd socket, AddressCodec codec, boolean connected) {
        this.socket = socket;
        this.codec = codec;
        this.state = connected ? CONNECTED : UNCONNECTED;
    }

    boolean isConnected() {
        return state == CONNECTED;
    }

    boolean isPending() {
        return state == PENDING;
    }

    boolean isUnconnected() {
        return state == UNCONNECTED;
    }

    /** Connects; returns false only in non-blocking mode while the handshake is in progress. */
    boolean connect(SocketAddress target, long timeoutNanos) throws IOException {
        byte[] address = codec.encode(target);
        socket.readLock.lock();
        socket.writeLock.lock();
        try {
            socket.ensureOpen();
            socket.checkInterrupt(); // before the state checks, as the JDK's begin()
            if (state == CONNECTED) throw new AlreadyConnectedException();
            if (state == PENDING) throw new ConnectionPendingException();
            pendingAddress = address;
            pendingTarget = target;
            Edge edge = socket.readiness.write;
            int seen = edge.seq();
            return settle(Native.connect(socket.fd, address), false, edge, seen, timeoutNanos);
        } finally {
            socket.unlock(socket.writeLock);
            socket.unlock(socket.readLock);
        }
    }

    /** Completes a pending connect: true once connected; in non-blocking mode, false while pending. */
    boolean finish() throws IOException {
        socket.readLock.lock();
        socket.writeLock.lock();
        try {
            socket.ensureOpen();
            if (state == CONNECTED) return true;
            if (state != PENDING) throw new NoConnectionPendingException();
            Edge edge = socket.readiness.write;
            return settle(-Errno.EINPROGRESS, true, edge, edge.seq(), 0);
        } finally {
            socket.unlock(socket.writeLock);
            socket.unlock(socket.readLock);
        }
    }

    /**
     * Drives a connect on from result {@code rc}, checking again at once if {@code checkNow}:
     * true when connected, false when left pending.
     */
    private boolean settle(int rc, boolean checkNow, Edge edge, int seen, long timeoutNanos) throws IOException {
        boolean done = false;
        try {
            long deadline = Timeouts.UNSET;
            int fullBacklogs = 0;
            while (rc == -Errno.EINPROGRESS || rc == -Errno.EALREADY || rc == -Errno.EINTR
                    || rc == -Errno.EAGAIN && socket.waits()) {
                if (rc == -Errno.EAGAIN) {
                    // A UNIX listener's backlog is full (Linux refuses at once) and no readiness says when
                    // it has room: pause 1 ms, doubling up to 100 ms, and try again until the timeout.
                    if (deadline == Timeouts.UNSET) deadline = Timeouts.deadline(timeoutNanos);
                    if (Timeouts.expired(deadline)) throw new SocketTimeoutException("connect to " + pendingTarget
                            + " timed out after " + Timeouts.describe(timeoutNanos) + ": the listener's backlog stayed full");
                    long until = System.nanoTime() + Math.min(100, 1L << Math.min(fullBacklogs++, 7)) * 1_000_000L;
                    socket.pause(deadline != Timeouts.NO_DEADLINE && deadline - until < 0 ? deadline : until);
                    rc = Native.connect(socket.fd, pendingAddress);
                    continue;
                }
                if (!checkNow) {
                    if (!socket.waits()) {
                        state = PENDING;
                        done = true;
                        return false;
                    }
                    deadline = socket.await(edge, seen, deadline, timeoutNanos, "connect to " + pendingTarget);
                    seen = edge.seq();
                }
                checkNow = false;
                int error = Native.socketError(socket.fd);
                rc = error != 0 ? -error : Native.connect(socket.fd, pendingAddress);
            }
            if (rc < 0 && rc != -Errno.EISCONN) throw Errors.of("connect", rc, pendingTarget);
            state = CONNECTED;
            done = true;
            return true;
        } finally {
            if (!done) {
                state = UNCONNECTED;
                socket.closeChannel();
            }
        }
    }
}
