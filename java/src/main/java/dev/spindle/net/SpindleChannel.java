package dev.spindle.net;

import dev.spindle.internal.channel.SocketIo;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.Channel;
import java.nio.channels.NetworkChannel;
import java.util.Set;

/**
 * What Spindle's stream, listener and UDP channels share: the address, options and close of their
 * {@link SocketIo}. {@code C} is the channel's own type, for the setters that return it;
 * {@code A} its address type.
 */
abstract sealed class SpindleChannel<C extends SpindleChannel<C, A>, A extends SocketAddress>
        extends CoreChannel implements NetworkChannel permits StreamChannel, ListenerChannel, UdpSocket {
    /** This channel's I/O. */
    abstract SocketIo io();

    @SuppressWarnings("unchecked")
    final C self() {
        return (C) this;
    }

    /** A step that may fail, for {@link #orClose}. */
    interface Step<C> {
        C apply(C channel) throws IOException;
    }

    /** Runs {@code step} on a new channel, closing the channel if it fails. */
    static <C extends Channel> C orClose(C channel, Step<C> step) throws IOException {
        try {
            return step.apply(channel);
        } catch (Throwable t) {
            channel.close();
            throw t;
        }
    }

    /** The local address; null before it is bound. */
    @SuppressWarnings("unchecked")
    public A localAddress() throws IOException {
        return (A) io().localAddress();
    }

    @Override
    public A getLocalAddress() throws IOException {
        return localAddress();
    }

    @Override
    public <T> C setOption(SocketOption<T> name, T value) throws IOException {
        io().setOption(name, value);
        return self();
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return io().getOption(name);
    }

    /**
     * The options this channel has on this platform: the JDK's for its kind ({@code StandardSocketOptions},
     * {@code jdk.net.ExtendedSocketOptions}) and {@link SpindleOptions}' that apply to it. Without the native
     * library, the JDK channel's own.
     */
    @Override
    public final Set<SocketOption<?>> supportedOptions() {
        return io().supportedOptions();
    }

    /** The fd number, -1 on the JDK's channels; for tests. */
    int fd() {
        return io().fd();
    }

    @Override
    protected void implCloseChannel() throws IOException {
        io().close();
    }
}
