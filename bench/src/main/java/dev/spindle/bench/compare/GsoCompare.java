package dev.spindle.bench.compare;

import dev.spindle.bench.harness.ChildJvm;
import dev.spindle.bench.harness.ChildProcess;
import dev.spindle.bench.harness.OutDir;
import dev.spindle.bench.harness.Pinning;
import dev.spindle.bench.harness.Tools;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code udp-gso}: what GSO buys when many datagrams go to one peer. A sender JVM pinned to CPU 0
 * ({@code udp-gso-send}) sends as fast as one thread can to a sink (spindle-udp-load --sink) on
 * the other CPU, with each method in turn: one send per datagram, one sendmmsg per burst, one GSO
 * send per burst, and the JDK's DatagramChannel; rounds interleave the methods. Writes
 * {@code udp-gso.md} and {@code udp-gso.csv}.
 */
@Command(name = "udp-gso", description = {"One thread sending to one peer: GSO vs sendmmsg vs one send per datagram.",
        "Writes udp-gso.md and udp-gso.csv under --out."})
public final class GsoCompare implements Callable<Integer> {
    @Option(names = "--sizes", split = ",", defaultValue = "64,1200", paramLabel = "BYTES", description = "Datagram sizes, 1..65507.")
    List<Integer> sizes;
    @Option(names = "--segments", defaultValue = "32", description = "Datagrams per call, 1..64.")
    int segments;
    @Option(names = "--methods", paramLabel = "M,..", description = "Of single, sendmmsg, gso, jdk-single (default: all).")
    String methods;
    @Option(names = "--seconds", defaultValue = "2", description = "Measured window per method and size.")
    double seconds;
    @Option(names = "--warmup", defaultValue = "0.5")
    double warmup;
    @Option(names = "--rounds", defaultValue = "3", description = "1..50.")
    int rounds;
    @Mixin
    OutDir outDir = new OutDir("results");

    @Override
    public Integer call() throws Exception {
        Path out = outDir.dir();
        for (int s : sizes) if (s < 1 || s > 65_507) throw new IllegalArgumentException("--sizes within 1..65507");
        if (segments < 1 || segments > 64) throw new IllegalArgumentException("--segments within 1..64");
        if (seconds <= 0 || seconds > 600 || warmup < 0 || warmup > 60) throw new IllegalArgumentException("--seconds in (0,600], --warmup in [0,60]");
        if (rounds < 1 || rounds > 50) throw new IllegalArgumentException("--rounds within 1..50");

        Pinning pinning = new Pinning();
        int perRound = sizes.size() * (methods == null ? 4 : methods.split(",").length);
        double limit = 60 + rounds * perRound * (seconds + warmup + 1);
        System.out.printf(Locale.ROOT, "udp-gso: sizes %s, up to %d segments per call, %d rounds, %.1f s each (+%.1f s warm-up); %s%n",
                sizes, segments, rounds, seconds, warmup, pinning.describe());
        List<GsoReport.Run> runs = new ArrayList<>();
        Map<String, String> sink;
        try (UdpSink s = new UdpSink(Tools.udpLoadGenerator(), pinning, limit)) {
            List<String> args = new ArrayList<>(List.of("udp-gso-send", "--port", Integer.toString(s.port),
                    "--sizes", String.join(",", sizes.stream().map(String::valueOf).toList()), "--segments", Integer.toString(segments),
                    "--seconds", Double.toString(seconds), "--warmup", Double.toString(warmup), "--rounds", Integer.toString(rounds)));
            if (methods != null) args.addAll(List.of("--methods", methods));
            StringBuilder other = new StringBuilder();
            long[] sent = {0};
            int rc = ChildProcess.run(pinning.server(ChildJvm.command(List.of(), args)), limit, line -> {
                if (line.startsWith("RESULT ")) {
                    GsoReport.Run r = GsoReport.Run.parse(NativeLoad.resultLine(line));
                    runs.add(r);
                    System.out.printf(Locale.ROOT, "r%d %5d B x%-2d %-11s %s%n", r.round(), r.size(), r.segments(), r.method(),
                            r.unsupported() != null ? "unsupported: " + r.unsupported()
                                    : Format.rps(r.rate()) + " datagrams/s, " + r.calls() + " calls");
                } else if (line.startsWith("SENT datagrams=")) {
                    sent[0] = Long.parseLong(line.substring("SENT datagrams=".length()).trim());
                } else {
                    other.append(line).append('\n');
                }
            });
            sink = s.finish();
            sink.put("sent", Long.toString(sent[0]));
            if (rc != 0) throw new IOException("udp-gso-send failed (exit " + rc + "):\n" + other);
        }
        String context = String.format(Locale.ROOT, "%s; %d rounds of %.1f s per method and size; the sink received %s of the %s"
                        + " datagrams sent, warm-ups included (the rest overflowed its socket buffer: one receiving thread is slower"
                        + " than these senders, and the kernel drops what does not fit).",
                pinning.describe(), rounds, seconds, sink.getOrDefault("received", "?"), sink.get("sent"));
        GsoReport report = new GsoReport(runs, context);
        String md = report.markdown();
        System.out.println(md);
        Files.createDirectories(out);
        Files.writeString(out.resolve("udp-gso.md"), md);
        Files.writeString(out.resolve("udp-gso.csv"), report.csv());
        System.out.println("results: " + out.resolve("udp-gso.{md,csv}"));
        return 0;
    }
}
