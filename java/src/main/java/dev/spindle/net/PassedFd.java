package dev.spindle.net;

import dev.spindle.internal.channel.NativeListener;
import dev.spindle.internal.channel.NativeStream;
import dev.spindle.internal.channel.SocketFd;
import dev.spindle.internal.channel.UnixSockets;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import dev.spindle.internal.sys.Platform;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.file.Path;

/**
 * An open fd that travels over a {@link UnixStream} (SCM_RIGHTS): one received, or one made to be
 * sent. It owns its fd until {@link #close()}, {@link #release()} or a conversion hands it on.
 * Received fds are close-on-exec.
 *
 * <p>To send: {@link #dup(Channel)} duplicates a Spindle channel's socket, {@link #dup(int)} any fd
 * number. What arrives: a socket becomes a stream again through {@link #toUnixStream()} or
 * {@link #toTcpStream()}, a listening one through {@link #toUnixListener()} or {@link #toTcpListener()};
 * any file can be reopened through {@link #path()}, or used by its number.
 */
public final class PassedFd implements Closeable {
    private int fd; // -1 once closed or handed on; guarded by this

    PassedFd(int fd) {
        this.fd = fd;
    }

    /**
     * A duplicate of the socket under a Spindle channel ({@link TcpStream}, {@link TcpListener},
     * {@link UnixStream}, {@link UnixListener}), to send; the channel stays as it was.
     */
    public static PassedFd dup(Channel channel) throws IOException {
        return new PassedFd(UnixSockets.dup(socketOf(channel)));
    }

    /** A close-on-exec duplicate of {@code fd}, a number this process holds open; the original stays the caller's. */
    public static PassedFd dup(int fd) throws IOException {
        return new PassedFd(UnixSockets.dup(fd));
    }

    private static SocketFd socketOf(Channel channel) {
        if (channel instanceof StreamChannel<?, ?> s && s.io instanceof NativeStream n) return n.socket;
        if (channel instanceof ListenerChannel<?, ?> l && l.io instanceof NativeListener n) return n.socket;
        throw new UnsupportedOperationException("only Spindle's native TcpStream, TcpListener, UnixStream and"
                + " UnixListener can lend their socket, not " + channel);
    }

    /** The fd number; IllegalStateException once closed or handed on. */
    public synchronized int fd() {
        if (fd < 0) throw new IllegalStateException("the fd was closed or handed on");
        return fd;
    }

    public synchronized boolean isOpen() {
        return fd >= 0;
    }

    /** Gives up ownership: the caller must close the returned number. */
    public synchronized int release() {
        int n = fd();
        fd = -1;
        return n;
    }

    /**
     * A path that opens the same file anew ({@code /proc/self/fd/N} on Linux, {@code /dev/fd/N} on
     * macOS), for {@code Files}, {@code FileChannel.open} and the like; not for sockets.
     */
    public Path path() {
        return Path.of(Platform.os().equals("linux") ? "/proc/self/fd" : "/dev/fd", Integer.toString(fd()));
    }

    /**
     * The received socket as a {@link UnixStream}, which now owns the fd (this handle is spent). The
     * fd is put in non-blocking mode, which the sender's copy shares. Fails, leaving this handle
     * as it was, if it is not a UNIX-domain stream socket.
     */
    public UnixStream toUnixStream() throws IOException {
        checkStreamSocket(true);
        boolean connected = isConnected(fd());
        return UnixStream.adopt(release(), connected);
    }

    /** The received socket as a {@link TcpStream}, as {@link #toUnixStream()} does. */
    public TcpStream toTcpStream() throws IOException {
        int family = checkStreamSocket(false);
        boolean connected = isConnected(fd());
        return TcpStream.adopt(release(), family, connected);
    }

    /**
     * The received listening socket as a {@link UnixListener} (a hand-over between processes, say),
     * as {@link #toUnixStream()} does; its close leaves the socket file in place. A socket that is
     * not listening fails at its first accept.
     */
    public UnixListener toUnixListener() throws IOException {
        checkStreamSocket(true);
        return UnixListener.adopt(release());
    }

    /** The received listening socket as a {@link TcpListener}, as {@link #toUnixListener()} does. */
    public TcpListener toTcpListener() throws IOException {
        int family = checkStreamSocket(false);
        return TcpListener.adopt(release(), family);
    }

    /** Checks that the fd is a stream socket of the UNIX or an IP family and makes it non-blocking; returns its family. */
    private synchronized int checkStreamSocket(boolean unix) throws IOException {
        int n = fd();
        int type = UnixSockets.socketType(n);
        if (type < 0) throw Errors.of("getsockopt(SO_TYPE)", type);
        byte[] local = new byte[NativeConstants.ADDR_SIZE];
        int rc = Native.localAddress(n, local);
        if (rc < 0) throw Errors.of("getsockname", rc);
        int family = local[0];
        boolean ip = family == NativeConstants.FAMILY_IPV4 || family == NativeConstants.FAMILY_IPV6;
        if (type != NativeConstants.STREAM || (unix ? family != NativeConstants.FAMILY_UNIX : !ip))
            throw new IOException("fd " + n + " is not a " + (unix ? "UNIX-domain stream" : "TCP") + " socket");
        rc = Native.setBlocking(n, 0);
        if (rc < 0) throw Errors.of("fcntl(O_NONBLOCK)", rc);
        return family;
    }

    private static boolean isConnected(int fd) {
        return Native.peerAddress(fd, new byte[NativeConstants.ADDR_SIZE]) == 0;
    }

    @Override
    public synchronized void close() {
        if (fd < 0) return;
        Native.close(fd);
        fd = -1;
    }

    @Override
    public synchronized String toString() {
        return "PassedFd[" + (fd < 0 ? "closed" : "fd=" + fd) + "]";
    }
}
