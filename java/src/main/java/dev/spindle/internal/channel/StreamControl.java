package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetConnectedException;

/**
 * A connection's state apart from its reads and writes ({@link NativeStream}): the connect, the
 * half-closes, the addresses, the options and the timeouts. Each of these takes the fd's
 * {@code stateLock} or both I/O locks, never the hot path.
 */
public abstract sealed class StreamControl implements StreamIo permits NativeStream {
    public final SocketFd socket;
    final int fd;
    final AddressCodec codec;
    final ConnectHandshake handshake;
    private final SocketOptions options;
    volatile boolean inputShutdown, outputShutdown;
    volatile long readTimeoutNanos, writeTimeoutNanos;
    private SocketAddress remote; // stateLock

    StreamControl(int fd, AddressCodec codec, Owner owner, boolean connected) throws IOException {
        this.socket = new SocketFd(fd, codec.family(), owner);
        this.fd = fd;
        this.codec = codec;
        this.handshake = new ConnectHandshake(socket, codec, connected);
        this.options = SocketOptions.of(socket, codec.streamOptions());
    }

    @Override
    public int fd() {
        return fd;
    }

    public AddressCodec codec() {
        return codec;
    }

    // ---- connecting ----

    @Override
    public boolean connect(SocketAddress target, long timeoutNanos) throws IOException {
        return handshake.connect(target, timeoutNanos);
    }

    /** Completes a pending connect: true once connected; in non-blocking mode, false while pending. */
    public boolean finishConnect() throws IOException {
        return handshake.finish();
    }

    public boolean isConnectionPending() {
        return handshake.isPending();
    }

    @Override
    public void bind(SocketAddress local) throws IOException {
        if (!handshake.isUnconnected()) throw new AlreadyConnectedException();
        if (local != null) SocketAttributes.bind(socket, codec, local); // null: left unnamed (UNIX)
    }

    @Override
    public boolean isConnected() {
        return handshake.isConnected();
    }

    void ensureWritable() throws IOException {
        socket.ensureOpen();
        if (!handshake.isConnected()) throw new NotYetConnectedException();
        socket.checkInterrupt();
        if (outputShutdown) throw new ClosedChannelException();
    }

    @Override
    public void shutdownInput() throws IOException {
        shutdown(NativeConstants.SHUT_INPUT);
    }

    @Override
    public void shutdownOutput() throws IOException {
        shutdown(NativeConstants.SHUT_OUTPUT);
    }

    private void shutdown(int how) throws IOException {
        synchronized (socket.stateLock) {
            socket.ensureOpen();
            if (!handshake.isConnected()) throw new NotYetConnectedException();
            if (how == NativeConstants.SHUT_INPUT ? inputShutdown : outputShutdown) return;
            int rc = Native.shutdown(fd, how);
            if (rc < 0 && rc != -Errno.ENOTCONN) throw socket.failure("shutdown", rc);
            if (how == NativeConstants.SHUT_INPUT) inputShutdown = true;
            else outputShutdown = true;
        }
    }

    /** Bytes a read would return now without waiting; 0 once the input is shut down. */
    public int available() throws IOException {
        synchronized (socket.stateLock) {
            socket.ensureOpen();
            if (inputShutdown) return 0;
            int n = Native.available(fd);
            if (n < 0) throw socket.failure("ioctl(FIONREAD)", n);
            return n;
        }
    }

    public boolean isInputShutdown() {
        return inputShutdown;
    }

    public boolean isOutputShutdown() {
        return outputShutdown;
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        return SocketAttributes.localAddress(socket, codec);
    }

    /** The peer's address, null before the connection is made. */
    @Override
    public SocketAddress remoteAddress() throws IOException {
        socket.ensureOpen();
        if (!handshake.isConnected()) return null;
        SocketAddress r = remote;
        if (r == null) remote = r = SocketAttributes.peerAddress(socket, codec);
        return r;
    }

    /** The peer's address if it was read before the channel closed, for a closed Socket adaptor; else null. */
    public SocketAddress lastRemoteAddress() {
        return remote;
    }

    @Override
    public SocketOptions options() {
        return options;
    }

    long readTimeout() {
        return readTimeoutNanos;
    }

    long writeTimeout() {
        return writeTimeoutNanos;
    }

    @Override
    public void setReadTimeout(long nanos) {
        readTimeoutNanos = nanos;
    }

    @Override
    public void setWriteTimeout(long nanos) {
        writeTimeoutNanos = nanos;
    }

    @Override
    public void close() {
        socket.close();
    }
}
