package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A thread blocked in an I/O call, then interrupted or its channel closed by another thread
 * (AbstractInterruptibleChannel's rules): ClosedByInterruptException with the channel closed and
 * the interrupt status set, or AsynchronousCloseException; on both providers and thread kinds.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BlockedCallConformanceTest {
    /** A channel and a call on it that blocks until something happens. */
    private record Blocked(Channel channel, Callable<Object> call, AutoCloseable others) {}

    private interface Setup {
        Blocked open(Conformance.Impl impl) throws Exception;
    }

    private static final java.util.Map<String, Setup> CALLS = new java.util.LinkedHashMap<>();

    static {
        CALLS.put("stream.read", impl -> {
            SocketChannel[] p = Conformance.pair(impl);
            return new Blocked(p[0], () -> p[0].read(ByteBuffer.allocate(8)), p[1]);
        });
        CALLS.put("stream.socket.in.read", impl -> {
            SocketChannel[] p = Conformance.pair(impl);
            java.io.InputStream in = p[0].socket().getInputStream();
            return new Blocked(p[0], () -> in.read(new byte[8]), p[1]);
        });
        CALLS.put("stream.write", impl -> {
            SocketChannel[] p = Conformance.pair(impl);
            // Fill both socket buffers first, so that the blocking write waits before writing anything;
            // buffer sizes set by hand are locked, so autotuning cannot make room later.
            p[0].setOption(java.net.StandardSocketOptions.SO_SNDBUF, 8192);
            p[1].setOption(java.net.StandardSocketOptions.SO_RCVBUF, 8192);
            p[0].configureBlocking(false);
            ByteBuffer chunk = ByteBuffer.allocate(1 << 16);
            do {
                while (p[0].write(chunk.clear()) > 0) Thread.onSpinWait();
                Thread.sleep(20); // the peer's receive buffer may still take some in
            } while (p[0].write(chunk.clear()) > 0);
            p[0].configureBlocking(true);
            return new Blocked(p[0], () -> p[0].write(ByteBuffer.allocate(1)), p[1]);
        });
        CALLS.put("listener.accept", impl -> {
            ServerSocketChannel s = impl.provider().openServerSocketChannel().bind(Nio.loopback());
            return new Blocked(s, s::accept, () -> {});
        });
        CALLS.put("listener.socket.accept", impl -> {
            ServerSocketChannel s = impl.provider().openServerSocketChannel().bind(Nio.loopback());
            return new Blocked(s, () -> s.socket().accept(), () -> {});
        });
        CALLS.put("datagram.receive", impl -> {
            DatagramChannel d = impl.provider().openDatagramChannel().bind(Nio.loopback());
            return new Blocked(d, () -> d.receive(ByteBuffer.allocate(8)), () -> {});
        });
        CALLS.put("pipe.source.read", impl -> {
            Pipe p = impl.provider().openPipe();
            return new Blocked(p.source(), () -> p.source().read(ByteBuffer.allocate(8)), p.sink());
        });
    }

    static Stream<Arguments> cases() {
        return Conformance.implsAndThreads().flatMap(a -> CALLS.keySet().stream()
                .map(call -> Arguments.of(a.get()[0], call, a.get()[1])));
    }

    /** What the blocked call threw, and whether its thread's interrupt status was set after. */
    private static String[] runBlocked(Conformance.Impl impl, String call, boolean virtual, boolean interrupt)
            throws Exception {
        Blocked b = CALLS.get(call).open(impl);
        try (AutoCloseable others = b.others()) {
            Nio.Running<String[]> r = Nio.run(virtual, () -> {
                String outcome = Conformance.outcome(b.call());
                return new String[] {outcome, String.valueOf(Thread.currentThread().isInterrupted())};
            });
            Thread.sleep(200); // long enough to be blocked; a call that returned early shows as "ok"
            if (interrupt) r.thread().interrupt();
            else b.channel().close();
            String[] result;
            try {
                result = Nio.resultOf(r.result());
            } catch (ExecutionException e) {
                throw new AssertionError(e.getCause());
            }
            assertFalse(b.channel().isOpen(), call + ": the channel is still open");
            return result;
        } finally {
            b.channel().close();
        }
    }

    @ParameterizedTest(name = "{0} {1} virtual={2}")
    @MethodSource("cases")
    void anInterruptClosesTheChannel(Conformance.Impl impl, String call, boolean virtual) throws Exception {
        String[] result = runBlocked(impl, call, virtual, true);
        assertEquals("ClosedByInterruptException", result[0], call);
        assertEquals("true", result[1], call + ": the interrupt status was cleared");
    }

    @ParameterizedTest(name = "{0} {1} virtual={2}")
    @MethodSource("cases")
    void aCloseByAnotherThreadEndsTheCall(Conformance.Impl impl, String call, boolean virtual) throws Exception {
        String[] result = runBlocked(impl, call, virtual, false);
        assertEquals("AsynchronousCloseException", result[0], call);
        assertEquals("false", result[1], call);
    }
}
