package dev.spindle.net;

import dev.spindle.internal.channel.Addresses;
import dev.spindle.internal.channel.ListenerIo;
import dev.spindle.internal.channel.NativeListener;
import dev.spindle.internal.channel.NioListener;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.channel.SocketState;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.NativeLoader;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.Set;

/**
 * A blocking TCP listener: {@link #open()}, set options, {@link #bind}, then
 * {@link #accept()} from as many threads as you like.
 *
 * <p>SO_REUSEADDR is on by default, as in the JDK's server sockets. When the process runs out of
 * fds, accept pauses briefly (1 ms, doubling to 100 ms) and throws a {@code SocketException} that
 * says so; the connection stays queued.
 */
public final class TcpListener extends CoreChannel implements NetworkChannel {
    /** Used when bind is given a backlog below 1; the kernel caps it at net.core.somaxconn. */
    public static final int DEFAULT_BACKLOG = 4096;

    /** {@link NativeListener}, or {@link NioListener} when the native library cannot load. */
    private final ListenerIo io;
    private volatile long acceptTimeoutNanos;

    private TcpListener(int fd) throws IOException {
        this.io = new NativeListener(fd, Addresses.FAMILY, guard);
    }

    private TcpListener(ServerSocketChannel jdk) throws IOException {
        this.io = new NioListener(this, jdk);
    }

    /** An unbound listener. */
    public static TcpListener open() throws IOException {
        return NativeLoader.failure() == null
                ? new TcpListener(SocketFd.newSocket(Addresses.FAMILY))
                : new TcpListener(ServerSocketChannel.open());
    }

    /** Binds to {@code local} (null: any address, an ephemeral port) and starts listening. */
    @Override
    public TcpListener bind(SocketAddress local) throws IOException {
        return bind(local, 0);
    }

    /** Binds and listens with the given backlog (below 1: {@value #DEFAULT_BACKLOG}). */
    public TcpListener bind(SocketAddress local, int backlog) throws IOException {
        InetSocketAddress address = local == null ? new InetSocketAddress(0) : Addresses.check(local);
        io.bind(address, backlog < 1 ? DEFAULT_BACKLOG : backlog);
        return this;
    }

    /** Waits for and returns the next connection. */
    public TcpStream accept() throws IOException {
        return new TcpStream(io.accept());
    }

    /**
     * Sets how long {@link #accept()} waits before it throws {@link java.net.SocketTimeoutException};
     * zero (the default) waits forever. The listener stays usable after a timeout.
     */
    public TcpListener setAcceptTimeout(Duration timeout) throws IOException {
        long nanos = Timeouts.toNanos(timeout, "accept timeout");
        io.setAcceptTimeout(nanos);
        acceptTimeoutNanos = nanos;
        return this;
    }

    public Duration getAcceptTimeout() {
        return Duration.ofNanos(acceptTimeoutNanos);
    }

    /** The bound address; null before {@link #bind}. */
    public InetSocketAddress localAddress() throws IOException {
        return io.localAddress();
    }

    @Override
    public InetSocketAddress getLocalAddress() throws IOException {
        return io.localAddress();
    }

    @Override
    public <T> TcpListener setOption(SocketOption<T> name, T value) throws IOException {
        io.setOption(name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return io.getOption(name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return SocketState.LISTENER_OPTIONS;
    }

    @Override
    protected void implCloseChannel() throws IOException {
        io.close();
    }

    @Override
    public String toString() {
        return "TcpListener[fd=" + io.fd() + (isOpen() ? "" : ", closed") + (io.isBound() ? ", bound" : "") + "]";
    }
}
