import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;

/**
 * A blocking echo server on virtual threads, and a client doing round trips against it,
 * on Spindle and then on the JDK's own sockets with the same code shape.
 *
 * Run: java -cp java/target/spindle-0.1.0-SNAPSHOT.jar java/examples/EchoDemo.java [roundTrips] [runs] [both|spindle|jdk]
 */
public class EchoDemo {
    public static void main(String[] args) throws Exception {
        int trips = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String which = args.length > 2 ? args[2] : "both";
        for (int run = 1; run <= runs; run++) {
            double spindle = which.equals("jdk") ? Double.NaN : spindleRoundTrips(trips);
            double jdk = which.equals("spindle") ? Double.NaN : jdkRoundTrips(trips);
            System.out.printf("run %d: %d round trips of 64 bytes, virtual threads: spindle %.1f us/rt, jdk %.1f us/rt, jdk/spindle %.2f%n",
                    run, trips, spindle, jdk, jdk / spindle);
        }
    }

    // ---- Spindle: the README's echo server ----
    static double spindleRoundTrips(int trips) throws Exception {
        try (TcpListener listener = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        TcpStream conn = listener.accept();
                        Thread.ofVirtual().start(() -> echo(conn.inputStream(), conn.outputStream()));
                    }
                } catch (Exception closed) {
                    // listener closed: stop accepting
                }
            });
            try (TcpStream client = TcpStream.open(listener.localAddress())) {
                client.setOption(StandardSocketOptions.TCP_NODELAY, true);
                return timeRoundTrips(client.inputStream(), client.outputStream(), trips);
            }
        }
    }

    // ---- The JDK's sockets, same shape ----
    static double jdkRoundTrips(int trips) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        Socket conn = listener.accept();
                        Thread.ofVirtual().start(() -> {
                            try {
                                echo(conn.getInputStream(), conn.getOutputStream());
                            } catch (Exception e) {
                                // connection failed: drop it
                            }
                        });
                    }
                } catch (Exception closed) {
                    // listener closed: stop accepting
                }
            });
            try (Socket client = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
                client.setTcpNoDelay(true);
                return timeRoundTrips(client.getInputStream(), client.getOutputStream(), trips);
            }
        }
    }

    static void echo(InputStream in, OutputStream out) {
        byte[] buf = new byte[4096];
        try (in; out) {
            for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
        } catch (Exception e) {
            // peer went away
        }
    }

    /** Returns microseconds per round trip, after a warm-up of a tenth as many. */
    static double timeRoundTrips(InputStream in, OutputStream out, int trips) throws Exception {
        byte[] msg = new byte[64], back = new byte[64];
        Thread client = Thread.currentThread();
        long[] elapsed = new long[1];
        Exception[] failure = new Exception[1];
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < trips / 10 + trips; i++) {
                    if (i == trips / 10) elapsed[0] = System.nanoTime();
                    out.write(msg);
                    for (int got = 0; got < back.length; ) {
                        int n = in.read(back, got, back.length - got);
                        if (n < 0) throw new IllegalStateException("echo server closed early");
                        got += n;
                    }
                }
                elapsed[0] = System.nanoTime() - elapsed[0];
            } catch (Exception e) {
                failure[0] = e;
            }
        });
        t.join();
        if (failure[0] != null) throw failure[0];
        return elapsed[0] / 1000.0 / trips;
    }
}
