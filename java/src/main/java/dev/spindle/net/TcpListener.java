package dev.spindle.net;

import dev.spindle.internal.channel.AddressCodec;
import dev.spindle.internal.channel.Addresses;
import dev.spindle.internal.channel.Backend;
import dev.spindle.internal.channel.ListenerIo;
import dev.spindle.internal.channel.NativeListener;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * A blocking TCP listener: {@link #open()}, set options, {@link #bind}, then
 * {@link #accept()} from as many threads as you like.
 *
 * <p>SO_REUSEADDR is on by default, as in the JDK's server sockets. When the process runs out of
 * fds, accept pauses briefly (1 ms, doubling to 100 ms) and throws a {@code SocketException} that
 * says so; the connection stays queued.
 */
public final class TcpListener extends ListenerChannel<TcpListener, InetSocketAddress> {
    /** Used when bind is given a backlog below 1; the kernel caps it at net.core.somaxconn. */
    public static final int DEFAULT_BACKLOG = 4096;

    private TcpListener(ListenerIo.Opener opener) throws IOException {
        super(opener);
    }

    /** An unbound listener. */
    public static TcpListener open() throws IOException {
        return new TcpListener(Backend.CURRENT.tcpListener());
    }

    /** A listener over a listening TCP socket received from elsewhere (see {@link PassedFd#toTcpListener()}); takes ownership of fd. */
    static TcpListener adopt(int fd, int family) throws IOException {
        return new TcpListener(owner -> NativeListener.listening(fd, AddressCodec.of(family), owner));
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

}
