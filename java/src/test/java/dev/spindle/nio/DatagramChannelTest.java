package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.IllegalBlockingModeException;
import java.nio.channels.MembershipKey;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The provider's DatagramChannel, its selector glue and its socket() adaptor, on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DatagramChannelTest {
    private static final SpindleSelectorProvider PROVIDER = Nio.PROVIDER;

    private static DatagramChannel bound(InetAddress address) throws IOException {
        DatagramChannel ch = address instanceof Inet4Address
                ? PROVIDER.openDatagramChannel(StandardProtocolFamily.INET)
                : PROVIDER.openDatagramChannel(StandardProtocolFamily.INET6);
        ch.bind(new InetSocketAddress(address, 0));
        return ch;
    }

    private static DatagramChannel bound() throws IOException {
        return bound(InetAddress.getLoopbackAddress());
    }

    private static InetAddress loopback6() throws IOException {
        InetAddress v6 = InetAddress.getByName("::1");
        try (DatagramChannel probe = PROVIDER.openDatagramChannel(StandardProtocolFamily.INET6)) {
            probe.bind(new InetSocketAddress(v6, 0));
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
        }
        return v6;
    }

    private static String text(ByteBuffer b) {
        b.flip();
        return StandardCharsets.US_ASCII.decode(b).toString();
    }

    @Test
    void opensNativeChannelsOfThisProvider() throws Exception {
        Nio.assumeNative();
        try (DatagramChannel ch = PROVIDER.openDatagramChannel()) {
            assertInstanceOf(SpindleDatagramChannel.class, ch);
            assertSame(PROVIDER, ch.provider());
            assertEquals(SelectionKey.OP_READ | SelectionKey.OP_WRITE, ch.validOps());
            assertTrue(ch.isBlocking());
            assertNull(ch.getLocalAddress());
            assertNull(ch.getRemoteAddress());
            assertFalse(ch.isConnected());
        }
        assertThrows(UnsupportedOperationException.class, () -> PROVIDER.openDatagramChannel(StandardProtocolFamily.UNIX));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1"})
    void sendAndReceiveCarryAddresses(String host) throws Exception {
        Nio.assumeNative();
        InetAddress address = host.contains(":") ? loopback6() : InetAddress.getByName(host);
        try (DatagramChannel a = bound(address); DatagramChannel b = bound(address)) {
            InetSocketAddress aAt = (InetSocketAddress) a.getLocalAddress(), bAt = (InetSocketAddress) b.getLocalAddress();
            assertEquals(address, aAt.getAddress());
            assertTrue(aAt.getPort() > 0);
            assertEquals(5, a.send(Nio.ascii("hello"), bAt));
            ByteBuffer in = ByteBuffer.allocate(64);
            assertEquals(aAt, b.receive(in));
            assertEquals("hello", text(in));
            // Direct buffers, and a datagram longer than the room: the rest is dropped, as in the JDK.
            assertEquals(11, b.send(ByteBuffer.allocateDirect(11).put("0123456789A".getBytes(StandardCharsets.US_ASCII)).flip(), aAt));
            ByteBuffer small = ByteBuffer.allocateDirect(4);
            assertEquals(bAt, a.receive(small));
            assertEquals("0123", text(small));
            a.configureBlocking(false);
            assertNull(a.receive(ByteBuffer.allocate(8)), "the truncated rest is gone, not a second datagram");
        }
    }

    @Test
    void dualStackChannelTalksToIpv4() throws Exception {
        Nio.assumeNative();
        loopback6();
        try (DatagramChannel v6 = PROVIDER.openDatagramChannel(StandardProtocolFamily.INET6);
                DatagramChannel v4 = bound(InetAddress.getByName("127.0.0.1"))) {
            v6.bind(new InetSocketAddress(0)); // the wildcard: IPv4 too, as IPv4-mapped
            int port = ((InetSocketAddress) v6.getLocalAddress()).getPort();
            v4.send(Nio.ascii("mapped"), new InetSocketAddress("127.0.0.1", port));
            ByteBuffer in = ByteBuffer.allocate(16);
            InetSocketAddress from = (InetSocketAddress) v6.receive(in);
            assertInstanceOf(Inet4Address.class, from.getAddress());
            assertEquals(v4.getLocalAddress(), from);
            assertEquals("mapped", text(in));
            assertEquals(2, v6.send(Nio.ascii("ok"), from));
            ByteBuffer back = ByteBuffer.allocate(8);
            assertEquals(port, ((InetSocketAddress) v4.receive(back)).getPort());
            assertEquals("ok", text(back));
        }
    }

    @Test
    void sendAndReceiveBindAnUnboundChannel() throws Exception {
        Nio.assumeNative();
        try (DatagramChannel ch = PROVIDER.openDatagramChannel()) {
            ch.configureBlocking(false);
            assertNull(ch.receive(ByteBuffer.allocate(4)));
            assertNotNull(ch.getLocalAddress(), "bound by the receive");
        }
        try (DatagramChannel server = bound(); DatagramChannel client = PROVIDER.openDatagramChannel()) {
            client.send(Nio.ascii("x"), server.getLocalAddress());
            InetSocketAddress local = (InetSocketAddress) client.getLocalAddress();
            assertNotNull(local);
            ByteBuffer in = ByteBuffer.allocate(4);
            assertEquals(local.getPort(), ((InetSocketAddress) server.receive(in)).getPort());
        }
    }

    @Test
    void argumentsAreCheckedAsTheJdkDoes() throws Exception {
        Nio.assumeNative();
        try (DatagramChannel ch = bound()) {
            assertThrows(AlreadyBoundException.class, () -> ch.bind(Nio.loopback()));
            assertThrows(IllegalArgumentException.class, () -> ch.receive(ByteBuffer.allocate(4).asReadOnlyBuffer()));
            assertThrows(UnresolvedAddressException.class,
                    () -> ch.send(Nio.ascii("x"), InetSocketAddress.createUnresolved("nowhere.invalid", 9)));
            assertTrue(ch.isOpen(), "an unresolved target leaves the channel open");
            assertThrows(SocketException.class, () -> ch.send(Nio.ascii("x"), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            assertThrows(NotYetConnectedException.class, () -> ch.read(ByteBuffer.allocate(4)));
            assertThrows(NotYetConnectedException.class, () -> ch.write(Nio.ascii("x")));
        }
    }

    @Test
    void connectedChannelReadsWritesAndDisconnects() throws Exception {
        Nio.assumeNative();
        try (DatagramChannel server = bound(); DatagramChannel client = bound(); DatagramChannel other = bound()) {
            SocketAddress serverAt = server.getLocalAddress();
            other.send(Nio.ascii("stale"), client.getLocalAddress()); // queued before connect: dropped by it
            client.connect(serverAt);
            assertTrue(client.isConnected());
            assertEquals(serverAt, client.getRemoteAddress());
            assertThrows(AlreadyConnectedException.class, () -> client.connect(serverAt));
            assertThrows(AlreadyConnectedException.class, () -> client.send(Nio.ascii("x"), other.getLocalAddress()));

            assertEquals(4, client.write(Nio.ascii("ping")));
            ByteBuffer in = ByteBuffer.allocate(16);
            assertEquals(client.getLocalAddress(), server.receive(in));
            assertEquals("ping", text(in));
            other.send(Nio.ascii("not from the peer"), client.getLocalAddress()); // filtered by the kernel
            server.send(Nio.ascii("pong"), client.getLocalAddress());
            ByteBuffer reply = ByteBuffer.allocate(16);
            assertEquals(4, client.read(reply));
            assertEquals("pong", text(reply));
            assertEquals(2, client.send(Nio.ascii("hi"), serverAt), "send to the peer is a write");

            ByteBuffer[] parts = {ByteBuffer.allocate(2), ByteBuffer.allocateDirect(8)};
            server.send(Nio.ascii("scatter"), client.getLocalAddress());
            assertEquals(7, client.read(parts, 0, 2));
            assertEquals("sc", text(parts[0]));
            assertEquals("atter", text(parts[1]));
            assertEquals(6, client.write(new ByteBuffer[] {Nio.ascii("gat"), Nio.ascii("her")}, 0, 2));
            server.receive(in.clear()); // "hi"
            ByteBuffer gathered = ByteBuffer.allocate(16);
            server.receive(gathered);
            assertEquals("gather", text(gathered));

            SocketAddress local = client.getLocalAddress();
            client.disconnect();
            assertFalse(client.isConnected());
            assertNull(client.getRemoteAddress());
            assertEquals(local, client.getLocalAddress(), "disconnect keeps the local address");
            assertThrows(NotYetConnectedException.class, () -> client.write(Nio.ascii("x")));
            client.configureBlocking(false);
            assertNull(client.receive(ByteBuffer.allocate(32)), "what others sent while connected was never queued");
            other.send(Nio.ascii("now"), local);
            client.configureBlocking(true);
            ByteBuffer any = ByteBuffer.allocate(32);
            assertEquals(other.getLocalAddress(), client.receive(any), "unconnected again: datagrams from anyone");
        }
    }

    @Test
    void portUnreachableOnAConnectedChannel() throws Exception {
        Nio.assumeNative();
        SocketAddress closed;
        try (DatagramChannel gone = bound()) {
            closed = gone.getLocalAddress();
        }
        try (DatagramChannel ch = bound()) {
            ch.connect(closed);
            ch.write(Nio.ascii("anyone?"));
            // The ICMP error comes back asynchronously; the next read (or write) reports it.
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 50; i++) {
                    ch.write(Nio.ascii("anyone?"));
                    Thread.sleep(10);
                }
                ch.read(ByteBuffer.allocate(8));
            });
            assertInstanceOf(PortUnreachableException.class, e);
            assertTrue(ch.isOpen(), "PortUnreachableException leaves the channel open");
        }
    }

    @Test
    void nonBlockingReceiveReturnsNullAndSelectorWakesForData() throws Exception {
        Nio.assumeNative();
        try (Selector selector = PROVIDER.openSelector(); DatagramChannel server = bound(); DatagramChannel client = bound()) {
            server.configureBlocking(false);
            assertNull(server.receive(ByteBuffer.allocate(8)));
            SelectionKey key = server.register(selector, SelectionKey.OP_READ);
            assertEquals(0, selector.selectNow());
            client.send(Nio.ascii("wake"), server.getLocalAddress());
            assertEquals(1, selector.select(10_000));
            assertTrue(key.isReadable());
            ByteBuffer in = ByteBuffer.allocate(8);
            assertEquals(client.getLocalAddress(), server.receive(in));
            assertEquals("wake", text(in));
            selector.selectedKeys().clear();
            assertEquals(0, selector.selectNow(), "drained: not readable any more");
            key.interestOps(SelectionKey.OP_WRITE);
            assertEquals(1, selector.select(10_000));
            assertTrue(key.isWritable());
        }
    }

    @Test
    void selectorEchoServer() throws Exception {
        Nio.assumeNative();
        try (Selector selector = PROVIDER.openSelector(); DatagramChannel server = bound()) {
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_READ);
            SocketAddress at = server.getLocalAddress();
            Thread loop = Thread.ofPlatform().start(() -> echo(selector));
            try {
                List<Thread> clients = new ArrayList<>();
                List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
                for (int c = 0; c < 8; c++) {
                    int id = c;
                    clients.add(Thread.ofVirtual().start(() -> {
                        try (DatagramChannel ch = bound()) {
                            ch.connect(at);
                            for (int m = 0; m < 20; m++) {
                                byte[] out = ("client " + id + " message " + m).getBytes(StandardCharsets.US_ASCII);
                                ch.write(ByteBuffer.wrap(out));
                                ByteBuffer in = ByteBuffer.allocate(64);
                                ch.read(in);
                                assertArrayEquals(out, java.util.Arrays.copyOf(in.array(), in.position()));
                            }
                        } catch (Throwable t) {
                            failures.add(t);
                        }
                    }));
                }
                for (Thread t : clients) t.join();
                if (!failures.isEmpty()) throw new AssertionError(failures.get(0));
            } finally {
                loop.interrupt();
                selector.wakeup();
                loop.join();
            }
        }
    }

    private static void echo(Selector selector) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(2048);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    DatagramChannel ch = (DatagramChannel) key.channel();
                    SocketAddress from;
                    while ((from = ch.receive(buffer.clear())) != null) ch.send(buffer.flip(), from);
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void closeWakesABlockedReceiver(boolean virtual) throws Exception {
        Nio.assumeNative();
        DatagramChannel ch = bound();
        Nio.Running<SocketAddress> r = Nio.blocked(virtual, () -> ch.receive(ByteBuffer.allocate(8)));
        ch.close();
        assertInstanceOf(AsynchronousCloseException.class, Nio.failureOf(r.result()));
        assertThrows(ClosedChannelException.class, () -> ch.receive(ByteBuffer.allocate(8)));
        assertThrows(ClosedChannelException.class, () -> ch.send(Nio.ascii("x"), Nio.loopback()));
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void interruptClosesABlockedReceiver(boolean virtual) throws Exception {
        Nio.assumeNative();
        try (DatagramChannel ch = bound()) {
            Nio.Running<SocketAddress> r = Nio.blocked(virtual, () -> ch.receive(ByteBuffer.allocate(8)));
            r.thread().interrupt();
            assertInstanceOf(ClosedByInterruptException.class, Nio.failureOf(r.result()));
            assertFalse(ch.isOpen());
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void interruptClosesTheAdaptorsBlockedReceive(boolean virtual) throws Exception {
        Nio.assumeNative();
        try (DatagramChannel ch = bound()) {
            Nio.Running<Object> r = Nio.blocked(virtual, () -> {
                ch.socket().receive(new DatagramPacket(new byte[8], 8));
                return null;
            });
            r.thread().interrupt();
            assertInstanceOf(ClosedByInterruptException.class, Nio.failureOf(r.result()));
            assertTrue(ch.socket().isClosed());
        }
    }

    @Test
    void closingReleasesTheFd() throws Exception {
        Nio.assumeNative();
        int before = Nio.openFds();
        for (int i = 0; i < 20; i++) {
            try (DatagramChannel ch = bound(); Selector s = PROVIDER.openSelector()) {
                ch.configureBlocking(false);
                ch.register(s, SelectionKey.OP_READ);
                ch.socket(); // the adaptor opens nothing of its own
            }
        }
        assertEquals(before, Nio.awaitFds(before));
    }

    @Test
    void optionsRoundTrip() throws Exception {
        Nio.assumeNative();
        try (DatagramChannel ch = PROVIDER.openDatagramChannel(StandardProtocolFamily.INET)) {
            Set<String> names = new HashSet<>();
            ch.supportedOptions().forEach(o -> names.add(o.name()));
            assertTrue(names.containsAll(Set.of("SO_SNDBUF", "SO_RCVBUF", "SO_REUSEADDR", "SO_BROADCAST", "IP_TOS",
                    "IP_MULTICAST_IF", "IP_MULTICAST_TTL", "IP_MULTICAST_LOOP")), names.toString());
            ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            assertTrue(ch.getOption(StandardSocketOptions.SO_BROADCAST));
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            assertTrue(ch.getOption(StandardSocketOptions.SO_REUSEADDR));
            ch.setOption(StandardSocketOptions.IP_TOS, 0x28);
            assertEquals(0x28, ch.getOption(StandardSocketOptions.IP_TOS));
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            assertTrue(ch.getOption(StandardSocketOptions.SO_RCVBUF) >= 64 * 1024);
            ch.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 7);
            assertEquals(7, ch.getOption(StandardSocketOptions.IP_MULTICAST_TTL));
            ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, false);
            assertFalse(ch.getOption(StandardSocketOptions.IP_MULTICAST_LOOP));
            assertThrows(UnsupportedOperationException.class, () -> ch.getOption(StandardSocketOptions.TCP_NODELAY));
            assertThrows(NullPointerException.class, () -> ch.getOption(null));
            // The socket adaptor reads and writes the same options.
            DatagramSocket s = ch.socket();
            assertTrue(s.getBroadcast());
            s.setBroadcast(false);
            assertFalse(ch.getOption(StandardSocketOptions.SO_BROADCAST));
            s.setTrafficClass(0x10);
            assertEquals(0x10, ch.getOption(StandardSocketOptions.IP_TOS));
            s.setReceiveBufferSize(128 * 1024);
            assertTrue(s.getReceiveBufferSize() >= 128 * 1024);
            ch.close();
            assertThrows(ClosedChannelException.class, () -> ch.getOption(StandardSocketOptions.SO_BROADCAST));
            assertThrows(SocketException.class, s::getBroadcast);
        }
    }

    @Test
    void adaptorSendsReceivesAndTimesOut() throws Exception {
        Nio.assumeNative();
        try (DatagramChannel a = bound(); DatagramChannel b = bound()) {
            DatagramSocket sa = a.socket(), sb = b.socket();
            assertSame(sa, a.socket());
            assertSame(a, sa.getChannel());
            assertTrue(sa.isBound());
            assertEquals(a.getLocalAddress(), sa.getLocalSocketAddress());
            assertFalse(sa.isConnected());

            sa.send(new DatagramPacket("abc".getBytes(StandardCharsets.US_ASCII), 3, b.getLocalAddress()));
            DatagramPacket p = new DatagramPacket(new byte[32], 32);
            sb.receive(p);
            assertEquals("abc", new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
            assertEquals(a.getLocalAddress(), p.getSocketAddress());
            // The same packet again: it keeps its room, though setLength shrank its length to 3.
            sa.send(new DatagramPacket("longer".getBytes(StandardCharsets.US_ASCII), 6, b.getLocalAddress()));
            sb.receive(p);
            assertEquals("longer", new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));

            sb.setSoTimeout(50);
            assertEquals(50, sb.getSoTimeout());
            assertThrows(SocketTimeoutException.class, () -> sb.receive(new DatagramPacket(new byte[4], 4)));
            assertTrue(b.isOpen(), "a timeout leaves the socket usable");

            sa.connect(b.getLocalAddress());
            assertTrue(sa.isConnected());
            assertEquals(b.getLocalAddress(), sa.getRemoteSocketAddress());
            DatagramPacket noAddress = new DatagramPacket("to peer".getBytes(StandardCharsets.US_ASCII), 7);
            sa.send(noAddress);
            assertEquals(b.getLocalAddress(), noAddress.getSocketAddress());
            sb.receive(p = new DatagramPacket(new byte[32], 32));
            assertEquals("to peer", new String(p.getData(), 0, p.getLength(), StandardCharsets.US_ASCII));
            assertThrows(IllegalArgumentException.class,
                    () -> sa.send(new DatagramPacket(new byte[1], 1, new InetSocketAddress(InetAddress.getLoopbackAddress(), 9))));
            sa.disconnect();
            assertFalse(sa.isConnected());
            assertEquals(-1, sa.getPort());

            b.configureBlocking(false);
            assertThrows(IllegalBlockingModeException.class, () -> sb.receive(new DatagramPacket(new byte[4], 4)));
            sb.close();
            assertTrue(sb.isClosed());
            assertFalse(b.isOpen());
            assertNull(sb.getLocalSocketAddress());
        }
    }

    @Test
    void adaptorBindsAnUnboundChannel() throws Exception {
        Nio.assumeNative();
        try (DatagramChannel ch = PROVIDER.openDatagramChannel(StandardProtocolFamily.INET)) {
            DatagramSocket s = ch.socket();
            assertFalse(s.isBound());
            assertEquals(0, s.getLocalPort());
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertTrue(s.getLocalPort() > 0);
            assertEquals(ch.getLocalAddress(), s.getLocalSocketAddress());
            assertThrows(SocketException.class, () -> s.bind(Nio.loopback()));
        }
    }

    /** A multicast-capable interface with an IPv4 address, or null: loopback has no MULTICAST flag on many hosts. */
    private static NetworkInterface multicastInterface() throws IOException {
        for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!ni.isUp() || !ni.supportsMulticast()) continue;
            for (InetAddress a : Collections.list(ni.getInetAddresses())) if (a instanceof Inet4Address) return ni;
        }
        return null;
    }

    @Test
    void multicastJoinBlockAndDrop() throws Exception {
        Nio.assumeNative();
        NetworkInterface ni = multicastInterface();
        assumeTrue(ni != null, "no up, multicast-capable interface with IPv4 here");
        InetAddress group = InetAddress.getByName("239.255.77.77");
        try (DatagramChannel receiver = PROVIDER.openDatagramChannel(StandardProtocolFamily.INET);
                DatagramChannel sender = PROVIDER.openDatagramChannel(StandardProtocolFamily.INET)) {
            receiver.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            receiver.bind(new InetSocketAddress(0));
            int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
            sender.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
            assertEquals(ni, sender.getOption(StandardSocketOptions.IP_MULTICAST_IF));
            sender.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true); // stays on this host
            sender.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 0);
            sender.bind(new InetSocketAddress(0));

            MembershipKey key = receiver.join(group, ni);
            assertSame(receiver, key.channel());
            assertEquals(group, key.group());
            assertEquals(ni, key.networkInterface());
            assertNull(key.sourceAddress());
            assertTrue(key.isValid());
            assertSame(key, receiver.join(group, ni), "joining again returns the same key");
            assertSame(key, ((SpindleDatagramChannel) receiver).membership(group, ni));

            receiver.configureBlocking(false);
            InetSocketAddress to = new InetSocketAddress(group, port);
            sender.send(Nio.ascii("one"), to);
            assertEquals("one", receiveWithin(receiver, 5000));

            InetAddress source = ((InetSocketAddress) sender.getLocalAddress()).getAddress();
            InetAddress senderIp = ni.inetAddresses().filter(a -> a instanceof Inet4Address).findFirst().orElseThrow();
            key.block(senderIp);
            sender.send(Nio.ascii("blocked"), to);
            assertNull(receiveWithin(receiver, 300), "a blocked source's datagrams are dropped (source " + source + ")");
            key.unblock(senderIp);
            sender.send(Nio.ascii("two"), to);
            assertEquals("two", receiveWithin(receiver, 5000));

            key.drop();
            assertFalse(key.isValid());
            sender.send(Nio.ascii("gone"), to);
            assertNull(receiveWithin(receiver, 300), "no datagrams once the membership is dropped");
        }
    }

    /** A non-blocking channel's next datagram as text, polling for at most {@code millis}; null if none came. */
    private static String receiveWithin(DatagramChannel ch, long millis) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        ByteBuffer in = ByteBuffer.allocate(64);
        do {
            if (ch.receive(in) != null) return text(in);
            Thread.sleep(5);
        } while (System.nanoTime() < deadline);
        return null;
    }

    @Test
    void multicastArgumentsAreChecked() throws Exception {
        Nio.assumeNative();
        NetworkInterface ni = multicastInterface();
        assumeTrue(ni != null, "no up, multicast-capable interface with IPv4 here");
        try (DatagramChannel ch = PROVIDER.openDatagramChannel(StandardProtocolFamily.INET)) {
            ch.bind(new InetSocketAddress(0));
            assertThrows(IllegalArgumentException.class, () -> ch.join(InetAddress.getByName("127.0.0.1"), ni));
            assertThrows(IllegalArgumentException.class, () -> ch.join(InetAddress.getByName("ff02::1"), ni));
            MembershipKey ssm = ch.join(InetAddress.getByName("232.1.2.3"), ni, InetAddress.getByName("192.0.2.77"));
            assertEquals(InetAddress.getByName("192.0.2.77"), ssm.sourceAddress());
            assertThrows(IllegalStateException.class, () -> ssm.block(InetAddress.getByName("192.0.2.78")));
            // The socket adaptor's joinGroup and leaveGroup, on the channel's memberships.
            DatagramSocket s = ch.socket();
            InetSocketAddress group = new InetSocketAddress(InetAddress.getByName("239.255.77.78"), 0);
            s.joinGroup(group, ni);
            MembershipKey key = ((SpindleDatagramChannel) ch).membership(group.getAddress(), ni);
            assertNotNull(key);
            assertThrows(SocketException.class, () -> s.joinGroup(group, ni), "already a member");
            s.leaveGroup(group, ni);
            assertFalse(key.isValid());
            assertThrows(SocketException.class, () -> s.leaveGroup(group, ni), "not a member");
            assertThrows(SocketException.class, () -> s.joinGroup(new InetSocketAddress("127.0.0.1", 0), ni));
            ch.close();
            assertFalse(ssm.isValid(), "closing the channel drops its memberships");
        }
    }

    @Test
    void ipv4ChannelRejectsIpv6Addresses() throws Exception {
        Nio.assumeNative();
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 9);
        try (DatagramChannel v4 = PROVIDER.openDatagramChannel(StandardProtocolFamily.INET)) {
            assertThrows(UnsupportedAddressTypeException.class, () -> v4.bind(v6));
            assertThrows(UnsupportedAddressTypeException.class, () -> v4.send(Nio.ascii("x"), v6));
            assertThrows(UnsupportedAddressTypeException.class, () -> v4.connect(v6));
            assertTrue(v4.isOpen());
        }
    }
}
