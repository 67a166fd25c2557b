package dev.spindle.internal.channel;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;

/** A listener's I/O beneath {@code TcpListener}: {@link NativeListener}, or {@link NioListener} on the JDK's channels. */
public interface ListenerIo {
    /** An accepted connection, waiting for the channel that will own it. */
    interface Accepted {
        StreamIo open(Owner owner) throws IOException;
    }

    int fd();

    void bind(SocketAddress local, int backlog) throws IOException;

    Accepted accept() throws IOException;

    boolean isBound();

    void setAcceptTimeout(long nanos) throws IOException;

    SocketAddress localAddress() throws IOException;

    void setOption(SocketOption<?> name, Object value) throws IOException;

    <T> T getOption(SocketOption<T> name) throws IOException;

    void close() throws IOException;
}
