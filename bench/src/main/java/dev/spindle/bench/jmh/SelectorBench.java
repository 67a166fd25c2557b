package dev.spindle.bench.jmh;

import dev.spindle.nio.SpindleSelectorProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.SelectorProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a selection costs on each provider: {@code selectNow} over one ready key (the locking and
 * the bookkeeping, no wait), and a round trip through a selecting thread (platform or virtual)
 * that is blocked in {@code select(Consumer)}, woken by a pipe write, and answers on another pipe.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SelectorBench {
    @Param({"spindle", "jdk"})
    public String impl;

    @Param({"platform", "virtual"})
    public String thread;

    private Selector selector;
    private Pipe request;
    private Pipe reply;
    private Thread selecting;
    private final ByteBuffer one = ByteBuffer.allocateDirect(1);
    private Selector idle;

    private static final SelectorProvider SPINDLE = new SpindleSelectorProvider();

    private SelectorProvider provider() {
        return impl.equals("spindle") ? SPINDLE : SelectorProvider.provider();
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        selector = provider().openSelector();
        request = provider().openPipe();
        reply = provider().openPipe();
        request.source().configureBlocking(false);
        request.source().register(selector, SelectionKey.OP_READ);
        idle = provider().openSelector();
        Pipe ready = provider().openPipe();
        ready.source().configureBlocking(false);
        ready.source().register(idle, SelectionKey.OP_READ);
        ready.sink().write(ByteBuffer.wrap(new byte[] {1}));
        Thread.Builder b = thread.equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        selecting = b.name("selecting").start(this::answer);
    }

    /** The selecting thread: each byte on the request pipe is answered with one on the reply pipe. */
    private void answer() {
        ByteBuffer in = ByteBuffer.allocateDirect(64), out = ByteBuffer.allocateDirect(1);
        try {
            while (selector.isOpen()) {
                selector.select(k -> {
                    try {
                        in.clear();
                        int n = request.source().read(in);
                        for (int i = 0; i < n; i++) {
                            out.clear();
                            reply.sink().write(out);
                        }
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
            }
        } catch (IOException | RuntimeException e) {
            // closed by tearDown
        }
    }

    @Benchmark
    public int selectNowOneReadyKey() throws IOException {
        int n = idle.selectNow();
        idle.selectedKeys().clear();
        return n;
    }

    @Benchmark
    public int wakeSelectingThread() throws IOException {
        one.clear();
        request.sink().write(one);
        one.clear();
        return reply.source().read(one);
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        selector.close();
        selecting.join(5_000);
        idle.close();
        request.sink().close();
        reply.sink().close();
        reply.source().close();
        request.source().close();
    }
}
