package dev.spindle.internal.channel;

import dev.spindle.internal.sys.NativeConstants;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.util.Set;

/** The IP families' {@link AddressCodec}: {@link Addresses}' conversions for a socket of one family. */
final class IpAddresses implements AddressCodec {
    static final IpAddresses V4 = new IpAddresses(NativeConstants.FAMILY_IPV4), V6 = new IpAddresses(NativeConstants.FAMILY_IPV6);

    private final int family;

    private IpAddresses(int family) {
        this.family = family;
    }

    @Override
    public int family() {
        return family;
    }

    @Override
    public SocketAddress check(SocketAddress address) {
        return Addresses.check(address);
    }

    @Override
    public SocketAddress anyLocal() {
        return new InetSocketAddress(0);
    }

    @Override
    public byte[] encode(SocketAddress checked) throws SocketException {
        return Addresses.encode((InetSocketAddress) checked, family);
    }

    @Override
    public SocketAddress decode(byte[] in) {
        return Addresses.decode(in);
    }

    @Override
    public SocketAddress boundOrNull(SocketAddress local) {
        return ((InetSocketAddress) local).getPort() == 0 ? null : local;
    }

    @Override
    public SocketAddress connectTarget(SocketAddress checked) {
        InetSocketAddress target = (InetSocketAddress) checked;
        return target.getAddress().isAnyLocalAddress()
                ? new InetSocketAddress(InetAddress.getLoopbackAddress(), target.getPort())
                : target;
    }

    @Override
    public Set<SocketOption<?>> streamOptions() {
        return OptionTable.supported(OptionTable.Kind.TCP);
    }

    @Override
    public Set<SocketOption<?>> listenerOptions() {
        return OptionTable.supported(OptionTable.Kind.TCP_LISTENER);
    }

    @Override
    public boolean shortReadDrains() {
        return NativeConstants.SHORT_READ_DRAINS;
    }
}
