package dev.spindle.bench.jmh;

import dev.spindle.bench.sockets.StreamPair;
import dev.spindle.bench.sockets.StreamSocket;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The cost of one successful read and one successful write on a connected
 * loopback pair, Spindle's JNI against the JDK's SocketChannel. Data is
 * always there when read is called, so no call ever blocks:
 * <ul>
 * <li>{@code writeThenRead}: write 8 bytes on one end, read them on the other;</li>
 * <li>{@code write}: write 1 byte; every {@value #BATCH} ops the peer drains them (amortised);</li>
 * <li>{@code read}: read 1 byte; every {@value #BATCH} ops the peer refills them (amortised).</li>
 * </ul>
 * {@code readTimeoutMillis} sets a read timeout on the reading end (Spindle only): the cost of a
 * read that re-arms its timeout against the same read without one, e.g.
 * {@code jmh ReadWriteBench.read -p impl=spindle -p readTimeoutMillis=0,30000}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ReadWriteBench {
    static final int BATCH = 1024;

    @Param({"spindle", "jdk"})
    public String impl;

    @Param({"direct", "heap"})
    public String buffer;

    @Param({"0"})
    public long readTimeoutMillis;

    private StreamSocket client;
    private StreamSocket server;
    private ByteBuffer eight;
    private ByteBuffer one;
    private ByteBuffer batch;
    private int pending;
    private int available;

    @Setup(Level.Trial)
    public void open() throws IOException {
        StreamPair p = LoopbackPair.open(impl);
        client = p.a();
        server = p.b();
        server.setReadTimeout(Duration.ofMillis(readTimeoutMillis));
        boolean direct = buffer.equals("direct");
        eight = direct ? ByteBuffer.allocateDirect(8) : ByteBuffer.allocate(8);
        one = direct ? ByteBuffer.allocateDirect(1) : ByteBuffer.allocate(1);
        batch = direct ? ByteBuffer.allocateDirect(BATCH) : ByteBuffer.allocate(BATCH);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        client.close();
        server.close();
    }

    @Benchmark
    public int writeThenRead() throws IOException {
        eight.clear();
        client.write(eight);
        eight.clear();
        server.readFully(eight);
        return eight.get(0);
    }

    @Benchmark
    public int write() throws IOException {
        one.clear();
        client.write(one);
        if (++pending == BATCH) {
            batch.clear();
            server.readFully(batch);
            pending = 0;
        }
        return pending;
    }

    @Benchmark
    public int read() throws IOException {
        if (available == 0) {
            batch.clear();
            client.write(batch);
            available = BATCH;
        }
        one.clear();
        int n = server.read(one);
        available -= n;
        return n;
    }
}
