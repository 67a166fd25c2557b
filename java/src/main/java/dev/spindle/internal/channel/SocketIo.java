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

    void setOption(SocketOption<?> name, Object value) throws IOException;

    <T> T getOption(SocketOption<T> name) throws IOException;

    /** The options this socket has on this platform ({@link OptionTable}, or the JDK channel's own). */
    Set<SocketOption<?>> supportedOptions();

    /** The owner's close: wakes blocked callers; the fd goes once nobody uses it. */
    void close() throws IOException;
}
