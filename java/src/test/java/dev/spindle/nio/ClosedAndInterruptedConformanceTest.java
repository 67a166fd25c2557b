package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every channel operation does on a closed channel, and on a thread whose interrupt status is
 * set, per channel kind: the exception class (or "ok"), as the javadoc of each interface and of
 * {@code AbstractInterruptibleChannel} says, on both providers and both thread kinds. A blocking
 * I/O operation on an interrupted thread closes the channel and keeps the interrupt status.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClosedAndInterruptedConformanceTest {
    private interface Op<C> {
        Object on(C channel) throws Exception;
    }

    /** The channels an operation needs, made fresh for each: a connected pair, a listener, a datagram pair, a pipe. */
    private record Subject(SocketChannel stream, java.io.InputStream in, java.io.OutputStream out,
            ServerSocketChannel listener, DatagramChannel datagram, java.net.SocketAddress datagramAddress, Pipe pipe,
            Selector selector) implements AutoCloseable {
        static Subject open(Conformance.Impl impl) throws Exception {
            SocketChannel[] pair = Conformance.pair(impl);
            pair[1].write(Nio.ascii("ready")); // a read has data: it must not wait
            pair[1].close();
            ServerSocketChannel listener = impl.provider().openServerSocketChannel().bind(Nio.loopback());
            DatagramChannel datagram = impl.provider().openDatagramChannel().bind(Nio.loopback());
            datagram.connect(datagram.getLocalAddress());
            Pipe pipe = impl.provider().openPipe();
            return new Subject(pair[0], pair[0].socket().getInputStream(), pair[0].socket().getOutputStream(),
                    listener, datagram, datagram.getLocalAddress(), pipe, impl.provider().openSelector());
        }

        @Override
        public void close() throws Exception {
            stream.close();
            listener.close();
            datagram.close();
            pipe.source().close();
            pipe.sink().close();
            selector.close();
        }
    }

    /** operation, then its outcome on a closed channel and on an interrupted thread. */
    private static final Map<String, String[]> EXPECTED = new LinkedHashMap<>();
    private static final Map<String, Op<Subject>> OPS = new LinkedHashMap<>();
    /** The operations that close their channel on an interrupted thread. */
    private static final java.util.Set<String> INTERRUPT_CLOSES = new java.util.HashSet<>();

    private static void op(String name, String closed, String interrupted, Op<Subject> op) {
        op(name, closed, interrupted, interrupted.equals("ClosedByInterruptException") || name.endsWith(".close"), op);
    }

    private static void op(String name, String closed, String interrupted, boolean interruptCloses, Op<Subject> op) {
        OPS.put(name, op);
        EXPECTED.put(name, new String[] {closed, interrupted});
        if (interruptCloses) INTERRUPT_CLOSES.add(name);
    }

    private static final InetSocketAddress ANY = new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0);

    static {
        // SocketChannel
        op("stream.read", "ClosedChannelException", "ClosedByInterruptException", s -> s.stream.read(ByteBuffer.allocate(8)));
        op("stream.readv", "ClosedChannelException", "ClosedByInterruptException",
                s -> s.stream.read(new ByteBuffer[] {ByteBuffer.allocate(8)}));
        op("stream.write", "ClosedChannelException", "ClosedByInterruptException", s -> s.stream.write(Nio.ascii("x")));
        op("stream.writev", "ClosedChannelException", "ClosedByInterruptException",
                s -> s.stream.write(new ByteBuffer[] {Nio.ascii("x")}));
        op("stream.shutdownInput", "ClosedChannelException", "ok", s -> s.stream.shutdownInput());
        op("stream.shutdownOutput", "ClosedChannelException", "ok", s -> s.stream.shutdownOutput());
        op("stream.getLocalAddress", "ClosedChannelException", "ok", s -> s.stream.getLocalAddress());
        op("stream.getRemoteAddress", "ClosedChannelException", "ok", s -> s.stream.getRemoteAddress());
        op("stream.setOption", "ClosedChannelException", "ok", s -> s.stream.setOption(StandardSocketOptions.TCP_NODELAY, true));
        op("stream.getOption", "ClosedChannelException", "ok", s -> s.stream.getOption(StandardSocketOptions.SO_RCVBUF));
        op("stream.bind", "ClosedChannelException", "AlreadyBoundException", s -> s.stream.bind(ANY));
        op("stream.connect", "ClosedChannelException", "ClosedByInterruptException", s -> s.stream.connect(s.listener.getLocalAddress()));
        op("stream.finishConnect", "ClosedChannelException", "ok", s -> s.stream.finishConnect());
        op("stream.configureBlocking", "ClosedChannelException", "ok", s -> s.stream.configureBlocking(false));
        op("stream.register", "ClosedChannelException", "IllegalBlockingModeException",
                s -> s.stream.register(s.selector, SelectionKey.OP_READ));
        op("stream.isConnected", "ok", "ok", s -> s.stream.isConnected());
        op("stream.socket.getInputStream", "SocketException", "ok", s -> s.stream.socket().getInputStream());
        op("stream.socket.getOutputStream", "SocketException", "ok", s -> s.stream.socket().getOutputStream());
        op("stream.socket.getTcpNoDelay", "SocketException", "ok", s -> s.stream.socket().getTcpNoDelay());
        op("stream.socket.setSoTimeout", "SocketException", "ok", s -> {
            s.stream.socket().setSoTimeout(1000);
            return null;
        });
        op("stream.socket.getSoTimeout", "SocketException", "ok", s -> s.stream.socket().getSoTimeout());
        op("stream.socket.in.read", "ClosedChannelException", "ClosedByInterruptException", s -> s.in.read(new byte[8]));
        op("stream.socket.in.available", "ClosedChannelException", "ok", s -> s.in.available());
        op("stream.socket.out.write", "ClosedChannelException", "ClosedByInterruptException", s -> {
            s.out.write(new byte[] {1});
            return null;
        });
        op("stream.socket.shutdownInput", "ClosedChannelException", "ok", s -> {
            s.stream.socket().shutdownInput();
            return null;
        });
        op("stream.socket.getRemoteSocketAddress", "ok", "ok", s -> s.stream.socket().getRemoteSocketAddress());
        op("stream.socket.close", "ok", "ok", s -> {
            s.stream.socket().close();
            return null;
        });
        // ServerSocketChannel
        op("listener.accept", "ClosedChannelException", "ClosedByInterruptException", s -> s.listener.accept());
        op("listener.bind", "ClosedChannelException", "AlreadyBoundException", s -> s.listener.bind(ANY));
        op("listener.getLocalAddress", "ClosedChannelException", "ok", s -> s.listener.getLocalAddress());
        op("listener.setOption", "ClosedChannelException", "ok", s -> s.listener.setOption(StandardSocketOptions.SO_REUSEADDR, true));
        op("listener.getOption", "ClosedChannelException", "ok", s -> s.listener.getOption(StandardSocketOptions.SO_RCVBUF));
        op("listener.socket.accept", "ClosedChannelException", "ClosedByInterruptException", s -> s.listener.socket().accept());
        op("listener.socket.getSoTimeout", "SocketException", "ok", s -> s.listener.socket().getSoTimeout());
        // DatagramChannel
        op("datagram.write", "ClosedChannelException", "ClosedByInterruptException", s -> s.datagram.write(Nio.ascii("x")));
        op("datagram.send", "ClosedChannelException", "ClosedByInterruptException",
                s -> s.datagram.send(Nio.ascii("x"), s.datagramAddress));
        op("datagram.receive", "ClosedChannelException", "ClosedByInterruptException", s -> s.datagram.receive(ByteBuffer.allocate(8)));
        op("datagram.read", "ClosedChannelException", "ClosedByInterruptException", s -> s.datagram.read(ByteBuffer.allocate(8)));
        op("datagram.disconnect", "ok", "ok", s -> s.datagram.disconnect());
        op("datagram.getLocalAddress", "ClosedChannelException", "ok", s -> s.datagram.getLocalAddress());
        op("datagram.getRemoteAddress", "ClosedChannelException", "ok", s -> s.datagram.getRemoteAddress());
        op("datagram.setOption", "ClosedChannelException", "ok", s -> s.datagram.setOption(StandardSocketOptions.SO_BROADCAST, true));
        // DatagramSocket.send reports a close, the interrupt's included, as SocketException("Socket closed").
        op("datagram.socket.send", "SocketException", "SocketException", true, s -> {
            s.datagram.socket().send(new java.net.DatagramPacket(new byte[1], 1, s.datagramAddress));
            return null;
        });
        op("datagram.socket.receive", "SocketException", "ClosedByInterruptException", s -> {
            s.datagram.socket().receive(new java.net.DatagramPacket(new byte[8], 8));
            return null;
        });
        // Pipe
        op("pipe.source.read", "ClosedChannelException", "ClosedByInterruptException", s -> s.pipe.source().read(ByteBuffer.allocate(8)));
        op("pipe.sink.write", "ClosedChannelException", "ClosedByInterruptException", s -> s.pipe.sink().write(Nio.ascii("x")));
    }

    /** The channel an operation acts on, to close it first or to see it closed by the interrupt. */
    private static java.nio.channels.Channel target(String op, Subject s) {
        if (op.startsWith("stream.")) return s.stream;
        if (op.startsWith("listener.")) return s.listener;
        if (op.startsWith("datagram.")) return s.datagram;
        return op.startsWith("pipe.source") ? s.pipe.source() : s.pipe.sink();
    }

    static Stream<Arguments> cases() {
        return Conformance.impls().flatMap(impl -> OPS.keySet().stream().flatMap(op ->
                Stream.of(Arguments.of(impl, op, false), Arguments.of(impl, op, true))));
    }

    @ParameterizedTest(name = "{0} {1} virtual={2}")
    @MethodSource("cases")
    void onAClosedChannel(Conformance.Impl impl, String op, boolean virtual) throws Exception {
        try (Subject s = Subject.open(impl)) {
            // Datagram receives would wait: there is one datagram queued, so a bug cannot hang the test.
            s.datagram.write(Nio.ascii("queued"));
            target(op, s).close();
            String outcome = Conformance.on(virtual, () -> Conformance.outcome(() -> OPS.get(op).on(s)));
            String expected = EXPECTED.get(op)[0];
            // JDK 21's own channels throw AsynchronousCloseException, a ClosedChannelException, from
            // some calls on a closed channel (their end() runs after the open check); JDK 25's do not.
            if (Runtime.version().feature() < 25 && expected.equals("ClosedChannelException")
                    && outcome.equals("AsynchronousCloseException")) outcome = expected;
            assertEquals(expected, outcome, op + " on a closed channel");
        }
    }

    @ParameterizedTest(name = "{0} {1} virtual={2}")
    @MethodSource("cases")
    void onAnInterruptedThread(Conformance.Impl impl, String op, boolean virtual) throws Exception {
        try (Subject s = Subject.open(impl)) {
            s.datagram.write(Nio.ascii("queued"));
            String[] result = Conformance.on(virtual, () -> {
                Thread.currentThread().interrupt();
                String outcome = Conformance.outcome(() -> OPS.get(op).on(s));
                return new String[] {outcome, String.valueOf(Thread.interrupted())};
            });
            String expected = EXPECTED.get(op)[1];
            assertEquals(expected, result[0], op + " on an interrupted thread");
            assertEquals("true", result[1], op + " cleared the interrupt status");
            if (INTERRUPT_CLOSES.contains(op)) assertFalse(target(op, s).isOpen(), op + " left the channel open");
            else assertTrue(target(op, s).isOpen(), op + " closed the channel");
        }
    }
}
