package dev.spindle.bench.server;

import dev.spindle.bench.harness.ChildJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * {@code server --impl IMPL --mode MODE --port PORT [--threads N]}: serves on
 * 127.0.0.1 until SIGTERM (or SIGINT); a shutdown hook then closes the
 * listener and every connection, prints "stopped" and exits with status 0.
 * A Netty server adds {@code unsafe=true|false} (and its leak detection level and
 * default allocator) to its {@code listening} line.
 */
@Command(name = "server", description = {"Serves IMPL on 127.0.0.1:PORT until SIGTERM.",
        "*-spindle: with Spindle's SelectorProvider; *-agent: the jdk-* servers with -javaagent."})
public final class ServerCommand implements Callable<Integer> {
    @Option(names = "--impl", required = true, paramLabel = "IMPL", completionCandidates = Impl.Labels.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String impl;
    @Option(names = "--mode", required = true, paramLabel = "echo|http")
    String mode;
    @Option(names = "--port", required = true)
    int port;
    @Option(names = "--threads", description = "Netty's event loops (default: the CPUs).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Override
    public Integer call() throws Exception {
        Impl impl = Impl.parse(this.impl);
        Mode mode = Mode.parse(this.mode);
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("--port must be 1..65535");
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1");
        exitUnlessRunnable(impl.label(), impl.needsSpindle(), impl.unavailable());
        String wrongProvider = ProviderCheck.mismatch(impl);
        if (wrongProvider == null) wrongProvider = AgentCheck.mismatch(impl.label(), impl.agent());
        if (wrongProvider != null) {
            System.err.println(wrongProvider);
            return 1;
        }

        Server server = impl.start(mode, port, threads);
        serve(impl.label(), impl.netty(), server, String.format("listening impl=%s mode=%s port=%d threads=%d pid=%d %s",
                impl.label(), mode.label(), port, threads, ProcessHandle.current().pid(), ProviderCheck.describe()
                + " javanet=" + dev.spindle.Spindle.installed()));
        return 0;
    }

    /** Exits 1, saying why, when the server cannot run here (Spindle's or Netty's native part missing). */
    public static void exitUnlessRunnable(String label, boolean needsSpindle, String unavailable) {
        if (needsSpindle && !SpindleCheck.available()) System.exit(1);
        if (unavailable != null) {
            System.err.println(label + ": " + unavailable);
            System.exit(1);
        }
    }

    /**
     * Serves until SIGTERM/SIGINT: prints {@code listening} (with Netty's {@link NettyTuning#describe()}
     * appended for a Netty server, and a line before it when Netty runs without Unsafe), then on the
     * signal closes the server, prints {@code stopped impl=LABEL} and exits 0.
     */
    public static void serve(String label, boolean netty, Server server, String listening) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
                System.out.printf("stopped impl=%s%n", label);
            } catch (Exception e) {
                System.out.println("stopped impl=" + label + " after " + e);
            }
            System.out.flush();
            Runtime.getRuntime().halt(0); // a requested stop is a clean exit, not "killed by SIGTERM" (143)
        }, "shutdown"));
        if (netty && NettyTuning.unsafeUnavailability() != null) {
            System.out.println("netty: running without sun.misc.Unsafe: " + NettyTuning.unsafeUnavailability());
        }
        System.out.println(listening + (netty ? " " + NettyTuning.describe() : ""));
        System.out.flush();
        Thread.currentThread().join(); // serve until the JVM is told to stop
    }
}
