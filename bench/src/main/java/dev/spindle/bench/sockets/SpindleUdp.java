package dev.spindle.bench.sockets;

import dev.spindle.net.DatagramBatch;
import dev.spindle.net.UdpSocket;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;

/**
 * Spindle's {@link UdpSocket}, with what only it has: a {@link DatagramBatch} in one recvmmsg or
 * sendmmsg, and GSO (one buffer the kernel splits into datagrams).
 */
public final class SpindleUdp extends UdpEndpoint {
    private final UdpSocket socket;

    private SpindleUdp(UdpSocket socket) {
        super(socket);
        this.socket = socket;
    }

    /** An IPv4 socket. */
    public static SpindleUdp open() throws IOException {
        return new SpindleUdp(UdpSocket.open(StandardProtocolFamily.INET));
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        return socket.receive(dst);
    }

    @Override
    public void send(ByteBuffer src, SocketAddress target) throws IOException {
        socket.send(src, target);
    }

    /** One GSO send: src split by the kernel into datagrams of segmentSize bytes (UDP_SEGMENT). */
    public void send(ByteBuffer src, int segmentSize, SocketAddress target) throws IOException {
        socket.send(src, segmentSize, target);
    }

    /** One recvmmsg: fills the batch's slots, each with its source; returns how many. */
    public int receive(DatagramBatch batch) throws IOException {
        return socket.receive(batch);
    }

    /** One sendmmsg of the batch's slots, each to its address; returns how many went. */
    public int send(DatagramBatch batch) throws IOException {
        return socket.send(batch);
    }
}
