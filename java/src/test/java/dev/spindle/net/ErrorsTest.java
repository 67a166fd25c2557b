package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NotYetBoundException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ErrorsTest {
    @Test
    void connectRefusedIsConnectExceptionAndClosesTheStream() throws Exception {
        InetSocketAddress dead;
        try (TcpListener l = Loopback.listener()) {
            dead = l.localAddress();
        }
        TcpStream s = TcpStream.open();
        ConnectException e = assertThrows(ConnectException.class, () -> s.connect(dead));
        assertTrue(e.getMessage().contains("refused"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(dead.getPort())), e.getMessage());
        assertFalse(s.isOpen());
        assertThrows(ConnectException.class, () -> TcpStream.open(dead));
    }

    @Test
    void addressInUseIsBindException() throws Exception {
        try (TcpListener a = Loopback.listener(); TcpListener b = TcpListener.open()) {
            b.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            BindException e = assertThrows(BindException.class, () -> b.bind(a.localAddress()));
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
            assertTrue(b.isOpen(), "a failed bind leaves the listener usable");
        }
    }

    @Test
    void reusePortLetsTwoListenersShareAPort() throws Exception {
        try (TcpListener a = TcpListener.open().setOption(StandardSocketOptions.SO_REUSEPORT, true);
             TcpListener b = TcpListener.open().setOption(StandardSocketOptions.SO_REUSEPORT, true)) {
            a.bind(Loopback.v4());
            b.bind(a.localAddress());
            assertEquals(a.localAddress(), b.localAddress());
            assertTrue(b.getOption(StandardSocketOptions.SO_REUSEPORT));
        }
    }

    @Test
    void peerResetSaysSo() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            s.setOption(StandardSocketOptions.SO_LINGER, 0);
            s.close(); // linger 0: RST instead of FIN
            IOException e = assertThrows(IOException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    c.write(ByteBuffer.allocate(1024));
                    c.read(ByteBuffer.allocate(1024));
                }
            });
            String message = e.getMessage().toLowerCase();
            assertTrue(message.contains("reset") || message.contains("broken pipe"), e.getMessage());
        }
    }

    @Test
    void readAfterPeerResetWhileBlocked() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            var reader = Loopback.start(true, () -> c.read(ByteBuffer.allocate(8)));
            Thread.sleep(50);
            s.setOption(StandardSocketOptions.SO_LINGER, 0);
            s.close();
            Throwable t = Loopback.failureOf(reader);
            assertInstanceOf(java.io.IOException.class, t);
            assertTrue(t.getMessage().toLowerCase().contains("connection reset"), t.getMessage());
        }
    }

    @Test
    void badArguments() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]; TcpListener l = TcpListener.open()) {
            assertThrows(NullPointerException.class, () -> c.read((ByteBuffer) null));
            assertThrows(NullPointerException.class, () -> c.write((ByteBuffer) null));
            assertThrows(NullPointerException.class, () -> TcpStream.open(null));
            assertThrows(IndexOutOfBoundsException.class, () -> c.read(new ByteBuffer[1], 1, 1));
            assertThrows(IllegalArgumentException.class, () -> c.read(ByteBuffer.allocate(4).asReadOnlyBuffer()));
            assertThrows(IllegalArgumentException.class,
                    () -> c.read(new ByteBuffer[] {ByteBuffer.allocateDirect(4).asReadOnlyBuffer()}));
            assertThrows(IllegalArgumentException.class, () -> c.setOption(StandardSocketOptions.SO_RCVBUF, -1));
            assertThrows(IllegalArgumentException.class, () -> c.setOption(StandardSocketOptions.TCP_NODELAY, null));
            assertThrows(UnsupportedOperationException.class, () -> l.setOption(StandardSocketOptions.TCP_NODELAY, true));
            assertThrows(UnsupportedOperationException.class, () -> c.getOption(StandardSocketOptions.IP_MULTICAST_TTL));
            assertThrows(IllegalArgumentException.class, () -> c.setOption(StandardSocketOptions.IP_TOS, 256));
            c.setOption(StandardSocketOptions.IP_TOS, 0x10);
            assertEquals(0x10, c.getOption(StandardSocketOptions.IP_TOS));
            assertThrows(UnresolvedAddressException.class,
                    () -> TcpStream.open(InetSocketAddress.createUnresolved("example.invalid", 80)));
            assertThrows(UnsupportedAddressTypeException.class,
                    () -> TcpStream.open(UnixDomainSocketAddress.of("/tmp/x")));
            assertThrows(NotYetBoundException.class, l::accept);
            assertThrows(AlreadyConnectedException.class, () -> c.connect(s.localAddress()));
            l.bind(Loopback.v4());
            assertThrows(AlreadyBoundException.class, () -> l.bind(Loopback.v4()));
        }
        try (TcpStream unconnected = TcpStream.open()) {
            assertThrows(NotYetConnectedException.class, () -> unconnected.read(ByteBuffer.allocate(1)));
            assertThrows(NotYetConnectedException.class, () -> unconnected.write(ByteBuffer.allocate(1)));
            assertEquals(null, unconnected.remoteAddress());
        }
    }

    @Test
    void zeroLengthBuffersReturnAtOnce() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            assertEquals(0, c.read(ByteBuffer.allocate(0)));
            assertEquals(0, c.read(ByteBuffer.allocateDirect(0)));
            assertEquals(0, c.read(new ByteBuffer[] {ByteBuffer.allocate(0), ByteBuffer.allocateDirect(0)}));
            assertEquals(0, c.write(ByteBuffer.allocate(0)));
            assertEquals(0, c.write(new ByteBuffer[0]));
            assertEquals(0, c.inputStream().read(new byte[4], 0, 0));
        }
    }

    @Test
    void readOnlyBufferWriteWorks() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            assertEquals(3, c.write(ByteBuffer.allocateDirect(3).asReadOnlyBuffer()));
            assertEquals(3, c.write(ByteBuffer.allocate(3).asReadOnlyBuffer()));
            assertEquals(6, Loopback.readExactly(s, 6, true).remaining());
        }
    }

    @Test
    void halfClose() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            c.write(Loopback.bytes("request"));
            c.shutdownOutput();
            assertThrows(ClosedChannelException.class, () -> c.write(ByteBuffer.allocate(1)));
            assertEquals(7, Loopback.readExactly(s, 7, false).remaining());
            assertEquals(-1, s.read(ByteBuffer.allocate(1)));
            // The other direction still works after the half-close.
            s.write(Loopback.bytes("response"));
            assertEquals(8, Loopback.readExactly(c, 8, true).remaining());
            s.shutdownOutput();
            assertEquals(-1, c.read(ByteBuffer.allocate(1)));
        }
    }

    @Test
    void shutdownInputWakesBlockedReader() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            var reader = Loopback.start(true, () -> c.read(ByteBuffer.allocate(8)));
            Thread.sleep(50);
            c.shutdownInput();
            assertEquals(-1, reader.get(10, TimeUnit.SECONDS));
            assertEquals(-1, c.read(ByteBuffer.allocate(8)));
            c.write(Loopback.bytes("still writable"));
            assertEquals(14, Loopback.readExactly(s, 14, false).remaining());
        }
    }

    @Test
    void optionsRoundTrip() throws Exception {
        try (TcpStream s = TcpStream.open()) {
            s.setOption(StandardSocketOptions.TCP_NODELAY, true).setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            assertTrue(s.getOption(StandardSocketOptions.TCP_NODELAY));
            assertTrue(s.getOption(StandardSocketOptions.SO_KEEPALIVE));
            s.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            assertTrue(s.getOption(StandardSocketOptions.SO_SNDBUF) >= 64 * 1024);
            s.setOption(StandardSocketOptions.SO_RCVBUF, 32 * 1024);
            assertTrue(s.getOption(StandardSocketOptions.SO_RCVBUF) >= 32 * 1024);
            assertEquals(-1, s.getOption(StandardSocketOptions.SO_LINGER));
            s.setOption(StandardSocketOptions.SO_LINGER, 5);
            assertEquals(5, s.getOption(StandardSocketOptions.SO_LINGER));
            s.setOption(StandardSocketOptions.SO_LINGER, -1);
            assertEquals(-1, s.getOption(StandardSocketOptions.SO_LINGER));
        }
        try (TcpListener l = TcpListener.open()) {
            assertTrue(l.getOption(StandardSocketOptions.SO_REUSEADDR), "on by default");
        }
    }
}
