package dev.spindle.net;

import dev.spindle.internal.channel.ListenerIo;
import dev.spindle.internal.poll.Timeouts;
import java.io.IOException;
import java.net.SocketAddress;
import java.time.Duration;

/**
 * What {@link TcpListener} and {@link UnixListener} share over one {@link ListenerIo} beyond
 * {@link SpindleChannel}: the accept timeout. {@code L} is the listener's own type, {@code A} its address type.
 */
abstract sealed class ListenerChannel<L extends ListenerChannel<L, A>, A extends SocketAddress> extends SpindleChannel<L, A>
        permits TcpListener, UnixListener {
    final ListenerIo io;
    private volatile long acceptTimeoutNanos;

    /** {@code opener} makes the I/O for this channel's owner. */
    ListenerChannel(ListenerIo.Opener opener) throws IOException {
        this.io = opener.open(owner);
    }

    @Override
    final ListenerIo io() {
        return io;
    }

    /**
     * Sets how long {@code accept()} waits before it throws {@link java.net.SocketTimeoutException};
     * zero (the default) waits forever. The listener stays usable after a timeout.
     */
    public L setAcceptTimeout(Duration timeout) throws IOException {
        long nanos = Timeouts.toNanos(timeout, "accept timeout");
        io.setAcceptTimeout(nanos);
        acceptTimeoutNanos = nanos;
        return self();
    }

    public Duration getAcceptTimeout() {
        return Duration.ofNanos(acceptTimeoutNanos);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[fd=" + io.fd() + (isOpen() ? "" : ", closed") + (io.isBound() ? ", bound" : "") + "]";
    }
}
