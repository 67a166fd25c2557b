package dev.spindle.internal.channel;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Set;

/** What a connection's and a listener's I/O share: the fd, the local address, options, close. */
public interface SocketIo {
    /** The fd number, or -1 on the JDK's channels. */
    int fd();

    SocketAddress localAddress() throws IOException;

    /** This socket's options: the {@link OptionTable}'s over the fd, or the JDK channel's own. */
    SocketOptions options();

    default void setOption(SocketOption<?> name, Object value) throws IOException {
        options().set(name, value);
    }

    default <T> T getOption(SocketOption<T> name) throws IOException {
        return options().get(name);
    }

    /** The options this socket has on this platform. */
    default Set<SocketOption<?>> supportedOptions() {
        return options().supported();
    }

    /** The owner's close: wakes blocked callers; the fd goes once nobody uses it. */
    void close() throws IOException;
}
