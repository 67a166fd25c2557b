package dev.spindle.bench.compare;

import dev.spindle.bench.Args;
import dev.spindle.bench.ChildJvm;
import dev.spindle.bench.server.NettyTuning;
import dev.spindle.bench.udp.UdpImpl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code compare --mode udp}: the UDP echo servers ({@link UdpImpl}) under spindle-udp-load at
 * several flow counts, run like the TCP comparison: one server JVM per impl pinned to CPU 0,
 * primed, then every point measured once per round, interleaved, the order rotating. Writes
 * {@code udp.md} and {@code udp.csv}.
 */
final class UdpCompare {
    static final String MODE = "udp";

    private UdpCompare() {}

    static void main(String[] argv) throws Exception {
        Args a = new Args(argv, Set.of("flows", "seconds", "warmup", "impls", "out", "size", "window", "timeout-ms", "prime",
                "prime-min", "rounds", "netty", "quiet-wait"));
        List<Integer> flows = a.integers("flows", "1,16,256");
        double seconds = a.decimal("seconds", 3);
        double warmup = a.decimal("warmup", 1);
        double prime = a.decimal("prime", 15);
        int primeMin = a.integer("prime-min", 5);
        int rounds = a.integer("rounds", 3);
        int size = a.integer("size", 64);
        int window = a.integer("window", 8);
        double timeoutMs = a.decimal("timeout-ms", 100);
        double quietWait = a.decimal("quiet-wait", 30); // per point, at most: wait out other work on a shared machine
        String netty = a.string("netty", "at-best");
        boolean implsGiven = a.string("impls", null) != null;
        List<String> impls = new ArrayList<>(a.list("impls", String.join(",", UdpImpl.labels())));
        Path out = Path.of(a.string("out", Tools.buildDir().resolve("results").toString()));
        impls.forEach(UdpImpl::parse);
        for (int f : flows) if (f < 1 || f > 4096) throw new IllegalArgumentException("--flows must be within 1..4096");
        if (size < 24 || size > 2048) throw new IllegalArgumentException("--size must be within 24..2048");
        if (window < 1 || window > 1024) throw new IllegalArgumentException("--window must be within 1..1024");
        boolean nettyAtBest = CompareCommand.checkRun(seconds, warmup, rounds, prime, primeMin, netty);
        CompareCommand.dropUnavailable(impls, implsGiven, impl -> UdpImpl.parse(impl).unavailable());

        Pinning pinning = new Pinning();
        LoadGenerator gen = new UdpLoad(Tools.udpLoadGenerator(), size, window, timeoutMs, pinning);
        int total = flows.size() * impls.size() * rounds;
        System.out.printf(Locale.ROOT, "compare --mode udp: %d flow counts x %d impls x %d rounds = %d points, %.1fs warm-up + %.1fs measured each"
                        + " (about %.0f min)%n", flows.size(), impls.size(), rounds, total, warmup, seconds,
                (total * (warmup + seconds + 1.0) + impls.size() * (Math.min(prime, primeMin + 3) + 2)) / 60);
        System.out.println("pinning: " + pinning.describe());
        System.out.println("load generator: " + gen.describe());
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("started", Instant.now().toString());
        meta.put("java", ChildJvm.java() + " " + Runtime.version());
        meta.put("cpus", Integer.toString(pinning.cpus));
        meta.put("pinning", pinning.describe());
        meta.put("load_generator", gen.describe());
        meta.put("warmup_s", Double.toString(warmup));
        meta.put("seconds", Double.toString(seconds));
        meta.put("rounds", Integer.toString(rounds));
        meta.put("quiet_wait_s", Double.toString(quietWait));
        meta.put("netty", nettyAtBest ? "at-best: " + String.join(" ", NettyTuning.jvmOptions(ChildJvm.javaFeature())) : "stock");

        List<Point> points = new ArrayList<>();
        List<ServerProcess> running = CompareCommand.startServers(impls, impl -> ServerProcess.udp(impl, pinning, nettyAtBest), MODE, meta);
        try {
            CompareCommand.prime(running, gen, prime, primeMin);
            CompareCommand.measureRounds(running, MODE, flows, rounds, gen, warmup, seconds, 0, total, points, quietWait);
        } finally {
            for (ServerProcess s : running) s.close();
        }

        UdpReport report = new UdpReport(points, meta, rounds);
        String md = "## UDP echo\n\n" + report.settings() + report.markdown();
        System.out.println(md);
        Files.createDirectories(out);
        Files.writeString(out.resolve("udp.md"), md);
        Files.writeString(out.resolve("udp.csv"), report.csv());
        System.out.println("results: " + out.resolve("udp.{md,csv}"));
    }
}
