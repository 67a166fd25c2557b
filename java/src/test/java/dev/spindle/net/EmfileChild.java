package dev.spindle.net;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The child of {@link EmfileTortureTest}, run under {@code ulimit -n 256}: runs out of fds, checks
 * how connect and accept fail and that a naive accept loop does not spin, frees some fds and
 * accepts what was pending. Reports {@code key=value} lines on stdout for the parent to check.
 */
public final class EmfileChild {
    static final int PENDING = 32, SPIN_MILLIS = 2000;

    public static void main(String[] args) {
        try {
            run();
            report("done", "true");
        } catch (Throwable t) {
            report("error", t.toString());
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        // A class loaded from a directory needs an fd; the library in a jar would not. Load it all now.
        preloadLibraryClasses();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        os.getProcessCpuTime();
        report("fdLimit", Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElse("?").replaceAll("\\s+", " "));
        TcpListener listener = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        TcpListener hogListener = TcpListener.open().bind(new InetSocketAddress("127.0.0.1", 0), 4096);
        warmUp(listener, os);

        // Connections the listener will accept once fds are free again; each sends its id now.
        List<TcpStream> pending = new ArrayList<>();
        for (int i = 0; i < PENDING; i++) {
            TcpStream c = TcpStream.open(listener.localAddress());
            c.write(ByteBuffer.allocate(8).putLong(0, i));
            pending.add(c);
        }
        report("pending", PENDING);
        // (a) Connect extra clients until the process has no fd left.
        List<TcpStream> hogs = new ArrayList<>();
        IOException connectError = null;
        for (int i = 0; i < 100_000 && connectError == null; i++) {
            try {
                hogs.add(TcpStream.open(hogListener.localAddress()));
            } catch (IOException e) {
                connectError = e;
            }
        }
        report("hogs", hogs.size());
        report("connectError", connectError);
        report("openError", failureOf(TcpStream::open));
        // (b) accept fails alike, and the listener stays open.
        report("acceptError", failureOf(listener::accept));
        report("listenerOpen", listener.isOpen());
        // (c) A naive server loop that retries at once, on a platform and on a virtual thread.
        spin("platform", listener, os);
        AtomicReference<Exception> virtualFailure = new AtomicReference<>();
        Thread.ofVirtual().start(() -> {
            try {
                spin("virtual", listener, os);
            } catch (Exception e) {
                virtualFailure.set(e);
            }
        }).join();
        if (virtualFailure.get() != null) throw virtualFailure.get();
        // (d) Free some fds: every pending connection is accepted and works.
        for (int i = 0; i < PENDING + 8; i++) hogs.remove(hogs.size() - 1).close();
        listener.setAcceptTimeout(Duration.ofSeconds(10));
        int accepted = 0, roundTrips = 0;
        for (int i = 0; i < PENDING; i++) {
            try (TcpStream server = listener.accept()) {
                accepted++;
                ByteBuffer id = Loopback.readExactly(server, 8, false);
                server.write(id);
                ByteBuffer back = Loopback.readExactly(pending.get((int) id.getLong(0)), 8, false);
                if (back.getLong(0) == id.getLong(0)) roundTrips++;
            }
        }
        report("accepted", accepted);
        report("roundTrips", roundTrips);
        listener.setAcceptTimeout(Duration.ofMillis(200));
        report("afterPending", failureOf(listener::accept)); // nothing more was pending
        listener.setAcceptTimeout(Duration.ZERO);
        report("fresh", roundTrip(listener) ? "ok" : "bad echo");
        for (TcpStream c : pending) c.close();
        for (TcpStream c : hogs) c.close();
        listener.close();
        hogListener.close();
    }

    /** Retries accept right after each failure for 2 s; counts failures and the process's CPU time. */
    private static void spin(String kind, TcpListener listener, com.sun.management.OperatingSystemMXBean os) {
        long failures = 0, other = 0, accepted = 0;
        String firstOther = "none";
        long cpu0 = os.getProcessCpuTime(), t0 = System.nanoTime();
        while (System.nanoTime() - t0 < SPIN_MILLIS * 1_000_000L && failures < 10_000_000) {
            try {
                listener.accept().close();
                accepted++;
            } catch (IOException e) {
                if (String.valueOf(e.getMessage()).contains("too many open files")) failures++;
                else if (other++ == 0) firstOther = e.toString();
            }
        }
        long wall = System.nanoTime() - t0, cpu = os.getProcessCpuTime() - cpu0;
        report("spin." + kind + ".failures", failures);
        report("spin." + kind + ".other", other);
        report("spin." + kind + ".firstOther", firstOther);
        report("spin." + kind + ".accepted", accepted);
        report("spin." + kind + ".millis", wall / 1_000_000);
        report("spin." + kind + ".cpuPercent", String.format("%.1f", 100.0 * cpu / wall));
    }

    private static void warmUp(TcpListener listener, com.sun.management.OperatingSystemMXBean os) throws Exception {
        if (!roundTrip(listener)) throw new AssertionError("warm-up round trip");
        listener.setAcceptTimeout(Duration.ofMillis(1));
        if (!(failureOf(listener::accept) instanceof SocketTimeoutException))
            throw new AssertionError("warm-up: no accept timeout");
        listener.setAcceptTimeout(Duration.ZERO);
        failureOf(() -> TcpStream.open(new InetSocketAddress("127.0.0.1", 1))); // the errno-to-exception path
        Thread.ofVirtual().start(() -> {}).join();
        String.format("%.1f", 1.0);
        report("fdsAtStart", new java.io.File("/proc/self/fd").list().length);
    }

    /** Connects, accepts, and echoes 8 bytes through the accepted end. */
    private static boolean roundTrip(TcpListener listener) throws IOException {
        try (TcpStream client = TcpStream.open(listener.localAddress()); TcpStream server = listener.accept()) {
            client.write(ByteBuffer.allocate(8).putLong(0, 42));
            server.write(Loopback.readExactly(server, 8, false));
            return Loopback.readExactly(client, 8, false).getLong(0) == 42;
        }
    }

    private static void preloadLibraryClasses() throws Exception {
        Path root = Path.of(TcpStream.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(root)) return; // a jar: loading needs no new fd
        try (var files = Files.walk(root.resolve("dev/spindle"))) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = root.relativize(p).toString();
                if (name.endsWith(".class")) Class.forName(name.replace('/', '.').replace(".class", ""), false,
                        EmfileChild.class.getClassLoader());
            }
        }
    }

    private interface Call {
        Object call() throws Exception;
    }

    private static Exception failureOf(Call call) {
        try {
            Object result = call.call();
            if (result instanceof AutoCloseable c) c.close();
            return null;
        } catch (Exception e) {
            return e;
        }
    }

    private static void report(String key, Object value) {
        System.out.println(key + "=" + value);
        System.out.flush();
    }
}
