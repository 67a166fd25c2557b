package dev.spindle.javanet;

import dev.spindle.internal.channel.SocketState;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.SocketOptions;
import java.net.StandardSocketOptions;

/**
 * {@code SocketImpl}'s int-keyed options, through which {@code Socket}'s and {@code ServerSocket}'s
 * setters reach the impl ({@code setSoTimeout}, {@code setTcpNoDelay}, ...), with the JDK impl's
 * value rules and exceptions: a wrong value type or a non-positive buffer size is a
 * {@code SocketException}, SO_LINGER is {@code Boolean.FALSE} when off, SO_TIMEOUT is kept here.
 */
final class IntOptions {
    private IntOptions() {}

    static void set(SpindleSocketImpl impl, int opt, Object value) throws SocketException {
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
                case SocketOptions.SO_OOBINLINE -> SocketState.setOobInline(impl.stream().socket, booleanValue(value, "SO_OOBINLINE"));
                default -> throw new SocketException("Unknown option " + opt);
            }
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            throw JavaNetErrors.ofOption(e);
        }
    }

    static Object get(SpindleSocketImpl impl, int opt) throws SocketException {
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
                case SocketOptions.SO_OOBINLINE -> SocketState.getOobInline(impl.stream().socket);
                default -> throw new SocketException("Unknown option " + opt);
            };
        } catch (IOException | IllegalArgumentException | UnsupportedOperationException e) {
            throw JavaNetErrors.ofOption(e);
        }
    }

    private static Object core(SpindleSocketImpl impl, SocketOption<?> name) throws IOException {
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
