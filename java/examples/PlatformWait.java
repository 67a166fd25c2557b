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
 * How should a platform thread wait after EAGAIN? Times 64-byte ping-pong round trips between two
 * platform threads over loopback, for one strategy per JVM (so each gets a fresh JIT):
 *   spindle  with -Ddev.spindle.platformWait=kernel (poll(2) on the fd) or =poller (park, woken by the poller)
 *   jdk      java.net.Socket, which blocks in the kernel's read()
 *
 * Run: java -cp java/target/spindle-0.1.0-SNAPSHOT.jar [-Ddev.spindle.platformWait=...] java/examples/PlatformWait.java spindle|jdk [trips]
 * Prints the median of 5 rounds in microseconds per round trip.
 */
public class PlatformWait {
    public static void main(String[] args) throws Exception {
        boolean jdk = args[0].equals("jdk");
        int trips = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        InputStream cin, sin;
        OutputStream cout, sout;
        AutoCloseable[] resources;
        if (jdk) {
            ServerSocket l = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Socket c = new Socket(l.getInetAddress(), l.getLocalPort()), s = l.accept();
            c.setTcpNoDelay(true);
            s.setTcpNoDelay(true);
            cin = c.getInputStream(); cout = c.getOutputStream(); sin = s.getInputStream(); sout = s.getOutputStream();
            resources = new AutoCloseable[] {c, s, l};
        } else {
            TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0));
            TcpStream c = TcpStream.open(l.localAddress()), s = l.accept();
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            s.setOption(StandardSocketOptions.TCP_NODELAY, true);
            cin = c.inputStream(); cout = c.outputStream(); sin = s.inputStream(); sout = s.outputStream();
            resources = new AutoCloseable[] {c, s, l};
        }
        Thread server = Thread.ofPlatform().start(() -> {
            byte[] b = new byte[64];
            try {
                for (int n; (n = sin.read(b)) > 0; ) sout.write(b, 0, n);
            } catch (Exception closed) {
                // client done
            }
        });
        byte[] msg = new byte[64];
        double[] rounds = new double[5];
        for (int r = 0; r < rounds.length; r++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < trips; i++) {
                cout.write(msg);
                for (int got = 0; got < 64; ) got += cin.read(msg, got, 64 - got);
            }
            rounds[r] = (System.nanoTime() - t0) / 1000.0 / trips;
        }
        for (AutoCloseable c : resources) c.close();
        server.join();
        java.util.Arrays.sort(rounds);
        System.out.printf("%s %s: median %.2f us/rt (min %.2f, max %.2f)%n", args[0],
                jdk ? "kernel read" : System.getProperty("dev.spindle.platformWait", "kernel"),
                rounds[2], rounds[0], rounds[4]);
    }
}
