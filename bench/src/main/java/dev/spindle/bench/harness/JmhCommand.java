package dev.spindle.bench.harness;

import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Visibility;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.ArrayList;
import java.util.List;

/** {@code jmh [JMH options]}: JMH's own command line, handed over as it is (its -h is JMH's help). */
@Command(name = "jmh", description = {"The JMH micro-benchmarks, e.g. `jmh -l`, `jmh ReadWrite -f 1`; `jmh -h` for JMH's options."})
public final class JmhCommand implements Runnable {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit (-h is JMH's).")
    boolean help;

    @Parameters(paramLabel = "JMH_OPTION", description = "Passed to JMH as they are.", showDefaultValue = Visibility.NEVER)
    List<String> jmhArgs = new ArrayList<>();

    @Override
    public void run() {
        try {
            org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
        } catch (Exception e) {
            throw new IllegalStateException("jmh failed: " + e, e);
        }
    }
}
