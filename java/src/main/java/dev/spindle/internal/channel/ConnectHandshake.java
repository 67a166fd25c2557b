package dev.spindle.internal.channel;

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
final class ConnectHandshake {
    private static final int UNCONNECTED = 0, PENDING = 1, CONNECTED = 2;

    private final SocketFd socket;
    private final AddressCodec codec;
    private volatile int state;
    // The target of a connect in progress; readLock and writeLock.
    private byte[] pendingAddress;
    private SocketAddress pendingTarget;
    private final Handshake handshake = new Handshake();

    ConnectHandshake(SocketFd socket, AddressCodec codec, boolean connected) {
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
            return settle(false, timeoutNanos);
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
            return settle(true, 0);
        } finally {
            socket.unlock(socket.writeLock);
            socket.unlock(socket.readLock);
        }
    }

    /**
     * Drives a connect on: starts it, or if {@code started} checks the pending one at once; true
     * when connected, false when left pending.
     */
    private boolean settle(boolean started, long timeoutNanos) throws IOException {
        boolean done = false;
        try {
            handshake.started = started;
            handshake.timeoutNanos = timeoutNanos;
            long rc = socket.waiting.run(socket.readiness.write, handshake, timeoutNanos, "connect to " + pendingTarget);
            if (rc == -Errno.EAGAIN) { // non-blocking mode: the handshake goes on
                state = PENDING;
                done = true;
                return false;
            }
            if (rc < 0 && rc != -Errno.EISCONN) throw Errors.of("connect", (int) rc, pendingTarget);
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

    /**
     * connect(2), then, each time the socket is writable, how the handshake ended (SO_ERROR) and
     * connect(2) again. A handshake in progress is EAGAIN to the wait loop. Under both locks.
     */
    private final class Handshake implements IoCall {
        boolean started;
        long timeoutNanos;

        @Override
        public long attempt(WaitMode mode, int seen) throws IOException {
            int rc;
            if (started) {
                int error = Native.socketError(socket.fd);
                rc = error != 0 ? -error : Native.connect(socket.fd, pendingAddress);
            } else {
                started = true;
                rc = Native.connect(socket.fd, pendingAddress);
            }
            if (rc == -Errno.EAGAIN) {
                if (mode == WaitMode.NON_BLOCKING) throw Errors.of("connect", rc, pendingTarget);
                rc = whileBacklogFull();
            }
            return rc == -Errno.EINPROGRESS || rc == -Errno.EALREADY || rc == -Errno.EINTR ? -Errno.EAGAIN : rc;
        }

        /**
         * A UNIX listener's backlog is full (Linux refuses at once) and no readiness says when it has
         * room: pause 1 ms, doubling up to 100 ms, and try again until the timeout.
         */
        private int whileBacklogFull() throws IOException {
            long deadline = Timeouts.deadline(timeoutNanos);
            int rc = -Errno.EAGAIN;
            for (int fullBacklogs = 0; rc == -Errno.EAGAIN; fullBacklogs++) {
                if (Timeouts.expired(deadline)) throw new SocketTimeoutException("connect to " + pendingTarget
                        + " timed out after " + Timeouts.describe(timeoutNanos) + ": the listener's backlog stayed full");
                long until = System.nanoTime() + Math.min(100, 1L << Math.min(fullBacklogs, 7)) * 1_000_000L;
                socket.waiting.pause(deadline != Timeouts.NO_DEADLINE && deadline - until < 0 ? deadline : until);
                rc = Native.connect(socket.fd, pendingAddress);
            }
            return rc;
        }

        @Override
        public boolean mayBlockInKernel() {
            return false;
        }
    }
}
