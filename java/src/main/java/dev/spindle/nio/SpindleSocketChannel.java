package dev.spindle.nio;

import dev.spindle.internal.channel.NativeStream;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.sys.NativeConstants;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link SocketChannel} on Spindle's native core: the same {@link NativeStream} as
 * {@code TcpStream}, in blocking mode or, for selectors, non-blocking mode.
 */
final class SpindleSocketChannel extends SocketChannel implements Selectable, NioOwner.Calls {
    final NativeStream io;
    private volatile boolean bound;
    private Socket socket; // made on first use, under this

    SpindleSocketChannel(SpindleSelectorProvider provider, int fd, int family, boolean connected) throws IOException {
        super(provider);
        this.io = new NativeStream(fd, family, new NioOwner<>(this), connected);
        this.bound = connected;
    }

    @Override
    public SocketChannel bind(SocketAddress local) throws IOException {
        synchronized (io.socket.stateLock) {
            if (!isOpen()) throw new java.nio.channels.ClosedChannelException();
            if (io.isConnectionPending()) throw new ConnectionPendingException();
            if (bound || io.isConnected()) throw new AlreadyBoundException(); // a connected socket has its local address
            bound = true; // stateLock is re-entrant: the bind below runs under it too
            try {
                io.bind(local == null ? io.codec().anyLocal() : io.codec().check(local));
            } catch (IOException | RuntimeException e) {
                bound = false;
                throw e;
            }
        }
        return this;
    }

    @Override
    public <T> SocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        io.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return io.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return io.supportedOptions();
    }

    @Override
    public SocketChannel shutdownInput() throws IOException {
        io.shutdownInput();
        return this;
    }

    @Override
    public SocketChannel shutdownOutput() throws IOException {
        io.shutdownOutput();
        return this;
    }

    @Override
    public synchronized Socket socket() {
        if (io.codec().family() == NativeConstants.FAMILY_UNIX) throw new UnsupportedOperationException("Not supported"); // as the JDK
        if (socket == null) socket = SocketAdaptor.create(this);
        return socket;
    }

    @Override
    public boolean isConnected() {
        return io.isConnected();
    }

    @Override
    public boolean isConnectionPending() {
        return io.isConnectionPending();
    }

    @Override
    public boolean connect(SocketAddress remote) throws IOException {
        return connect(remote, 0);
    }

    /** Connects; in blocking mode waits at most {@code timeoutNanos} (0: no limit). */
    boolean connect(SocketAddress remote, long timeoutNanos) throws IOException {
        boolean done = io.connect(io.codec().connectTarget(io.codec().check(remote)), timeoutNanos);
        bound = true;
        return done;
    }

    @Override
    public boolean finishConnect() throws IOException {
        return io.finishConnect();
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        return io.remoteAddress();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) throw new IllegalArgumentException("cannot read into a read-only buffer");
        return io.read(dst, 0);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        for (int i = offset; i < offset + length; i++)
            if (dsts[i].isReadOnly()) throw new IllegalArgumentException("cannot read into a read-only buffer");
        return io.read(dsts, offset, length);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        return io.write(Objects.requireNonNull(src, "src"));
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        for (int i = offset; i < offset + length; i++) Objects.requireNonNull(srcs[i], "srcs");
        return io.write(srcs, offset, length);
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        return bound || io.isConnected() ? io.localAddress() : null; // null for an unnamed, unbound UNIX socket, as the JDK
    }

    @Override
    protected void implConfigureBlocking(boolean block) {
        io.socket.waiting.setBlocking(block);
    }

    @Override
    protected void implCloseSelectableChannel() {
        io.close();
    }

    @Override
    public int readyOps(boolean readable, boolean writable, int interest) {
        int ready = 0;
        if (readable && (interest & SelectionKey.OP_READ) != 0 && io.isConnected()) ready |= SelectionKey.OP_READ;
        if (writable && (interest & SelectionKey.OP_WRITE) != 0 && io.isConnected()) ready |= SelectionKey.OP_WRITE;
        if (writable && (interest & SelectionKey.OP_CONNECT) != 0 && io.isConnectionPending()) ready |= SelectionKey.OP_CONNECT;
        return ready;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[fd=" + io.fd() + (isOpen() ? "" : ", closed")
                + (io.isConnected() ? ", connected" : io.isConnectionPending() ? ", connecting" : "") + "]";
    }

    @Override
    public SocketFd core() {
        return io.socket;
    }

    @Override
    public void beginCall() {
        begin();
    }

    @Override
    public void endCall(boolean completed) throws AsynchronousCloseException {
        end(completed);
    }
}
