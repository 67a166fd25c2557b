package dev.spindle.bench.compare;

import dev.spindle.bench.harness.OutDir;
import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.harness.ProcStat;
import dev.spindle.bench.harness.Table;
import dev.spindle.bench.server.Impl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code idle}: what a server costs while it holds many connections and nothing happens on them.
 * For each impl in turn: one echo server JVM (pinned as {@code compare} pins it), {@code --conns}
 * connections opened from this JVM and left silent, a settle time, then the server's CPU time
 * (user + system, /proc) and context switches over {@code --seconds}. Afterwards one echo round
 * trip on every connection shows the server still served them all.
 */
@Command(name = "idle", description = "Server CPU and context switches while it holds --conns silent connections (idle.md).")
public final class IdleCommand implements Callable<Integer> {
    @Option(names = "--impls", split = ",", paramLabel = "IMPL", description = "Default: ${DEFAULT-VALUE}.")
    List<String> impls = List.of("netty-epoll", "jdk-virtual", "spindle-virtual", "spindle-platform");
    @Option(names = "--conns", paramLabel = "N", description = "Silent connections held (1..20000). Default: ${DEFAULT-VALUE}.")
    int conns = 10_000;
    @Option(names = "--seconds", paramLabel = "S", description = "Measured window. Default: ${DEFAULT-VALUE}.")
    double seconds = 10;
    @Option(names = "--settle", paramLabel = "S", description = "Wait after the connections are up, before the window. Default: ${DEFAULT-VALUE}.")
    double settle = 3;
    @Mixin
    OutDir outDir = new OutDir("idle");

    @Override
    public Integer call() throws Exception {
        Path out = outDir.dir();
        impls.forEach(Impl::parse);
        if (conns < 1 || conns > 20_000) throw new IllegalArgumentException("--conns must be within 1..20000");
        if (seconds <= 0 || seconds > 600 || settle < 0 || settle > 600) throw new IllegalArgumentException("--seconds in (0,600], --settle in [0,600]");
        Pinning pinning = new Pinning();
        Table table = new Table().left("impl").right("server CPU, % of one core", "CPU ms per second", "voluntary switches per second",
                "involuntary per second", "round trips after");
        for (String impl : impls) {
            try (ServerProcess server = new ServerProcess(impl, "echo", pinning)) {
                server.awaitListening(60);
                List<SocketChannel> clients = new ArrayList<>(conns);
                try {
                    InetSocketAddress at = new InetSocketAddress("127.0.0.1", server.port);
                    for (int i = 0; i < conns; i++) clients.add(SocketChannel.open(at));
                    if (!echoOnEach(clients)) throw new IOException(impl + " did not echo on every connection before the window");
                    Thread.sleep((long) (settle * 1000));
                    double cpu0 = server.cpuSeconds();
                    long[] sw0 = ProcStat.threadSwitches(server.pid());
                    long t0 = System.nanoTime();
                    Thread.sleep((long) (seconds * 1000));
                    double cpu = server.cpuSeconds() - cpu0;
                    long[] sw = ProcStat.threadSwitches(server.pid());
                    double s = (System.nanoTime() - t0) / 1e9;
                    boolean served = echoOnEach(clients);
                    List<String> row = List.of(impl, String.format(Locale.ROOT, "%.2f %%", 100 * cpu / s),
                            String.format(Locale.ROOT, "%.2f", 1000 * cpu / s), String.format(Locale.ROOT, "%.1f", (sw[0] - sw0[0]) / s),
                            String.format(Locale.ROOT, "%.1f", (sw[1] - sw0[1]) / s), served ? "all " + conns : "NOT ALL");
                    System.out.print(Table.markdownLine(row));
                    table.row(row);
                } finally {
                    for (SocketChannel c : clients) c.close();
                }
            }
        }
        String md = "### Idle: " + conns + " silent echo connections, " + seconds + " s window after " + settle + " s\n\n"
                + table.markdown() + "\nCPU: utime + stime of the server process from /proc (10 ms ticks); switches summed over /proc/PID/task/*/status.\n";
        Files.createDirectories(out);
        Files.writeString(out.resolve("idle.md"), md);
        System.out.println("results: " + out.resolve("idle.md"));
        return 0;
    }

    /** One 8-byte echo round trip on every connection, in turn; false if any came back short or wrong. */
    private static boolean echoOnEach(List<SocketChannel> clients) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(8), in = ByteBuffer.allocate(8);
        long i = 0;
        for (SocketChannel c : clients) {
            out.clear().putLong(++i).flip();
            while (out.hasRemaining()) c.write(out);
            in.clear();
            while (in.hasRemaining()) if (c.read(in) < 0) return false;
            if (in.getLong(0) != i) return false;
        }
        return true;
    }
}
