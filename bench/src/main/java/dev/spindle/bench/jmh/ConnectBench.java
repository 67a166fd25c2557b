package dev.spindle.bench.jmh;

import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The cost of creating and closing a connection on loopback: connect,
 * accept (the handshake is already done by then, so it does not block),
 * close both ends. Loopback TIME_WAIT sockets are reused (tcp_tw_reuse).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ConnectBench {
    private TcpListener spindle;
    private ServerSocketChannel jdk;
    private InetSocketAddress spindleAddress;
    private InetSocketAddress jdkAddress;

    @Setup(Level.Trial)
    public void open() throws IOException {
        spindle = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        spindleAddress = spindle.localAddress();
        jdk = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0), 1024);
        jdkAddress = (InetSocketAddress) jdk.getLocalAddress();
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        spindle.close();
        jdk.close();
    }

    @Benchmark
    public void spindle() throws IOException {
        TcpStream client = TcpStream.open(spindleAddress);
        TcpStream server = spindle.accept();
        client.close();
        server.close();
    }

    @Benchmark
    public void jdk() throws IOException {
        SocketChannel client = SocketChannel.open(jdkAddress);
        SocketChannel server = jdk.accept();
        client.close();
        server.close();
    }
}
