package dev.spindle.bench.sockets;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;

/** A listening socket of one {@link SocketApi}; made by {@link SocketApi#listen}. */
public final class StreamListener implements Closeable {
    /** The API's accept, wrapped. */
    interface Accept {
        StreamSocket accept() throws IOException;
    }

    private final Closeable socket;
    private final Accept accept;
    private final SocketAddress address;

    StreamListener(Closeable socket, Accept accept, SocketAddress address) {
        this.socket = socket;
        this.accept = accept;
        this.address = address;
    }

    /** Blocks until a connection arrives; on TCP, TCP_NODELAY is already set on it. */
    public StreamSocket accept() throws IOException {
        return accept.accept();
    }

    /** The bound address (the port chosen, where 0 was asked for). */
    public SocketAddress address() {
        return address;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
