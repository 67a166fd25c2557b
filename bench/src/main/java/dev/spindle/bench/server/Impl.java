package dev.spindle.bench.server;

import dev.spindle.bench.harness.Registry;
import dev.spindle.bench.server.containers.JettyServer;
import dev.spindle.bench.server.containers.TomcatServer;
import dev.spindle.bench.sockets.SocketApi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The server implementations under comparison. The {@code *-spindle} ones run
 * unmodified java.nio code with {@link dev.spindle.nio.SpindleSelectorProvider}
 * installed in the server JVM ({@link #jvmOptions}); the {@code jdk-*-agent} ones run
 * the unmodified java.net servers with {@code -javaagent} (this jar is an agent too);
 * they and {@code nio-virtual} are not in the default set of {@code compare}
 * ({@link #defaults()}): ask for them with {@code --impls}. The Netty ones run
 * "at their best" ({@link NettyTuning}) unless told otherwise.
 */
public enum Impl {
    SPINDLE_VIRTUAL("spindle-virtual", false, true),
    /** spindle-virtual with the pollers' budget idle policy: poll on for at most spinMicros after events, then park. */
    SPINDLE_VIRTUAL_BUDGET("spindle-virtual-budget", false, false, "-Ddev.spindle.poller.idle=budget"),
    /** spindle-virtual with pollers that park as soon as a poll finds nothing. */
    SPINDLE_VIRTUAL_PARK("spindle-virtual-park", false, false, "-Ddev.spindle.poller.idle=park"),
    /** spindle-virtual whose pollers wait in epoll_wait on their carrier while threads wait on them (as an event loop does). */
    SPINDLE_VIRTUAL_CARRIER("spindle-virtual-carrier", false, false, "-Ddev.spindle.poller.idle=carrier"),
    /** spindle-virtual whose pollers hold their carrier in epoll_wait for up to 10 ms, not 1 (bench/results/carrier-bound-2026-12-07). */
    SPINDLE_VIRTUAL_CARRIER10("spindle-virtual-carrier10", false, false, "-Ddev.spindle.poller.carrierMillis=10"),
    /** spindle-virtual whose pollers poll up to 64 more times before they park. */
    SPINDLE_VIRTUAL_SPIN("spindle-virtual-spin", false, false, "-Ddev.spindle.poller.idle=spin"),
    SPINDLE_PLATFORM("spindle-platform", false, true),
    NETTY_EPOLL("netty-epoll", false, true),
    NETTY_IOURING("netty-iouring", false, true),
    NETTY_NIO("netty-nio", false, true),
    NETTY_NIO_SPINDLE("netty-nio-spindle", true, false),
    JDK_VIRTUAL("jdk-virtual", false, true),
    JDK_PLATFORM("jdk-platform", false, true),
    NIO_VIRTUAL("nio-virtual", false, false),
    NIO_VIRTUAL_SPINDLE("nio-virtual-spindle", true, false),
    /** The unmodified jdk-virtual and jdk-platform servers (java.net ServerSocket/Socket) with -javaagent:spindle. */
    JDK_VIRTUAL_AGENT("jdk-virtual-agent", false, false),
    JDK_PLATFORM_AGENT("jdk-platform-agent", false, false),
    /** Unmodified Jetty 12 and Tomcat 11 on virtual threads (server.containers), on the JDK's provider or Spindle's; http only. */
    JETTY_JDK("jetty-jdk", false, false),
    JETTY_SPINDLE("jetty-spindle", true, false),
    TOMCAT_JDK("tomcat-jdk", false, false),
    TOMCAT_SPINDLE("tomcat-spindle", true, false);

    public static final int BACKLOG = 4096;
    public static final String PROVIDER_PROPERTY = "java.nio.channels.spi.SelectorProvider";
    public static final String SPINDLE_PROVIDER = "dev.spindle.nio.SpindleSelectorProvider";
    /** Every impl by its label; a new constant is in it by its label. */
    private static final Registry<Impl> REGISTRY = Registry.of("impl", values(), Impl::label, i -> i.byDefault);
    private final String label;
    private final boolean spindleProvider;
    private final boolean byDefault;
    private final List<String> properties;

    Impl(String label, boolean spindleProvider, boolean byDefault, String... properties) {
        this.label = label;
        this.spindleProvider = spindleProvider;
        this.byDefault = byDefault;
        this.properties = List.of(properties);
    }

    public String label() {
        return label;
    }

    /** True when the server JVM must run with Spindle's SelectorProvider installed. */
    public boolean spindleProvider() {
        return spindleProvider;
    }

    /** True when the server needs Spindle's native library (its own API, its provider, or its java.net impls). */
    public boolean needsSpindle() {
        return spindleProvider || agent() || this == SPINDLE_VIRTUAL || this == SPINDLE_VIRTUAL_BUDGET
                || this == SPINDLE_VIRTUAL_PARK || this == SPINDLE_PLATFORM;
    }

    /** True when the server JVM runs with Spindle's agent installing its java.net impls (not its provider). */
    public boolean agent() {
        return this == JDK_VIRTUAL_AGENT || this == JDK_PLATFORM_AGENT;
    }

    /** True for the Netty servers. */
    public boolean netty() {
        return this == NETTY_EPOLL || this == NETTY_IOURING || this == NETTY_NIO || this == NETTY_NIO_SPINDLE;
    }

    /** False for a mode the impl cannot serve: the containers answer http only. */
    public boolean serves(Mode mode) {
        return mode == Mode.HTTP || !(this == JETTY_JDK || this == JETTY_SPINDLE || this == TOMCAT_JDK || this == TOMCAT_SPINDLE);
    }

    /**
     * Options for the command line of a server JVM that runs Java {@code javaFeature}:
     * the SelectorProvider property for {@code *-spindle}, and for Netty, when
     * {@code nettyAtBest}, {@link NettyTuning#jvmOptions}.
     */
    public List<String> jvmOptions(int javaFeature, boolean nettyAtBest) {
        List<String> o = new ArrayList<>(properties);
        // -Dspindle.bench.jvmOptions.IMPL="-Dx=y ..." adds options to that impl's server JVM, to try a setting side by side
        String extra = System.getProperty("spindle.bench.jvmOptions." + label, "").trim();
        if (!extra.isEmpty()) o.addAll(List.of(extra.split("\\s+")));
        if (spindleProvider) o.add("-D" + PROVIDER_PROPERTY + "=" + SPINDLE_PROVIDER);
        if (agent()) o.add(AgentCheck.javaagentOption("socket+serversocket"));
        if (netty() && nettyAtBest) o.addAll(NettyTuning.jvmOptions(javaFeature));
        return o;
    }

    /** Null when this impl can run here, else why not (a native transport that does not load). */
    public String unavailable() {
        return switch (this) {
            case NETTY_EPOLL -> NettyServer.unavailable(NettyServer.Transport.EPOLL);
            case NETTY_IOURING -> NettyServer.unavailable(NettyServer.Transport.IO_URING);
            default -> null;
        };
    }

    /** The impls {@code compare} runs when not told otherwise. */
    public static List<String> defaults() {
        return REGISTRY.defaults();
    }

    public static Impl parse(String s) {
        return REGISTRY.get(s);
    }

    public static List<String> labels() {
        return REGISTRY.names();
    }

    /** The labels, as the command line's choices. */
    public static final class Labels implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return labels().iterator();
        }
    }

    /** The labels of {@link #defaults()}, for the command line's help. */
    public static final class Defaults implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return defaults().iterator();
        }
    }

    /** Starts listening on 127.0.0.1:port. {@code threads} only matters to Netty (event loops) and Jetty (selectors). */
    public Server start(Mode mode, int port, int threads) throws IOException, InterruptedException {
        if (!serves(mode)) throw new IllegalArgumentException(label + " serves http only, not " + mode.label());
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        return switch (this) {
            case NETTY_EPOLL -> new NettyServer(NettyServer.Transport.EPOLL, mode, threads, address, BACKLOG);
            case NETTY_IOURING -> new NettyServer(NettyServer.Transport.IO_URING, mode, threads, address, BACKLOG);
            case NETTY_NIO, NETTY_NIO_SPINDLE -> new NettyServer(NettyServer.Transport.NIO, mode, threads, address, BACKLOG);
            case JDK_VIRTUAL, JDK_VIRTUAL_AGENT -> perConnection(SocketApi.NET, Thread.ofVirtual().name("conn-", 0), mode, address);
            case JDK_PLATFORM, JDK_PLATFORM_AGENT -> perConnection(SocketApi.NET, Thread.ofPlatform().name("conn-", 0), mode, address);
            case SPINDLE_VIRTUAL, SPINDLE_VIRTUAL_BUDGET, SPINDLE_VIRTUAL_PARK, SPINDLE_VIRTUAL_CARRIER, SPINDLE_VIRTUAL_CARRIER10,
                    SPINDLE_VIRTUAL_SPIN -> perConnection(SocketApi.SPINDLE, Thread.ofVirtual().name("conn-", 0), mode, address);
            case SPINDLE_PLATFORM -> perConnection(SocketApi.SPINDLE, Thread.ofPlatform().name("conn-", 0), mode, address);
            case NIO_VIRTUAL, NIO_VIRTUAL_SPINDLE -> perConnection(SocketApi.NIO, Thread.ofVirtual().name("conn-", 0), mode, address);
            case JETTY_JDK, JETTY_SPINDLE -> new JettyServer(address, threads, BACKLOG);
            case TOMCAT_JDK, TOMCAT_SPINDLE -> new TomcatServer(address, BACKLOG);
        };
    }

    private static Server perConnection(SocketApi api, Thread.Builder threads, Mode mode, InetSocketAddress a) throws IOException {
        return new ThreadPerConnectionServer(api, threads, Handler.of(mode), a, BACKLOG);
    }
}
