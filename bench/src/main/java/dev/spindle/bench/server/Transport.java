package dev.spindle.bench.server;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;

/** A blocking socket API: what a thread-per-connection server needs from it. */
public interface Transport {
    Listener listen(InetSocketAddress address, int backlog) throws IOException;

    interface Listener extends Closeable {
        /** Blocks until a connection arrives; TCP_NODELAY is already set on it. */
        Connection accept() throws IOException;
    }

    interface Connection extends Closeable {
        InputStream in() throws IOException;

        OutputStream out() throws IOException;
    }
}
