package dev.spindle.javanet;

import dev.spindle.internal.channel.Owner;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedByInterruptException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The core's view of a {@link SpindleSocketImpl}: whether it is open, how it closes, and java.net's
 * interrupt rule, which differs from a channel's. A channel closes on any thread's interrupt; the
 * JDK's own {@code SocketImpl} only on a virtual thread's (the blocked call then throws, and
 * {@code Socket} turns that into {@code SocketException("Closed by interrupt")}), while a platform
 * thread keeps waiting with its interrupt status kept for later.
 */
final class SocketHandle implements Owner, Channel {
    private final AtomicBoolean open = new AtomicBoolean(true);
    private volatile Runnable closeIo = () -> {};
    /** A platform thread's interrupt, cleared while it waits in the core (or a parked wait would spin) and set again after. */
    private static final ThreadLocal<Boolean> OWED_INTERRUPT = new ThreadLocal<>();

    /** What close releases: the core's I/O, once it exists. */
    void closes(Runnable io) {
        closeIo = io;
        if (!open.get()) io.run(); // closed while the I/O was being made
    }

    @Override
    public Channel channel() {
        return this;
    }

    @Override
    public boolean isOpen() {
        return open.get();
    }

    @Override
    public void close() {
        if (open.compareAndSet(true, false)) closeIo.run();
    }

    @Override
    public boolean interruptEndsCallsAtOnce() {
        return false; // the JDK's SocketImpl checks the interrupt only where it would wait
    }

    @Override
    public void begin() {
        // nothing to register: an interrupt unparks a virtual thread by itself, and end() looks
    }

    @Override
    public void end(boolean completed) throws AsynchronousCloseException {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            if (t.isInterrupted()) {
                close();
                throw new ClosedByInterruptException();
            }
        } else if (Thread.interrupted()) {
            OWED_INTERRUPT.set(Boolean.TRUE);
        }
        if (!completed && !open.get()) throw new AsynchronousCloseException();
    }

    /** Gives a platform thread back the interrupt status a wait cleared; call when the java.net call returns. */
    static void restoreInterrupt() {
        if (Thread.currentThread().isVirtual() || OWED_INTERRUPT.get() == null) return;
        OWED_INTERRUPT.remove();
        Thread.currentThread().interrupt();
    }
}
