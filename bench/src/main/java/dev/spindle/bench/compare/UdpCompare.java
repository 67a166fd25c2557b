package dev.spindle.bench.compare;

import dev.spindle.bench.harness.ChildJvm;
import dev.spindle.bench.harness.MeasureOptions;
import dev.spindle.bench.harness.OutDir;
import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.harness.RoundOptions;
import dev.spindle.bench.harness.RunChecks;
import dev.spindle.bench.harness.RunMeta;
import dev.spindle.bench.harness.Tools;
import dev.spindle.bench.server.NettyTuning;
import dev.spindle.bench.udp.UdpImpl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code compare --mode udp}: the UDP echo servers ({@link UdpImpl}) under spindle-udp-load at
 * several flow counts, run like the TCP comparison: one server JVM per impl pinned to CPU 0,
 * primed, then every point measured once per round, interleaved, the order rotating. Writes
 * {@code udp.md} and {@code udp.csv}.
 */
@Command(name = UdpCompare.NAME, description = {"The UDP echo servers under spindle-udp-load at several flow counts:"
        + " datagrams/s, loss, speed-ups of batching.", "Writes udp.md and udp.csv under --out."})
public final class UdpCompare implements Callable<Integer> {
    /** Its command line begins so: {@code compare --mode udp}. */
    public static final String NAME = "compare --mode udp";
    static final String MODE = "udp";

    @Option(names = "--flows", split = ",", defaultValue = "1,16,256", paramLabel = "N", description = "Flow counts, 1..4096.")
    List<Integer> flows;
    @Mixin
    MeasureOptions measure = new MeasureOptions(3, 1, 15, 5);
    @Mixin
    RoundOptions roundOptions = new RoundOptions(30);
    @Option(names = "--impls", split = ",", paramLabel = "IMPL", completionCandidates = UdpImpl.Labels.class,
            description = "Default: all of ${COMPLETION-CANDIDATES}.")
    List<String> impls;
    @Option(names = "--size", defaultValue = "64", description = "Datagram bytes, 24..2048.")
    int size;
    @Option(names = "--window", defaultValue = "8", description = "Datagrams in flight per flow, 1..1024.")
    int window;
    @Option(names = "--timeout-ms", defaultValue = "100", description = "A datagram not back within this long is lost.")
    double timeoutMs;
    @Mixin
    OutDir outDir = new OutDir("results");

    @Override
    public Integer call() throws Exception {
        double seconds = measure.seconds, warmup = measure.warmup, prime = measure.prime, quietWait = roundOptions.quietWait;
        int primeMin = measure.primeMin, rounds = roundOptions.rounds;
        boolean implsGiven = impls != null;
        List<String> impls = new ArrayList<>(implsGiven ? this.impls : UdpImpl.labels());
        Path out = outDir.dir();
        impls.forEach(UdpImpl::parse);
        for (int f : flows) if (f < 1 || f > 4096) throw new IllegalArgumentException("--flows must be within 1..4096");
        if (size < 24 || size > 2048) throw new IllegalArgumentException("--size must be within 24..2048");
        if (window < 1 || window > 1024) throw new IllegalArgumentException("--window must be within 1..1024");
        boolean nettyAtBest = roundOptions.check(measure);
        RunChecks.dropUnavailable(impls, implsGiven, impl -> UdpImpl.parse(impl).unavailable());

        Pinning pinning = new Pinning();
        LoadGenerator gen = new UdpLoad(Tools.udpLoadGenerator(), size, window, timeoutMs, pinning);
        int total = flows.size() * impls.size() * rounds;
        System.out.printf(Locale.ROOT, "compare --mode udp: %d flow counts x %d impls x %d rounds = %d points, %.1fs warm-up + %.1fs measured each"
                        + " (about %.0f min)%n", flows.size(), impls.size(), rounds, total, warmup, seconds,
                (total * (warmup + seconds + 1.0) + impls.size() * (Math.min(prime, primeMin + 3) + 2)) / 60);
        System.out.println("pinning: " + pinning.describe());
        System.out.println("load generator: " + gen.describe());
        Map<String, String> meta = RunMeta.of(pinning);
        meta.put("load_generator", gen.describe());
        meta.put("warmup_s", Double.toString(warmup));
        meta.put("seconds", Double.toString(seconds));
        meta.put("rounds", Integer.toString(rounds));
        meta.put("quiet_wait_s", Double.toString(quietWait));
        meta.put("netty", nettyAtBest ? "at-best: " + String.join(" ", NettyTuning.jvmOptions(ChildJvm.javaFeature())) : "stock");

        List<Point> points = new ArrayList<>();
        List<ServerProcess> running = Servers.start(impls, impl -> ServerProcess.udp(impl, pinning, nettyAtBest), MODE, meta);
        try {
            Servers.prime(running, gen, prime, primeMin);
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
        return 0;
    }
}
