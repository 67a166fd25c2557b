package dev.spindle.nio;

import dev.spindle.internal.channel.NativeListener;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.sys.NativeConstants;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Set;

/** A {@link ServerSocketChannel} on Spindle's native core: the same {@link NativeListener} as {@code TcpListener}. */
final class SpindleServerSocketChannel extends ServerSocketChannel implements Selectable, NioOwner.Calls {
    /** The JDK's default backlog for {@code bind(local)}; the kernel caps it at net.core.somaxconn. */
    private static final int DEFAULT_BACKLOG = 50;

    final NativeListener io;
    private final SpindleSelectorProvider provider;
    private ServerSocket socket; // made on first use, under this

    SpindleServerSocketChannel(SpindleSelectorProvider provider, int fd, int family) throws IOException {
        super(provider);
        this.provider = provider;
        this.io = new NativeListener(fd, family, new NioOwner<>(this));
    }

    @Override
    public ServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
        SocketAddress address = local == null ? anyLocal() : io.codec().check(local);
        io.bind(address, backlog < 1 ? DEFAULT_BACKLOG : backlog);
        return this;
    }

    @Override
    public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
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

    /** Any IP address and port; for UNIX, as the JDK, a new socket file in java.io.tmpdir (which close leaves behind). */
    private SocketAddress anyLocal() {
        SocketAddress any = io.codec().anyLocal();
        if (any != null) return any;
        String name = "socket_" + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1);
        return java.net.UnixDomainSocketAddress.of(java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), name));
    }

    @Override
    public synchronized ServerSocket socket() {
        if (io.codec().family() == NativeConstants.FAMILY_UNIX) throw new UnsupportedOperationException("Not supported"); // as the JDK
        if (socket == null) socket = ServerSocketAdaptor.create(this);
        return socket;
    }

    @Override
    public SocketChannel accept() throws IOException {
        return accept(0);
    }

    /** Accepts, waiting at most {@code timeoutNanos} (0: no limit) in blocking mode; null in non-blocking mode if none is queued. */
    SocketChannel accept(long timeoutNanos) throws IOException {
        int client = io.acceptFd(timeoutNanos);
        if (client < 0) return null;
        return new SpindleSocketChannel(provider, client, io.socket.family, true); // owns the fd, even if it throws
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        return io.isBound() ? io.localAddress() : null; // null for an unbound UNIX socket, as the JDK
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
        return readable ? interest & SelectionKey.OP_ACCEPT : 0;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[fd=" + io.fd() + (isOpen() ? "" : ", closed") + (io.isBound() ? ", bound" : "") + "]";
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
