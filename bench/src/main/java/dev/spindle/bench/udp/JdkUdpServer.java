package dev.spindle.bench.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/** The JDK's blocking {@link DatagramChannel}: one socket, one thread, receive then send back. */
final class JdkUdpServer {
    private JdkUdpServer() {}

    static UdpServer start(InetSocketAddress address, Thread.Builder threads) throws IOException {
        DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
        String buffers = UdpEcho.bigBuffers(channel);
        channel.bind(address);
        return new OneThreadUdpServer(channel, buffers, threads, () -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(UdpEcho.MAX_DATAGRAM);
            while (true) {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                buf.flip();
                channel.send(buf, from);
            }
        });
    }
}
