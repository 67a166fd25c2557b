package dev.spindle.internal.channel;

import java.io.IOException;
import java.net.SocketAddress;

/** A listener's I/O beneath {@code TcpListener}: {@link NativeListener}, or {@link NioListener} on the JDK's channels. */
public interface ListenerIo extends SocketIo {
    /** An accepted connection, waiting for the channel that will own it. */
    interface Accepted {
        StreamIo open(Owner owner) throws IOException;
    }

    /** A listener's I/O, waiting for the channel that will own it. */
    interface Opener {
        ListenerIo open(Owner owner) throws IOException;
    }

    void bind(SocketAddress local, int backlog) throws IOException;

    Accepted accept() throws IOException;

    boolean isBound();

    void setAcceptTimeout(long nanos) throws IOException;

}
