package dev.spindle.bench.sockets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the benchmarks rely on from every kind of stream socket: whole writes, short reads, end of stream. */
class StreamSocketTest {
    private static StreamPairs pairs(SocketApi api, boolean unix) throws IOException {
        return unix ? StreamPairs.unix(api) : StreamPairs.loopback(api);
    }

    /** One read returns what is there, not what was asked for; end of stream is -1. */
    private static void shortReadThenEnd(StreamPair p) throws IOException {
        p.a().write(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)));
        ByteBuffer dst = ByteBuffer.allocate(10); // heap: java.net's Socket takes no other
        int n = p.b().read(dst);
        assertTrue(n >= 1 && n <= 3, "read " + n);
        dst.limit(3);
        p.b().readFully(dst);
        assertEquals('c', dst.get(2));
        p.a().shutdownOutput();
        assertEquals(-1, p.b().read(ByteBuffer.allocate(1)));
    }

    @ParameterizedTest
    @EnumSource(SocketApi.class)
    void buffersOverTcp(SocketApi api) throws IOException {
        try (StreamPairs pairs = pairs(api, false); StreamPair p = pairs.open()) {
            assertEquals("TCP loopback", pairs.sockets());
            shortReadThenEnd(p);
        }
    }

    @ParameterizedTest
    @EnumSource(value = SocketApi.class, names = {"SPINDLE", "NIO"})
    void buffersOverUnix(SocketApi api) throws IOException {
        try (StreamPairs pairs = pairs(api, true); StreamPair p = pairs.open()) {
            assertTrue(pairs.sockets().startsWith("AF_UNIX"), pairs.sockets());
            shortReadThenEnd(p);
        }
    }

    /** The streams a server reads: a short read into the array, then -1 once the peer shut its output. */
    @ParameterizedTest
    @EnumSource(SocketApi.class)
    void streams(SocketApi api) throws IOException {
        try (StreamListener l = api.listen(new InetSocketAddress("127.0.0.1", 0), 16);
             StreamSocket client = api.connect(l.address());
             StreamSocket server = l.accept()) {
            client.out().write(new byte[] {1, 2, 3});
            InputStream in = server.in();
            byte[] got = new byte[10];
            int n = in.read(got, 0, got.length);
            assertTrue(n >= 1 && n <= 3, "read " + n);
            while (n < 3) n += in.read(got, n, 3 - n);
            assertEquals(3, got[2]);
            client.shutdownOutput();
            assertEquals(-1, in.read());
        }
    }

    @ParameterizedTest
    @EnumSource(value = SocketApi.class, names = {"SPINDLE", "NIO"})
    void onlySpindleHasAReadTimeout(SocketApi api) throws IOException {
        try (StreamPairs pairs = pairs(api, false); StreamPair p = pairs.open()) {
            p.b().setReadTimeout(Duration.ZERO); // none: every kind takes it
            if (api == SocketApi.SPINDLE) p.b().setReadTimeout(Duration.ofSeconds(30));
            else assertThrows(UnsupportedOperationException.class, () -> p.b().setReadTimeout(Duration.ofSeconds(30)));
        }
    }
}
