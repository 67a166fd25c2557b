package dev.spindle.bench.server;

import dev.spindle.bench.Args;
import dev.spindle.bench.ChildJvm;

import java.util.Set;

/**
 * {@code server --impl IMPL --mode MODE --port PORT [--threads N]}: serves on
 * 127.0.0.1 until SIGTERM (or SIGINT); a shutdown hook then closes the
 * listener and every connection, prints "stopped" and exits with status 0.
 * A Netty server adds {@code unsafe=true|false} (and its leak detection level and
 * default allocator) to its {@code listening} line.
 */
public final class ServerCommand {
    private ServerCommand() {}

    /**
     * {@code jvm-options --impl IMPL [--netty at-best|stock]}: prints, one per line, the options
     * a server JVM of IMPL gets from {@code compare} when it runs on this java (for scripts that
     * start servers themselves, e.g. bench/scripts/syscalls-per-request.sh).
     */
    public static void jvmOptions(String[] argv) {
        Args args = new Args(argv, Set.of("impl", "netty"));
        Impl impl = Impl.parse(args.required("impl"));
        String netty = args.string("netty", "at-best");
        if (!netty.equals("at-best") && !netty.equals("stock")) throw new IllegalArgumentException("--netty at-best|stock, not " + netty);
        for (String o : impl.jvmOptions(ChildJvm.javaFeature(), netty.equals("at-best"))) System.out.println(o);
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Set.of("impl", "mode", "port", "threads"));
        Impl impl = Impl.parse(args.required("impl"));
        Mode mode = Mode.parse(args.required("mode"));
        int port = args.integer("port", 0);
        int threads = args.integer("threads", Runtime.getRuntime().availableProcessors());
        if (port <= 0 || port > 65535) throw new IllegalArgumentException("--port must be 1..65535");
        if (threads < 1) throw new IllegalArgumentException("--threads must be >= 1");
        exitUnlessRunnable(impl.label(), impl.needsSpindle(), impl.unavailable());
        String wrongProvider = ProviderCheck.mismatch(impl);
        if (wrongProvider == null) wrongProvider = AgentCheck.mismatch(impl.label(), impl.agent());
        if (wrongProvider != null) {
            System.err.println(wrongProvider);
            System.exit(1);
        }

        Server server = impl.start(mode, port, threads);
        serve(impl.label(), impl.netty(), server, String.format("listening impl=%s mode=%s port=%d threads=%d pid=%d %s",
                impl.label(), mode.label(), port, threads, ProcessHandle.current().pid(), ProviderCheck.describe()
                + " javanet=" + dev.spindle.Spindle.installed()));
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
