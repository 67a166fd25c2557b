package dev.spindle.net;

import dev.spindle.internal.channel.FdTransfer;
import dev.spindle.internal.channel.ListenerIo;
import dev.spindle.internal.channel.NativeStream;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.channel.UnixAddresses;
import dev.spindle.internal.channel.UnixSockets;
import dev.spindle.internal.poll.Timeouts;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;

/**
 * A blocking UNIX-domain stream for platform and virtual threads: the same calls and semantics as
 * {@link TcpStream} (one syscall per successful read or write, half-close, timeouts, close and
 * interrupt), plus what only UNIX sockets have: {@link #pair()}, {@link #peerCredentials()}, and
 * open fds sent along with bytes ({@link #write(ByteBuffer, PassedFd...)},
 * {@link #read(ByteBuffer, ReceivedFds)}).
 *
 * <p>Addresses are {@link UnixDomainSocketAddress}es. On Linux a path starting with {@code '@'}
 * names the abstract namespace (the kernel's leading NUL, which a Java path cannot hold), as in Go
 * and {@code ss(8)}; elsewhere such a path is an error. An unnamed socket reports the empty path.
 * Needs the native library: without it, every factory throws an {@link IOException} naming the cause.
 */
public final class UnixStream extends StreamChannel<UnixStream, UnixDomainSocketAddress> {
    private final NativeStream stream;

    UnixStream(ListenerIo.Accepted opener) throws IOException {
        super(opener);
        this.stream = (NativeStream) io;
    }

    /** Takes ownership of fd. */
    private static UnixStream ofFd(int fd, boolean connected) throws IOException {
        return new UnixStream(owner -> new NativeStream(fd, UnixAddresses.SPINDLE, owner, connected));
    }

    /** An unconnected stream; optionally {@link #bind}, then {@link #connect}. */
    public static UnixStream open() throws IOException {
        return ofFd(SocketFd.newSocket(NativeConstants.FAMILY_UNIX, NativeConstants.STREAM), false);
    }

    /** A stream connected to {@code remote}. */
    public static UnixStream open(UnixDomainSocketAddress remote) throws IOException {
        return orClose(open(), s -> s.connect(remote));
    }

    /** Two streams connected to each other (socketpair): what one writes, the other reads. */
    public static UnixStream[] pair() throws IOException {
        int[] fds = UnixSockets.pair();
        UnixStream first;
        try {
            first = ofFd(fds[0], true);
        } catch (IOException | RuntimeException e) {
            Native.close(fds[1]);
            throw e;
        }
        try {
            return new UnixStream[] {first, ofFd(fds[1], true)};
        } catch (IOException | RuntimeException e) {
            first.close();
            throw e;
        }
    }

    /** A stream over a connected (or not) UNIX stream socket received from elsewhere; takes ownership of fd. */
    static UnixStream adopt(int fd, boolean connected) throws IOException {
        return ofFd(fd, connected);
    }

    /** Connects; on failure the stream is closed (no listener at the path: {@link java.net.ConnectException}). */
    public UnixStream connect(UnixDomainSocketAddress remote) throws IOException {
        return connect(remote, Duration.ZERO);
    }

    /** Connects, waiting at most {@code timeout} (zero: no limit) while the listener's queue is full. */
    public UnixStream connect(UnixDomainSocketAddress remote, Duration timeout) throws IOException {
        long timeoutNanos = Timeouts.toNanos(timeout, "timeout");
        io.connect(Objects.requireNonNull(remote, "remote"), timeoutNanos);
        return this;
    }

    /** Names the local end before {@link #connect}; null leaves it unnamed. */
    @Override
    public UnixStream bind(SocketAddress local) throws IOException {
        io.bind(local == null ? null : UnixAddresses.SPINDLE.check(local));
        return this;
    }

    /** Who is at the other end, as the kernel recorded it at connect time (or at socketpair). */
    public PeerCredentials peerCredentials() throws IOException {
        long[] c = UnixSockets.peerCredentials(stream.socket);
        return new PeerCredentials(c[0], (int) c[1], (int) c[2]);
    }

    /**
     * Writes all of {@code src}, which must hold at least one byte, with {@code fds} attached to its
     * first bytes (at most {@link ReceivedFds#MAX}). The receiver gets duplicates; the fds stay
     * this caller's, and must stay open until this returns. No fds: a plain {@link #write(ByteBuffer)}.
     */
    public int write(ByteBuffer src, PassedFd... fds) throws IOException {
        int[] numbers = new int[fds.length];
        for (int i = 0; i < fds.length; i++) numbers[i] = fds[i].fd();
        return write(src, numbers);
    }

    /** As {@link #write(ByteBuffer, PassedFd...)}, with fd numbers this process holds open. */
    public int write(ByteBuffer src, int... fds) throws IOException {
        Objects.requireNonNull(src, "src");
        if (fds.length == 0) return write(src);
        if (fds.length > ReceivedFds.MAX)
            throw new IllegalArgumentException(fds.length + " fds: one message carries at most " + ReceivedFds.MAX);
        if (!src.hasRemaining()) throw new IllegalArgumentException("fds travel with bytes: src is empty");
        return FdTransfer.write(stream, src, fds, fds.length, writeTimeoutNanos());
    }

    /**
     * Reads at least one byte, as {@link #read(ByteBuffer)} does, and puts the fds that came with
     * them in {@code into} (fds beyond its capacity are closed and counted there). Fds arrive with
     * the read that returns the first byte sent with them; a plain read there would close them.
     * -1 at end of stream.
     */
    public int read(ByteBuffer dst, ReceivedFds into) throws IOException {
        checkWritable(dst);
        into.reset();
        try {
            return FdTransfer.read(stream, dst, into.numbers, into.result, readTimeoutNanos());
        } finally {
            into.received(); // whatever came is the caller's, even if the read then failed
        }
    }

}
