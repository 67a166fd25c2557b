package dev.spindle.internal.sys;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;

/** Turns a failed syscall's errno into the standard Java exception, with a message that says what happened. */
public final class Errors {
    private Errors() {}

    /** The exception for {@code op} failing with {@code -result} (result is a negative errno). */
    public static IOException of(String op, int result) {
        return of(op, result, null);
    }

    /** As {@link #of(String, int)}, naming the address involved, if any. */
    public static IOException of(String op, int result, SocketAddress address) {
        int errno = -result;
        String where = address == null ? "" : " (" + address + ")";
        String message = op + " failed: " + describe(errno) + where;
        if (errno == Errno.ECONNREFUSED) return new ConnectException(op + " failed: connection refused" + where);
        if (errno == Errno.ETIMEDOUT && op.equals("connect"))
            return new ConnectException("connect failed: connection timed out" + where);
        if (errno == Errno.EHOSTUNREACH || errno == Errno.ENETUNREACH) return new NoRouteToHostException(message);
        if (errno == Errno.EADDRINUSE) return new BindException(op + " failed: address already in use" + where);
        if (errno == Errno.EADDRNOTAVAIL) return new BindException(op + " failed: address not available" + where);
        if (errno == Errno.ECONNRESET) return new SocketException(op + " failed: connection reset by peer" + where);
        if (errno == Errno.EPIPE)
            return new SocketException(op + " failed: broken pipe, the peer closed the connection" + where);
        if (errno == Errno.EMFILE || errno == Errno.ENFILE)
            return new SocketException(op + " failed: too many open files" + where);
        if (errno == Errno.ENOTCONN) return new SocketException(op + " failed: socket is not connected" + where);
        return new SocketException(message);
    }

    /**
     * As {@link #of(String, int, SocketAddress)} for a datagram socket, where ECONNREFUSED is the ICMP
     * port-unreachable answer to an earlier datagram sent to the connected peer.
     */
    public static IOException ofDatagram(String op, int result, SocketAddress peer) {
        if (-result == Errno.ECONNREFUSED)
            return new PortUnreachableException(op + " failed: ICMP port unreachable from " + peer);
        return of(op, result, peer);
    }

    /** The OS's text for errno, with the number. */
    public static String describe(int errno) {
        return Native.strerror(errno) + " (errno " + errno + ")";
    }
}
