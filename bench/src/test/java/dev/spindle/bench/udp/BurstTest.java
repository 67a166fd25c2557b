package dev.spindle.bench.udp;

import dev.spindle.bench.sockets.SocketApi;
import dev.spindle.bench.sockets.UdpEndpoint;
import dev.spindle.net.UdpSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every sending method sends the datagrams it counts, of the size asked for, in the calls it counts. */
@Timeout(30)
class BurstTest {
    private static final int SIZE = 100;
    private static final int SEGMENTS = 5;

    /** Sends one burst by {@code method} to a fresh receiver; checks what arrives. */
    private static void oneBurst(String method, int calls) throws IOException {
        try (UdpEndpoint receiver = SocketApi.NIO.openUdp()) {
            UdpEcho.bigBuffers(receiver.channel());
            receiver.channel().bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress target = (InetSocketAddress) receiver.channel().getLocalAddress();
            try (Burst<?> burst = Bursts.open(method, target, SIZE, SEGMENTS)) {
                assertEquals(SEGMENTS, burst.send());
                assertEquals(calls, burst.calls());
            }
            ByteBuffer dst = ByteBuffer.allocate(2 * SIZE);
            for (int i = 0; i < SEGMENTS; i++) {
                dst.clear();
                receiver.receive(dst);
                assertEquals(SIZE, dst.position(), "datagram " + i);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"single", "jdk-single"})
    void oneCallPerDatagram(String method) throws IOException {
        oneBurst(method, SEGMENTS);
    }

    @Test
    void oneSendmmsgForTheBatch() throws IOException {
        oneBurst("sendmmsg", 1);
    }

    @Test
    void oneGsoSend() throws IOException {
        assumeTrue(UdpSocket.isGsoSupported(), "no UDP GSO in this kernel");
        oneBurst("gso", 1);
    }

    /** The single-datagram echo loop's calls: what is received names its source, to send back to. */
    @ParameterizedTest
    @ValueSource(strings = {"SPINDLE", "NIO"})
    void receiveNamesTheSource(SocketApi api) throws IOException {
        try (UdpEndpoint a = api.openUdp(); UdpEndpoint b = api.openUdp()) {
            a.channel().bind(new InetSocketAddress("127.0.0.1", 0));
            b.channel().bind(new InetSocketAddress("127.0.0.1", 0));
            a.send(ByteBuffer.wrap(new byte[] {7, 8}), b.channel().getLocalAddress());
            ByteBuffer dst = ByteBuffer.allocateDirect(16);
            assertEquals(a.channel().getLocalAddress(), b.receive(dst));
            assertEquals(2, dst.position());
            assertEquals(8, dst.get(1));
        }
    }
}
