package dev.spindle.nio;

import static dev.spindle.nio.Nio.PROVIDER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import dev.spindle.net.UdpSocket;
import dev.spindle.net.UnixListener;
import dev.spindle.net.UnixStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketOption;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.net.ExtendedSocketOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Spindle's channels against the JDK's own, kind by kind (TCP channel and listener, UDP of both families,
 * UNIX stream and listener, and the socket adaptors): Spindle's supportedOptions() hold the JDK's, and every
 * option of the JDK's set reads, takes and refuses values exactly as on the JDK (the same script runs on
 * both and must give the same transcript): SO_SNDBUF and SO_RCVBUF read back as set, bad values throw the
 * same exceptions, read-only options refuse the same way.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OptionParityTest {
    private static final SelectorProvider JDK = SelectorProvider.provider();

    @Test
    void theJdksProviderIsTheOtherSide() {
        Nio.assumeNative();
        assertFalse(JDK instanceof SpindleSelectorProvider, "the comparison needs the JDK's provider as the default");
    }

    @Test
    void tcpChannels() throws Exception {
        Nio.assumeNative();
        try (ServerSocketChannel jl = JDK.openServerSocketChannel(); ServerSocketChannel sl = PROVIDER.openServerSocketChannel()) {
            jl.bind(Nio.loopback());
            sl.bind(Nio.loopback());
            compare(jl, sl);
            try (SocketChannel jc = SocketChannel.open(jl.getLocalAddress()); SocketChannel ja = jl.accept();
                    SocketChannel sc = PROVIDER.openSocketChannel(); SocketChannel unconnected = PROVIDER.openSocketChannel();
                    SocketChannel junconnected = JDK.openSocketChannel()) {
                sc.connect(sl.getLocalAddress());
                try (SocketChannel sa = sl.accept()) {
                    compare(jc, sc);
                    compare(ja, sa);
                    compare(junconnected, unconnected);
                    compareAdaptors(jc.socket(), sc.socket());
                    compareAdaptors(jl.socket(), sl.socket());
                }
            }
        }
    }

    @Test
    void spindlesOwnTcpChannels() throws Exception {
        Nio.assumeNative();
        try (ServerSocketChannel jl = JDK.openServerSocketChannel(); TcpListener sl = TcpListener.open()) {
            jl.bind(Nio.loopback());
            sl.bind(Nio.loopback());
            compare(jl, sl);
            try (SocketChannel jc = SocketChannel.open(jl.getLocalAddress()); SocketChannel ja = jl.accept();
                    TcpStream sc = TcpStream.open(sl.localAddress()); TcpStream sa = sl.accept()) {
                compare(jc, sc);
                compare(ja, sa);
            }
        }
    }

    @Test
    void udpChannels() throws Exception {
        Nio.assumeNative();
        for (StandardProtocolFamily family : new StandardProtocolFamily[] {StandardProtocolFamily.INET, StandardProtocolFamily.INET6}) {
            try (DatagramChannel j = JDK.openDatagramChannel(family); DatagramChannel s = PROVIDER.openDatagramChannel(family);
                    DatagramChannel j2 = JDK.openDatagramChannel(family); UdpSocket own = UdpSocket.open(family);
                    DatagramChannel j3 = JDK.openDatagramChannel(family); DatagramChannel s3 = PROVIDER.openDatagramChannel(family)) {
                compare(j, s);
                compare(j2, own);
                compareAdaptors(j3.socket(), s3.socket());
            }
        }
        try (DatagramChannel j = JDK.openDatagramChannel(); DatagramChannel s = PROVIDER.openDatagramChannel()) {
            compare(j, s);
        }
    }

    @Test
    void unixChannels() throws Exception {
        Nio.assumeNative();
        Path dir = Files.createTempDirectory("parity");
        UnixDomainSocketAddress jPath = UnixDomainSocketAddress.of(dir.resolve("j")), sPath = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel jl = JDK.openServerSocketChannel(StandardProtocolFamily.UNIX);
                ServerSocketChannel sl = PROVIDER.openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            jl.bind(jPath);
            sl.bind(sPath);
            compare(jl, sl);
            try (SocketChannel jc = SocketChannel.open(jPath); SocketChannel ja = jl.accept();
                    SocketChannel sc = PROVIDER.openSocketChannel(StandardProtocolFamily.UNIX)) {
                sc.connect(sPath);
                try (SocketChannel sa = sl.accept()) {
                    compare(jc, sc);
                    compare(ja, sa);
                }
            }
        }
        UnixStream[] pair = UnixStream.pair();
        try (ServerSocketChannel jl = JDK.openServerSocketChannel(StandardProtocolFamily.UNIX);
                UnixListener own = UnixListener.open(UnixDomainSocketAddress.of(dir.resolve("o")));
                UnixStream a = pair[0]; UnixStream b = pair[1]) {
            jl.bind(UnixDomainSocketAddress.of(dir.resolve("j2")));
            compare(jl, own);
            try (SocketChannel jc = SocketChannel.open(jl.getLocalAddress()); SocketChannel ja = jl.accept()) {
                compare(jc, a);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.deleteIfExists(p);
            }
            Files.delete(dir);
        }
    }

    /** Spindle's set holds the JDK's, and the same script gives the same transcript on both. */
    private static void compare(NetworkChannel jdk, NetworkChannel spindle) throws IOException {
        Map<String, SocketOption<?>> mine = byName(spindle.supportedOptions());
        Map<String, SocketOption<?>> theirs = byName(jdk.supportedOptions());
        assertTrue(mine.keySet().containsAll(theirs.keySet()),
                spindle + " lacks " + theirs.keySet().stream().filter(n -> !mine.containsKey(n)).toList());
        for (SocketOption<?> o : jdk.supportedOptions()) {
            // the JDK's own objects, public ones identical, and its unexported SO_OOBINLINE taken too
            if (o.getClass().getName().startsWith("java.net.") || o.getClass().getName().startsWith("jdk.net."))
                assertTrue(spindle.supportedOptions().contains(o), o + " as the JDK's object");
        }
        for (String name : new java.util.TreeSet<>(theirs.keySet())) {
            assertEquals(script(jdk, theirs.get(name)), script(spindle, mine.get(name)), name + " on " + spindle);
            assertEquals(script(jdk, theirs.get(name)), script(spindle, theirs.get(name)), name + " (the JDK's object) on " + spindle);
        }
    }

    private static Map<String, SocketOption<?>> byName(Set<SocketOption<?>> options) {
        return options.stream().collect(Collectors.toMap(SocketOption::name, o -> o, (a, b) -> a, TreeMap::new));
    }

    /** Reads the option, sets each test value and reads it back: what happened, as text. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<String> script(NetworkChannel ch, SocketOption o) {
        List<String> out = new ArrayList<>();
        out.add(attempt(() -> ch.getOption(o)));
        for (Object v : values(o, ch)) {
            out.add(v + " -> " + attempt(() -> {
                ch.setOption(o, v);
                return ch.getOption(o);
            }));
        }
        return out;
    }

    private static List<Object> values(SocketOption<?> o, NetworkChannel ch) {
        List<Object> v = new ArrayList<>();
        v.add(null);
        switch (o.name()) {
            case "SO_SNDBUF", "SO_RCVBUF" -> v.addAll(List.of(131072, 1000, 0, 65536, -1));
            case "SO_LINGER" -> v.addAll(List.of(7, 100000, 0, -1));
            case "IP_TOS" -> v.addAll(List.of(0x28, 256, -1, 0));
            case "TCP_KEEPIDLE" -> v.addAll(List.of(37, 0, -1, 1 << 20));
            case "TCP_KEEPINTERVAL" -> v.addAll(List.of(11, 0));
            case "TCP_KEEPCOUNT" -> v.addAll(List.of(4, 0, 200));
            case "SO_INCOMING_NAPI_ID" -> v.add(1);
            case "IP_MULTICAST_TTL" -> v.addAll(List.of(7, 256, -1));
            case "IP_MULTICAST_IF" -> v.add(loopbackInterface());
            case "SO_PEERCRED" -> v.add(attemptValue(() -> ch.getOption(o)));
            default -> {
                if (o.type() == Boolean.class) v.addAll(List.of(true, false, true));
            }
        }
        return v;
    }

    private static void compareAdaptors(Socket jdk, Socket spindle) throws IOException {
        assertEquals(byName(jdk.supportedOptions()).keySet(), byName(spindle.supportedOptions()).keySet().stream()
                .filter(byName(jdk.supportedOptions())::containsKey).collect(Collectors.toSet()));
        assertEquals(adaptorScript(jdk), adaptorScript(spindle));
    }

    private static List<String> adaptorScript(Socket s) {
        return List.of(attempt(() -> {
            s.setOOBInline(true);
            return s.getOOBInline();
        }), attempt(() -> {
            s.setReceiveBufferSize(131072);
            return s.getReceiveBufferSize();
        }), attempt(() -> {
            s.setSendBufferSize(1000);
            return s.getSendBufferSize();
        }), attempt(() -> {
            s.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, 55);
            return s.getOption(ExtendedSocketOptions.TCP_KEEPIDLE);
        }));
    }

    private static void compareAdaptors(ServerSocket jdk, ServerSocket spindle) {
        List<String> j = List.of(attempt(() -> {
            jdk.setReceiveBufferSize(131072);
            return jdk.getReceiveBufferSize();
        }), attempt(() -> jdk.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 3).getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)));
        List<String> s = List.of(attempt(() -> {
            spindle.setReceiveBufferSize(131072);
            return spindle.getReceiveBufferSize();
        }), attempt(() -> spindle.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 3).getOption(ExtendedSocketOptions.TCP_KEEPCOUNT)));
        assertEquals(j, s);
    }

    private static void compareAdaptors(DatagramSocket jdk, DatagramSocket spindle) {
        List<String> j = List.of(attempt(() -> {
            jdk.setSendBufferSize(131072);
            return jdk.getSendBufferSize();
        }), attempt(() -> jdk.setOption(ExtendedSocketOptions.IP_DONTFRAGMENT, true).getOption(ExtendedSocketOptions.IP_DONTFRAGMENT)));
        List<String> s = List.of(attempt(() -> {
            spindle.setSendBufferSize(131072);
            return spindle.getSendBufferSize();
        }), attempt(() -> spindle.setOption(ExtendedSocketOptions.IP_DONTFRAGMENT, true).getOption(ExtendedSocketOptions.IP_DONTFRAGMENT)));
        assertEquals(j, s);
    }

    private static NetworkInterface loopbackInterface() {
        try {
            return NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    interface Call {
        Object call() throws Exception;
    }

    private static Object attemptValue(Call c) {
        try {
            return c.call();
        } catch (Exception e) {
            return null;
        }
    }

    /** The value, or the exception's class: messages may word things differently. */
    private static String attempt(Call c) {
        try {
            return String.valueOf(c.call());
        } catch (Exception e) {
            return e.getClass().getName();
        }
    }

}
