// One client and one echo server virtual thread, round trips over loopback on Spindle sockets: bytes allocated (all threads) and time per round trip, three rounds, with the pollers' counters.
// java --enable-native-access=ALL-UNNAMED -Djdk.virtualThreadScheduler.parallelism=1 -Dn=5000 -cp <spindle or spindle-bench jar> PingPong.java
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

public class PingPong {
    public static void main(String[] a) throws Exception {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int n = Integer.getInteger("n", 200_000);
        TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0));
        TcpStream c = TcpStream.open(l.localAddress());
        TcpStream s = l.accept();
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
                    System.out.printf("round %d: %.1f bytes per round trip, %.1f us per round trip %s%n", round, (mx.getTotalThreadAllocatedBytes() - before) / (double) n, t / 1000.0 / n, dev.spindle.Spindle.pollerStats());
                }
            } catch (Exception e) { e.printStackTrace(); }
        });
        client.join();
        c.close(); s.close(); echo.join(); l.close();
    }
}
