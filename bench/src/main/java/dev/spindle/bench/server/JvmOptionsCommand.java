package dev.spindle.bench.server;

import dev.spindle.bench.harness.ChildJvm;
import dev.spindle.bench.harness.RunChecks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code jvm-options --impl IMPL [--netty at-best|stock]}: prints, one per line, the options
 * a server JVM of IMPL gets from {@code compare} when it runs on this java (for scripts that
 * start servers themselves, e.g. bench/scripts/syscalls-per-request.sh).
 */
@Command(name = "jvm-options", description = "Prints the JVM options compare gives IMPL's server on this java, one per line.")
public final class JvmOptionsCommand implements Runnable {
    @Option(names = "--impl", required = true, paramLabel = "IMPL", completionCandidates = Impl.Labels.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String impl;
    @Option(names = "--netty", paramLabel = "at-best|stock")
    String netty = "at-best";

    @Override
    public void run() {
        Impl impl = Impl.parse(this.impl);
        for (String o : impl.jvmOptions(ChildJvm.javaFeature(), RunChecks.nettyAtBest(netty))) System.out.println(o);
    }
}
