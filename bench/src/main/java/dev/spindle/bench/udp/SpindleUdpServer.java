package dev.spindle.bench.udp;

import dev.spindle.net.DatagramBatch;
import dev.spindle.net.UdpSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;

/**
 * Spindle's {@link UdpSocket} on one thread: one datagram per receive and per send, or,
 * {@code batched}, a {@link DatagramBatch} of {@link UdpEcho#BATCH} received with one recvmmsg and
 * sent back to the sources with one sendmmsg.
 */
final class SpindleUdpServer {
    private SpindleUdpServer() {}

    static UdpServer start(InetSocketAddress address, boolean batched, Thread.Builder threads) throws IOException {
        UdpSocket socket = UdpSocket.open(StandardProtocolFamily.INET);
        String buffers = UdpEcho.bigBuffers(socket);
        socket.bind(address);
        return new OneThreadUdpServer(socket, buffers, threads, batched ? () -> {
            try (DatagramBatch batch = DatagramBatch.allocate(UdpEcho.BATCH, UdpEcho.MAX_DATAGRAM)) {
                while (true) {
                    socket.receive(batch); // the slots keep their sources: send replies to each
                    socket.send(batch);
                }
            }
        } : () -> {
            ByteBuffer buf = ByteBuffer.allocateDirect(UdpEcho.MAX_DATAGRAM);
            while (true) {
                buf.clear();
                InetSocketAddress from = socket.receive(buf);
                buf.flip();
                socket.send(buf, from);
            }
        });
    }
}
