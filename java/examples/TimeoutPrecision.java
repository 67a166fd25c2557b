import dev.spindle.Spindle;
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * How late do timeouts fire? Times read timeouts on virtual and platform threads, and
 * Spindle.schedule, on an idle machine; prints the lateness percentiles in microseconds.
 *
 * Run: java -cp java/target/spindle-0.1.0-SNAPSHOT.jar java/examples/TimeoutPrecision.java [millis] [samples]
 */
public class TimeoutPrecision {
    public static void main(String[] args) throws Exception {
        long millis = args.length > 0 ? Long.parseLong(args[0]) : 10;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        try (TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0));
             TcpStream c = TcpStream.open(l.localAddress());
             TcpStream s = l.accept()) {
            c.setReadTimeout(Duration.ofMillis(millis));
            for (boolean virtual : new boolean[] {true, false}) {
                long[] late = new long[samples];
                Thread t = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
                    for (int i = 0; i < samples; i++) {
                        long start = System.nanoTime();
                        try {
                            c.read(ByteBuffer.allocate(1));
                            throw new IllegalStateException("read returned data");
                        } catch (SocketTimeoutException expected) {
                            late[i] = System.nanoTime() - start - millis * 1_000_000;
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }
                });
                t.join();
                report((virtual ? "read timeout, virtual thread" : "read timeout, platform thread"), late);
            }
        }
        long[] late = new long[samples];
        for (int i = 0; i < samples; i++) {
            CountDownLatch ran = new CountDownLatch(1);
            long[] at = new long[1];
            long start = System.nanoTime();
            Spindle.schedule(Duration.ofMillis(millis), () -> {
                at[0] = System.nanoTime();
                ran.countDown();
            });
            ran.await();
            late[i] = at[0] - start - millis * 1_000_000;
        }
        report("Spindle.schedule", late);
    }

    static void report(String what, long[] lateNanos) {
        long[] s = lateNanos.clone();
        Arrays.sort(s);
        System.out.printf("%-32s x %d: early %d, lateness p50 %d us, p90 %d us, p99 %d us, max %d us%n", what,
                s.length, Arrays.stream(s).filter(x -> x < 0).count(),
                s[s.length / 2] / 1000, s[s.length * 9 / 10] / 1000, s[s.length * 99 / 100] / 1000, s[s.length - 1] / 1000);
    }
}
