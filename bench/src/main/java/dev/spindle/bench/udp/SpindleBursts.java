package dev.spindle.bench.udp;

import dev.spindle.net.DatagramBatch;
import dev.spindle.net.UdpSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;

/** Spindle's three ways of sending a burst of datagrams to one peer. */
final class SpindleBursts {
    private SpindleBursts() {}

    /** Base: one socket, closed with the burst. */
    private abstract static class Base implements Burst {
        final UdpSocket socket;
        final InetSocketAddress target;
        final int segments;

        Base(InetSocketAddress target, int segments) throws IOException {
            this.socket = UdpSocket.open(StandardProtocolFamily.INET);
            UdpEcho.bigBuffers(socket);
            this.target = target;
            this.segments = segments;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** {@code single}: one {@code send(ByteBuffer, target)} per datagram. */
    static final class Single extends Base {
        private final ByteBuffer datagram;

        Single(InetSocketAddress target, int size, int segments) throws IOException {
            super(target, segments);
            datagram = ByteBuffer.allocateDirect(size);
        }

        @Override
        public int send() throws IOException {
            for (int i = 0; i < segments; i++) {
                datagram.clear();
                socket.send(datagram, target);
            }
            return segments;
        }

        @Override
        public int calls() {
            return segments;
        }
    }

    /** {@code sendmmsg}: a {@link DatagramBatch} of {@code segments} slots, all to the peer, in one call. */
    static final class Batch extends Base {
        private final DatagramBatch batch;

        Batch(InetSocketAddress target, int size, int segments) throws IOException {
            super(target, segments);
            batch = DatagramBatch.allocate(segments, size);
            ByteBuffer datagram = ByteBuffer.allocate(size);
            for (int i = 0; i < segments; i++) batch.add(datagram.clear(), target);
        }

        @Override
        public int send() throws IOException {
            return socket.send(batch);
        }

        @Override
        public int calls() {
            return 1;
        }

        @Override
        public void close() throws IOException {
            batch.close();
            super.close();
        }
    }

    /** {@code gso}: one buffer of {@code segments * size} bytes, split by the kernel (UDP_SEGMENT). */
    static final class Gso extends Base {
        private final ByteBuffer burst;
        private final int size;

        Gso(InetSocketAddress target, int size, int segments) throws IOException {
            super(target, segments);
            if (!UdpSocket.isGsoSupported()) {
                socket.close();
                throw new UnsupportedOperationException("UdpSocket.isGsoSupported() is false here");
            }
            this.size = size;
            burst = ByteBuffer.allocateDirect(size * segments);
        }

        @Override
        public int send() throws IOException {
            burst.clear();
            socket.send(burst, size, target);
            return segments;
        }

        @Override
        public int calls() {
            return 1;
        }
    }
}
