package dev.spindle.bench.udp;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.NetworkChannel;

/** What every UDP echo server (and the GSO sender) shares: buffer sizes and the socket buffers a speed-minded user asks for. */
final class UdpEcho {
    /** The largest datagram a server expects (the load generator sends 64 bytes). */
    static final int MAX_DATAGRAM = 2048;
    /** Datagrams per recvmmsg/sendmmsg for the batching servers. */
    static final int BATCH = 64;
    /**
     * SO_RCVBUF and SO_SNDBUF asked for on every server socket: the default (~208 KiB) holds only a
     * few hundred small datagrams, far fewer than the 2,048 that 256 flows with 8 each keep in flight. Linux caps it at
     * net.core.rmem_max / wmem_max; the listening line reports what the kernel granted.
     */
    static final int SOCKET_BUFFER = 4 << 20;

    private UdpEcho() {}

    /** Asks for {@link #SOCKET_BUFFER}; returns "rcvbuf=N sndbuf=N" as granted. */
    static String bigBuffers(NetworkChannel o) throws IOException {
        o.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER);
        o.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER);
        return "rcvbuf=" + o.getOption(StandardSocketOptions.SO_RCVBUF) + " sndbuf=" + o.getOption(StandardSocketOptions.SO_SNDBUF);
    }
}
