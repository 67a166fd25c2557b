package dev.spindle.javanet;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;

/**
 * The exceptions of the JDK's own {@code SocketImpl} for the core's channel exceptions. An
 * interrupt becomes {@link InterruptedIOException}: {@code Socket} and {@code ServerSocket} catch
 * it, close the socket and throw {@code SocketException("Closed by interrupt")} on a virtual thread,
 * exactly as they do for the JDK's impl.
 */
final class JavaNetErrors {
    private JavaNetErrors() {}

    static IOException of(IOException e) {
        if (e instanceof ClosedByInterruptException) return withCause(new InterruptedIOException("Closed by interrupt"), e);
        if (e instanceof ClosedChannelException) return withCause(new SocketException("Socket closed"), e); // and AsynchronousCloseException
        return e;
    }

    /**
     * As {@link #of(IOException)}, for calls that no java.net class wraps (a Socket's connect, a
     * DatagramSocket's receive): an interrupt is already {@code SocketException("Closed by interrupt")}.
     */
    static IOException ofUnwrapped(IOException e) {
        IOException t = of(e);
        if (t instanceof InterruptedIOException && !(t instanceof java.net.SocketTimeoutException))
            return withCause(new SocketException("Closed by interrupt"), e);
        return t;
    }

    static IOException of(RuntimeException e) {
        if (e instanceof NotYetConnectedException) return withCause(new SocketException("Not connected"), e);
        if (e instanceof AlreadyConnectedException) return withCause(new SocketException("Already connected"), e);
        if (e instanceof AlreadyBoundException) return withCause(new SocketException("Already bound"), e);
        if (e instanceof NotYetBoundException) return withCause(new SocketException("Not bound"), e);
        if (e instanceof UnresolvedAddressException) return withCause(new UnknownHostException("unresolved address"), e);
        throw e;
    }

    /** A call on the core, for {@link #run}. */
    interface IoCall {
        void run() throws IOException;
    }

    /** Runs a (rare, not per-transfer) call on the core with its exceptions in java.net's form. */
    static void run(IoCall call) throws IOException {
        try {
            call.run();
        } catch (IOException e) {
            throw of(e);
        } catch (RuntimeException e) {
            throw of(e);
        }
    }

    /** An option call's failure as the SocketException the int-keyed option methods declare. */
    static SocketException ofOption(Exception e) {
        if (e instanceof SocketException se) return se;
        if (e instanceof IOException io) return asSocketException(io);
        return withCause(new SocketException(e.getMessage()), e);
    }

    /** For the methods that declare only SocketException (options). */
    static SocketException asSocketException(IOException e) {
        IOException t = of(e);
        return t instanceof SocketException se ? se : withCause(new SocketException(e.getMessage()), e);
    }

    static <E extends Exception> E withCause(E e, Throwable cause) {
        e.initCause(cause);
        return e;
    }
}
