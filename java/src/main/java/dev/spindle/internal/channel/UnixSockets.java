package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.NativeUnix;
import java.io.IOException;

/** The UNIX-only syscalls besides fd passing: socketpair, peer credentials, and duplicating a channel's fd. */
public final class UnixSockets {
    private UnixSockets() {}

    /** Two connected stream sockets, non-blocking and close-on-exec. */
    public static int[] pair() throws IOException {
        Backend.CURRENT.requireNative();
        long both = NativeUnix.pair();
        if (both < 0) throw Errors.of("socketpair", (int) both);
        return new int[] {(int) (both >>> 32), (int) both};
    }

    /** The peer's pid (-1 where the OS cannot say), uid and gid. */
    public static long[] peerCredentials(SocketFd s) throws IOException {
        long[] out = new long[3];
        synchronized (s.stateLock) {
            s.ensureOpen();
            int rc = NativeUnix.peerCredentials(s.fd, out);
            if (rc < 0) throw s.failure("getsockopt(peer credentials)", rc);
        }
        return out;
    }

    /** A close-on-exec duplicate of the socket's fd, which the caller owns; made while the channel is open. */
    public static int dup(SocketFd s) throws IOException {
        synchronized (s.stateLock) {
            s.ensureOpen();
            return dup(s.fd);
        }
    }

    /** A close-on-exec duplicate of a plain fd, which the caller owns. */
    public static int dup(int fd) throws IOException {
        Backend.CURRENT.requireNative();
        int d = NativeUnix.dup(fd);
        if (d < 0) throw Errors.of("fcntl(F_DUPFD_CLOEXEC)", d);
        return d;
    }

    /** The socket type of fd ({@code NativeConstants.STREAM}, {@code NativeConstants.DATAGRAM}, 0 for another), or a negative errno. */
    public static int socketType(int fd) {
        return NativeUnix.socketType(fd);
    }
}
