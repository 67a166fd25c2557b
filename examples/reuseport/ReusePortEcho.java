/*
 * One listener per core on one port, the kernel spreading incoming connections across them
 * (SO_REUSEPORT, Linux): no shared accept queue, no lock between acceptors. Each listener has its own
 * acceptor thread; each connection its own virtual thread, echoing lines.
 *
 * Run from the repository root after `mvn -DskipTests package`:
 *   java --enable-native-access=ALL-UNNAMED -cp java/target/classes examples/reuseport/ReusePortEcho.java [port] [demo]
 * With "demo" it also opens 200 client connections, then prints how many each listener accepted and exits.
 */
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;

public class ReusePortEcho {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        boolean demo = args.length > 1 && args[1].equals("demo");
        int cores = Runtime.getRuntime().availableProcessors();
        List<TcpListener> listeners = new ArrayList<>();
        for (int i = 0; i < cores; i++) {
            TcpListener l = TcpListener.open().setOption(StandardSocketOptions.SO_REUSEPORT, true);
            // the first picks the port (0: any free one); the others join it
            l.bind(new InetSocketAddress("127.0.0.1", i == 0 ? port : listeners.get(0).localAddress().getPort()));
            listeners.add(l);
        }
        System.out.println(cores + " listeners on " + listeners.get(0).localAddress());
        AtomicIntegerArray accepted = new AtomicIntegerArray(cores);
        for (int i = 0; i < cores; i++) {
            int index = i;
            TcpListener l = listeners.get(i);
            Thread.ofPlatform().name("acceptor-" + i).daemon(demo).start(() -> {
                try {
                    for (;;) {
                        TcpStream s = l.accept();
                        accepted.incrementAndGet(index);
                        Thread.ofVirtual().start(() -> echo(s));
                    }
                } catch (IOException closed) {
                    // the listener closed: this acceptor ends
                }
            });
        }
        if (!demo) return; // serve until killed
        InetSocketAddress target = listeners.get(0).localAddress();
        for (int i = 0; i < 200; i++) {
            try (TcpStream c = TcpStream.open(target)) {
                c.write(ByteBuffer.wrap("ping\n".getBytes()));
                ByteBuffer b = ByteBuffer.allocate(5);
                while (b.hasRemaining() && c.read(b) >= 0) { }
            }
        }
        System.out.println("accepted per listener: " + accepted);
        for (TcpListener l : listeners) l.close();
    }

    private static void echo(TcpStream s) {
        try (s) {
            ByteBuffer b = ByteBuffer.allocate(4096);
            while (s.read(b.clear()) > 0) s.write(b.flip());
        } catch (IOException e) {
            // the client went away
        }
    }
}
