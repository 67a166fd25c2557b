// One client and one echo virtual thread, round trips of 64 bytes over loopback: bytes allocated (all
// threads) and time per round trip, three rounds of n, on Spindle's sockets (with the pollers'
// counters) or, with -Djdk=true, on the JDK's SocketChannel.
// java --enable-native-access=ALL-UNNAMED -Djdk.virtualThreadScheduler.parallelism=1 -Dn=5000 -cp <spindle or spindle-bench jar> PingPong.java
import dev.spindle.Spindle;
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

public class PingPong {
    public static void main(String[] a) throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = Integer.getInteger("n", 200_000);
        boolean jdk = Boolean.getBoolean("jdk");
        ByteChannel c, s;
        AutoCloseable l;
        if (jdk) {
            ServerSocketChannel ssc = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            c = SocketChannel.open(ssc.getLocalAddress());
            s = ssc.accept();
            l = ssc;
        } else {
            TcpListener tl = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0));
            c = TcpStream.open(tl.localAddress());
            s = tl.accept();
            l = tl;
        }
        Thread echo = Thread.ofVirtual().start(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(64);
            try { while (s.read(b.clear()) > 0) s.write(b.flip()); } catch (Exception e) {}
        });
        Thread client = Thread.ofVirtual().start(() -> {
            ByteBuffer b = ByteBuffer.allocateDirect(64);
            try {
                for (int round = 0; round < 3; round++) {
                    long before = mx.getTotalThreadAllocatedBytes();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) { c.write(b.clear().limit(64)); c.read(b.clear()); }
                    long t = System.nanoTime() - t0;
                    System.out.printf("round %d: %.1f bytes per round trip, %.1f us per round trip %s%n", round,
                            (mx.getTotalThreadAllocatedBytes() - before) / (double) n, t / 1000.0 / n, jdk ? "" : Spindle.pollerStats());
                }
            } catch (Exception e) { e.printStackTrace(); }
        });
        client.join();
        c.close(); s.close(); echo.join(); l.close();
    }
}
