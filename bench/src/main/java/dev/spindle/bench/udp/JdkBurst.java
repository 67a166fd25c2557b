package dev.spindle.bench.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** The JDK's {@link DatagramChannel}: one {@code send} per datagram (the baseline a JDK user has). */
final class JdkBurst implements Burst {
    private final DatagramChannel channel;
    private final ByteBuffer datagram;
    private final InetSocketAddress target;
    private final int segments;

    JdkBurst(InetSocketAddress target, int size, int segments) throws IOException {
        this.channel = DatagramChannel.open(StandardProtocolFamily.INET);
        UdpEcho.bigBuffers(channel);
        this.datagram = ByteBuffer.allocateDirect(size);
        this.target = target;
        this.segments = segments;
    }

    @Override
    public int send() throws IOException {
        for (int i = 0; i < segments; i++) {
            datagram.clear();
            channel.send(datagram, target);
        }
        return segments;
    }

    @Override
    public int calls() {
        return segments;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
