package dev.spindle.bench.udp;

import dev.spindle.net.DatagramBatch;
import dev.spindle.net.UdpSocket;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

/**
 * Spindle's {@link UdpSocket} on one virtual thread: one datagram per receive and per send, or,
 * {@code batched}, a {@link DatagramBatch} of {@link UdpEcho#BATCH} received with one recvmmsg and
 * sent back to the sources with one sendmmsg.
 */
final class SpindleUdpServer implements UdpServer {
    private final UdpSocket socket;
    private final String buffers;
    private final Thread thread;

    SpindleUdpServer(InetSocketAddress address, boolean batched, Thread.Builder threads) throws IOException {
        socket = UdpSocket.open(StandardProtocolFamily.INET);
        buffers = UdpEcho.bigBuffers(socket);
        socket.bind(address);
        thread = threads.name("udp-echo").start(batched ? this::serveBatches : this::serveOneByOne);
    }

    private void serveOneByOne() {
        ByteBuffer buf = ByteBuffer.allocateDirect(UdpEcho.MAX_DATAGRAM);
        try {
            while (true) {
                buf.clear();
                InetSocketAddress from = socket.receive(buf);
                buf.flip();
                socket.send(buf, from);
            }
        } catch (ClosedChannelException closed) {
            // close() ends the loop
        } catch (IOException e) {
            System.out.println("udp echo failed: " + e);
        }
    }

    private void serveBatches() {
        try (DatagramBatch batch = DatagramBatch.allocate(UdpEcho.BATCH, UdpEcho.MAX_DATAGRAM)) {
            while (true) {
                socket.receive(batch); // the slots keep their sources: send replies to each
                socket.send(batch);
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
        socket.close();
        thread.join(5000);
    }
}
