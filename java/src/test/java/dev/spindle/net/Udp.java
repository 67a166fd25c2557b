package dev.spindle.net;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Test helpers for UDP: loopback sockets of either family, and datagram contents. */
final class Udp {
    private Udp() {}

    /** Skips a test on the JDK fallback: UdpSocket lives on the native core only. */
    static void assumeNative() {
        assumeTrue(Spindle.isAvailable(), "UdpSocket needs the native library");
    }

    /** A socket bound to 127.0.0.1 (ipv6=false) or ::1, with a read timeout so no test hangs. */
    static UdpSocket bound(boolean ipv6) throws IOException {
        UdpSocket s = ipv6 ? UdpSocket.open(StandardProtocolFamily.INET6) : UdpSocket.open(StandardProtocolFamily.INET);
        s.setReadTimeout(Duration.ofSeconds(10));
        return s.bind(new InetSocketAddress(loopback(ipv6), 0));
    }

    static InetAddress loopback(boolean ipv6) throws IOException {
        return InetAddress.getByName(ipv6 ? "::1" : "127.0.0.1");
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    static String text(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.US_ASCII);
    }
}
