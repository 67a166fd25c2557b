package dev.spindle.nio;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spindle.Spindle;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * The conformance suite's two subjects: every test in it runs on the JDK's own provider and on
 * Spindle's, with the same assertions, and passes only if it passes on both. The assertions are
 * the java.nio javadoc's clauses, as the JDK carries them out.
 */
final class Conformance {
    private Conformance() {}

    /** A provider under test, named for the test report. */
    record Impl(String name, SelectorProvider provider) {
        @Override
        public String toString() {
            return name;
        }

        boolean isSpindle() {
            return provider instanceof SpindleSelectorProvider;
        }
    }

    static final Impl JDK = new Impl("jdk", jdkProvider());
    static final Impl SPINDLE = new Impl("spindle", Nio.PROVIDER);

    /** The JVM's provider when nothing overrides it: the JDK's (this suite's JVMs set no provider). */
    private static SelectorProvider jdkProvider() {
        SelectorProvider p = SelectorProvider.provider();
        assertFalse(p instanceof SpindleSelectorProvider, "the test JVM's default provider must be the JDK's");
        return p;
    }

    /** Both providers; the JDK's alone where Spindle's natives are off (the jdk-fallback execution). */
    static Stream<Impl> impls() {
        return Spindle.isAvailable() ? Stream.of(JDK, SPINDLE) : Stream.of(JDK);
    }

    /** Every provider on both thread kinds. */
    static Stream<Arguments> implsAndThreads() {
        return impls().flatMap(i -> Stream.of(Arguments.of(i, false), Arguments.of(i, true)));
    }

    /** A connected pair of blocking channels of {@code impl}: [client, accepted]. */
    static SocketChannel[] pair(Impl impl) throws IOException {
        try (ServerSocketChannel s = impl.provider().openServerSocketChannel()) {
            s.bind(Nio.loopback());
            SocketChannel c = impl.provider().openSocketChannel();
            c.connect(s.getLocalAddress());
            return new SocketChannel[] {c, s.accept()};
        }
    }

    /** Makes the peer's close send RST (SO_LINGER 0), after writing {@code before}, and waits for it to land. */
    static void resetFrom(SocketChannel peer, String before) throws Exception {
        if (!before.isEmpty()) peer.write(Nio.ascii(before));
        peer.setOption(StandardSocketOptions.SO_LINGER, 0);
        peer.close();
        Thread.sleep(50); // loopback delivers the RST at once; this covers a loaded machine's scheduling
    }

    /** Runs {@code task} on a platform or a virtual thread and returns its result or throws its exception. */
    static <T> T on(boolean virtual, Callable<T> task) throws Exception {
        try {
            return Nio.resultOf(Nio.run(virtual, task).result());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception x) throw x;
            throw e;
        }
    }

    /** The outcome of {@code op}: "ok" or the simple name of what it threw. */
    static String outcome(Callable<?> op) {
        try {
            op.call();
            return "ok";
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }

    static ByteBuffer bytes(int n) {
        return ByteBuffer.allocate(n);
    }
}
