package dev.spindle.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.spindle.Spindle;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An fd number is dead once released: no late syscall from close, and no accepted fd lost to an interrupt. */
@Timeout(120)
class FdReleaseRaceTest {
    private static boolean fdOpen(int fd) {
        return Files.exists(Path.of("/proc/self/fd/" + fd));
    }

    /**
     * close() sees a parked reader and is about to shut the socket down to wake it. Meanwhile
     * (the seam holds close there) data wakes the reader, which leaves and would release the fd;
     * a fresh connection then gets the same number. The shutdown must not reach that connection.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void closeNeverShutsDownTheSocketThatReusedItsFdNumber(boolean virtual) throws Exception {
        assumeTrue(Spindle.isAvailable(), "native close protocol");
        assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "needs /proc");
        List<TcpStream> fresh = new ArrayList<>();
        try (TcpListener l = Loopback.listener()) {
            TcpStream[] victim = Loopback.pair();
            TcpStream c = victim[0], peer = victim[1];
            int number = c.fd();
            Loopback.Running<Integer> reader = Loopback.run(virtual, () -> c.read(ByteBuffer.allocate(8)));
            Thread closer = Thread.currentThread();
            dev.spindle.internal.channel.SocketFd.closeRaceHook = () -> {
                if (Thread.currentThread() != closer) return;
                try {
                    peer.write(Loopback.bytes("x")); // wakes the reader, which then leaves
                    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                    while (fdOpen(number) && System.nanoTime() < until) Thread.sleep(1);
                    if (fdOpen(number)) return; // still ours while close runs: the fix
                    for (int i = 0; i < 16; i++) { // take the freed number, as any other thread could
                        TcpStream f = TcpStream.open(l.localAddress());
                        fresh.add(f);
                        fresh.add(l.accept());
                        if (f.fd() == number) return;
                    }
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            };
            try {
                Loopback.awaitBlocked(reader.thread());
                c.close();
            } finally {
                dev.spindle.internal.channel.SocketFd.closeRaceHook = null;
                peer.close();
            }
            try {
                reader.result().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertInstanceOf(AsynchronousCloseException.class, e.getCause());
            }
            // Every connection opened meanwhile is intact: a round trip each way.
            for (int i = 0; i < fresh.size(); i += 2) {
                TcpStream a = fresh.get(i), b = fresh.get(i + 1);
                a.write(Loopback.bytes("ping"));
                assertEquals(4, Loopback.readExactly(b, 4, false).remaining(), "fd " + a.fd());
                b.write(Loopback.bytes("pong"));
                assertEquals(4, Loopback.readExactly(a, 4, false).remaining(), "fd " + a.fd());
            }
        } finally {
            for (TcpStream f : fresh) f.close();
        }
    }

    /**
     * An interrupt that lands as accept returns must not lose the new connection's fd: either
     * accept returns the stream, or the connection is closed (the client sees EOF or a reset),
     * never left open with no owner.
     */
    @ParameterizedTest(name = "virtual={0}")
    @ValueSource(booleans = {false, true})
    void anInterruptAsAcceptReturnsLeaksNoFd(boolean virtual) throws Exception {
        // Both paths: the JDK's own blocking ServerSocketChannel.accept has this leak (its end() throws
        // after the syscall succeeded), so the fallback accepts without blocking and waits in a Selector.
        int rounds = 200, accepted = 0, interrupted = 0;
        for (int i = 0; i < rounds; i++) {
            TcpListener l = Loopback.listener();
            Loopback.Running<TcpStream> acceptor = Loopback.run(virtual, l::accept);
            Loopback.awaitBlocked(acceptor.thread());
            try (TcpStream client = TcpStream.open(l.localAddress())) {
                acceptor.thread().interrupt(); // races the accept the connection just woke
                TcpStream server = null;
                try {
                    server = acceptor.result().get(10, TimeUnit.SECONDS);
                    accepted++;
                } catch (ExecutionException e) {
                    assertInstanceOf(ClosedByInterruptException.class, e.getCause());
                    interrupted++;
                }
                if (server != null) server.close();
                l.close();
                client.setReadTimeout(Duration.ofSeconds(3));
                try {
                    int n = client.read(ByteBuffer.allocate(1));
                    assertEquals(-1, n, "round " + i);
                } catch (SocketTimeoutException leaked) {
                    throw new AssertionError("round " + i + ": the accepted connection was never closed (its fd leaked)");
                } catch (SocketException reset) {
                    assertTrue(String.valueOf(reset.getMessage()).contains("reset"), reset.toString());
                }
            }
        }
        System.out.printf("interrupted accept (virtual=%s): %d rounds, %d accepted, %d interrupted%n",
                virtual, rounds, accepted, interrupted);
    }
}
