package dev.spindle.internal.channel;

import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Platform;
import dev.spindle.net.TcpInfo;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Every socket option Spindle's channels have, in one table: the library's id for it (net.h), how its
 * value crosses, and which kinds of socket have it. Every channel (TcpStream, UnixStream, the listeners,
 * UdpSocket, the provider's channels and their socket adaptors) sets and reads options through
 * {@link SocketAttributes}, which looks them up here; a kind's supported options are its column, less what
 * this platform lacks.
 */
public final class OptionTable {
    private OptionTable() {}

    /** The kinds of socket, each with its own set of options. */
    public enum Kind { TCP, TCP_LISTENER, UDP, UNIX, UNIX_LISTENER }

    /** How a value crosses to the library. */
    enum Value {
        /** Boolean as 0 or 1. */
        FLAG,
        /** A buffer size: not negative; the JDK reports it as set (net.c halves Linux's double). */
        BUFFER,
        /** An int the kernel checks (EINVAL is a SocketException, as in the JDK). */
        INT,
        /** Seconds, negative for off, at most 65535. */
        LINGER,
        /** 0..255. */
        BYTE,
        /** Read only, an int. */
        READ_ONLY_INT,
        /** The congestion control algorithm's name. */
        CONGESTION,
        /** Read only, a {@link TcpInfo}. */
        TCP_INFO,
        /** Read only, a {@link UnixDomainPrincipal}. */
        PEER_CREDENTIALS,
        /** The channel keeps it itself (UDP's IP_MULTICAST_IF, UDP_GRO). */
        CHANNEL
    }

    record Entry(SocketOption<?> name, int id, Value value, Set<Kind> kinds, boolean spindleOwn) {}

    /** Spindle's own options, which {@code dev.spindle.net.SpindleOptions} publishes. */
    public static final SocketOption<Integer> TCP_USER_TIMEOUT = new SpindleOption<>("TCP_USER_TIMEOUT", Integer.class);
    public static final SocketOption<Integer> TCP_FASTOPEN = new SpindleOption<>("TCP_FASTOPEN", Integer.class);
    public static final SocketOption<Boolean> TCP_FASTOPEN_CONNECT = new SpindleOption<>("TCP_FASTOPEN_CONNECT", Boolean.class);
    public static final SocketOption<Boolean> TCP_CORK = new SpindleOption<>("TCP_CORK", Boolean.class);
    public static final SocketOption<Integer> TCP_NOTSENT_LOWAT = new SpindleOption<>("TCP_NOTSENT_LOWAT", Integer.class);
    public static final SocketOption<Integer> SO_BUSY_POLL = new SpindleOption<>("SO_BUSY_POLL", Integer.class);
    public static final SocketOption<String> TCP_CONGESTION = new SpindleOption<>("TCP_CONGESTION", String.class);
    public static final SocketOption<TcpInfo> TCP_INFO = new SpindleOption<>("TCP_INFO", TcpInfo.class);
    public static final SocketOption<Boolean> UDP_GRO = new SpindleOption<>("UDP_GRO", Boolean.class);
    /**
     * SO_OOBINLINE, which the JDK's channels support through an option object in a package it does not
     * export; this one stands for it, and {@link #canonical} maps the JDK's to it.
     */
    public static final SocketOption<Boolean> SO_OOBINLINE = new SpindleOption<>("SO_OOBINLINE", Boolean.class);

    private static final Set<Kind> TCP = EnumSet.of(Kind.TCP), TCP_BOTH = EnumSet.of(Kind.TCP, Kind.TCP_LISTENER),
            UDP = EnumSet.of(Kind.UDP), TCP_UDP = EnumSet.of(Kind.TCP, Kind.UDP),
            IP_ALL = EnumSet.of(Kind.TCP, Kind.TCP_LISTENER, Kind.UDP);
    private static final Map<SocketOption<?>, Entry> TABLE = new LinkedHashMap<>();

    static {
        jdk(StandardSocketOptions.TCP_NODELAY, NativeConstants.OPT_TCP_NODELAY, Value.FLAG, TCP);
        jdk(StandardSocketOptions.SO_KEEPALIVE, NativeConstants.OPT_SO_KEEPALIVE, Value.FLAG, TCP);
        jdk(StandardSocketOptions.SO_RCVBUF, NativeConstants.OPT_SO_RCVBUF, Value.BUFFER, EnumSet.allOf(Kind.class));
        jdk(StandardSocketOptions.SO_SNDBUF, NativeConstants.OPT_SO_SNDBUF, Value.BUFFER, EnumSet.of(Kind.TCP, Kind.UDP, Kind.UNIX));
        jdk(StandardSocketOptions.SO_LINGER, NativeConstants.OPT_SO_LINGER, Value.LINGER, EnumSet.of(Kind.TCP, Kind.UNIX));
        jdk(StandardSocketOptions.SO_REUSEADDR, NativeConstants.OPT_SO_REUSEADDR, Value.FLAG, IP_ALL);
        jdk(StandardSocketOptions.SO_REUSEPORT, NativeConstants.OPT_SO_REUSEPORT, Value.FLAG, IP_ALL);
        jdk(StandardSocketOptions.IP_TOS, NativeConstants.OPT_IP_TOS, Value.BYTE, TCP_UDP);
        jdk(StandardSocketOptions.SO_BROADCAST, NativeConstants.OPT_SO_BROADCAST, Value.FLAG, UDP);
        jdk(StandardSocketOptions.IP_MULTICAST_IF, NativeConstants.OPT_IP_MULTICAST_IF, Value.CHANNEL, UDP);
        jdk(StandardSocketOptions.IP_MULTICAST_TTL, NativeConstants.OPT_IP_MULTICAST_TTL, Value.BYTE, UDP);
        jdk(StandardSocketOptions.IP_MULTICAST_LOOP, NativeConstants.OPT_IP_MULTICAST_LOOP, Value.FLAG, UDP);
        jdk(ExtendedSocketOptions.TCP_KEEPIDLE, NativeConstants.OPT_TCP_KEEPIDLE, Value.INT, TCP_BOTH);
        jdk(ExtendedSocketOptions.TCP_KEEPINTERVAL, NativeConstants.OPT_TCP_KEEPINTVL, Value.INT, TCP_BOTH);
        jdk(ExtendedSocketOptions.TCP_KEEPCOUNT, NativeConstants.OPT_TCP_KEEPCNT, Value.INT, TCP_BOTH);
        jdk(ExtendedSocketOptions.TCP_QUICKACK, NativeConstants.OPT_TCP_QUICKACK, Value.FLAG, TCP_BOTH);
        jdk(ExtendedSocketOptions.SO_INCOMING_NAPI_ID, NativeConstants.OPT_SO_INCOMING_NAPI_ID, Value.READ_ONLY_INT, IP_ALL);
        jdk(SO_OOBINLINE, NativeConstants.OPT_SO_OOBINLINE, Value.FLAG, TCP);
        jdk(ExtendedSocketOptions.IP_DONTFRAGMENT, NativeConstants.OPT_IP_DONTFRAG, Value.FLAG, UDP);
        jdk(ExtendedSocketOptions.SO_PEERCRED, -1, Value.PEER_CREDENTIALS, EnumSet.of(Kind.UNIX));
        spindle(TCP_USER_TIMEOUT, NativeConstants.OPT_TCP_USER_TIMEOUT, Value.INT, TCP_BOTH);
        spindle(TCP_FASTOPEN, NativeConstants.OPT_TCP_FASTOPEN, Value.INT, EnumSet.of(Kind.TCP_LISTENER));
        spindle(TCP_FASTOPEN_CONNECT, NativeConstants.OPT_TCP_FASTOPEN_CONNECT, Value.FLAG, TCP);
        spindle(TCP_CORK, NativeConstants.OPT_TCP_CORK, Value.FLAG, TCP);
        spindle(TCP_NOTSENT_LOWAT, NativeConstants.OPT_TCP_NOTSENT_LOWAT, Value.INT, TCP_BOTH);
        spindle(SO_BUSY_POLL, NativeConstants.OPT_SO_BUSY_POLL, Value.INT, TCP_UDP);
        spindle(TCP_CONGESTION, NativeConstants.OPT_TCP_CONGESTION, Value.CONGESTION, TCP_BOTH);
        spindle(TCP_INFO, NativeConstants.OPT_TCP_INFO, Value.TCP_INFO, TCP);
        spindle(UDP_GRO, NativeConstants.OPT_UDP_GRO, Value.CHANNEL, UDP);
    }

    private static void jdk(SocketOption<?> name, int id, Value value, Set<Kind> kinds) {
        TABLE.put(name, new Entry(name, id, value, kinds, false));
    }

    private static void spindle(SocketOption<?> name, int id, Value value, Set<Kind> kinds) {
        TABLE.put(name, new Entry(name, id, value, kinds, true));
    }

    /** The options a kind of socket has on this platform, in an immutable set. */
    public static Set<SocketOption<?>> supported(Kind kind) {
        return Supported.BY_KIND.get(kind);
    }

    /** Each kind's set, made once on first use (after the library has loaded, or failed to). */
    private static final class Supported {
        static final Map<Kind, Set<SocketOption<?>>> BY_KIND = new EnumMap<>(Kind.class);

        static {
            for (Kind k : Kind.values())
                BY_KIND.put(k, TABLE.values().stream().filter(e -> e.kinds.contains(k) && available(e))
                        .map(Entry::name).collect(Collectors.toUnmodifiableSet()));
        }
    }

    /** Whether this platform has the option: the library says, when it is loaded. */
    private static boolean available(Entry e) {
        return Backend.CURRENT.hasOption(e.id, e.spindleOwn);
    }

    /** The table's own object for {@code name}: itself, or ours for the JDK's unexported SO_OOBINLINE. */
    public static SocketOption<?> canonical(SocketOption<?> name) {
        if (!TABLE.containsKey(name) && name.name().equals(SO_OOBINLINE.name()) && name.type() == Boolean.class)
            return SO_OOBINLINE;
        return name;
    }

    static Entry entry(SocketOption<?> canonical) {
        return TABLE.get(canonical);
    }

    /** The message of the UnsupportedOperationException for an option this socket lacks. */
    static String unsupported(SocketOption<?> name) {
        Entry e = TABLE.get(name);
        if (e != null && !available(e)) return "'" + name + "' is not supported on " + Platform.os()
                + Backend.CURRENT.missingOptionNote();
        return "'" + name + "' is not supported";
    }

    /** An option of Spindle's, named like the kernel's. */
    private record SpindleOption<T>(String name, Class<T> type) implements SocketOption<T> {
        @Override
        public String toString() {
            return name;
        }
    }
}
