package dev.spindle.bench.udp;

import dev.spindle.bench.sockets.SocketApi;
import dev.spindle.bench.sockets.SpindleUdp;
import dev.spindle.bench.sockets.UdpEndpoint;
import dev.spindle.net.DatagramBatch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A blocking UDP socket on one thread, Spindle's or java.nio's DatagramChannel: one datagram per
 * receive and per send, or, {@code batched} (Spindle only), a {@link DatagramBatch} of
 * {@link UdpEcho#BATCH} received with one recvmmsg and sent back to the sources with one sendmmsg.
 */
final class BlockingUdpServer {
    private BlockingUdpServer() {}

    static UdpServer start(SocketApi api, boolean batched, InetSocketAddress address, Thread.Builder threads) throws IOException {
        UdpEndpoint socket = api.openUdp();
        String buffers = UdpEcho.bigBuffers(socket.channel());
        socket.channel().bind(address);
        OneThreadUdpServer.EchoLoop loop = batched ? () -> echoBatches((SpindleUdp) socket) : () -> echo(socket);
        return new OneThreadUdpServer(socket, buffers, threads, loop);
    }

    private static void echo(UdpEndpoint socket) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(UdpEcho.MAX_DATAGRAM);
        while (true) {
            buf.clear();
            SocketAddress from = socket.receive(buf);
            buf.flip();
            socket.send(buf, from);
        }
    }

    private static void echoBatches(SpindleUdp socket) throws IOException {
        try (DatagramBatch batch = DatagramBatch.allocate(UdpEcho.BATCH, UdpEcho.MAX_DATAGRAM)) {
            while (true) {
                socket.receive(batch); // the slots keep their sources: send replies to each
                socket.send(batch);
            }
        }
    }
}
