package dev.spindle.bench.udp;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/** The JDK's blocking {@link DatagramChannel}: one socket, one thread, receive then send back. */
final class JdkUdpServer implements UdpServer {
    private final DatagramChannel channel;
    private final String buffers;
    private final Thread thread;

    JdkUdpServer(InetSocketAddress address, Thread.Builder threads) throws IOException {
        channel = DatagramChannel.open(StandardProtocolFamily.INET);
        buffers = UdpEcho.bigBuffers(channel);
        channel.bind(address);
        thread = threads.name("udp-echo").start(this::serve);
    }

    private void serve() {
        ByteBuffer buf = ByteBuffer.allocateDirect(UdpEcho.MAX_DATAGRAM);
        try {
            while (true) {
                buf.clear();
                SocketAddress from = channel.receive(buf);
                buf.flip();
                channel.send(buf, from);
            }
        } catch (ClosedChannelException closed) {
            // close() ends the loop
        } catch (IOException e) {
            System.out.println("udp echo failed: " + e);
        }
    }

    @Override
    public String describe() {
        return buffers + " thread=" + (thread.isVirtual() ? "virtual" : "platform");
    }

    @Override
    public void close() throws IOException, InterruptedException {
        channel.close();
        thread.join(5000);
    }
}
