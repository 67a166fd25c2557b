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
import java.util.concurrent.TimeUnit;

/**
 * Wake-up latency from readiness to a running reader: a ping-pong of one
 * byte between the benchmark thread and an echo thread (platform or
 * virtual) over a connected loopback pair. One op is a round trip, i.e. two
 * blocked reads woken up (the echo thread's, then the benchmark thread's).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WakeupBench {
    @Param({"spindle", "jdk"})
    public String impl;

    @Param({"platform", "virtual"})
    public String thread;

    /** Heap buffers take the pinned-array path, direct ones the address path. */
    @Param({"direct", "heap"})
    public String buffer;

    private StreamSocket client;
    private StreamSocket server;
    private Thread echo;
    private ByteBuffer ping;

    private ByteBuffer allocate() {
        return buffer.equals("heap") ? ByteBuffer.allocate(1) : ByteBuffer.allocateDirect(1);
    }

    @Setup(Level.Trial)
    public void open() throws IOException {
        ping = allocate();
        StreamPair p = LoopbackPair.open(impl);
        client = p.a();
        server = p.b();
        Thread.Builder b = thread.equals("virtual") ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
        echo = b.name("echo").start(this::echo);
    }

    private void echo() {
        ByteBuffer buf = allocate();
        try {
            while (true) {
                buf.clear();
                if (server.read(buf) < 0) return;
                buf.flip();
                server.write(buf);
            }
        } catch (IOException e) {
            // closed at tear-down
        }
    }

    @TearDown(Level.Trial)
    public void close() throws IOException, InterruptedException {
        client.shutdownOutput();
        echo.join(5000);
        client.close();
        server.close();
    }

    @Benchmark
    public int pingPong() throws IOException {
        ping.clear();
        client.write(ping);
        ping.clear();
        client.readFully(ping);
        return ping.get(0);
    }
}
