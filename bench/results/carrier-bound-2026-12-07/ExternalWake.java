import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * How long a virtual thread released by a platform thread takes to run while idle readers keep
 * every poller holding its carrier and no I/O comes: the hold's bound decides it.
 */
public class ExternalWake {
    static final long PING_NANOS = Long.getLong("pingNanos", 5_000_000L);
    public static void main(String[] args) throws Exception {
        int wakes = Integer.getInteger("wakes", 300);
        List<TcpStream> streams = new ArrayList<>();
        try (TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            for (int i = 0; i < 8; i++) {
                TcpStream c = TcpStream.open(l.localAddress()), s = l.accept();
                for (TcpStream e : List.of(c, s)) {
                    streams.add(e);
                    Thread.ofVirtual().start(() -> { try { e.read(ByteBuffer.allocate(1)); } catch (Exception x) { } });
                }
            }
            // light traffic: a platform thread pings 4 connections every 5 ms, so the pollers keep starting new holds
            List<TcpStream[]> pings = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                TcpStream c = TcpStream.open(l.localAddress()), s = l.accept();
                streams.add(c);
                streams.add(s);
                pings.add(new TcpStream[] {c, s});
                Thread.ofVirtual().start(() -> {
                    ByteBuffer b = ByteBuffer.allocate(1);
                    try { while (s.read(b.clear()) > 0) s.write(b.flip()); } catch (Exception x) { }
                });
            }
            Thread pinger = Thread.ofPlatform().daemon().start(() -> {
                ByteBuffer b = ByteBuffer.allocate(1);
                try {
                    while (true) {
                        for (TcpStream[] p : pings) { p[0].write(b.clear()); p[0].read(b.clear()); }
                        java.util.concurrent.locks.LockSupport.parkNanos(PING_NANOS);
                    }
                } catch (Exception x) { }
            });
            Thread.sleep(500);
            long[] lat = new long[wakes];
            for (int i = 0; i < wakes; i++) {
                CountDownLatch go = new CountDownLatch(1), ran = new CountDownLatch(1);
                long[] at = new long[1];
                Thread.ofVirtual().start(() -> {
                    try { go.await(); } catch (InterruptedException e) { return; }
                    at[0] = System.nanoTime();
                    ran.countDown();
                });
                Thread.sleep(3 + i % 3); // the new thread parks on the latch, the pollers go back to holding
                long t0 = System.nanoTime();
                go.countDown(); // from this platform thread
                ran.await();
                lat[i] = at[0] - t0;
            }
            Arrays.sort(lat);
            System.out.printf("p50=%d us p90=%d us p99=%d us max=%d us%n", lat[wakes / 2] / 1000, lat[wakes * 9 / 10] / 1000, lat[wakes * 99 / 100] / 1000, lat[wakes - 1] / 1000);
        } finally {
            for (TcpStream s : streams) s.close();
        }
    }
}
