package dev.spindle.bench.udp;

import dev.spindle.bench.sockets.SocketApi;
import dev.spindle.bench.sockets.SpindleUdp;
import dev.spindle.bench.sockets.UdpEndpoint;
import dev.spindle.net.DatagramBatch;
import dev.spindle.net.UdpSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One way of sending {@code segments} datagrams of {@code size} bytes to one peer, for the GSO
 * measurement: one call per datagram, one sendmmsg for them all, or one GSO send. Each has a
 * socket of its own, with the big buffers of the echo servers, closed with it.
 */
abstract sealed class Burst<S extends UdpEndpoint> implements AutoCloseable {
    final S socket;
    final InetSocketAddress target;
    final int segments;

    Burst(S socket, InetSocketAddress target, int segments) throws IOException {
        this.socket = socket;
        this.target = target;
        this.segments = segments;
        UdpEcho.bigBuffers(socket.channel());
    }

    /** Sends one burst; returns the datagrams it sent. */
    abstract int send() throws IOException;

    /** Syscalls one burst makes. */
    abstract int calls();

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** {@code single} and {@code jdk-single}: one {@code send(ByteBuffer, target)} per datagram. */
    static final class Single extends Burst<UdpEndpoint> {
        private final ByteBuffer datagram;

        Single(SocketApi api, InetSocketAddress target, int size, int segments) throws IOException {
            super(api.openUdp(), target, segments);
            this.datagram = ByteBuffer.allocateDirect(size);
        }

        @Override
        int send() throws IOException {
            for (int i = 0; i < segments; i++) {
                datagram.clear();
                socket.send(datagram, target);
            }
            return segments;
        }

        @Override
        int calls() {
            return segments;
        }
    }

    /** {@code sendmmsg}: a {@link DatagramBatch} of {@code segments} slots, all to the peer, in one call. */
    static final class Batch extends Burst<SpindleUdp> {
        private final DatagramBatch batch;

        Batch(InetSocketAddress target, int size, int segments) throws IOException {
            super(SpindleUdp.open(), target, segments);
            batch = DatagramBatch.allocate(segments, size);
            ByteBuffer datagram = ByteBuffer.allocate(size);
            for (int i = 0; i < segments; i++) batch.add(datagram.clear(), target);
        }

        @Override
        int send() throws IOException {
            return socket.send(batch);
        }

        @Override
        int calls() {
            return 1;
        }

        @Override
        public void close() throws IOException {
            batch.close();
            super.close();
        }
    }

    /** {@code gso}: one buffer of {@code segments * size} bytes, split by the kernel (UDP_SEGMENT). */
    static final class Gso extends Burst<SpindleUdp> {
        private final ByteBuffer burst;
        private final int size;

        Gso(InetSocketAddress target, int size, int segments) throws IOException {
            super(supported(), target, segments);
            this.size = size;
            burst = ByteBuffer.allocateDirect(size * segments);
        }

        /** A socket for GSO, where the kernel has it. */
        private static SpindleUdp supported() throws IOException {
            if (!UdpSocket.isGsoSupported()) throw new UnsupportedOperationException("UdpSocket.isGsoSupported() is false here");
            return SpindleUdp.open();
        }

        @Override
        int send() throws IOException {
            burst.clear();
            socket.send(burst, size, target);
            return segments;
        }

        @Override
        int calls() {
            return 1;
        }
    }
}
