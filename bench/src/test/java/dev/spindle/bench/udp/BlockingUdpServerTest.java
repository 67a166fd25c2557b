package dev.spindle.bench.udp;

import dev.spindle.bench.sockets.SocketApi;
import dev.spindle.bench.sockets.UdpEndpoint;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each blocking echo server sends every datagram back to where it came from, unchanged. */
@Timeout(30)
class BlockingUdpServerTest {
    @ParameterizedTest
    @CsvSource({"SPINDLE, false", "SPINDLE, true", "NIO, false"})
    void echoesEachDatagramToItsSource(SocketApi api, boolean batched) throws Exception {
        InetSocketAddress address;
        try (DatagramChannel probe = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            address = (InetSocketAddress) probe.getLocalAddress(); // a free port, for the server to bind
        }
        UdpServer server = BlockingUdpServer.start(api, batched, address, Thread.ofPlatform());
        try (UdpEndpoint client = SocketApi.NIO.openUdp()) {
            client.channel().bind(new InetSocketAddress("127.0.0.1", 0));
            for (byte i = 1; i <= 3; i++) {
                client.send(ByteBuffer.wrap(new byte[] {i, i}), address);
                ByteBuffer back = ByteBuffer.allocate(16);
                SocketAddress from = client.receive(back);
                assertEquals(address, from);
                assertEquals(2, back.position());
                assertEquals(i, back.get(0));
            }
        } finally {
            server.close();
        }
    }
}
