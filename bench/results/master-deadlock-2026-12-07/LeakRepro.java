import dev.spindle.Spindle;
import dev.spindle.net.TcpListener;
import dev.spindle.net.TcpStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/** The LeakTortureTest workload in rounds, with a watchdog that dumps state when progress stops. */
public class LeakRepro {
    static final int MESSAGE = 64;
    static final LongAdder done = new LongAdder();
    static final ConcurrentHashMap<Integer, String> serverSide = new ConcurrentHashMap<>();
    static final ConcurrentHashMap<String, String> clientAt = new ConcurrentHashMap<>();
    static volatile boolean stalled;

    public static void main(String[] a) throws Exception {
        long until = System.nanoTime() + Long.parseLong(a[0]) * 1_000_000_000L;
        int cycles = Integer.parseInt(a[1]);
        Thread dog = new Thread(() -> watch(), "watchdog");
        dog.setDaemon(true);
        dog.start();
        long total = 0;
        for (int round = 0; System.nanoTime() < until; round++) {
            runCycles(cycles / 20);
            for (int i = 0; i < 500 && Spindle.pollerStats().stream().anyMatch(s -> s.running()); i++) Thread.sleep(10);
            runCycles(cycles);
            total = done.sum();
            System.out.println("round " + round + " done " + total);
        }
        System.exit(0);
    }

    static void watch() {
        long last = -1, since = System.nanoTime();
        for (;;) {
            try { Thread.sleep(1000); } catch (InterruptedException e) { return; }
            long now = done.sum();
            if (now != last) { last = now; since = System.nanoTime(); continue; }
            boolean idle = Spindle.pollerStats().stream().noneMatch(s -> s.running());
            if (System.nanoTime() - since > 8_000_000_000L && !clientAt.isEmpty()) {
                System.out.println("STALL at done=" + now);
                System.out.println("clients: " + clientAt);
                System.out.println("server: " + serverSide);
                System.out.println("pollers: " + Spindle.pollerStats());
                try {
                    long pid = ProcessHandle.current().pid();
                    new ProcessBuilder("jcmd", "" + pid, "Thread.dump_to_file", "-format=text", "/work/repro/dump-" + pid + ".txt").inheritIO().start().waitFor();
                    new ProcessBuilder("bash", "-c", "ls -l /proc/" + pid + "/fd | wc -l; cat /proc/net/tcp | wc -l").inheritIO().start().waitFor();
                } catch (Exception e) { e.printStackTrace(); }
                System.out.println("pollers: " + Spindle.pollerStats());
                Runtime.getRuntime().halt(3);
            }
        }
    }

    static void runCycles(int cycles) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (TcpListener listener = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
            Thread acceptor = Thread.ofVirtual().start(() -> acceptLoop(listener));
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "client" + i;
                Runnable client = () -> {
                    for (int n; (n = next.getAndIncrement()) < cycles; ) cycle(listener, n, name);
                    clientAt.remove(name);
                };
                clients.add(i % 2 == 0 ? Thread.ofVirtual().name(name).start(client) : Thread.ofPlatform().name(name).start(client));
            }
            for (Thread c : clients) c.join();
            listener.close();
            acceptor.join(10_000);
        }
    }

    static void cycle(TcpListener listener, int n, String name) {
        byte[] message = new byte[MESSAGE];
        Arrays.fill(message, (byte) n);
        int port = -1;
        clientAt.put(name, "cycle " + n + " opening");
        try (TcpStream c = TcpStream.open(listener.localAddress())) {
            port = c.localAddress().getPort();
            clientAt.put(name, "cycle " + n + " port " + port + " case " + (n % 4) + " io");
            byte[] echo = switch (n % 4) {
                case 0 -> { c.write(ByteBuffer.wrap(message)); yield readExactly(c); }
                case 1 -> {
                    c.write(new ByteBuffer[] {ByteBuffer.allocateDirect(MESSAGE).put(message).flip()});
                    ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE);
                    while (in.hasRemaining()) if (c.read(new ByteBuffer[] {in}) < 0) throw new IOException("eof");
                    byte[] b = new byte[MESSAGE]; in.flip().get(b); yield b;
                }
                case 2 -> { c.outputStream().write(message); yield c.inputStream().readNBytes(MESSAGE); }
                default -> { c.setReadTimeout(Duration.ofSeconds(30)); c.write(ByteBuffer.wrap(message)); yield readExactly(c); }
            };
            if (!Arrays.equals(message, echo)) throw new IOException("wrong echo " + n);
            clientAt.put(name, "cycle " + n + " closing");
            done.increment();
        } catch (Exception e) {
            System.out.println("cycle " + n + " port " + port + " server " + serverSide.get(port) + ": " + e);
            e.printStackTrace(System.out);
        }
    }

    static byte[] readExactly(TcpStream c) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(MESSAGE);
        while (b.hasRemaining()) if (c.read(b) < 0) throw new IOException("eof");
        return b.array();
    }

    static void acceptLoop(TcpListener listener) {
        try {
            for (;;) { TcpStream conn = listener.accept(); Thread.ofVirtual().start(() -> echo(conn)); }
        } catch (ClosedChannelException closed) {
        } catch (IOException e) { e.printStackTrace(System.out); }
    }

    static void echo(TcpStream conn) {
        int port = -1;
        try (conn) {
            port = conn.remoteAddress().getPort();
            serverSide.put(port, "accepted");
            ByteBuffer buf = ByteBuffer.allocate(MESSAGE);
            long echoed = 0;
            for (int got; (got = conn.read(buf.clear())) >= 0; ) {
                serverSide.put(port, "read " + got + " after " + echoed);
                conn.write(buf.flip());
                echoed += got;
                serverSide.put(port, echoed + " echoed");
            }
        } catch (IOException e) { e.printStackTrace(System.out); }
        finally { serverSide.remove(port); }
    }
}
