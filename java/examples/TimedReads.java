import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * Reads with a 30 s read timeout, for counting syscalls under strace:
 *   ready     the data is always there (written just before each read), so no read waits;
 *   pingpong  a virtual-thread echo peer answers each byte, so most reads wait and arm the timer.
 *
 * Run: strace -f -c -e trace=timerfd_settime,epoll_ctl,read,write,sendto \
 *        java -cp java/target/spindle-0.1.0-SNAPSHOT.jar java/examples/TimedReads.java ready|pingpong [reads]
 */
public class TimedReads {
    public static void main(String[] args) throws Exception {
        boolean pingpong = args[0].equals("pingpong");
        int reads = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        try (TcpListener l = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0));
             TcpStream c = TcpStream.open(l.localAddress());
             TcpStream s = l.accept()) {
            c.setReadTimeout(Duration.ofSeconds(30));
            Thread peer = null;
            if (pingpong) {
                peer = Thread.ofVirtual().start(() -> {
                    ByteBuffer b = ByteBuffer.allocate(1);
                    try {
                        while (s.read(b.clear()) > 0) s.write(b.flip());
                    } catch (Exception e) {
                        // client closed
                    }
                });
            }
            ByteBuffer one = ByteBuffer.allocateDirect(1);
            Thread reader = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < reads; i++) {
                        (pingpong ? c : s).write(one.clear());
                        if (c.read(one.clear()) != 1) throw new IllegalStateException("short read");
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            reader.join();
            c.shutdownOutput();
            if (peer != null) peer.join();
            System.out.println(reads + " timed reads done (" + args[0] + ")");
        }
    }
}
