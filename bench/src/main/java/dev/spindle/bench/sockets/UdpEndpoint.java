package dev.spindle.bench.sockets;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.NetworkChannel;

/**
 * One blocking UDP socket: Spindle's UdpSocket or java.nio's DatagramChannel (see
 * {@link SocketApi#openUdp()}). A send or a receive here is one call of the socket under it.
 */
public abstract sealed class UdpEndpoint implements Closeable permits SpindleUdp, NioUdp {
    private final NetworkChannel channel;

    UdpEndpoint(NetworkChannel channel) {
        this.channel = channel;
    }

    /** The socket, for its options and its bind. */
    public final NetworkChannel channel() {
        return channel;
    }

    /** Receives one datagram into dst; returns its source. */
    public abstract SocketAddress receive(ByteBuffer dst) throws IOException;

    /** Sends src as one datagram to target. */
    public abstract void send(ByteBuffer src, SocketAddress target) throws IOException;

    @Override
    public final void close() throws IOException {
        channel.close();
    }
}
