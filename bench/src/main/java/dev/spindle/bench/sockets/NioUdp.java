package dev.spindle.bench.sockets;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** A blocking {@link DatagramChannel}, from the installed SelectorProvider. */
final class NioUdp extends UdpEndpoint {
    private final DatagramChannel channel;

    NioUdp(DatagramChannel channel) {
        super(channel);
        this.channel = channel;
    }

    @Override
    public void send(ByteBuffer src, SocketAddress target) throws IOException {
        channel.send(src, target);
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        return channel.receive(dst);
    }
}
