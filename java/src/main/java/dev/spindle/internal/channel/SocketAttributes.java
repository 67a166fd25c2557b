package dev.spindle.internal.channel;

import dev.spindle.internal.sys.Errno;
import dev.spindle.internal.sys.Errors;
import dev.spindle.internal.sys.NativeConstants;
import dev.spindle.internal.sys.Native;
import dev.spindle.net.TcpInfo;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;

/**
 * The rare syscalls on a {@link SocketFd}: addresses and options, each under its stateLock. Options are
 * looked up in {@link OptionTable}, checked and converted as the JDK's channels do.
 */
public final class SocketAttributes {
    private SocketAttributes() {}

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
        byte[] address = new byte[NativeConstants.ADDR_SIZE];
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

    /**
     * Sets option {@code name}, which must be in {@code supported} (the channel's set, from
     * {@link OptionTable#supported}), as the JDK's channels do: an unknown name is an
     * UnsupportedOperationException, a bad value an IllegalArgumentException, a read-only option a
     * SocketException.
     */
    public static void setOption(SocketFd s, Set<SocketOption<?>> supported, SocketOption<?> name, Object value)
            throws IOException {
        OptionTable.Entry e = entry(supported, name);
        if (value == null) throw new IllegalArgumentException("Invalid value 'null' for " + name);
        if (!e.name().type().isInstance(value))
            throw new IllegalArgumentException(name + " takes a " + e.name().type().getSimpleName() + ", not " + value);
        switch (e.value()) {
            case READ_ONLY_INT, TCP_INFO -> throw new SocketException("Attempt to set read only option " + name);
            case PEER_CREDENTIALS -> throw new SocketException("SO_PEERCRED cannot be set");
            case CONGESTION -> setCongestion(s, (String) value);
            default -> {
                int raw = toRaw(e, value);
                int rc;
                synchronized (s.stateLock) {
                    s.ensureOpen();
                    rc = Native.setOption(s.fd, e.id(), raw);
                }
                if (rc < 0) throw failure(s, "setsockopt(" + name + ")", e, rc);
            }
        }
    }

    public static <T> T getOption(SocketFd s, Set<SocketOption<?>> supported, SocketOption<T> name) throws IOException {
        OptionTable.Entry e = entry(supported, name);
        Object value = switch (e.value()) {
            case CONGESTION -> congestion(s);
            case TCP_INFO -> tcpInfo(s);
            case PEER_CREDENTIALS -> PeerPrincipals.of(s);
            default -> {
                long raw;
                synchronized (s.stateLock) {
                    s.ensureOpen();
                    raw = Native.getOption(s.fd, e.id());
                }
                if (raw < 0) throw failure(s, "getsockopt(" + name + ")", e, raw);
                yield e.value() == OptionTable.Value.FLAG ? (Object) ((int) raw != 0) : (Object) (int) raw;
            }
        };
        return name.type().cast(value);
    }

    /** Checks a name the way the JDK's channels do: null is an NPE, an unknown one is unsupported. */
    public static void checkSupported(Set<SocketOption<?>> supported, SocketOption<?> name) {
        Objects.requireNonNull(name, "name");
        if (!supported.contains(name) && !supported.contains(OptionTable.canonical(name)))
            throw new UnsupportedOperationException(OptionTable.unsupported(name));
    }

    private static OptionTable.Entry entry(Set<SocketOption<?>> supported, SocketOption<?> name) {
        checkSupported(supported, name);
        return OptionTable.entry(OptionTable.canonical(name));
    }

    /** ENOPROTOOPT: the OS has the option but this kernel does not. */
    private static IOException failure(SocketFd s, String op, OptionTable.Entry e, long rc) throws IOException {
        if (rc == -Errno.ENOPROTOOPT && s.isOpen())
            throw new UnsupportedOperationException("'" + e.name() + "' is not supported by this kernel");
        return s.failure(op, rc);
    }

    private static int toRaw(OptionTable.Entry e, Object value) {
        if (value instanceof Boolean b) return b ? 1 : 0;
        int v = (Integer) value;
        SocketOption<?> name = e.name();
        return switch (e.value()) {
            case LINGER -> v < 0 ? -1 : Math.min(v, 65535); // negative: off
            case BYTE -> {
                if (v < 0 || v > 255) throw new IllegalArgumentException(name + " must be within 0..255, got " + v);
                yield v;
            }
            case BUFFER -> {
                if (v < 0) throw new IllegalArgumentException(name + " must not be negative, got " + v);
                yield v;
            }
            default -> v;
        };
    }

    private static void setCongestion(SocketFd s, String algorithm) throws IOException {
        byte[] name = algorithm.getBytes(StandardCharsets.US_ASCII);
        int rc;
        synchronized (s.stateLock) {
            s.ensureOpen();
            rc = Native.setCongestion(s.fd, name);
        }
        if (rc == -Errno.ENOENT && s.isOpen()) throw new SocketException("TCP_CONGESTION: no congestion control named '"
                + algorithm + "' (see /proc/sys/net/ipv4/tcp_available_congestion_control)");
        if (rc < 0) throw s.failure("setsockopt(TCP_CONGESTION " + algorithm + ")", rc);
    }

    private static String congestion(SocketFd s) throws IOException {
        byte[] name = new byte[64];
        int n;
        synchronized (s.stateLock) {
            s.ensureOpen();
            n = Native.getCongestion(s.fd, name);
        }
        if (n < 0) throw s.failure("getsockopt(TCP_CONGESTION)", n);
        return new String(name, 0, n, StandardCharsets.US_ASCII);
    }

    private static TcpInfo tcpInfo(SocketFd s) throws IOException {
        long[] v = new long[NativeConstants.TCP_INFO_FIELDS];
        int rc;
        synchronized (s.stateLock) {
            s.ensureOpen();
            rc = Native.tcpInfo(s.fd, v);
        }
        if (rc < 0) throw failure(s, "getsockopt(TCP_INFO)", OptionTable.entry(OptionTable.TCP_INFO), rc);
        return new TcpInfo((int) v[0], (int) v[1], (int) v[2], (int) v[3], (int) v[4], (int) v[5], v[6], v[7], v[8],
                v[9], v[10], v[11], v[12], v[13], v[14], v[15], v[16], v[17], v[18], v[19], v[20], v[21], v[22], v[23],
                v[24], v[25], v[26], v[27], v[28], v[29], v[30], v[31], v[32], v[33], v[34], v[35], v[36], v[37], v[38],
                v[39]);
    }
}
