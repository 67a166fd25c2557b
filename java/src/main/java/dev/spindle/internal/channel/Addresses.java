package dev.spindle.internal.channel;

import dev.spindle.internal.sys.NativeConstants;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.Objects;

/**
 * Converts socket addresses to and from the library's byte form (see net.h).
 * Sockets are IPv6 dual-stack where the host has IPv6, as in the JDK, so IPv4
 * addresses travel as IPv4-mapped IPv6 and come back as {@link Inet4Address}.
 */
public final class Addresses {
    /** 6 for dual-stack IPv6 sockets, 4 where IPv6 is unavailable or {@code java.net.preferIPv4Stack} is set. */
    public static final int FAMILY = Backend.CURRENT.ipFamily();

    private Addresses() {}

    /** Validates an address to connect or bind to, as {@code SocketChannel} does. */
    public static InetSocketAddress check(SocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (!(address instanceof InetSocketAddress isa))
            throw new UnsupportedAddressTypeException();
        if (isa.isUnresolved()) throw new UnresolvedAddressException();
        return isa;
    }

    /** The address for a socket of the host's family. */
    public static byte[] encode(InetSocketAddress isa) throws SocketException {
        return encode(isa, FAMILY);
    }

    /** The address for a socket of {@code family}: {@link NativeConstants#FAMILY_IPV4}, or {@link NativeConstants#FAMILY_IPV6} (dual-stack). */
    public static byte[] encode(InetSocketAddress isa, int family) throws SocketException {
        byte[] out = new byte[NativeConstants.ADDR_SIZE];
        int port = isa.getPort();
        out[2] = (byte) (port >>> 8);
        out[3] = (byte) port;
        InetAddress ip = isa.getAddress();
        if (ip instanceof Inet4Address) {
            byte[] v4 = ip.getAddress();
            if (family == NativeConstants.FAMILY_IPV4) {
                out[0] = (byte) NativeConstants.FAMILY_IPV4;
                System.arraycopy(v4, 0, out, 8, 4);
            } else {
                out[0] = (byte) NativeConstants.FAMILY_IPV6;
                if (!ip.isAnyLocalAddress()) { // 0.0.0.0 becomes ::, which also accepts IPv4
                    out[18] = out[19] = (byte) 0xff;
                    System.arraycopy(v4, 0, out, 20, 4);
                }
            }
        } else {
            if (family == NativeConstants.FAMILY_IPV4) throw new SocketException("IPv6 address " + ip + " on an IPv4 socket");
            Inet6Address v6 = (Inet6Address) ip;
            int scope = v6.getScopeId();
            out[0] = (byte) NativeConstants.FAMILY_IPV6;
            out[4] = (byte) (scope >>> 24);
            out[5] = (byte) (scope >>> 16);
            out[6] = (byte) (scope >>> 8);
            out[7] = (byte) scope;
            System.arraycopy(v6.getAddress(), 0, out, 8, 16);
        }
        return out;
    }

    public static InetSocketAddress decode(byte[] in) {
        int port = (in[2] & 0xff) << 8 | in[3] & 0xff;
        int scope = (in[4] & 0xff) << 24 | (in[5] & 0xff) << 16 | (in[6] & 0xff) << 8 | in[7] & 0xff;
        byte[] ip = new byte[in[0] == NativeConstants.FAMILY_IPV4 ? 4 : 16];
        System.arraycopy(in, 8, ip, 0, ip.length);
        try {
            // getByAddress turns IPv4-mapped IPv6 back into an Inet4Address.
            InetAddress address = ip.length == 16 && scope != 0 && !isV4Mapped(ip)
                    ? Inet6Address.getByAddress(null, ip, scope)
                    : InetAddress.getByAddress(ip);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("bad address from the kernel", e);
        }
    }

    private static boolean isV4Mapped(byte[] ip) {
        for (int i = 0; i < 10; i++) if (ip[i] != 0) return false;
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }
}
