package dev.spindle.nio;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NetworkChannel;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;

/** What the socket adaptors share: java.net's exceptions for the channel ones, and option access. */
final class Adaptors {
    private Adaptors() {}

    /** The java.net form of a channel exception, as {@code Socket} callers expect it. */
    static IOException translate(IOException e) {
        if (e instanceof ClosedByInterruptException) return withCause(new SocketException("Closed by interrupt"), e);
        if (e instanceof ClosedChannelException) return withCause(new SocketException("Socket is closed"), e);
        return e;
    }

    static IOException translate(RuntimeException e) {
        if (e instanceof UnresolvedAddressException) return withCause(new UnknownHostException("unresolved address"), e);
        if (e instanceof NotYetConnectedException) return withCause(new SocketException("Socket is not connected"), e);
        if (e instanceof AlreadyBoundException) return withCause(new SocketException("Already bound"), e);
        if (e instanceof java.nio.channels.AlreadyConnectedException)
            return withCause(new SocketException("Already connected"), e);
        if (e instanceof java.nio.channels.NotYetBoundException)
            return withCause(new SocketException("Socket is not bound yet"), e);
        if (e instanceof java.nio.channels.UnsupportedAddressTypeException)
            return withCause(new SocketException("Unsupported address type"), e);
        throw e;
    }

    /** A socket call on the channel. */
    interface IoAction {
        void run() throws IOException;
    }

    /**
     * Runs a Socket or ServerSocket call on the channel as the JDK's adaptors do: an IOException
     * (ClosedChannelException and ClosedByInterruptException included) as it is, a runtime
     * exception of the channel's in java.net's form.
     */
    static void run(IoAction action) throws IOException {
        try {
            action.run();
        } catch (RuntimeException e) {
            throw translate(e);
        }
    }

    /** As {@link #run}, for the java.net methods that declare only SocketException. */
    static void runSocket(IoAction action) throws SocketException {
        try {
            action.run();
        } catch (IOException e) {
            throw asSocketException(e);
        } catch (RuntimeException e) {
            throw asSocketException(translate(e));
        }
    }

    /** SO_SNDBUF or SO_RCVBUF through an adaptor: java.net takes only a positive size. */
    static void setBufferSize(NetworkChannel channel, SocketOption<Integer> name, int size) throws SocketException {
        if (size <= 0)
            throw new IllegalArgumentException(name == StandardSocketOptions.SO_SNDBUF ? "Invalid send size" : "Invalid receive size");
        set(channel, name, size);
    }

    /** IP_TOS through an adaptor, with java.net's range check. */
    static void setTrafficClass(NetworkChannel channel, int tc) throws SocketException {
        if (tc < 0 || tc > 255) throw new IllegalArgumentException("tc is not in range 0 -- 255");
        set(channel, StandardSocketOptions.IP_TOS, tc);
    }

    static <T> void set(NetworkChannel channel, SocketOption<T> name, T value) throws SocketException {
        try {
            channel.setOption(name, value);
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    static <T> T get(NetworkChannel channel, SocketOption<T> name) throws SocketException {
        try {
            return channel.getOption(name);
        } catch (IOException e) {
            throw asSocketException(e);
        }
    }

    private static SocketException asSocketException(IOException e) {
        IOException t = translate(e);
        return t instanceof SocketException se ? se : withCause(new SocketException(e.getMessage()), e);
    }

    static <E extends Exception> E withCause(E e, Throwable cause) {
        e.initCause(cause);
        return e;
    }
}
