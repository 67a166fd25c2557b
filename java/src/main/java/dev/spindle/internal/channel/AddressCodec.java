package dev.spindle.internal.channel;

import dev.spindle.internal.sys.NativeConstants;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.util.Set;

/**
 * What differs between a socket's address families, chosen once when a channel is made: how its
 * addresses travel to the library's byte form and back (net.h), what binding to null means, which
 * options it has. {@link #of} gives IP or UNIX; nothing else in the channel core asks which it is.
 */
public interface AddressCodec {
    /** The codec of a socket made with a {@link NativeConstants} {@code family}: IPV4, IPV6, or UNIX (plain file paths). */
    static AddressCodec of(int family) {
        if (family == NativeConstants.FAMILY_UNIX) return UnixAddresses.FILES;
        return family == NativeConstants.FAMILY_IPV4 ? IpAddresses.V4 : IpAddresses.V6;
    }

    /** The family number for {@code Native.socket}. */
    int family();

    /** Validates an address to connect or bind to, as the JDK's channels do (wrong type, unresolved: unchecked exceptions). */
    SocketAddress check(SocketAddress address);

    /** The address a bind to null picks: any IP address and port; for UNIX null, which means "leave unnamed". */
    SocketAddress anyLocal();

    /** A checked address in the byte form. */
    byte[] encode(SocketAddress checked) throws SocketException;

    SocketAddress decode(byte[] in);

    /** A decoded local address, or null if it says the socket is not bound yet. */
    SocketAddress boundOrNull(SocketAddress local);

    /** The target a channel's connect dials: the IP wildcard means this host, as in the JDK. */
    SocketAddress connectTarget(SocketAddress checked);

    Set<SocketOption<?>> streamOptions();

    Set<SocketOption<?>> listenerOptions();

    /** Whether a short read may stand for the read that returns EAGAIN; proven for Linux TCP only (poller.h). */
    boolean shortReadDrains();
}
