package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.Layout;
import dev.spindle.internal.sys.Native;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Objects;
import java.util.Set;

/** The rare syscalls on a {@link SocketFd}: addresses and options, each under its stateLock. */
public final class SocketState {
    /** The options of a connection, and of a listener; the native library maps each (net.h). */
    public static final Set<SocketOption<?>> STREAM_OPTIONS = Set.of(StandardSocketOptions.TCP_NODELAY,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT,
            StandardSocketOptions.IP_TOS);
    public static final Set<SocketOption<?>> LISTENER_OPTIONS = Set.of(StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT);
    /** The options of a UDP socket; {@code IP_MULTICAST_IF} is {@link NativeDatagram}'s own. */
    public static final Set<SocketOption<?>> DATAGRAM_OPTIONS = Set.of(StandardSocketOptions.SO_BROADCAST,
            StandardSocketOptions.IP_TOS, StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.IP_MULTICAST_IF,
            StandardSocketOptions.IP_MULTICAST_TTL, StandardSocketOptions.IP_MULTICAST_LOOP);

    /** java.net's SO_OOBINLINE, which has no public {@code SocketOption}: only {@code SocketImpl}'s int options name it. */
    public static final SocketOption<Boolean> SO_OOBINLINE = new SocketOption<>() {
        @Override
        public String name() {
            return "SO_OOBINLINE";
        }

        @Override
        public Class<Boolean> type() {
            return Boolean.class;
        }

        @Override
        public String toString() {
            return name();
        }
    };
    private static final Set<SocketOption<?>> OOBINLINE_ONLY = Set.of(SO_OOBINLINE);

    private SocketState() {}

    public static void setOobInline(SocketFd s, boolean on) throws IOException {
        setOption(s, OOBINLINE_ONLY, SO_OOBINLINE, on);
    }

    public static boolean getOobInline(SocketFd s) throws IOException {
        return getOption(s, OOBINLINE_ONLY, SO_OOBINLINE);
    }

    /** The bound IP address, or null while unbound (port 0). */
    public static InetSocketAddress localAddress(SocketFd s) throws IOException {
        return (InetSocketAddress) localAddress(s, AddressCodec.of(s.family));
    }

    public static InetSocketAddress peerAddress(SocketFd s) throws IOException {
        return (InetSocketAddress) address(s, AddressCodec.of(s.family), true);
    }

    /** The bound address in {@code codec}'s terms, or null while unbound. */
    public static SocketAddress localAddress(SocketFd s, AddressCodec codec) throws IOException {
        return codec.boundOrNull(address(s, codec, false));
    }

    public static SocketAddress peerAddress(SocketFd s, AddressCodec codec) throws IOException {
        return address(s, codec, true);
    }

    private static SocketAddress address(SocketFd s, AddressCodec codec, boolean peer) throws IOException {
        byte[] address = new byte[Layout.ADDR_SIZE];
        synchronized (s.stateLock) {
            s.ensureOpen();
            int rc = peer ? Native.peerAddress(s.fd, address) : Native.localAddress(s.fd, address);
            if (rc < 0) throw s.failure(peer ? "getpeername" : "getsockname", rc);
        }
        return codec.decode(address);
    }

    public static void bind(SocketFd s, InetSocketAddress local) throws IOException {
        bind(s, AddressCodec.of(s.family), local);
    }

    public static void bind(SocketFd s, AddressCodec codec, SocketAddress local) throws IOException {
        byte[] address = codec.encode(local);
        synchronized (s.stateLock) {
            s.ensureOpen();
            int rc = Native.bind(s.fd, address);
            if (rc < 0) throw Errors.of("bind", rc, local);
        }
    }

    public static void setOption(SocketFd s, Set<SocketOption<?>> supported, SocketOption<?> name, Object value)
            throws IOException {
        int option = optionId(supported, name);
        int raw = toRaw(name, value);
        synchronized (s.stateLock) {
            s.ensureOpen();
            int rc = Native.setOption(s.fd, option, raw);
            if (rc < 0) throw s.failure("setsockopt(" + name + ")", rc);
        }
    }

    public static <T> T getOption(SocketFd s, Set<SocketOption<?>> supported, SocketOption<T> name) throws IOException {
        int option = optionId(supported, name);
        long raw;
        synchronized (s.stateLock) {
            s.ensureOpen();
            raw = Native.getOption(s.fd, option);
        }
        if (raw < 0) throw s.failure("getsockopt(" + name + ")", raw);
        Object value = name.type() == Boolean.class ? (Object) ((int) raw != 0) : (Object) (int) raw;
        return name.type().cast(value);
    }

    /** Checks a name the way the JDK's channels do: null is an NPE, an unknown one is unsupported. */
    public static void checkSupported(Set<SocketOption<?>> supported, SocketOption<?> name) {
        Objects.requireNonNull(name, "name");
        if (!supported.contains(name)) throw new UnsupportedOperationException("'" + name + "' is not supported");
    }

    private static int optionId(Set<SocketOption<?>> supported, SocketOption<?> name) {
        checkSupported(supported, name);
        if (name == StandardSocketOptions.TCP_NODELAY) return Layout.OPT_TCP_NODELAY;
        if (name == StandardSocketOptions.SO_KEEPALIVE) return Layout.OPT_SO_KEEPALIVE;
        if (name == StandardSocketOptions.SO_RCVBUF) return Layout.OPT_SO_RCVBUF;
        if (name == StandardSocketOptions.SO_SNDBUF) return Layout.OPT_SO_SNDBUF;
        if (name == StandardSocketOptions.SO_LINGER) return Layout.OPT_SO_LINGER;
        if (name == StandardSocketOptions.SO_REUSEADDR) return Layout.OPT_SO_REUSEADDR;
        if (name == StandardSocketOptions.SO_REUSEPORT) return Layout.OPT_SO_REUSEPORT;
        if (name == StandardSocketOptions.IP_TOS) return Layout.OPT_IP_TOS;
        if (name == StandardSocketOptions.SO_BROADCAST) return Layout.OPT_SO_BROADCAST;
        if (name == StandardSocketOptions.IP_MULTICAST_TTL) return Layout.OPT_IP_MULTICAST_TTL;
        if (name == StandardSocketOptions.IP_MULTICAST_LOOP) return Layout.OPT_IP_MULTICAST_LOOP;
        if (name == SO_OOBINLINE) return Layout.OPT_SO_OOBINLINE;
        throw new UnsupportedOperationException("'" + name + "' is not supported");
    }

    private static int toRaw(SocketOption<?> name, Object value) {
        if (value == null) throw new IllegalArgumentException("null value for " + name);
        if (!name.type().isInstance(value))
            throw new IllegalArgumentException(name + " takes a " + name.type().getSimpleName() + ", not " + value);
        if (value instanceof Boolean b) return b ? 1 : 0;
        int v = (Integer) value;
        if (name == StandardSocketOptions.SO_LINGER) return v < 0 ? -1 : Math.min(v, 65535); // negative: off
        if (name == StandardSocketOptions.IP_TOS || name == StandardSocketOptions.IP_MULTICAST_TTL) {
            if (v < 0 || v > 255) throw new IllegalArgumentException(name + " must be within 0..255, got " + v);
            return v;
        }
        if (v <= 0) throw new IllegalArgumentException(name + " must be positive, got " + v);
        return v;
    }
}
