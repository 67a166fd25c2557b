package dev.spindle.bench.udp;

import java.io.IOException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;

/** What every UDP echo server shares: buffer sizes and the socket buffers a speed-minded user asks for. */
final class UdpEcho {
    /** The largest datagram a server expects (the load generator sends 64 bytes). */
    static final int MAX_DATAGRAM = 2048;
    /** Datagrams per recvmmsg/sendmmsg for the batching servers. */
    static final int BATCH = 64;
    /**
     * SO_RCVBUF and SO_SNDBUF asked for on every server socket: the default (~208 KiB) holds only a
     * few hundred small datagrams, fewer than 256 flows keep in flight. Linux caps it at
     * net.core.rmem_max / wmem_max; the listening line reports what the kernel granted.
     */
    static final int SOCKET_BUFFER = 4 << 20;

    private UdpEcho() {}

    /** A socket's options, whatever its API. */
    interface Options {
        <T> void set(SocketOption<T> name, T value) throws IOException;

        <T> T get(SocketOption<T> name) throws IOException;
    }

    /** Asks for {@link #SOCKET_BUFFER}; returns "rcvbuf=N sndbuf=N" as granted. */
    static String bigBuffers(Options o) throws IOException {
        o.set(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
        o.set(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
        return "rcvbuf=" + o.get(StandardSocketOptions.SO_RCVBUF) + " sndbuf=" + o.get(StandardSocketOptions.SO_SNDBUF);
    }
}
