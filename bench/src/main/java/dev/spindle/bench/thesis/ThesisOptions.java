package dev.spindle.bench.thesis;

import picocli.CommandLine.Option;

import java.util.List;
import java.util.Locale;

/** The options of one variant's run: {@code thesis} takes them and passes them on to each {@code thesis-variant} child. */
final class ThesisOptions {
    @Option(names = "--tasks", defaultValue = "500", description = "Tasks in the ring, 1..5000.")
    int tasks;
    @Option(names = "--laps", defaultValue = "500", description = "Laps per repetition, at most; 1..1000000.")
    int laps;
    @Option(names = "--warmup-laps", defaultValue = "100")
    int warmupLaps;
    @Option(names = "--ring-seconds", defaultValue = "" + ThesisVariantRun.RING_SECONDS, description = "Seconds per repetition, at most.")
    double ringSeconds;
    @Option(names = "--ring-reps", defaultValue = "" + ThesisVariantRun.RING_REPS, description = "Repetitions the spread is taken over, 1..100.")
    int ringReps;
    @Option(names = "--ring-max-seconds", defaultValue = "" + ThesisVariantRun.RING_MAX_SECONDS, description = "The ring's cap per variant.")
    double ringMaxSeconds;
    @Option(names = "--ring-spread", defaultValue = "" + ThesisVariantRun.RING_SPREAD_PCT, description = "Target spread, %%.")
    double ringSpread;
    @Option(names = "--spawns", defaultValue = "1000")
    int spawns;
    @Option(names = "--spawn-iterations", defaultValue = "5")
    int spawnIterations;
    @Option(names = "--spawn-seconds", defaultValue = "3")
    double spawnSeconds;
    @Option(names = "--mem-min", defaultValue = "1000")
    int memMin;
    @Option(names = "--mem-max", defaultValue = "10000", description = "At most 16000 (file descriptors).")
    int memMax;
    @Option(names = "--mem-step", defaultValue = "1000")
    int memStep;
    @Option(names = "--jdk-transport", defaultValue = "unix", paramLabel = "unix|tcp",
            description = "unix: every variant on AF_UNIX pairs, Spindle's from socketpair; tcp: every variant on loopback TCP.")
    String jdkTransport;

    /** The same options as a child's command line. */
    List<String> args() {
        return List.of("--tasks", str(tasks), "--laps", str(laps), "--warmup-laps", str(warmupLaps),
                "--ring-seconds", str(ringSeconds), "--ring-reps", str(ringReps), "--ring-max-seconds", str(ringMaxSeconds),
                "--ring-spread", str(ringSpread), "--spawns", str(spawns), "--spawn-iterations", str(spawnIterations),
                "--spawn-seconds", str(spawnSeconds), "--mem-min", str(memMin), "--mem-max", str(memMax), "--mem-step", str(memStep),
                "--jdk-transport", jdkTransport);
    }

    private static String str(Number n) {
        return String.format(Locale.ROOT, "%s", n);
    }
}
