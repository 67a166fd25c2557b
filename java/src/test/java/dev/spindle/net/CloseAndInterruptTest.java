package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(60)
class CloseAndInterruptTest {
    private record Blocked(Thread thread, Future<?> result) {}

    private static Blocked block(boolean virtual, Callable<?> op) throws InterruptedException {
        FutureTask<Object> f = new FutureTask<>(op::call);
        Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon()).start(f);
        Loopback.awaitBlocked(t);
        return new Blocked(t, f);
    }

    /** Fills the peer-less send path until write would block, from a helper that stays blocked. */
    private static Callable<?> writeForever(TcpStream s) {
        return () -> {
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            for (;;) {
                chunk.clear();
                s.write(chunk);
            }
        };
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeWakesBlockedReaderAndWriterAtOnce(boolean virtual) throws Exception {
        TcpStream[] p = Loopback.pair();
        TcpStream c = p[0];
        try (TcpStream s = p[1]) {
            Blocked reader = block(virtual, () -> c.read(ByteBuffer.allocate(10)));
            Blocked writer = block(virtual, writeForever(c));
            c.close();
            assertInstanceOf(AsynchronousCloseException.class, Loopback.failureOf(reader.result));
            // A send blocked in the kernel may return at close having written all of its chunk, completing
            // that write() call; the loop's next write() then finds the stream closed: either exception.
            assertInstanceOf(ClosedChannelException.class, Loopback.failureOf(writer.result));
            assertFalse(c.isOpen());
            // The peer sees the connection end.
            ByteBuffer sink = ByteBuffer.allocate(1 << 16);
            while (s.read(sink.clear()) >= 0) {}
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeWakesBlockedAcceptor(boolean virtual) throws Exception {
        TcpListener l = Loopback.listener();
        Blocked acceptor = block(virtual, l::accept);
        l.close();
        assertInstanceOf(AsynchronousCloseException.class, Loopback.failureOf(acceptor.result));
        assertThrows(ClosedChannelException.class, l::accept);
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void interruptClosesAndWakesReader(boolean virtual) throws Exception {
        TcpStream[] p = Loopback.pair();
        TcpStream c = p[0];
        try (TcpStream s = p[1]) {
            Blocked reader = block(virtual, () -> c.read(ByteBuffer.allocate(10)));
            reader.thread.interrupt();
            assertInstanceOf(ClosedByInterruptException.class, Loopback.failureOf(reader.result));
            assertFalse(c.isOpen());
            assertThrows(ClosedChannelException.class, () -> c.write(ByteBuffer.allocate(1)));
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void interruptClosesAndWakesWriter(boolean virtual) throws Exception {
        TcpStream[] p = Loopback.pair();
        TcpStream c = p[0];
        try (TcpStream s = p[1]) {
            Blocked writer = block(virtual, writeForever(c));
            writer.thread.interrupt();
            assertInstanceOf(ClosedByInterruptException.class, Loopback.failureOf(writer.result));
            assertFalse(c.isOpen());
        }
    }

    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void interruptClosesAndWakesAcceptor(boolean virtual) throws Exception {
        TcpListener l = Loopback.listener();
        Blocked acceptor = block(virtual, l::accept);
        acceptor.thread.interrupt();
        assertInstanceOf(ClosedByInterruptException.class, Loopback.failureOf(acceptor.result));
        assertFalse(l.isOpen());
    }

    @Test
    void interruptedBeforeBlockingClosesToo() throws Exception {
        TcpStream[] p = Loopback.pair();
        TcpStream c = p[0];
        try (TcpStream s = p[1]) {
            Future<Object> f = Loopback.start(false, () -> {
                Thread.currentThread().interrupt();
                return c.read(ByteBuffer.allocate(1));
            });
            assertInstanceOf(ClosedByInterruptException.class, Loopback.failureOf(f));
            assertFalse(c.isOpen());
        }
    }

    @ParameterizedTest(name = "timeouts={0}")
    @ValueSource(booleans = {false, true})
    void everyOperationAfterCloseThrowsClosedChannelException(boolean timeouts) throws Exception {
        TcpStream[] p = Loopback.pair();
        p[1].close();
        TcpStream c = p[0];
        if (timeouts) { // the JDK fallback reads through its socket adaptor then, which said "Socket is closed"
            c.setReadTimeout(java.time.Duration.ofSeconds(5));
            if (dev.spindle.Spindle.isAvailable()) c.setWriteTimeout(java.time.Duration.ofSeconds(5));
        }
        c.close();
        c.close(); // idempotent
        ByteBuffer b = ByteBuffer.allocate(1);
        assertThrows(ClosedChannelException.class, () -> c.read(b));
        assertThrows(ClosedChannelException.class, () -> c.write(b));
        assertThrows(ClosedChannelException.class, () -> c.read(new ByteBuffer[] {b}));
        assertThrows(ClosedChannelException.class, () -> c.write(new ByteBuffer[] {b}));
        assertThrows(ClosedChannelException.class, c::shutdownInput);
        assertThrows(ClosedChannelException.class, c::shutdownOutput);
        assertThrows(ClosedChannelException.class, c::localAddress);
        assertThrows(ClosedChannelException.class, c::remoteAddress);
        assertThrows(ClosedChannelException.class, () -> c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true));
        assertThrows(ClosedChannelException.class, () -> c.getOption(java.net.StandardSocketOptions.TCP_NODELAY));
        assertThrows(ClosedChannelException.class, () -> c.inputStream().read());
        assertThrows(ClosedChannelException.class, () -> c.inputStream().read(new byte[8]));
        assertThrows(ClosedChannelException.class, () -> c.outputStream().write(1));
        assertThrows(ClosedChannelException.class, () -> c.outputStream().write(new byte[8]));
    }

    @Test
    void readerKeepsWorkingWhileAnotherThreadWrites() throws Exception {
        TcpStream[] p = Loopback.pair();
        try (TcpStream c = p[0]; TcpStream s = p[1]) {
            Blocked reader = block(true, () -> Loopback.readExactly(c, 4, false));
            c.write(Loopback.bytes("ping")); // a write while the same stream has a blocked reader
            assertTrue(Loopback.readExactly(s, 4, false).hasRemaining());
            s.write(Loopback.bytes("pong"));
            assertTrue(((ByteBuffer) reader.result.get()).remaining() == 4);
        }
    }
}
