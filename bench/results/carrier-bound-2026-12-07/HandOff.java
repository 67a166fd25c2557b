import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;

/** Ping-pong where the server's handler hands each request to another virtual thread and waits for it. */
public class HandOff {
    public static void main(String[] args) throws Exception {
        boolean handOff = Boolean.parseBoolean(args[0]);
        int trips = 3000;
        var pool = Executors.newVirtualThreadPerTaskExecutor();
        try (TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Thread acceptor = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        TcpStream idleEnd = l.accept();
                        Thread.ofVirtual().start(() -> { try { idleEnd.read(ByteBuffer.allocate(1)); } catch (Exception e) { } });
                    }
                } catch (Exception e) { e.printStackTrace(); }
            });
            Thread server = Thread.ofVirtual().start(() -> {
                try { acceptor.join(); } catch (InterruptedException e) { return; }
                try (TcpStream s = l.accept()) {
                    ByteBuffer b = ByteBuffer.allocate(8);
                    while (s.read(b.clear()) > 0) {
                        b.flip();
                        if (handOff) CompletableFuture.supplyAsync(() -> 1, pool).join();
                        s.write(b);
                    }
                } catch (Exception e) { e.printStackTrace(); }
            });
            // idle keep-alive connections: readers parked on the pollers, as a real server has
            java.util.List<TcpStream> idle = new java.util.ArrayList<>();
            for (int i = 0; i < 10; i++) {
                TcpStream c = TcpStream.open(l.localAddress());
                idle.add(c);
            }
            long[] rtt = new long[trips];
            Thread.sleep(300);
            Thread client = Thread.ofPlatform().start(() -> {
                try (TcpStream c = TcpStream.open(l.localAddress())) {
                    ByteBuffer b = ByteBuffer.allocate(8);
                    for (int i = 0; i < trips; i++) {
                        long t = System.nanoTime();
                        c.write(b.clear());
                        b.clear();
                        while (b.hasRemaining()) c.read(b);
                        rtt[i] = System.nanoTime() - t;
                    }
                } catch (Exception e) { e.printStackTrace(); }
            });
            client.join();
            server.join(5000);
            Arrays.sort(rtt);
            System.out.printf("handOff=%s p50=%d us p90=%d us p99=%d us%n", handOff, rtt[trips / 2] / 1000, rtt[trips * 9 / 10] / 1000, rtt[trips * 99 / 100] / 1000);
        }
        pool.close();
    }
}
