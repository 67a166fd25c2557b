package dev.spindle.bench.udp;

import dev.spindle.bench.harness.Registry;
import dev.spindle.bench.server.Impl;
import dev.spindle.bench.server.NettyTuning;
import dev.spindle.bench.sockets.SocketApi;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/** The UDP echo servers under comparison ({@code compare --mode udp}); each serves one socket. */
public enum UdpImpl {
    SPINDLE("spindle"),
    SPINDLE_BATCH("spindle-batch"),
    NETTY_EPOLL("netty-epoll"),
    NETTY_EPOLL_MMSG("netty-epoll-mmsg"),
    NETTY_NIO("netty-nio"),
    JDK_PLATFORM("jdk-platform"),
    JDK_VIRTUAL("jdk-virtual"),
    /** java.net's DatagramSocket on a platform thread (the JDK's impl, over its DatagramChannel). */
    JDK_SOCKET("jdk-socket"),
    /** The same unmodified server with -javaagent: Spindle's DatagramSocketImpl. */
    JDK_SOCKET_AGENT("jdk-socket-agent");

    /** Every UDP impl by its label, all run by default. */
    private static final Registry<UdpImpl> REGISTRY = Registry.of("UDP impl", values(), UdpImpl::label, i -> true);

    private final String label;

    UdpImpl(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean netty() {
        return this == NETTY_EPOLL || this == NETTY_EPOLL_MMSG || this == NETTY_NIO;
    }

    public boolean needsSpindle() {
        return this == SPINDLE || this == SPINDLE_BATCH || this == JDK_SOCKET_AGENT;
    }

    /** Options for a server JVM of Java {@code javaFeature}: Netty's at-best options when asked for; the agent for jdk-socket-agent. */
    public List<String> jvmOptions(int javaFeature, boolean nettyAtBest) {
        if (this == JDK_SOCKET_AGENT) return List.of(dev.spindle.bench.server.AgentCheck.javaagentOption("datagram"));
        return netty() && nettyAtBest ? NettyTuning.jvmOptions(javaFeature) : List.of();
    }

    /** Null when the JVM's DatagramSocket impl is the one this label claims (Spindle's with the agent), else why not. */
    String agentMismatch() {
        if (this != JDK_SOCKET && this != JDK_SOCKET_AGENT) return null;
        return dev.spindle.bench.server.AgentCheck.mismatch(label, this == JDK_SOCKET_AGENT,
                java.util.EnumSet.of(dev.spindle.Spindle.Hook.DATAGRAM_SOCKET));
    }

    /** Null when this impl can run here, else why not. */
    public String unavailable() {
        return this == NETTY_EPOLL || this == NETTY_EPOLL_MMSG ? Impl.NETTY_EPOLL.unavailable() : null;
    }

    /** Serves on 127.0.0.1:port. */
    UdpServer start(int port) throws IOException, InterruptedException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        return switch (this) {
            case SPINDLE -> BlockingUdpServer.start(SocketApi.SPINDLE, false, address, Thread.ofVirtual());
            case SPINDLE_BATCH -> BlockingUdpServer.start(SocketApi.SPINDLE, true, address, Thread.ofVirtual());
            case NETTY_EPOLL -> new NettyUdpServer(NettyUdpServer.Transport.EPOLL, false, address);
            case NETTY_EPOLL_MMSG -> new NettyUdpServer(NettyUdpServer.Transport.EPOLL, true, address);
            case NETTY_NIO -> new NettyUdpServer(NettyUdpServer.Transport.NIO, false, address);
            case JDK_PLATFORM -> BlockingUdpServer.start(SocketApi.NIO, false, address, Thread.ofPlatform());
            case JDK_VIRTUAL -> BlockingUdpServer.start(SocketApi.NIO, false, address, Thread.ofVirtual());
            case JDK_SOCKET, JDK_SOCKET_AGENT -> DatagramSocketUdpServer.start(address, Thread.ofPlatform());
        };
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

    public static UdpImpl parse(String s) {
        return REGISTRY.get(s);
    }
}
