package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.spindle.net.ChildJvm;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The provider's UNIX family: SocketChannel.open(UNIX) and ServerSocketChannel.open(UNIX), blocking and selected. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class UnixChannelTest {
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        Nio.assumeNative();
        dir = Files.createTempDirectory(Path.of("/tmp"), "spn");
    }

    @AfterEach
    void tearDown() throws IOException {
        if (dir == null) return;
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) Files.deleteIfExists(p);
        }
        Files.delete(dir);
    }

    private UnixDomainSocketAddress path(String name) {
        return UnixDomainSocketAddress.of(dir.resolve(name));
    }

    private static String text(ByteBuffer b) {
        return StandardCharsets.US_ASCII.decode(b.flip()).toString();
    }

    @Test
    void blockingChannelsConnectAndEcho() throws Exception {
        UnixDomainSocketAddress address = path("s");
        try (ServerSocketChannel server = Nio.PROVIDER.openServerSocketChannel(StandardProtocolFamily.UNIX)) {
            assertSame(Nio.PROVIDER, server.provider());
            assertInstanceOf(SpindleServerSocketChannel.class, server);
            assertNull(server.getLocalAddress());
            server.bind(address);
            assertEquals(address, server.getLocalAddress());
            assertEquals(Set.of(StandardSocketOptions.SO_RCVBUF), server.supportedOptions());
            try (SocketChannel client = Nio.PROVIDER.openSocketChannel(StandardProtocolFamily.UNIX)) {
                assertInstanceOf(SpindleSocketChannel.class, client);
                assertNull(client.getLocalAddress(), "unbound, as in the JDK");
                assertTrue(client.connect(address));
                assertEquals(address, client.getRemoteAddress());
                assertEquals(UnixDomainSocketAddress.of(""), client.getLocalAddress());
                try (SocketChannel accepted = server.accept()) {
                    assertEquals(address, accepted.getLocalAddress());
                    client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
                    ByteBuffer in = ByteBuffer.allocate(5);
                    while (in.hasRemaining()) accepted.read(in);
                    assertEquals("hello", text(in));
                    accepted.shutdownOutput();
                    assertEquals(-1, client.read(ByteBuffer.allocate(1)));
                    assertThrows(UnsupportedOperationException.class, client::socket, "as in the JDK");
                    assertThrows(UnsupportedOperationException.class, server::socket);
                    assertTrue(client.supportedOptions().contains(StandardSocketOptions.SO_SNDBUF));
                }
            }
        }
        assertTrue(Files.exists(address.getPath()), "the JDK's channels leave the socket file; so does the provider");
    }

    @Test
    void selectorDrivesUnixChannels() throws Exception {
        UnixDomainSocketAddress address = path("sel");
        try (Selector selector = Nio.PROVIDER.openSelector();
                ServerSocketChannel server = Nio.PROVIDER.openServerSocketChannel(StandardProtocolFamily.UNIX);
                SocketChannel client = Nio.PROVIDER.openSocketChannel(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            server.configureBlocking(false);
            SelectionKey acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
            client.configureBlocking(false);
            boolean connected = client.connect(address);
            SelectionKey connectKey = client.register(selector, connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT);
            SocketChannel accepted = null;
            ByteBuffer got = ByteBuffer.allocate(4);
            for (int round = 0; round < 100 && got.hasRemaining(); round++) {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key == acceptKey && key.isAcceptable()) {
                        accepted = server.accept();
                        accepted.configureBlocking(false);
                        accepted.register(selector, SelectionKey.OP_READ);
                        client.write(ByteBuffer.wrap("ping".getBytes(StandardCharsets.US_ASCII)));
                    } else if (key == connectKey && key.isConnectable()) {
                        assertTrue(client.finishConnect());
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable() && key.channel() == accepted) {
                        accepted.read(got);
                    }
                }
                selector.selectedKeys().clear();
            }
            assertEquals("ping", text(got));
            accepted.close();
        }
    }

    @Test
    void bindNullAndWrongAddresses() throws Exception {
        try (ServerSocketChannel server = Nio.PROVIDER.openServerSocketChannel(StandardProtocolFamily.UNIX);
                SocketChannel client = Nio.PROVIDER.openSocketChannel(StandardProtocolFamily.UNIX)) {
            server.bind(null); // as the JDK: a new file in java.io.tmpdir
            Path file = ((UnixDomainSocketAddress) server.getLocalAddress()).getPath();
            try {
                assertTrue(Files.exists(file), file.toString());
                client.bind(null); // unnamed
                assertEquals(UnixDomainSocketAddress.of(""), client.getLocalAddress());
                assertThrows(UnsupportedAddressTypeException.class, () -> client.connect(new InetSocketAddress(0)));
                assertFalse(client.isConnected());
                client.connect(server.getLocalAddress());
                assertTrue(client.isConnected());
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void staticOpenGoesThroughTheInstalledProvider() throws Exception {
        try (ChildJvm child = ChildJvm.start(
                List.of("-Djava.nio.channels.spi.SelectorProvider=" + SpindleSelectorProvider.class.getName()),
                UnixChannelChild.class)) {
            ChildJvm.Result r = child.await(Duration.ofSeconds(30), Duration.ofSeconds(60));
            assertFalse(r.killed(), r.why() + "\n" + r.output());
            assertEquals(0, r.exitCode(), r.output());
            assertEquals("SpindleServerSocketChannel client=SpindleSocketChannel", r.last("server="), r.output());
            assertEquals("over unix", r.last("echo="), r.output());
        }
    }

    @Test
    void otherFamiliesAreRefused() {
        assertThrows(UnsupportedOperationException.class,
                () -> Nio.PROVIDER.openSocketChannel(new java.net.ProtocolFamily() {
                    @Override
                    public String name() {
                        return "OTHER";
                    }
                }));
    }
}
