package dev.spindle.javanet;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;
import java.util.Set;

/**
 * The int-keyed options of {@code SocketImpl} and {@code DatagramSocketImpl}, through which the
 * setters of {@code Socket}, {@code ServerSocket} and {@code DatagramSocket} reach an impl
 * ({@code setSoTimeout}, {@code setTcpNoDelay}, ...), with the JDK impls' value rules and
 * exceptions: a wrong value type or a non-positive buffer size is a {@code SocketException},
 * SO_LINGER is {@code Boolean.FALSE} when off, IP_MULTICAST_LOOP means "loopback disabled".
 */
final class IntOptions {
    private IntOptions() {}

    /** What an impl lends this mapping: its core's options, its SO_TIMEOUT, its bound address. */
    interface Target {
        void ensureOpen() throws SocketException;

        void setCoreOption(SocketOption<?> name, Object value) throws IOException;

        <T> T getCoreOption(SocketOption<T> name) throws IOException;

        void setTimeoutMillis(int millis);

        int timeoutMillis();

        java.net.InetAddress boundAddress() throws IOException;

        /** SO_OOBINLINE, a stream's only; a datagram socket refuses it. */
        void setOobInline(boolean on) throws IOException;

        boolean getOobInline() throws IOException;
    }

    static void set(Target impl, int opt, Object value) throws SocketException {
        impl.ensureOpen();
        try {
            switch (opt) {
                case SocketOptions.SO_TIMEOUT -> {
                    int ms = intValue(value, "SO_TIMEOUT");
                    if (ms < 0) throw new IllegalArgumentException("timeout < 0");
                    impl.setTimeoutMillis(ms);
                }
                case SocketOptions.SO_LINGER -> impl.setCoreOption(StandardSocketOptions.SO_LINGER,
                        value instanceof Boolean b && !b ? -1 : intValue(value, "SO_LINGER"));
                case SocketOptions.IP_TOS -> impl.setCoreOption(StandardSocketOptions.IP_TOS, intValue(value, "IP_TOS"));
                case SocketOptions.TCP_NODELAY -> impl.setCoreOption(StandardSocketOptions.TCP_NODELAY, booleanValue(value, "TCP_NODELAY"));
                case SocketOptions.SO_SNDBUF -> impl.setCoreOption(StandardSocketOptions.SO_SNDBUF, positive(value, "SO_SNDBUF"));
                case SocketOptions.SO_RCVBUF -> impl.setCoreOption(StandardSocketOptions.SO_RCVBUF, positive(value, "SO_RCVBUF"));
                case SocketOptions.SO_KEEPALIVE -> impl.setCoreOption(StandardSocketOptions.SO_KEEPALIVE, booleanValue(value, "SO_KEEPALIVE"));
                case SocketOptions.SO_REUSEADDR -> impl.setCoreOption(StandardSocketOptions.SO_REUSEADDR, booleanValue(value, "SO_REUSEADDR"));
                case SocketOptions.SO_REUSEPORT -> impl.setCoreOption(StandardSocketOptions.SO_REUSEPORT, booleanValue(value, "SO_REUSEPORT"));
                case SocketOptions.SO_OOBINLINE -> impl.setOobInline(booleanValue(value, "SO_OOBINLINE"));
                case SocketOptions.SO_BROADCAST -> impl.setCoreOption(StandardSocketOptions.SO_BROADCAST, booleanValue(value, "SO_BROADCAST"));
                case SocketOptions.IP_MULTICAST_LOOP -> impl.setCoreOption(StandardSocketOptions.IP_MULTICAST_LOOP,
                        !booleanValue(value, "IP_MULTICAST_LOOP")); // the legacy option says "disabled"
                case SocketOptions.IP_MULTICAST_IF2 -> {
                    if (!(value instanceof java.net.NetworkInterface ni)) throw new SocketException("Bad value for IP_MULTICAST_IF2");
                    impl.setCoreOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
                }
                case SocketOptions.IP_MULTICAST_IF -> {
                    if (!(value instanceof java.net.InetAddress ip)) throw new SocketException("Bad value for IP_MULTICAST_IF");
                    java.net.NetworkInterface ni = java.net.NetworkInterface.getByInetAddress(ip);
                    if (ni == null) throw new SocketException("no network interface has " + ip);
                    impl.setCoreOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
                }
                default -> throw new SocketException("Unknown option " + opt);
            }
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            throw JavaNetErrors.ofOption(e);
        }
    }

    static Object get(Target impl, int opt) throws SocketException {
        impl.ensureOpen();
        try {
            return switch (opt) {
                case SocketOptions.SO_TIMEOUT -> impl.timeoutMillis();
                case SocketOptions.SO_LINGER -> {
                    int linger = impl.getCoreOption(StandardSocketOptions.SO_LINGER);
                    yield linger == -1 ? (Object) Boolean.FALSE : (Object) linger;
                }
                case SocketOptions.SO_BINDADDR -> impl.boundAddress();
                case SocketOptions.IP_TOS -> core(impl, StandardSocketOptions.IP_TOS);
                case SocketOptions.TCP_NODELAY -> core(impl, StandardSocketOptions.TCP_NODELAY);
                case SocketOptions.SO_SNDBUF -> core(impl, StandardSocketOptions.SO_SNDBUF);
                case SocketOptions.SO_RCVBUF -> core(impl, StandardSocketOptions.SO_RCVBUF);
                case SocketOptions.SO_KEEPALIVE -> core(impl, StandardSocketOptions.SO_KEEPALIVE);
                case SocketOptions.SO_REUSEADDR -> core(impl, StandardSocketOptions.SO_REUSEADDR);
                case SocketOptions.SO_REUSEPORT -> core(impl, StandardSocketOptions.SO_REUSEPORT);
                case SocketOptions.SO_OOBINLINE -> impl.getOobInline();
                case SocketOptions.SO_BROADCAST -> core(impl, StandardSocketOptions.SO_BROADCAST);
                case SocketOptions.IP_MULTICAST_LOOP -> !(Boolean) impl.getCoreOption(StandardSocketOptions.IP_MULTICAST_LOOP);
                case SocketOptions.IP_MULTICAST_IF2 -> impl.getCoreOption(StandardSocketOptions.IP_MULTICAST_IF);
                case SocketOptions.IP_MULTICAST_IF -> {
                    java.net.NetworkInterface ni = impl.getCoreOption(StandardSocketOptions.IP_MULTICAST_IF);
                    java.util.Enumeration<java.net.InetAddress> ips = ni == null ? null : ni.getInetAddresses();
                    yield ips != null && ips.hasMoreElements() ? ips.nextElement() : new java.net.InetSocketAddress(0).getAddress();
                }
                default -> throw new SocketException("Unknown option " + opt);
            };
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            throw JavaNetErrors.ofOption(e);
        }
    }

    /** {@code setOption(SocketOption, T)} of either impl, with the JDK impls' checks. */
    static <T> void setTyped(Target impl, Set<SocketOption<?>> supported, SocketOption<T> name, T value) throws IOException {
        if (!supported.contains(name)) throw new UnsupportedOperationException("'" + name + "' not supported");
        if (!name.type().isInstance(value)) throw new IllegalArgumentException("Invalid value '" + value + "'");
        impl.ensureOpen();
        JavaNetErrors.run(() -> impl.setCoreOption(name, value));
    }

    static <T> T getTyped(Target impl, Set<SocketOption<?>> supported, SocketOption<T> name) throws IOException {
        if (!supported.contains(name)) throw new UnsupportedOperationException("'" + name + "' not supported");
        impl.ensureOpen();
        try {
            return impl.getCoreOption(name);
        } catch (IOException e) {
            throw JavaNetErrors.of(e);
        }
    }

    private static Object core(Target impl, SocketOption<?> name) throws IOException {
        return impl.getCoreOption(name);
    }

    private static boolean booleanValue(Object value, String desc) throws SocketException {
        if (!(value instanceof Boolean b)) throw new SocketException("Bad value for " + desc);
        return b;
    }

    private static int intValue(Object value, String desc) throws SocketException {
        if (!(value instanceof Integer i)) throw new SocketException("Bad value for " + desc);
        return i;
    }

    private static int positive(Object value, String desc) throws SocketException {
        int i = intValue(value, desc);
        if (i <= 0) throw new SocketException(desc + " <= 0");
        return i;
    }
}
