package dev.spindle.bench.compare;

import dev.spindle.bench.harness.Pinning;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** bench/native's UDP client against an echo server that drops every 10th datagram. */
class UdpLoadTest {
    private static final Path CLIENT = Path.of("target", "native", "spindle-udp-load");

    @Test
    void countsEchoesAndTheDatagramsTheServerDrops() throws Exception {
        assumeTrue(Files.isExecutable(CLIENT), "the C client is built in the compile phase");
        try (DatagramChannel server = DatagramChannel.open(StandardProtocolFamily.INET)) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            AtomicLong received = new AtomicLong();
            Thread echo = Thread.ofPlatform().daemon().start(() -> {
                ByteBuffer buf = ByteBuffer.allocate(2048);
                try {
                    while (true) {
                        buf.clear();
                        SocketAddress from = server.receive(buf);
                        if (received.incrementAndGet() % 10 == 0) continue; // dropped
                        buf.flip();
                        server.send(buf, from);
                    }
                } catch (IOException closed) {
                    // test over
                }
            });
            RecordingWindow window = new RecordingWindow();
            LoadResult r = new UdpLoad(CLIENT, 64, 4, 200, new Pinning())
                    .run(((InetSocketAddress) server.getLocalAddress()).getPort(), 3, 0.2, 1, window);
            assertEquals(List.of("begin", "end"), window.edges);
            assertTrue(r.requests() > 0, r.toString());
            assertEquals(0, r.errors(), r.toString());
            assertEquals(0, r.idleConns(), "every flow was echoed: " + r);
            // one datagram in ten is dropped, and each drop is counted once it has waited 200 ms
            assertTrue(r.lossPct() > 1 && r.lossPct() < 30, r.toString());
            server.close();
            echo.join(5000);
        }
    }

    @Test
    void parsesTheResultLine() {
        Map<String, String> line = NativeLoad.resultLine("RESULT proto=udp-echo flows=16 window=8 size=64 sent=1000 echoed=900 lost=100"
                + " late=3 seconds=2.000 pps=450.0 loss_pct=10.000 p50_us=12.5 p99_us=40.0 p999_us=80.0 max_us=99.0 errors=1"
                + " cpu_s=0.500 idle_flows=2 min_flow_pps=0.0");
        LoadResult r = UdpLoad.parse(line);
        assertEquals(450.0, r.rps());
        assertEquals(900, r.requests());
        assertEquals(10.0, r.lossPct());
        assertEquals(12.5, r.p50us());
        assertEquals(40.0, r.p99us());
        assertEquals(1, r.errors());
        assertEquals(25.0, r.loadCpuPct(), 1e-9);
        assertEquals(2, r.idleConns());
        assertTrue(r.note().contains("3 late"), r.note());
    }
}
