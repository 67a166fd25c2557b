package dev.spindle.bench.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/** The server implementations under comparison. */
public enum Impl {
    SPINDLE_VIRTUAL("spindle-virtual"),
    SPINDLE_PLATFORM("spindle-platform"),
    NETTY_EPOLL("netty-epoll"),
    NETTY_NIO("netty-nio"),
    JDK_VIRTUAL("jdk-virtual"),
    JDK_PLATFORM("jdk-platform");

    public static final int BACKLOG = 4096;
    private final String label;

    Impl(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Impl parse(String s) {
        for (Impl i : values()) if (i.label.equals(s)) return i;
        throw new IllegalArgumentException("unknown impl " + s + "; one of " + labels());
    }

    public static List<String> labels() {
        return Arrays.stream(values()).map(Impl::label).toList();
    }

    /** Starts listening on 127.0.0.1:port. {@code threads} only matters to Netty (event loops). */
    public Server start(Mode mode, int port, int threads) throws IOException, InterruptedException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        return switch (this) {
            case NETTY_EPOLL -> new NettyServer(true, mode, threads, address, BACKLOG);
            case NETTY_NIO -> new NettyServer(false, mode, threads, address, BACKLOG);
            case JDK_VIRTUAL -> perConnection(new JdkTransport(), Thread.ofVirtual().name("conn-", 0), mode, address);
            case JDK_PLATFORM -> perConnection(new JdkTransport(), Thread.ofPlatform().name("conn-", 0), mode, address);
            case SPINDLE_VIRTUAL -> perConnection(new SpindleTransport(), Thread.ofVirtual().name("conn-", 0), mode, address);
            case SPINDLE_PLATFORM -> perConnection(new SpindleTransport(), Thread.ofPlatform().name("conn-", 0), mode, address);
        };
    }

    private static Server perConnection(Transport t, Thread.Builder threads, Mode mode, InetSocketAddress a) throws IOException {
        return new ThreadPerConnectionServer(t, threads, Handler.of(mode), a, BACKLOG);
    }
}
