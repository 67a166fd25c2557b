package dev.spindle.bench.files;

import dev.spindle.bench.harness.ChildJvm;
import dev.spindle.bench.harness.ProcStat;
import dev.spindle.bench.server.NettyTuning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code files}: serving files over keep-alive HTTP, 64 KiB and 16 MiB, from Spindle's sendFile, Spindle's
 * read+write, Netty epoll's DefaultFileRegion and the JDK's transferTo; and a splice proxy against a copying
 * one in front of Spindle's sendfile server. Each server runs in its own JVM; a client in this JVM keeps
 * --conns connections busy for --seconds (after a 1 s warm-up), and the server's CPU time over that window
 * comes from /proc. Rounds are interleaved; the table has medians with their spread, and ratios to the
 * first variant of each group.
 */
@Command(name = "files", description = {"Keep-alive HTTP file serving, 64 KiB and 16 MiB: Spindle sendFile, Spindle read+write,"
        + " Netty epoll DefaultFileRegion, JDK transferTo; a splice proxy against a copying one.", "MB/s and server CPU per GB."})
public final class FilesCommand implements Callable<Integer> {
    private static final List<String> SERVERS = List.of("spindle-sendfile", "spindle-copy", "netty-epoll-fileregion", "jdk-transferto");
    private static final List<String> PROXIES = List.of("proxy-splice", "proxy-copy");
    private static final Map<String, Integer> SIZES = new LinkedHashMap<>(Map.of("64k", 64 * 1024, "16m", 16 << 20));

    @Option(names = "--seconds", defaultValue = "5", description = "Each run.")
    int seconds;
    @Option(names = "--rounds", defaultValue = "3")
    int rounds;
    @Option(names = "--conns", defaultValue = "4", description = "Keep-alive connections.")
    int conns;

    /** One measured run: bytes per second and server CPU seconds per GB. */
    private record Run(double bytesPerSecond, double cpuPerGb) {}

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || rounds < 1 || conns < 1) throw new IllegalArgumentException("--seconds, --rounds and --conns must be >= 1");
        Path dir = Files.createTempDirectory("spindle-files");
        Random random = new Random(1);
        for (var e : SIZES.entrySet()) {
            byte[] data = new byte[e.getValue()];
            random.nextBytes(data);
            Files.write(dir.resolve(e.getKey()), data);
        }
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        try {
            for (int r = 0; r < rounds; r++) {
                for (String size : SIZES.keySet()) {
                    for (String v : SERVERS) record(runs, size, v, measure(v, null, dir, size, seconds, conns));
                    try (Server upstream = Server.start("spindle-sendfile", dir, 0)) {
                        for (String v : PROXIES) record(runs, size, v, measure(v, upstream, dir, size, seconds, conns));
                    }
                }
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) Files.delete(p);
            }
            Files.delete(dir);
        }
        System.out.printf("%nfiles: %d rounds of %d s, %d keep-alive connections, medians (min-max)%n", rounds, seconds, conns);
        for (String size : SIZES.keySet()) {
            for (List<String> group : List.of(SERVERS, PROXIES)) {
                System.out.printf("%-4s %-24s %22s %26s %9s %9s%n", size, "variant", "MB/s", "server CPU s per GB", "MB/s x", "CPU/GB x");
                Run base = median(runs.get(size + " " + group.get(0)));
                for (String v : group) {
                    List<Run> rs = runs.get(size + " " + v);
                    Run m = median(rs);
                    System.out.printf("%-4s %-24s %8.0f (%5.0f-%5.0f) %10.3f (%6.3f-%6.3f) %9.2f %9.2f%n", size, v,
                            m.bytesPerSecond / 1e6, min(rs, true) / 1e6, max(rs, true) / 1e6, m.cpuPerGb, min(rs, false),
                            max(rs, false), m.bytesPerSecond / base.bytesPerSecond, m.cpuPerGb / base.cpuPerGb);
                }
            }
        }
        return 0;
    }

    private static void record(Map<String, List<Run>> runs, String size, String variant, Run run) {
        System.out.printf("run %-4s %-24s %8.0f MB/s %8.3f CPU s/GB%n", size, variant, run.bytesPerSecond / 1e6, run.cpuPerGb);
        runs.computeIfAbsent(size + " " + variant, k -> new ArrayList<>()).add(run);
    }

    private static Run measure(String variant, Server upstream, Path dir, String file, int seconds, int conns) throws Exception {
        try (Server s = Server.start(variant, dir, upstream == null ? 0 : upstream.port)) {
            AtomicLong bytes = new AtomicLong();
            List<Thread> clients = new ArrayList<>();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 1);
            for (int i = 0; i < conns; i++) clients.add(Thread.ofPlatform().start(() -> load(s.port, file, bytes, end)));
            Thread.sleep(1000); // warm-up
            long b0 = bytes.get(), t0 = System.nanoTime();
            double cpu0 = ProcStat.cpuSeconds(s.pid());
            Thread.sleep(seconds * 1000L);
            long b1 = bytes.get(), t1 = System.nanoTime();
            double cpu1 = ProcStat.cpuSeconds(s.pid());
            for (Thread t : clients) t.join();
            double moved = b1 - b0;
            return new Run(moved / ((t1 - t0) / 1e9), (cpu1 - cpu0) / (moved / 1e9));
        }
    }

    /** One keep-alive connection: GET /file, read the whole body, again, until end. */
    private static void load(int port, String file, AtomicLong bytes, long end) {
        byte[] request = ("GET /" + file + " HTTP/1.1\r\nHost: localhost\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        byte[] head = new byte[4096];
        try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            while (System.nanoTime() < end) {
                c.write(ByteBuffer.wrap(request));
                long body = -1, got = 0;
                buf.clear();
                while (body < 0) { // the header, then what follows it is body
                    if (c.read(buf) < 0) return;
                    int n = buf.position();
                    buf.get(0, head, 0, Math.min(n, head.length));
                    String s = new String(head, 0, Math.min(n, head.length), StandardCharsets.ISO_8859_1).toLowerCase();
                    int at = s.indexOf("\r\n\r\n");
                    if (at < 0) continue;
                    int cl = s.indexOf("content-length: ") + 16; // Netty writes header names in lower case
                    body = Long.parseLong(s.substring(cl, s.indexOf("\r\n", cl)).trim());
                    got = n - (at + 4);
                }
                while (got < body) {
                    buf.clear().limit((int) Math.min(buf.capacity(), body - got));
                    int n = c.read(buf);
                    if (n < 0) return;
                    got += n;
                }
                bytes.addAndGet(body);
            }
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static Run median(List<Run> rs) {
        List<Double> b = rs.stream().map(Run::bytesPerSecond).sorted().toList(), c = rs.stream().map(Run::cpuPerGb).sorted().toList();
        return new Run(b.get(b.size() / 2), c.get(c.size() / 2));
    }

    private static double min(List<Run> rs, boolean rate) {
        return rs.stream().mapToDouble(r -> rate ? r.bytesPerSecond : r.cpuPerGb).min().orElse(Double.NaN);
    }

    private static double max(List<Run> rs, boolean rate) {
        return rs.stream().mapToDouble(r -> rate ? r.bytesPerSecond : r.cpuPerGb).max().orElse(Double.NaN);
    }

    /** A server JVM of one variant, up once it prints its port. */
    private record Server(Process process, int port) implements AutoCloseable {
        static Server start(String variant, Path dir, int upstream) throws IOException {
            List<String> args = new ArrayList<>(List.of("files-server", "--variant", variant, "--dir", dir.toString()));
            if (upstream > 0) args.addAll(List.of("--upstream", Integer.toString(upstream)));
            List<String> jvm = new ArrayList<>(List.of("-Xmx512m"));
            // Netty at its best, as in compare: Unsafe allowed, leak detection off (the server prints what it got).
            if (variant.startsWith("netty")) jvm.addAll(NettyTuning.jvmOptions(Runtime.version().feature()));
            Process p = new ProcessBuilder(ChildJvm.command(jvm, args)).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                if (line.startsWith("listening ")) {
                    Thread.ofPlatform().daemon().start(() -> out.lines().forEach(l -> System.out.println("[" + variant + "] " + l)));
                    return new Server(p, Integer.parseInt(line.substring(10).trim()));
                }
                System.out.println("[" + variant + "] " + line);
            }
            throw new IOException(variant + " exited before listening");
        }

        long pid() {
            return process.pid();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
        }
    }
}
