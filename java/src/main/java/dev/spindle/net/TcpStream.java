package dev.spindle.net;

import dev.spindle.internal.channel.Addresses;
import dev.spindle.internal.channel.Backend;
import dev.spindle.internal.channel.ListenerIo;
import dev.spindle.internal.channel.NativeStream;
import dev.spindle.internal.poll.Timeouts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.time.Duration;

/**
 * A blocking TCP connection for platform and virtual threads.
 *
 * <p>Each call tries its syscall first and waits only after EAGAIN, parked
 * until the socket's poller reports readiness. A successful read or write is
 * one syscall, allocates nothing, and takes only this stream's read or write
 * lock (one reader and one writer can run at once). Heap buffers are read and
 * written in place, without a copy.
 *
 * <p>{@link #close()} from any thread wakes blocked readers and writers with
 * {@code AsynchronousCloseException}; interrupting a blocked thread closes the
 * stream and throws {@code ClosedByInterruptException}.
 */
public final class TcpStream extends StreamChannel<TcpStream, InetSocketAddress> {
    TcpStream(ListenerIo.Accepted accepted) throws IOException {
        super(accepted);
    }

    private static TcpStream ofFd(int fd, int family, boolean connected) throws IOException {
        return new TcpStream(owner -> new NativeStream(fd, family, owner, connected));
    }

    /** An unconnected stream; set options, optionally {@link #bind}, then {@link #connect}. */
    public static TcpStream open() throws IOException {
        return new TcpStream(Backend.CURRENT.tcpStream());
    }

    /** A stream over a TCP socket received from elsewhere (see {@link PassedFd#toTcpStream()}); takes ownership of fd. */
    static TcpStream adopt(int fd, int family, boolean connected) throws IOException {
        return ofFd(fd, family, connected);
    }

    /** A stream connected to {@code remote}. */
    public static TcpStream open(SocketAddress remote) throws IOException {
        return orClose(open(), s -> s.connect(remote));
    }

    /**
     * Connects, blocking until the handshake completes. On failure the stream is
     * closed, and ECONNREFUSED surfaces as {@link java.net.ConnectException}.
     */
    public TcpStream connect(SocketAddress remote) throws IOException {
        return connect(remote, Duration.ZERO);
    }

    /**
     * Connects, waiting at most {@code timeout} (zero: no limit) for the handshake. On timeout
     * the stream is closed and {@link java.net.SocketTimeoutException} is thrown.
     */
    public TcpStream connect(SocketAddress remote, Duration timeout) throws IOException {
        long timeoutNanos = Timeouts.toNanos(timeout, "timeout");
        io.connect(Addresses.check(remote), timeoutNanos);
        return this;
    }

    /** Binds the local end before {@link #connect}; null picks any address and port. */
    @Override
    public TcpStream bind(SocketAddress local) throws IOException {
        io.bind(local == null ? new InetSocketAddress(0) : Addresses.check(local));
        return this;
    }

    /**
     * Sets an option of {@link #supportedOptions()}: the JDK's ({@code StandardSocketOptions}, and
     * {@code jdk.net.ExtendedSocketOptions} such as TCP_KEEPIDLE) and {@link SpindleOptions}' (SO_LINGER in
     * seconds, negative for off).
     */
    @Override
    public <T> TcpStream setOption(SocketOption<T> name, T value) throws IOException {
        return super.setOption(name, value);
    }

}
